/** Helpers shared by the transaction maps: context, dates, numbers, loops, product ids, units. */
import { el, type EdiGroup, type EdiInterchange, type EdiSegment, type EdiSet } from '../tree';
import { problem, type EdiProblem, type RuleId } from '../problems';
import type { PartnerProfile } from '../../partners/types';
import { toCanonicalUnit } from '../../partners/units';

export interface MapContext {
  interchange: EdiInterchange;
  group: EdiGroup;
  profile?: PartnerProfile;
  /** When planbridge received the file (UTC ISO); defaults to the current time. */
  receivedAt?: string;
}

export interface MapResult<T> {
  value: T | null;
  problems: EdiProblem[];
}

export interface DocumentParty {
  /** X12 N101 entity code or EDIFACT NAD 3035 party qualifier, e.g. 'ST', 'BY', 'SU'. */
  role: string;
  id: string;
  qualifier: string;
  name: string;
}

export interface DocumentFacts {
  number: string | null;
  /** YYYY-MM-DD when the document date could be read. */
  date: string | null;
  parties: DocumentParty[];
  lineCount: number;
  lines: { productId: string; quantity: number | null; unit: string }[];
}

/** Collects problems for one set; positions point at the segment in the file. */
export class Findings {
  readonly problems: EdiProblem[] = [];
  constructor(readonly set: EdiSet) {}
  add(rule: RuleId, at: EdiSegment | null, message: string): void {
    const s = at ?? this.set.header;
    this.problems.push(problem(rule, s.position, s.tag, `${this.set.type} ${this.set.controlReference}: ${message}`));
  }
}

// ---- dates ---------------------------------------------------------------------------------

const two = (n: number) => String(n).padStart(2, '0');

function validYmd(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** YY → CCYY with a sliding window: years up to 50 ahead of now count as this century. */
function century(yy: number): number {
  const now = new Date().getUTCFullYear();
  const candidate = 2000 + yy;
  return candidate > now + 50 ? 1900 + yy : candidate;
}

/** CCYYMMDD or YYMMDD → YYYY-MM-DD; null when not a date. */
export function ymd(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  if (/^\d{8}$/.test(v)) [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8))];
  else if (/^\d{6}$/.test(v)) [y, m, d] = [century(Number(v.slice(0, 2))), Number(v.slice(2, 4)), Number(v.slice(4, 6))];
  else return null;
  return validYmd(y, m, d) ? `${y}-${two(m)}-${two(d)}` : null;
}

/** HHMM, HHMMSS or HHMMSSDD → HH:MM:SS; '00:00:00' when empty. */
export function hms(value: string): string | null {
  const v = value.trim();
  if (v === '') return '00:00:00';
  if (!/^\d{4}(\d{2}(\d{1,2})?)?$/.test(v)) return null;
  const h = Number(v.slice(0, 2));
  const mi = Number(v.slice(2, 4));
  const s = v.length >= 6 ? Number(v.slice(4, 6)) : 0;
  return h < 24 && mi < 60 && s < 60 ? `${two(h)}:${two(mi)}:${two(s)}` : null;
}

/**
 * Date and time → UTC timestamp. X12 and EDIFACT times are local to the sender unless a time
 * code or zone says otherwise; without one we treat them as UTC, as the contracts require UTC.
 */
export function timestamp(date: string, time = ''): string | null {
  const d = ymd(date);
  const t = hms(time);
  return d && t ? `${d}T${t}Z` : null;
}

/** EDIFACT DTM C507 value by format code (2379): 102 CCYYMMDD, 203 CCYYMMDDHHMM, 204 +SS, 101 YYMMDD, 201 YYMMDDHHMM. */
export function edifactDateTime(value: string, format: string): { date: string; timestamp: string } | null {
  const v = value.trim();
  const f = format.trim() || (v.length === 8 ? '102' : v.length === 12 ? '203' : v.length === 6 ? '101' : '');
  let date: string;
  let time = '';
  switch (f) {
    // Some senders append a time to a 102 date ("199910060000"); the date part is still good.
    case '102':
      date = v.slice(0, 8);
      break;
    case '203':
      date = v.slice(0, 8);
      time = v.slice(8, 12);
      break;
    case '204':
      date = v.slice(0, 8);
      time = v.slice(8, 14);
      break;
    case '101':
      date = v;
      break;
    case '201':
      date = v.slice(0, 6);
      time = v.slice(6, 10);
      break;
    case '718':
      date = v.slice(0, 8);
      break; // CCYYMMDD-CCYYMMDD period: its start
    default:
      return null;
  }
  const ts = timestamp(date, time);
  return ts ? { date: ts.slice(0, 10), timestamp: ts } : null;
}

export function compactDate(isoDate: string): string {
  return isoDate.slice(0, 10).replace(/-/g, '');
}

