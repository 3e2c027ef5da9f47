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

export interface X12EnvelopeOptions {
  /**
   * 'all' (default) keeps every set and its segments; 'set' keeps a set's segments until onSet has
   * seen it, then drops the set (memory of one set at a time); 'none' keeps only the envelope segments
   * and counts, so memory stays flat.
   */
  retain?: 'all' | 'set' | 'none';
  /** Called when a set is complete (SE seen) or cut off; its body segments are there only with retain 'all'. */
  onSet?: (set: EdiSet, context: { interchange: EdiInterchange; group: EdiGroup }) => void;
}

/**
 * Builds one interchange from its segments as they arrive (ISA first), so a stream never needs the
 * whole file: `push` each segment after the ISA, then `end`.
 */
export class X12EnvelopeBuilder {
  readonly problems: EdiProblem[] = [];
  readonly interchange: EdiInterchange;
  private group: EdiGroup | null = null;
  private groupSets = 0;
  private set: EdiSet | null = null;
  private readonly retain: 'all' | 'set' | 'none';

  constructor(
    private readonly isa: EdiSegment,
    f: readonly string[],
    delimiters: RawInterchange['delimiters'],
    private readonly options: X12EnvelopeOptions = {},
  ) {
    this.retain = options.retain ?? 'all';
    this.interchange = {
      standard: 'x12',
      header: isa,
      trailer: null,
      delimiters,
      sender: { qualifier: f[4].trim(), id: f[5].trim() },
      receiver: { qualifier: f[6].trim(), id: f[7].trim() },
      controlReference: f[12],
      date: f[8],
      time: f[9],
      syntax: f[11].trim(),
      test: f[14].trim() === 'T',
      groups: [],
    };
  }

  get complete(): boolean {
    return this.interchange.trailer !== null;
  }

  private report(set: EdiSet): void {
    if (this.options.onSet && this.group) this.options.onSet(set, { interchange: this.interchange, group: this.group });
  }

  private closeSet(at: EdiSegment | null): void {
    const set = this.set;
    if (!set) return;
    this.problems.push(
      problem(
        'X12_SE_MISSING',
        set.header.position,
        'ST',
        `ST ${set.controlReference} at ${set.header.position} has no SE${at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)'}`,
      ),
    );
    this.report(set);
    this.set = null;
  }

  private closeGroup(at: EdiSegment | null): void {
    this.closeSet(at);
    const group = this.group;
    if (!group) return;
    if (group.header) {
      this.problems.push(
        problem(
          'X12_GE_MISSING',
          group.header.position,
          'GS',
          `GS ${group.controlReference} at ${group.header.position} has no GE${at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)'}`,
        ),
      );
    }
    this.group = null;
  }

  private ensureGroup(s: EdiSegment): EdiGroup {
    if (this.group) return this.group;
    // An ST outside GS is reported; the set is still kept so its data can be inspected.
    this.problems.push(problem('X12_SEGMENT_OUTSIDE_SET', s.position, s.tag, `${s.tag} at ${s.position} is not inside a GS functional group`));
    this.group = { header: null, trailer: null, functionalId: '', controlReference: '', version: '', sender: '', receiver: '', date: '', sets: [] };
    this.groupSets = 0;
    this.interchange.groups.push(this.group);
    return this.group;
  }

  push(s: EdiSegment): void {
    const problems = this.problems;
    switch (s.tag) {
      case 'GS':
        this.closeGroup(s);
        this.group = {
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
        this.groupSets = 0;
        this.interchange.groups.push(this.group);
        break;
      case 'ST': {
        this.closeSet(s);
        const g = this.ensureGroup(s);
        this.set = {
          type: el(s, 1),
          version: baseVersion(g.version),
          versionDetail: g.version,
          controlReference: el(s, 2),
          header: s,
          trailer: null,
          segments: [],
          segmentCount: 1,
        };
        this.groupSets++;
        if (this.retain === 'all') g.sets.push(this.set);
        break;
      }
      case 'SE': {
        const current = this.set;
        if (!current) {
          problems.push(problem('X12_UNEXPECTED_SEGMENT', s.position, 'SE', `SE at ${s.position} without an open ST`));
          break;
        }
        current.trailer = s;
        current.segmentCount++;
        const declared = count(el(s, 1));
        if (declared !== current.segmentCount) {
          problems.push(problem('X12_SE_COUNT', s.position, 'SE', `SE01 is "${el(s, 1)}" but ST..SE holds ${current.segmentCount} segments`));
        }
        if (el(s, 2) !== current.controlReference) {
          problems.push(problem('X12_SE_REFERENCE', s.position, 'SE', `SE02 "${el(s, 2)}" differs from ST02 "${current.controlReference}"`));
        }
        this.report(current);
        this.set = null;
        break;
      }
      case 'GE': {
        this.closeSet(s);
        const current = this.group;
        if (!current || !current.header) {
          problems.push(problem('X12_UNEXPECTED_SEGMENT', s.position, 'GE', `GE at ${s.position} without an open GS`));
          this.group = null;
          break;
        }
        current.trailer = s;
        if (count(el(s, 1)) !== this.groupSets) {
          problems.push(problem('X12_GE_COUNT', s.position, 'GE', `GE01 is "${el(s, 1)}" but the group holds ${this.groupSets} transaction sets`));
        }
        if (el(s, 2) !== current.controlReference) {
          problems.push(problem('X12_GE_REFERENCE', s.position, 'GE', `GE02 "${el(s, 2)}" differs from GS06 "${current.controlReference}"`));
        }
        this.group = null;
        break;
      }
      case 'IEA': {
        this.closeGroup(s);
        const interchange = this.interchange;
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
        if (this.set) {
          if (this.retain !== 'none') this.set.segments.push(s);
          this.set.segmentCount++;
        } else {
          problems.push(problem('X12_SEGMENT_OUTSIDE_SET', s.position, s.tag, `${s.tag} at ${s.position} is outside a transaction set (ST..SE)`));
        }
    }
  }

  end(): BuiltInterchange {
    if (!this.interchange.trailer) {
      this.closeGroup(null);
      this.problems.push(
        problem(
          'X12_IEA_MISSING',
          this.isa.position,
          'ISA',
          `ISA ${this.interchange.controlReference} at ${this.isa.position} has no IEA: the interchange is truncated`,
        ),
      );
    }
    return { interchange: this.interchange, problems: this.problems };
  }
}

export function buildX12Interchange(raw: RawInterchange, options: X12EnvelopeOptions = {}): BuiltInterchange {
  const [isa, ...rest] = raw.segments;
  const builder = new X12EnvelopeBuilder(isa, raw.isaFields, raw.delimiters, options);
  for (const s of rest) builder.push(s);
  return builder.end();
}
