/**
 * The generic segment tree both standards parse into:
 * interchange → groups → transaction sets (X12) / messages (EDIFACT) → segments → elements.
 * Transaction maps read only this tree, so they do not care which syntax layer produced it.
 */
import type { EdiProblem } from './problems';

export type Standard = 'x12' | 'edifact';

export interface Delimiters {
  element: string;
  component: string;
  segment: string;
  /** X12 ISA11 from 00402 on; EDIFACT syntax 4 ('*'). null when the interchange has none. */
  repetition: string | null;
  /** EDIFACT only ('?' by default); X12 has no release character. */
  release: string | null;
  /** EDIFACT decimal mark from UNA (',' or '.'); X12 always uses '.'. */
  decimal: string;
}

/**
 * One element: its occurrences (almost always one), each a list of components (a simple element
 * has exactly one). `[['EA']]` is a plain value, `[['ON', '123']]` a composite, `[['A'], ['B']]`
 * a repeated element.
 */
export type EdiElement = string[][];

export interface EdiSegment {
  tag: string;
  /** 1-based index of the segment in the whole file (across interchanges). */
  position: number;
  /** elements[0] is element 01 (the first after the tag). */
  elements: EdiElement[];
}

export interface PartyId {
  id: string;
  qualifier: string;
}

export interface EdiSet {
  /** X12 ST01 ('850') or EDIFACT UNH message type ('ORDERS'). */
  type: string;
  /** Base version: X12 '004010' (GS08 without the industry suffix), EDIFACT 'D96A'. */
  version: string;
  /** The version as written: X12 GS08 ('004010VICS'), EDIFACT S009 ('D:96A:UN:EAN008'). */
  versionDetail: string;
  /** ST02 / UNH 0062. */
  controlReference: string;
  header: EdiSegment;
  /** null when the trailer is missing (truncated file). */
  trailer: EdiSegment | null;
  /** Segments between header and trailer; empty when the parser was told not to retain them. */
  segments: EdiSegment[];
  /** Number of segments header..trailer (or up to where the set was cut off), counted while parsing. */
  segmentCount: number;
}

export interface EdiGroup {
  /** GS / UNG; null for EDIFACT messages sent without a functional group. */
  header: EdiSegment | null;
  trailer: EdiSegment | null;
  /** X12 GS01 ('PO'), EDIFACT UNG 0038; '' without a group header. */
  functionalId: string;
  /** GS06 / UNG 0048. */
  controlReference: string;
  /** GS08 / UNG S008 as written. */
  version: string;
  /** GS02/GS03 application codes; UNG S006/S007 ids. */
  sender: string;
  receiver: string;
  /** GS04 (CCYYMMDD, or YYMMDD before 004010) / UNG S004 date. */
  date: string;
  sets: EdiSet[];
}

export interface EdiInterchange {
  standard: Standard;
  header: EdiSegment;
  trailer: EdiSegment | null;
  delimiters: Delimiters;
  sender: PartyId;
  receiver: PartyId;
  /** ISA13 as written (9 digits) / UNB 0020. */
  controlReference: string;
  /** ISA09 (YYMMDD) / UNB S004 date (YYMMDD in syntax 3, CCYYMMDD in syntax 4). */
  date: string;
  time: string;
  /** ISA12 ('00401') / UNB S001 syntax identifier and version ('UNOC:3'). */
  syntax: string;
  test: boolean;
  groups: EdiGroup[];
}

export interface ParseResult {
  standard: Standard;
  interchanges: EdiInterchange[];
  problems: EdiProblem[];
  /** Segments read from the file, UNA included. */
  segmentCount: number;
}

/** Value of element n (1-based), component c, occurrence r; '' when absent. */
export function el(seg: EdiSegment | null | undefined, n: number, c = 1, r = 1): string {
  return seg?.elements[n - 1]?.[r - 1]?.[c - 1] ?? '';
}

/** Components of element n (first occurrence); [] when absent. */
export function comps(seg: EdiSegment | null | undefined, n: number): string[] {
  return seg?.elements[n - 1]?.[0] ?? [];
}

/** All occurrences of element n. */
export function occurrences(seg: EdiSegment | null | undefined, n: number): string[][] {
  return seg?.elements[n - 1] ?? [];
}

/** Header, body and trailer of a set, in file order. */
export function allSegments(set: EdiSet): EdiSegment[] {
  return set.trailer ? [set.header, ...set.segments, set.trailer] : [set.header, ...set.segments];
}

/** What builders produce: a segment before it gets a position. Elements are a value, components, or occurrences. */
export type ElementSpec = string | string[] | { repeats: string[][] };

export interface SegmentSpec {
  tag: string;
  elements: ElementSpec[];
}

export function seg(tag: string, ...elements: ElementSpec[]): SegmentSpec {
  return { tag, elements };
}

/** Converts a parsed segment back to a spec (used by round trips and by re-serialisation). */
export function toSpec(segment: EdiSegment): SegmentSpec {
  return {
    tag: segment.tag,
    elements: segment.elements.map((occ) => (occ.length > 1 ? { repeats: occ } : occ[0].length > 1 ? occ[0] : (occ[0][0] ?? ''))),
  };
}

/** Normalises an element spec to occurrences × components. */
export function specOccurrences(spec: ElementSpec): string[][] {
  if (typeof spec === 'string') return [[spec]];
  if (Array.isArray(spec)) return [spec];
  return spec.repeats;
}
