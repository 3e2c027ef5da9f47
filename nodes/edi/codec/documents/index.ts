/** Registry of transaction maps and the one call that reads every document in a received file. */
import type { EdiGroup, EdiInterchange, EdiSet, ParseResult, Standard } from '../tree';
import { problem, type EdiProblem } from '../problems';
import type { PartnerProfile } from '../../partners/types';
import { findProfile } from '../../partners/validate';
import type { CanonicalKind, TransactionMap } from './map';
import type { MapResult } from './common';
import { x12_850 } from './x12-850';
import { x12_855 } from './x12-855';
import { x12_856 } from './x12-856';
import { x12_810 } from './x12-810';
import { x12_846 } from './x12-846';
import { x12_997 } from './x12-997';
import { edifact_orders } from './edifact-orders';
import { edifact_ordrsp } from './edifact-ordrsp';
import { edifact_desadv } from './edifact-desadv';
import { edifact_invoic } from './edifact-invoic';
import { edifact_invrpt } from './edifact-invrpt';
import { edifact_contrl } from './edifact-contrl';
import type { Asn, FunctionalAck, Invoice, PoAcknowledgment, SupplierOrder, SupplierStockReport } from './canonical';

export const TRANSACTION_MAPS = [
  x12_850,
  x12_855,
  x12_856,
  x12_810,
  x12_846,
  x12_997,
  edifact_orders,
  edifact_ordrsp,
  edifact_desadv,
  edifact_invoic,
  edifact_invrpt,
  edifact_contrl,
] as const;

export function findMap(standard: Standard, type: string): TransactionMap<unknown> | undefined {
  return (TRANSACTION_MAPS as readonly TransactionMap<unknown>[]).find((m) => m.standard === standard && m.type === type);
}

export type CanonicalDocument =
  | { kind: 'supplier_order'; value: SupplierOrder }
  | { kind: 'po_acknowledgment'; value: PoAcknowledgment }
  | { kind: 'asn'; value: Asn }
  | { kind: 'invoice'; value: Invoice }
  | { kind: 'stock_report'; value: SupplierStockReport }
  | { kind: 'functional_ack'; value: FunctionalAck };

export interface ReadDocument {
  interchange: EdiInterchange;
  group: EdiGroup;
  set: EdiSet;
  kind: CanonicalKind | null;
  /** null when the set is not supported or its mapping found errors. */
  document: CanonicalDocument | null;
  profile: PartnerProfile | null;
  problems: EdiProblem[];
}

export interface ReadOptions {
  profiles?: readonly PartnerProfile[];
  receivedAt?: string;
}

/** A map that throws is a bug; the flow still gets a problem for that set instead of a crash. */
function safely<T>(run: () => MapResult<T>, set: EdiSet): MapResult<T> {
  try {
    return run();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { value: null, problems: [problem('INTERNAL_ERROR', set.header.position, set.header.tag, `${set.type} ${set.controlReference}: ${message}`)] };
  }
}

/** Maps one set to its canonical record with the interchange's profile (a set at a time, for streamed files). */
export function readSetDocument(set: EdiSet, interchange: EdiInterchange, group: EdiGroup, profile: PartnerProfile | null, receivedAt?: string): ReadDocument {
  const map = findMap(interchange.standard, set.type);
  if (!map)
    return {
      interchange,
      group,
      set,
      kind: null,
      document: null,
      profile,
      problems: [
        problem('DOC_UNSUPPORTED_SET', set.header.position, set.header.tag, `No transaction map for ${interchange.standard.toUpperCase()} ${set.type}`),
      ],
    };
  const result = safely(() => map.toCanonical(set, { interchange, group, profile: profile ?? undefined, receivedAt }), set);
  return {
    interchange,
    group,
    set,
    kind: map.kind,
    profile,
    document: result.value === null ? null : ({ kind: map.kind, value: result.value } as CanonicalDocument),
    problems: result.problems,
  };
}

/** The profile of an interchange's sender among the deployed ones, or null. */
export function profileOf(interchange: EdiInterchange, profiles: readonly PartnerProfile[] = []): PartnerProfile | null {
  return findProfile(profiles, interchange.sender) ?? null;
}

/** Maps every set of a parsed file to canonical records, choosing the profile by the interchange sender. */
export function readDocuments(parsed: ParseResult, options: ReadOptions = {}): ReadDocument[] {
  const out: ReadDocument[] = [];
  for (const interchange of parsed.interchanges) {
    const profile = profileOf(interchange, options.profiles);
    for (const group of interchange.groups) for (const set of group.sets) out.push(readSetDocument(set, interchange, group, profile, options.receivedAt));
  }
  return out;
}

export * from './canonical';
export type { TransactionMap, CanonicalKind, BuildOptions } from './map';
export type { DocumentFacts, DocumentParty, MapContext, MapResult } from './common';
export { x12_850, x12_855, x12_856, x12_810, x12_846, x12_997, edifact_orders, edifact_ordrsp, edifact_desadv, edifact_invoic, edifact_invrpt, edifact_contrl };
export { buildDocuments, buildPurchaseOrder, type ControlNumbers, type OutboundOptions } from './outbound';
export { acknowledgeX12, acknowledgeEdifact, build997Response, buildContrlResponse, type AckControl } from './acknowledge';
export { X12_STOCK_QUANTITIES } from './x12-846';
export { EDIFACT_STOCK_QUANTITIES } from './edifact-invrpt';
