/**
 * Builds the interchange → group → set tree from scanned X12 segments and checks the envelope:
 * every ST needs an SE, every GS a GE, every ISA an IEA (node-x12 does not notice a truncated
 * file), and the trailer counts and control numbers must match their headers.
 */
import { el, type EdiGroup, type EdiInterchange, type EdiSegment, type EdiSet } from '../tree';
import { problem, type EdiProblem } from '../problems';
import type { RawInterchange } from './scan';

export interface BuiltInterchange {
  interchange: EdiInterchange;
  problems: EdiProblem[];
}

function count(value: string): number {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
}

/** GS08 '004010VICS' → '004010': the first six characters are the X12 release, the rest an industry or guide suffix. */
export function baseVersion(gs08: string): string {
  return gs08.trim().slice(0, 6);
}

export function buildX12Interchange(raw: RawInterchange): BuiltInterchange {
  const problems: EdiProblem[] = [];
  const [isa, ...rest] = raw.segments;
  const f = raw.isaFields;
  const interchange: EdiInterchange = {
    standard: 'x12',
    header: isa,
    trailer: null,
    delimiters: raw.delimiters,
    sender: { qualifier: f[4].trim(), id: f[5].trim() },
    receiver: { qualifier: f[6].trim(), id: f[7].trim() },
    controlReference: f[12],
    date: f[8],
    time: f[9],
    syntax: f[11].trim(),
    test: f[14].trim() === 'T',
    groups: [],
  };
  let group: EdiGroup | null = null;
  let set: EdiSet | null = null;

  const closeSet = (at: EdiSegment | null) => {
    if (!set) return;
    problems.push(problem('X12_SE_MISSING', set.header.position, 'ST', `ST ${set.controlReference} at ${set.header.position} has no SE${at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)'}`));
    set = null;
  };
  const closeGroup = (at: EdiSegment | null) => {
    closeSet(at);
    if (!group) return;
    if (group.header) {
      problems.push(problem('X12_GE_MISSING', group.header.position, 'GS', `GS ${group.controlReference} at ${group.header.position} has no GE${at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)'}`));
    }
    group = null;
  };
  const ensureGroup = (s: EdiSegment): EdiGroup => {
    if (group) return group;
    // An ST outside GS is reported; the set is still kept so its data can be inspected.
    problems.push(problem('X12_SEGMENT_OUTSIDE_SET', s.position, s.tag, `${s.tag} at ${s.position} is not inside a GS functional group`));
    group = { header: null, trailer: null, functionalId: '', controlReference: '', version: '', sender: '', receiver: '', date: '', sets: [] };
    interchange.groups.push(group);
    return group;
  };

  for (const s of rest) {
    switch (s.tag) {
      case 'GS':
        closeGroup(s);
        group = {
          header: s,
          trailer: null,
          functionalId: el(s, 1),
          controlReference: el(s, 6),
          version: el(s, 8),
          sender: el(s, 2),
          receiver: el(s, 3),
          date: el(s, 4),
          sets: [],
        };
        interchange.groups.push(group);
        break;
      case 'ST': {
        closeSet(s);
        const g = ensureGroup(s);
        set = {
          type: el(s, 1),
          version: baseVersion(g.version),
          versionDetail: g.version,
          controlReference: el(s, 2),
          header: s,
          trailer: null,
          segments: [],
          segmentCount: 1,
        };
        g.sets.push(set);
        break;
      }
      case 'SE': {
        if (!set) {
          problems.push(problem('X12_UNEXPECTED_SEGMENT', s.position, 'SE', `SE at ${s.position} without an open ST`));
          break;
        }
        const current: EdiSet = set;
        current.trailer = s;
        current.segmentCount++;
        const declared = count(el(s, 1));
        if (declared !== current.segmentCount) {
          problems.push(problem('X12_SE_COUNT', s.position, 'SE', `SE01 is "${el(s, 1)}" but ST..SE holds ${current.segmentCount} segments`));
        }
        if (el(s, 2) !== current.controlReference) {
          problems.push(problem('X12_SE_REFERENCE', s.position, 'SE', `SE02 "${el(s, 2)}" differs from ST02 "${current.controlReference}"`));
        }
        set = null;
        break;
      }
      case 'GE': {
        closeSet(s);
        if (!group || !group.header) {
          problems.push(problem('X12_UNEXPECTED_SEGMENT', s.position, 'GE', `GE at ${s.position} without an open GS`));
          group = null;
          break;
        }
        const current: EdiGroup = group;
        current.trailer = s;
        if (count(el(s, 1)) !== current.sets.length) {
          problems.push(problem('X12_GE_COUNT', s.position, 'GE', `GE01 is "${el(s, 1)}" but the group holds ${current.sets.length} transaction sets`));
        }
        if (el(s, 2) !== current.controlReference) {
          problems.push(problem('X12_GE_REFERENCE', s.position, 'GE', `GE02 "${el(s, 2)}" differs from GS06 "${current.controlReference}"`));
        }
        group = null;
        break;
      }
      case 'IEA': {
        closeGroup(s);
        interchange.trailer = s;
        const groups = interchange.groups.filter((g) => g.header !== null).length;
        if (count(el(s, 1)) !== groups) {
          problems.push(problem('X12_IEA_COUNT', s.position, 'IEA', `IEA01 is "${el(s, 1)}" but the interchange holds ${groups} functional groups`));
        }
        // Compared as written: both are fixed 9-digit fields, and a partner matching acks on
        // ISA13 compares strings too (node-x12 compares them as numbers).
        if (el(s, 2) !== interchange.controlReference) {
          problems.push(problem('X12_ISA13_MISMATCH', s.position, 'IEA', `IEA02 "${el(s, 2)}" differs from ISA13 "${interchange.controlReference}"`));
        }
        break;
      }
      default:
        if (set) {
          const current: EdiSet = set;
          current.segments.push(s);
          current.segmentCount++;
        } else {
          problems.push(problem('X12_SEGMENT_OUTSIDE_SET', s.position, s.tag, `${s.tag} at ${s.position} is outside a transaction set (ST..SE)`));
        }
    }
  }
  if (!interchange.trailer) {
    closeGroup(null);
    problems.push(problem('X12_IEA_MISSING', isa.position, 'ISA', `ISA ${interchange.controlReference} at ${isa.position} has no IEA: the interchange is truncated`));
  }
  return { interchange, problems };
}
