/**
 * Wraps transaction-map output in a complete interchange for one partner profile: envelope ids,
 * version, delimiters and control numbers. Control numbers are the caller's (the ledger keeps one
 * sequence per partner); the codec only writes them.
 */
import type { PartnerProfile } from '../../partners/types';
import { problem } from '../problems';
import { serializeX12, type BuildResult } from '../x12/serialize';
import { serializeEdifact } from '../edifact/serialize';
import type { TransactionMap } from './map';
import type { SupplierOrder } from './canonical';
import { x12_850 } from './x12-850';
import { edifact_orders } from './edifact-orders';

export interface ControlNumbers {
  /** ISA13 / UNB 0020. */
  interchange: string | number;
  /** GS06; defaults to the interchange number. X12 only. */
  group?: string | number;
  /** ST02 / UNH 0062 of the first set; the next sets count up from it (default 1). */
  firstSet?: number;
}

export interface OutboundOptions {
  at?: Date;
  /** Who sends: 'us' (default) or 'partner' (the sandbox supplier and round-trip tests). */
  sender?: 'us' | 'partner';
}

/** ISA12 for a GS08 version: '004010' → '00401', '005010' → '00501'. */
export function isaVersionFor(version: string): string {
  return version.slice(0, 5);
}

export function buildDocuments<T>(
  map: TransactionMap<T>,
  values: readonly T[],
  profile: PartnerProfile,
  control: ControlNumbers,
  options: OutboundOptions = {},
): BuildResult {
  try {
    return build(map, values, profile, control, options);
  } catch (err) {
    // Canonical values that skipped contract validation (a missing date, say) must not crash a flow.
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, text: '', problems: [problem('INTERNAL_ERROR', 0, '', `${map.type}: ${message}`)] };
  }
}

/** What an order lacks that an 850 or ORDERS must carry; SupplierOrder has no JSON Schema to check it. */
function missingOrderFields(order: unknown, index: number): string[] {
  const o = (order ?? {}) as Record<string, unknown>;
  const text = (v: unknown): boolean => typeof v === 'string' && v !== '';
  const missing = ['po_id'].filter((f) => !text(o[f]));
  if (!(typeof o.order_date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(o.order_date))) missing.push('order_date');
  if (!Array.isArray(o.lines) || o.lines.length === 0) missing.push('lines');
  else
    (o.lines as Array<Record<string, unknown>>).forEach((l, i) => {
      if (!text(l?.sku)) missing.push(`lines[${i}].sku`);
      if (!(typeof l?.quantity === 'number' && l.quantity > 0)) missing.push(`lines[${i}].quantity`);
    });
  return missing.map((f) => `order ${index + 1}: ${f}`);
}

function build<T>(map: TransactionMap<T>, values: readonly T[], profile: PartnerProfile, control: ControlNumbers, options: OutboundOptions): BuildResult {
  if (map.kind === 'supplier_order') {
    const missing = values.flatMap((v, i) => missingOrderFields(v, i));
    if (missing.length)
      return { ok: false, text: '', problems: missing.map((m) => problem('DOC_FIELD_MISSING', 0, '', `${map.type}: ${m} is missing or invalid`)) };
  }
  const at = options.at ?? new Date();
  const fromUs = (options.sender ?? 'us') === 'us';
  const sender = fromUs ? profile.us : profile.partner;
  const receiver = fromUs ? profile.partner : profile.us;
  const first = control.firstSet ?? 1;
  const bodies = values.map((v) => map.fromCanonical(v, { profile, version: profile.version }));
  if (map.standard === 'x12') {
    const apps = profile.applicationIds ?? { us: profile.us.id, partner: profile.partner.id };
    return serializeX12({
      sender,
      receiver,
      controlNumber: control.interchange,
      at,
      isaVersion: isaVersionFor(profile.version),
      test: profile.test,
      delimiters: profile.delimiters,
      lineBreaks: profile.lineBreaks,
      groups: [
        {
          functionalId: map.functionalId ?? '',
          applicationSender: fromUs ? apps.us : apps.partner,
          applicationReceiver: fromUs ? apps.partner : apps.us,
          controlNumber: String(control.group ?? control.interchange),
          version: profile.version,
          sets: bodies.map((segments, i) => ({ type: map.type, controlNumber: String(first + i).padStart(4, '0'), segments })),
        },
      ],
    });
  }
  return serializeEdifact({
    syntax: profile.syntax ?? { identifier: 'UNOC', version: '3' },
    sender,
    receiver,
    at,
    controlReference: String(control.interchange),
    test: profile.test,
    delimiters: profile.delimiters,
    lineBreaks: profile.lineBreaks,
    messages: bodies.map((segments, i) => ({
      reference: String(first + i),
      type: map.type,
      // 'D96A' → version 'D', release '96A' (UNH S009 0052/0054).
      version: profile.version.slice(0, 1),
      release: profile.version.slice(1),
      association: profile.associationCode,
      segments,
    })),
  });
}

/** The purchase order we send: X12 850 or EDIFACT ORDERS, as the supplier's profile says. */
export function buildPurchaseOrder(order: SupplierOrder, profile: PartnerProfile, control: ControlNumbers, options: OutboundOptions = {}): BuildResult {
  return profile.standard === 'x12'
    ? buildDocuments(x12_850, [order], profile, control, options)
    : buildDocuments(edifact_orders, [order], profile, control, options);
}
