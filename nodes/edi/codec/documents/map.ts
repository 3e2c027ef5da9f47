/** The shape every transaction map has, so the registry, summary and round-trip tests treat them alike. */
import type { EdiInterchange, EdiSet, SegmentSpec, Standard } from '../tree';
import type { PartnerProfile } from '../../partners/types';
import type { DocumentFacts, MapContext, MapResult } from './common';

export type CanonicalKind = 'supplier_order' | 'po_acknowledgment' | 'asn' | 'invoice' | 'stock_report' | 'functional_ack';

export interface BuildOptions {
  profile?: PartnerProfile;
  /** X12 '004010'/'005010', EDIFACT 'D96A'/'D01B'; defaults to the profile's version. */
  version?: string;
}

export interface TransactionMap<T> {
  standard: Standard;
  /** X12 ST01 or EDIFACT UNH 0065. */
  type: string;
  kind: CanonicalKind;
  /** X12 GS01 functional identifier used when we send this set. */
  functionalId?: string;
  /** Key facts (number, date, parties, lines) read without a partner profile, for summaries. */
  facts(set: EdiSet, interchange: EdiInterchange): DocumentFacts;
  toCanonical(set: EdiSet, ctx: MapContext): MapResult<T>;
  /** Body segments (no ST/SE, UNH/UNT) for a canonical value. */
  fromCanonical(value: T, options: BuildOptions): SegmentSpec[];
}
