/**
 * Segment readers shared by the EDIFACT maps. D96A and D01B lay these segments out the same for
 * what we read; the difference that matters is BGM's second element: a simple 1004 in D96A, the
 * composite C106 (1004:1056:1060) from D.01A on. Reading its first component serves both.
 */
import { el, type EdiInterchange, type EdiSegment, type EdiSet } from '../tree';
import type { PartyId } from '../tree';
import { decimal, edifactDateTime, first, loops, ymd, type DocumentFacts, type DocumentParty, type ProductId } from './common';

export function nadParties(segments: readonly EdiSegment[]): DocumentParty[] {
  // NAD: 3035 party qualifier, C082 id:code list:3055 agency, C058 name and address, C080 party name.
  return segments.filter((s) => s.tag === 'NAD').map((s) => ({ role: el(s, 1), id: el(s, 2, 1), qualifier: el(s, 2, 3), name: el(s, 4, 1) || el(s, 3, 1) }));
}

export function dtm(segments: readonly EdiSegment[], ...qualifiers: string[]): { date: string; timestamp: string } | null {
  for (const q of qualifiers) {
    const s = first(segments, 'DTM', (d) => el(d, 1, 1) === q);
    if (s) {
      const v = edifactDateTime(el(s, 1, 2), el(s, 1, 3));
      if (v) return v;
    }
  }
  return null;
}

/** RFF C506 reference for the first matching qualifier; 1154 reference, or 1156 line number when 1154 is empty. */
export function rff(segments: readonly EdiSegment[], qualifier: string): string | null {
  const s = first(segments, 'RFF', (r) => el(r, 1, 1) === qualifier);
  return s ? el(s, 1, 2) || el(s, 1, 3) || null : null;
}

export interface Quantity {
  qualifier: string;
  value: number | null;
  unit: string;
  segment: EdiSegment;
}

export function quantities(segments: readonly EdiSegment[]): Quantity[] {
  return segments.filter((s) => s.tag === 'QTY').map((s) => ({ qualifier: el(s, 1, 1), value: decimal(el(s, 1, 2)), unit: el(s, 1, 3), segment: s }));
}

export function qty(segments: readonly EdiSegment[], ...qualifiers: string[]): Quantity | null {
  const all = quantities(segments);
  for (const q of qualifiers) {
    const hit = all.find((x) => x.qualifier === q);
    if (hit) return hit;
  }
  return null;
}

/** First MOA amount per 5025 qualifier, in the given order. */
export function moa(segments: readonly EdiSegment[], ...qualifiers: string[]): number | null {
  for (const q of qualifiers) {
    const s = first(segments, 'MOA', (m) => el(m, 1, 1) === q);
    if (s) return decimal(el(s, 1, 2));
  }
  return null;
}

/** LIN C212 (7140 id : 7143 type) followed by every PIA C212; the LIN id comes first. */
export function edifactProductIds(loop: readonly EdiSegment[]): ProductId[] {
  const ids: ProductId[] = [];
  const lin = loop[0];
  if (el(lin, 3, 1)) ids.push({ id: el(lin, 3, 1), qualifier: el(lin, 3, 2) });
  for (const pia of loop.filter((s) => s.tag === 'PIA')) {
    for (let n = 2; n <= pia.elements.length; n++) {
      if (el(pia, n, 1)) ids.push({ id: el(pia, n, 1), qualifier: el(pia, n, 2) });
    }
  }
  return ids;
}

export function lineLoops(
  segments: readonly EdiSegment[],
  stop: readonly string[] = ['UNS', 'CNT'],
): { header: EdiSegment[]; lines: EdiSegment[][]; summary: EdiSegment[] } {
  const split = loops(segments, 'LIN', stop);
  return { header: split.before, lines: split.loops, summary: split.after };
}

/** Document number from BGM: 1004 (D96A) or C106 first component (D01B); both are el(2, 1). */
export function bgmNumber(segments: readonly EdiSegment[]): string {
  return el(first(segments, 'BGM'), 2, 1);
}

/** Interchange party → NAD C082 with the code list agency: GS1 ids (qualifier 14) are agency 9. */
export function nadId(party: PartyId): string[] {
  return [party.id, '', party.qualifier === '14' ? '9' : '92'];
}

export function edifactFacts(set: EdiSet, dateQualifiers: string[], qtyQualifiers: string[]): DocumentFacts {
  const { header, lines } = lineLoops(set.segments, ['UNS', 'CNT']);
  const date = dtm(header, ...dateQualifiers);
  return {
    number: bgmNumber(header) || null,
    date: date?.date ?? null,
    parties: nadParties(header),
    lineCount: lines.length,
    lines: lines.map((loop) => {
      const q = qty(loop, ...qtyQualifiers) ?? quantities(loop)[0] ?? null;
      return { productId: edifactProductIds(loop)[0]?.id ?? '', quantity: q?.value ?? null, unit: q?.unit ?? '' };
    }),
  };
}

/** UNB date (YYMMDD in syntax 3, CCYYMMDD in syntax 4) as YYYY-MM-DD. */
export function interchangeDate(interchange: EdiInterchange): string | null {
  return ymd(interchange.date);
}
