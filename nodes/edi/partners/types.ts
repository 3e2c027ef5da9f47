/**
 * A trading partner profile: everything partner-specific lives here as data, so a new supplier is
 * a new profile, not new code. Profiles are plain JSON-compatible objects (they can come from a
 * settings file or the ledger); `validatePartnerProfile` checks one before use.
 */
import type { PartyId } from '../codec/tree';

export type StockQuantityField = 'on_hand' | 'available' | 'reserved' | 'in_transit';

export interface PartnerProfile {
  /** Our code for the partner: the canonical `supplier` value (Odoo partner ref). */
  id: string;
  name?: string;
  standard: 'x12' | 'edifact';
  /** X12 '004010' | '005010'; EDIFACT 'D96A' | 'D01B'. Governs what we send; we read any version. */
  version: string;
  /** The partner's interchange id and qualifier (ISA05/06 or ISA07/08; UNB S002/S003). */
  partner: PartyId;
  /** Our interchange id and qualifier as the partner has it on file. */
  us: PartyId;
  /** X12 GS02/GS03 application codes, when they differ from the interchange ids. */
  applicationIds?: { partner: string; us: string };
  /** Separators for files we send; received files are always read with their own. */
  delimiters?: { element?: string; component?: string; segment?: string; repetition?: string; release?: string };
  /** EDIFACT UNB S001; default UNOC version 3. */
  syntax?: { identifier: string; version: string };
  /** EDIFACT UNH 0057 association code, e.g. 'EAN008' for EANCOM 1997 on D96A. */
  associationCode?: string;
  /** Send test interchanges (ISA15 'T', UNB 0035 '1'). */
  test?: boolean;
  /** Line break after each segment in files we send; default on for X12, off for EDIFACT. */
  lineBreaks?: boolean;
  /** ISO 4217 currency assumed when an invoice states none. */
  currency?: string;
  /** Partner unit codes → UN/ECE Rec 20, merged over the standard's defaults (see units.ts). */
  units?: Record<string, string>;
  /**
   * Product id qualifiers that carry our SKU, most preferred first; e.g. X12 ['BP'] (buyer's
   * part number) or EDIFACT ['IN'] (buyer's item number). Defaults in codec/documents/common.ts.
   */
  skuQualifiers?: string[];
  /** Qualifier we use to send the supplier's own item number (X12 'VP', EDIFACT 'SA'). */
  supplierItemQualifier?: string;
  /** Partner party ids (N1 04, NAD C082) → our location codes; inverted for outgoing orders. */
  locations?: Record<string, string>;
  /** 846 QTY01 / INVRPT QTY 6063 qualifiers → stock snapshot field, merged over the defaults. */
  stockQuantities?: Record<string, StockQuantityField>;
  /** What one received file may hold; over it the file is quarantined with the reason (see EDI_LIMITS). */
  limits?: { fileBytes?: number; documents?: number };
}

/** The limits of a received file when the profile sets none: generous for real traffic, far below what would exhaust memory. */
export const EDI_LIMITS = { fileBytes: 20 * 1024 * 1024, documents: 10_000 };