/** HHMM, or HHMMSS when the seconds matter (X12 time fields take 4 to 8 digits). */
export function compactTime(isoTimestamp: string): string {
  const hhmmss = isoTimestamp.slice(11, 19).replace(/:/g, '');
  return hhmmss.endsWith('00') ? hhmmss.slice(0, 4) : hhmmss;
}

export function addDays(isoDate: string, days: number): string {
  const t = new Date(`${isoDate}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

// ---- numbers -------------------------------------------------------------------------------

/** Decimal with '.' or ',' as decimal mark (EDIFACT allows either; X12 uses '.'); null when not a number. */
export function decimal(value: string): number | null {
  const v = value.trim();
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(v)) return null;
  return Number(v.replace(',', '.'));
}

/** Numbers as EDI writes them: no exponent, no trailing zeros. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** Currency amounts are rounded to cents to keep float noise out of records. */
export function money(n: number): number {
  return Math.round(n * 100) / 100;
}

// ---- structure -----------------------------------------------------------------------------

/** Splits segments into loops that each start at `start`; segments before the first go to `before`, from a `stop` tag on to `after`. */
export function loops(
  segments: readonly EdiSegment[],
  start: string,
  stop: readonly string[],
): { before: EdiSegment[]; loops: EdiSegment[][]; after: EdiSegment[] } {
  const before: EdiSegment[] = [];
  const found: EdiSegment[][] = [];
  const after: EdiSegment[] = [];
  let inAfter = false;
  for (const s of segments) {
    if (inAfter) after.push(s);
    else if (s.tag === start) found.push([s]);
    else if (stop.includes(s.tag)) {
      inAfter = true;
      after.push(s);
    } else if (found.length > 0) found[found.length - 1].push(s);
    else before.push(s);
  }
  return { before, loops: found, after };
}

export function first(segments: readonly EdiSegment[], tag: string, where?: (s: EdiSegment) => boolean): EdiSegment | null {
  return segments.find((s) => s.tag === tag && (!where || where(s))) ?? null;
}

// ---- products and units --------------------------------------------------------------------

export interface ProductId {
  qualifier: string;
  id: string;
}

/** X12 qualifier/id pairs starting at element `from` (PO106/07, IT106/07, LIN02/03, ...). */
export function x12ProductIds(s: EdiSegment, from: number): ProductId[] {
  const ids: ProductId[] = [];
  for (let n = from; n < s.elements.length + 1; n += 2) {
    const id = el(s, n + 1);
    if (id !== '') ids.push({ qualifier: el(s, n), id });
  }
  return ids;
}

/** X12 qualifiers that identify the item in the buyer's (our) terms, most specific first. */
export const X12_SKU_QUALIFIERS = ['BP', 'IN', 'CB', 'SK'];
/** EDIFACT 7143 item types in the buyer's terms: IN buyer's item number, BP buyer's part number. */
export const EDIFACT_SKU_QUALIFIERS = ['IN', 'BP'];

/**
 * Chooses the id that is our SKU. Without one in the preferred qualifiers the first id is used
 * and a warning says so: the line still arrives, and the planner sees it needs a cross-reference.
 */
export function pickSku(ids: readonly ProductId[], preferred: readonly string[], findings: Findings, at: EdiSegment): string {
  for (const q of preferred) {
    const hit = ids.find((p) => p.qualifier === q);
    if (hit) return hit.id;
  }
  if (ids.length === 0) {
    findings.add('DOC_FIELD_MISSING', at, `${at.tag} at ${at.position} names no product`);
    return '';
  }
  findings.add(
    'DOC_DEFAULTED',
    at,
    `${at.tag} at ${at.position} has no ${preferred.join('/')} id; ${ids[0].qualifier || 'unqualified'} "${ids[0].id}" used as sku`,
  );
  return ids[0].id;
}

export function mapUnit(code: string, standard: 'x12' | 'edifact', profile: PartnerProfile | undefined, findings: Findings, at: EdiSegment): string {
  if (code.trim() === '') {
    findings.add('DOC_DEFAULTED', at, `${at.tag} at ${at.position} gives no unit; EA assumed`);
    return 'EA';
  }
  const m = toCanonicalUnit(code, standard, profile?.units);
  if (!m.mapped) findings.add('DOC_UNIT_UNMAPPED', at, `unit "${code}" has no UN/ECE Rec 20 mapping; passed through`);
  return m.uom;
}

/** The partner's party id → our location code (profile.locations), else the id itself. */
export function ourLocation(id: string, profile: PartnerProfile | undefined): string {
  return profile?.locations?.[id] ?? id;
}

/** Our location code → the id the partner knows. */
export function partnerLocation(code: string, profile: PartnerProfile | undefined): string {
  return Object.entries(profile?.locations ?? {}).find(([, ours]) => ours === code)?.[0] ?? code;
}

export function supplierCode(ctx: MapContext, party: 'sender' | 'receiver'): string {
  return ctx.profile?.id ?? ctx.interchange[party].id;
}
