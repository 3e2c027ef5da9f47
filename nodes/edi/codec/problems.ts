/**
 * Problems found while reading or writing EDI. Nothing in the codec throws on bad input: every
 * finding becomes one of these, so a flow can report all of them (and answer with a 997 or CONTRL)
 * instead of stopping at the first.
 */
export type Severity = 'error' | 'warning';

interface RuleInfo {
  severity: Severity;
  description: string;
}

/** Stable rule ids. Flows and tests route on them, so never rename one; add new ids instead. */
export const RULES = {
  INPUT_EMPTY: { severity: 'error', description: 'The input holds no EDI data' },
  DETECT_UNKNOWN_STANDARD: { severity: 'error', description: 'The input starts neither with ISA (X12) nor with UNA/UNB (EDIFACT)' },

  X12_BOM: { severity: 'warning', description: 'A UTF-8 byte order mark preceded the ISA; it was stripped' },
  X12_ISA_MISSING: { severity: 'error', description: 'Data does not start with an ISA segment' },
  X12_ISA_INVALID: { severity: 'error', description: 'The ISA segment is unreadable: no 16 elements, or no segment terminator after ISA16' },
  X12_ISA_LENGTH: { severity: 'error', description: 'The ISA segment is not 106 characters long (its fields are fixed width)' },
  X12_REPETITION_SEPARATOR: { severity: 'warning', description: 'ISA12 is 00402 or later but ISA11 is not a usable repetition separator' },
  X12_SEGMENT_UNTERMINATED: { severity: 'error', description: 'Data after the last segment terminator (a cut-off segment)' },
  X12_SEGMENT_OUTSIDE_SET: { severity: 'error', description: 'A data segment outside ST/SE' },
  X12_UNEXPECTED_SEGMENT: { severity: 'error', description: 'An envelope trailer without its header (SE without ST, GE without GS)' },
  X12_SE_MISSING: { severity: 'error', description: 'A transaction set has no SE trailer (truncated or interleaved data)' },
  X12_GE_MISSING: { severity: 'error', description: 'A functional group has no GE trailer' },
  X12_IEA_MISSING: { severity: 'error', description: 'An interchange has no IEA trailer (truncated file)' },
  X12_SE_COUNT: { severity: 'error', description: 'SE01 differs from the number of segments ST..SE' },
  X12_SE_REFERENCE: { severity: 'error', description: 'SE02 differs from ST02' },
  X12_GE_COUNT: { severity: 'error', description: 'GE01 differs from the number of transaction sets in the group' },
  X12_GE_REFERENCE: { severity: 'error', description: 'GE02 differs from GS06' },
  X12_IEA_COUNT: { severity: 'error', description: 'IEA01 differs from the number of functional groups' },
  X12_ISA13_MISMATCH: { severity: 'error', description: 'IEA02 differs from ISA13 (interchange control number)' },
  X12_NODE_X12: { severity: 'error', description: 'node-x12 (strict mode) rejected the interchange for a reason our own checks did not report' },

  EDIFACT_BOM: { severity: 'warning', description: 'A UTF-8 byte order mark preceded the interchange; it was stripped' },
  EDIFACT_UNA_INVALID: { severity: 'error', description: 'The UNA service string advice is short or names the same character twice' },
  EDIFACT_TAG_INVALID: { severity: 'error', description: 'A segment tag is not three upper-case letters or digits' },
  EDIFACT_SEGMENT_UNTERMINATED: { severity: 'error', description: 'Data after the last segment terminator (a cut-off segment)' },
  EDIFACT_RELEASE_DANGLING: { severity: 'error', description: 'The data ends with a release character that releases nothing' },
  EDIFACT_UNB_MISSING: { severity: 'error', description: 'Segments before (or without) a UNB interchange header' },
  EDIFACT_SEGMENT_OUTSIDE_MESSAGE: { severity: 'error', description: 'A data segment outside UNH/UNT' },
  EDIFACT_UNEXPECTED_SEGMENT: { severity: 'error', description: 'A trailer without its header (UNT without UNH, UNE without UNG, UNZ without UNB)' },
  EDIFACT_UNT_MISSING: { severity: 'error', description: 'A message has no UNT trailer' },
  EDIFACT_UNE_MISSING: { severity: 'error', description: 'A functional group has no UNE trailer' },
  EDIFACT_UNZ_MISSING: { severity: 'error', description: 'An interchange has no UNZ trailer (truncated file)' },
  EDIFACT_UNT_COUNT: { severity: 'error', description: 'UNT 0074 differs from the number of segments UNH..UNT' },
  EDIFACT_UNT_REFERENCE: { severity: 'error', description: 'UNT 0062 differs from the UNH message reference' },
  EDIFACT_UNE_COUNT: { severity: 'error', description: 'UNE 0060 differs from the number of messages in the group' },
  EDIFACT_UNE_REFERENCE: { severity: 'error', description: 'UNE 0048 differs from the UNG group reference' },
  EDIFACT_UNZ_COUNT: { severity: 'error', description: 'UNZ 0036 differs from the number of messages (or groups, when UNG is used)' },
  EDIFACT_UNZ_REFERENCE: { severity: 'error', description: 'UNZ 0020 differs from the UNB interchange control reference' },

  DOC_UNSUPPORTED_SET: { severity: 'warning', description: 'No transaction map for this set or message type' },
  DOC_FIELD_MISSING: { severity: 'error', description: 'A field the canonical contract requires is absent' },
  DOC_VALUE_INVALID: { severity: 'error', description: 'A value is not a number or date where one is required' },
  DOC_UNIT_UNMAPPED: { severity: 'warning', description: 'A unit of measure has no mapping to a UN/ECE Rec 20 code; passed through unchanged' },
  DOC_DEFAULTED: { severity: 'warning', description: 'A required canonical field was filled with a documented default' },

  BUILD_VALUE_HAS_DELIMITER: { severity: 'error', description: 'An X12 value contains a delimiter; X12 has no release character' },
  BUILD_VALUE_TOO_LONG: { severity: 'error', description: 'A fixed-width envelope value is longer than its field' },
  BUILD_NO_RELEASE_CHARACTER: { severity: 'error', description: 'An EDIFACT value contains a separator but the interchange has no release character' },
  BUILD_GENERATOR: { severity: 'error', description: 'node-x12 refused to generate the interchange' },
  PROFILE_INVALID: { severity: 'error', description: 'A partner profile is missing a field or has a wrong value' },
  INTERNAL_ERROR: { severity: 'error', description: 'The codec failed unexpectedly on this input (a bug to report, with the file)' },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

export interface EdiProblem {
  /** 1-based index of the segment in the file (UNA counts as a segment); 0 when not tied to one. */
  segmentPosition: number;
  /** Tag of that segment, '' when not tied to one. */
  segmentTag: string;
  rule: RuleId;
  message: string;
  severity: Severity;
}

export function problem(rule: RuleId, segmentPosition: number, segmentTag: string, message: string): EdiProblem {
  return { segmentPosition, segmentTag, rule, message, severity: RULES[rule].severity };
}

export function hasErrors(problems: readonly EdiProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Orders problems by file position; a stable sort keeps discovery order within one segment. */
export function sortProblems(problems: EdiProblem[]): EdiProblem[] {
  return problems.sort((a, b) => a.segmentPosition - b.segmentPosition);
}
