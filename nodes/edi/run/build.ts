import { createHash } from 'node:crypto';
import { InputError } from '../../lib/errors';
import {
  buildDocuments,
  supplierOrderFromOpenPurchaseOrders,
  TRANSACTION_MAPS,
  type CanonicalKind,
  type OpenPurchaseOrder,
  type SupplierOrder,
  type TransactionMap,
} from '../codec';
import type { PartnerProfile } from '../partners/types';
import { interchangeFileName, interchangeNumber, type AssignControl, type AssignedControl } from './control';

/** What msg.topic or the node's Document field may say, by kind, set number or message type. */
const ALIASES: Record<string, CanonicalKind> = {
  supplier_order: 'supplier_order',
  '850': 'supplier_order',
  orders: 'supplier_order',
  po_acknowledgment: 'po_acknowledgment',
  '855': 'po_acknowledgment',
  ordrsp: 'po_acknowledgment',
  asn: 'asn',
  '856': 'asn',
  desadv: 'asn',
  invoice: 'invoice',
  '810': 'invoice',
  invoic: 'invoice',
  stock_report: 'stock_report',
  '846': 'stock_report',
  invrpt: 'stock_report',
  functional_ack: 'functional_ack',
  '997': 'functional_ack',
  contrl: 'functional_ack',
};

/** `850`, `ORDERS`, `asn`, or a topic whose last part is one of them (`edi/850`). */
export function kindFrom(text: unknown): CanonicalKind | undefined {
  if (typeof text !== 'string' || !text) return undefined;
  return ALIASES[text.split('/').pop()!.trim().toLowerCase()];
}

export function mapFor(profile: PartnerProfile, kind: CanonicalKind): TransactionMap<unknown> | undefined {
  return (TRANSACTION_MAPS as readonly TransactionMap<unknown>[]).find((m) => m.standard === profile.standard && m.kind === kind);
}

const ID_FIELDS: Record<CanonicalKind, string> = {
  supplier_order: 'po_id',
  po_acknowledgment: 'po_id',
  asn: 'asn_id',
  invoice: 'invoice_id',
  stock_report: 'report_id',
  functional_ack: 'group_ref',
};

/**
 * What one interchange is about, so a redelivery gets the number it had: the document ids (a PO id),
 * or a digest of the content when the values carry none.
 */
export function businessKeyOf(kind: CanonicalKind, values: readonly unknown[]): string {
  const ids = values.map((v) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[ID_FIELDS[kind]] : undefined));
  if (ids.every((id) => typeof id === 'string' && id !== '')) return `${kind}:${ids.join(',')}`;
  return `${kind}:sha256:${createHash('sha256').update(JSON.stringify(values)).digest('hex')}`;
}

/** The interchange text, or EDI_BUILD_INVALID with every problem the codec found. */
export function buildInterchange(profile: PartnerProfile, kind: CanonicalKind, values: readonly unknown[], control: AssignedControl): string {
  const map = mapFor(profile, kind);
  if (!map) throw new InputError(`No ${profile.standard.toUpperCase()} transaction map builds ${kind}`, 'EDI_BUILD_INVALID', { problems: [] });
  const result = buildDocuments(map, values, profile, { interchange: control.text }, { at: control.assignedAt });
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.ok || errors.length) {
    const first = errors[0]?.message ?? 'the codec refused the document';
    throw new InputError(
      `${map.type} for ${profile.id} not built: ${first}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
      'EDI_BUILD_INVALID',
      { problems: result.problems },
    );
  }
  return result.text;
}

/** Canonical open_purchase_order@1 lines (odoo-search with that dataset), rather than orders. */
export function areOpenOrderLines(values: readonly unknown[]): values is OpenPurchaseOrder[] {
  return values.every((v) => typeof v === 'object' && v !== null && 'line_id' in v && 'ordered_qty' in v && 'po_id' in v);
}

/**
 * The orders those lines make for one partner: lines grouped by purchase order in the order they
 * came, an order per PO with what is still to deliver. Lines of other suppliers are left out, so
 * one page of open lines can feed a build node per partner; so are lines with nothing left to deliver.
 */
export function ordersForPartner(lines: readonly OpenPurchaseOrder[], partnerId: string): { orders: SupplierOrder[]; skipped: number } {
  const byPo = new Map<string, OpenPurchaseOrder[]>();
  let skipped = 0;
  for (const line of lines) {
    if (line.supplier !== partnerId || line.ordered_qty - line.received_qty <= 0) {
      skipped += 1;
      continue;
    }
    const list = byPo.get(line.po_id) ?? [];
    list.push(line);
    byPo.set(line.po_id, list);
  }
  return { orders: [...byPo.values()].map((group) => supplierOrderFromOpenPurchaseOrders(group)), skipped };
}

type EdiMessage = Record<string, unknown> & { payload?: unknown; edi?: { businessKey?: unknown } & Record<string, unknown> };

/**
 * What edi-build does with a message: its canonical documents become one interchange (numbered for its
 * business key, so the same documents built again keep their control number), or, for Odoo's open PO
 * lines, one interchange per purchase order of the partner. Each out message carries the text and
 * msg.edi (control number, file name, business key). Answers the status text.
 */
export async function buildMessages(
  profile: PartnerProfile,
  assign: AssignControl,
  chosen: string | undefined,
  msg: EdiMessage,
  send: (out: EdiMessage) => void,
): Promise<string> {
  const kind = kindFrom(chosen ?? 'supplier_order');
  if (!kind || !mapFor(profile, kind))
    throw new InputError(`No ${profile.standard.toUpperCase()} document for "${String(chosen)}"`, 'EDI_BUILD_INVALID', { problems: [] });
  const values = Array.isArray(msg.payload) ? msg.payload : [msg.payload];
  if (!values.length || values.some((v) => typeof v !== 'object' || v === null))
    throw new InputError('msg.payload must be a canonical document (an object) or an array of them', 'EDI_BUILD_INVALID', { problems: [] });
  const build = async (documents: unknown[], given: unknown): Promise<string> => {
    const businessKey = typeof given === 'string' && given ? given : businessKeyOf(kind, documents);
    const control = await interchangeNumber(assign, profile, businessKey);
    const edi = {
      ...msg.edi,
      partner: profile.id,
      standard: profile.standard,
      kind,
      controlNumber: control.text,
      fileName: interchangeFileName(profile, control),
      businessKey,
      reused: control.reused,
    };
    send({ ...msg, payload: buildInterchange(profile, kind, documents, control), edi });
    return control.reused ? `${control.text} (again)` : control.text;
  };
  if (kind === 'supplier_order' && areOpenOrderLines(values)) {
    const { orders, skipped } = ordersForPartner(values, profile.id);
    let last = `no order for ${profile.id}`;
    for (const order of orders) last = await build([order], undefined);
    return `${orders.length} order(s)${skipped ? `, ${skipped} line(s) not for ${profile.id}` : ''}: ${last}`;
  }
  return build(values, msg.edi?.businessKey);
}
