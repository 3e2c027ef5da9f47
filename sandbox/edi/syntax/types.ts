/**
 * The sandbox's own picture of an EDI file, shared by its X12 and EDIFACT readers. Written from the
 * standards alone (X12.5/X12.6, ISO 9735), independent of planbridge's codec, so the two sides
 * cannot share one wrong assumption.
 */

/** A segment: its tag, then each element as its list of components (a simple element has one). */
export interface Segment {
  tag: string;
  elements: string[][];
}

export interface Party {
  id: string;
  qualifier: string;
}

/** A reason the sandbox refuses a file or a message, with the standard's code for its acknowledgment. */
export interface SyntaxError {
  /** 'interchange', 'group' or 'message': the level the acknowledgment reports it at. */
  level: 'interchange' | 'group' | 'message';
  /** X12: AK5/AK9 code (DE 718/716); EDIFACT: syntax error code (DE 0085). */
  code: string;
  message: string;
}

export interface Message {
  /** '850', 'ORDERS', ... */
  type: string;
  /** ST02 or UNH 0062. */
  reference: string;
  /** GS08 ('004010'), or UNH S009 version + release ('D96A'). */
  version: string;
  /** Segments between the header (ST, UNH) and the trailer (SE, UNT). */
  body: Segment[];
  errors: SyntaxError[];
}

/** An X12 functional group (GS..GE); EDIFACT messages without UNG sit in one group without header. */
export interface Group {
  /** GS01 ('PO'); '' without a group header. */
  id: string;
  /** GS06; '' without a group header. */
  reference: string;
  messages: Message[];
  errors: SyntaxError[];
}

export interface Interchange {
  standard: 'x12' | 'edifact';
  sender: Party;
  receiver: Party;
  /** ISA13 or UNB 0020, as written; '' when unreadable. */
  reference: string;
  /** ISA12 ('00401') or the UNB syntax version ('3'). */
  syntaxVersion: string;
  groups: Group[];
  /** Interchange level errors: an unreadable header, a missing or miscounted trailer. */
  errors: SyntaxError[];
}

/** An element as written: a simple value, or its components. */
export type Element = string | readonly string[];

export interface SegmentOut {
  tag: string;
  elements: readonly Element[];
}

export function seg(tag: string, ...elements: Element[]): SegmentOut {
  return { tag, elements };
}

/** Element `n` (1-based), component `c` (1-based); '' when absent. */
export function value(s: Segment | undefined, n: number, c = 1): string {
  return s?.elements[n - 1]?.[c - 1] ?? '';
}
