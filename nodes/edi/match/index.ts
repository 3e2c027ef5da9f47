import type { Asn, Invoice, PoAcknowledgment } from '../../canonical/contracts';
import { contracts } from '../../canonical/registry';
import { InputError } from '../../lib/errors';
import { checkAcknowledgment, type AckCheck } from './acknowledgment';
import { matchInvoice, type InvoiceMatch, type MatchTolerance } from './invoice';
import { toOrderLines } from './order-lines';
import { checkShipNotice, type AsnCheck } from './ship-notice';

export { checkAcknowledgment, checkShipNotice, matchInvoice, toOrderLines };
export type { AckCheck, AsnCheck, InvoiceMatch, MatchTolerance };
export type { Finding } from './findings';
export type { LeadTime } from './ship-notice';

export type MatchKind = 'acknowledgment' | 'ship_notice' | 'invoice';

const CONTRACT: Record<MatchKind, string> = { acknowledgment: 'po_acknowledgment@1', ship_notice: 'asn@1', invoice: 'invoice@1' };

/** Which document this is, by the field only it has. */
export function kindOf(document: Record<string, unknown>): MatchKind | undefined {
  if ('ack_date' in document) return 'acknowledgment';
  if ('asn_id' in document) return 'ship_notice';
  if ('invoice_id' in document) return 'invoice';
  return undefined;
}

export type MatchResult = { kind: 'acknowledgment'; check: AckCheck } | { kind: 'ship_notice'; check: AsnCheck } | { kind: 'invoice'; check: InvoiceMatch };

/**
 * Checks one supplier document against its purchase order lines. The document must conform to its
 * contract (EDI_DOCUMENT_INVALID otherwise) and there must be order lines to compare with
 * (EDI_ORDER_MISSING): a check against nothing would pass every line as "not on order".
 */
export function matchDocument(document: unknown, orderRecords: unknown, wanted: MatchKind | 'auto', tolerance: MatchTolerance): MatchResult {
  if (!document || typeof document !== 'object' || Array.isArray(document))
    throw new InputError('msg.payload must be one supplier document (po_acknowledgment@1, asn@1 or invoice@1)', 'EDI_DOCUMENT_INVALID');
  const kind = wanted === 'auto' ? kindOf(document as Record<string, unknown>) : wanted;
  if (!kind) throw new InputError('msg.payload is not a PO acknowledgment, ship notice or invoice', 'EDI_DOCUMENT_INVALID');
  const problems = contracts().get(CONTRACT[kind]).check(document);
  if (problems.length)
    throw new InputError(`The ${CONTRACT[kind]} document is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, 'EDI_DOCUMENT_INVALID');
  const order = toOrderLines(orderRecords);
  if (!order.length)
    throw new InputError(
      'No purchase order lines to check against: give them in the order property (open_purchase_order@1 or purchase.order.line records)',
      'EDI_ORDER_MISSING',
    );
  if (kind === 'acknowledgment') return { kind, check: checkAcknowledgment(document as PoAcknowledgment, order) };
  if (kind === 'ship_notice') return { kind, check: checkShipNotice(document as Asn, order) };
  return { kind, check: matchInvoice(document as Invoice, order, tolerance) };
}
