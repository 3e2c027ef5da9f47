/**
 * Builds the interchange → group → message tree from EDIFACT segments as they arrive and checks
 * the envelope (ISO 9735-1 §8): UNT 0074 counts UNH..UNT and 0062 repeats the UNH reference;
 * UNE 0060 counts the group's messages and 0048 repeats UNG 0048; UNZ 0036 counts messages (or
 * groups, when UNG is used) and 0020 repeats UNB 0020. Findings are problems, never exceptions.
 */
import { el, comps, type Delimiters, type EdiGroup, type EdiInterchange, type EdiSegment, type EdiSet } from '../tree';
import { problem, type EdiProblem } from '../problems';

/**
 * all: full tree; envelope: messages without their body segments; set: each message whole until
 * onMessage has seen it, then dropped (memory of one message at a time); none: only counts and problems.
 */
export type Retain = 'all' | 'envelope' | 'set' | 'none';

export interface MessageContext {
  interchange: EdiInterchange;
  group: EdiGroup;
}

export interface EnvelopeOptions {
  retain?: Retain;
  /** Called when a message is complete (UNT seen) or cut off; its body segments are there only with retain 'all'. */
  onMessage?: (message: EdiSet, context: MessageContext) => void;
}

interface OpenGroup {
  group: EdiGroup;
  messages: number;
}

interface OpenInterchange {
  interchange: EdiInterchange;
  groupsWithHeader: number;
  messages: number;
}

function count(value: string): number {
  return /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
}

export class EdifactEnvelope {
  readonly interchanges: EdiInterchange[] = [];
  readonly problems: EdiProblem[] = [];
  private ic: OpenInterchange | null = null;
  private grp: OpenGroup | null = null;
  private msg: EdiSet | null = null;
  private msgGroup: EdiGroup | null = null;
  private readonly retain: Retain;
  private orphanReported = false;

  constructor(
    private readonly delimiters: () => Delimiters,
    private readonly options: EnvelopeOptions = {},
  ) {
    this.retain = options.retain ?? 'all';
  }

  accept(s: EdiSegment): void {
    switch (s.tag) {
      case 'UNA':
        return;
      case 'UNB':
        return this.openInterchange(s);
      case 'UNG':
        return this.openGroup(s);
      case 'UNH':
        return this.openMessage(s);
      case 'UNT':
        return this.closeMessage(s);
      case 'UNE':
        return this.closeGroup(s);
      case 'UNZ':
        return this.closeInterchange(s);
      default:
        if (this.msg) {
          if (this.retain === 'all' || this.retain === 'set') this.msg.segments.push(s);
          this.msg.segmentCount++;
        } else {
          this.add('EDIFACT_SEGMENT_OUTSIDE_MESSAGE', s, `${s.tag} at ${s.position} is outside a message (UNH..UNT)`);
        }
    }
  }

  /** Ends the input: whatever is still open was cut off. */
  finish(): void {
    this.endMessage(null);
    this.endGroup(null);
    // The implicit interchange (position 0) stands for data without UNB, already reported.
    if (this.ic && this.ic.interchange.header.position > 0) {
      const h = this.ic.interchange.header;
      this.add('EDIFACT_UNZ_MISSING', h, `UNB ${this.ic.interchange.controlReference} at ${h.position} has no UNZ: the interchange is truncated`);
    }
    this.ic = null;
  }

  private add(rule: Parameters<typeof problem>[0], s: EdiSegment, message: string): void {
    this.problems.push(problem(rule, s.position, s.tag, message));
  }

  private openInterchange(s: EdiSegment): void {
    this.endMessage(s);
    this.endGroup(s);
    this.implicit = null;
    if (this.ic && this.ic.interchange.header.position > 0) {
      const h = this.ic.interchange.header;
      this.add('EDIFACT_UNZ_MISSING', h, `UNB ${this.ic.interchange.controlReference} at ${h.position} has no UNZ (UNB at ${s.position} came first)`);
    }
    const interchange: EdiInterchange = {
      standard: 'edifact',
      header: s,
      trailer: null,
      delimiters: { ...this.delimiters() },
      sender: { id: el(s, 2, 1), qualifier: el(s, 2, 2) },
      receiver: { id: el(s, 3, 1), qualifier: el(s, 3, 2) },
      controlReference: el(s, 5),
      date: el(s, 4, 1),
      time: el(s, 4, 2),
      syntax: comps(s, 1).slice(0, 2).join(':'),
      test: el(s, 11) === '1',
      groups: [],
    };
    this.interchanges.push(interchange);
    this.ic = { interchange, groupsWithHeader: 0, messages: 0 };
  }

  private requireInterchange(s: EdiSegment): OpenInterchange {
    if (this.ic) return this.ic;
    if (!this.orphanReported) {
      this.add('EDIFACT_UNB_MISSING', s, `${s.tag} at ${s.position} comes before any UNB interchange header`);
      this.orphanReported = true;
    }
    // Keep the data readable: an implicit interchange holds what came without UNB.
    const interchange: EdiInterchange = {
      standard: 'edifact',
      header: { tag: 'UNB', position: 0, elements: [] },
      trailer: null,
      delimiters: { ...this.delimiters() },
      sender: { id: '', qualifier: '' },
      receiver: { id: '', qualifier: '' },
      controlReference: '',
      date: '',
      time: '',
      syntax: '',
      test: false,
      groups: [],
    };
    this.interchanges.push(interchange);
    this.ic = { interchange, groupsWithHeader: 0, messages: 0 };
    return this.ic;
  }

  private openGroup(s: EdiSegment): void {
    this.endMessage(s);
    this.endGroup(s);
    const ic = this.requireInterchange(s);
    const group: EdiGroup = {
      header: s,
      trailer: null,
      functionalId: el(s, 1),
      controlReference: el(s, 5),
      version: comps(s, 7).join(':'),
      sender: el(s, 2, 1),
      receiver: el(s, 3, 1),
      date: el(s, 4, 1),
      sets: [],
    };
    ic.interchange.groups.push(group);
    ic.groupsWithHeader++;
    this.grp = { group, messages: 0 };
  }

  private currentGroup(s: EdiSegment): OpenGroup {
    if (this.grp) return this.grp;
    const ic = this.requireInterchange(s);
    const groups = ic.interchange.groups;
    const last = groups[groups.length - 1];
    // Messages sent without UNG share one implicit group per run of messages.
    if (last && last.header === null && this.implicit?.group === last) return this.implicit;
    const group: EdiGroup = { header: null, trailer: null, functionalId: '', controlReference: '', version: '', sender: '', receiver: '', date: '', sets: [] };
    groups.push(group);
    this.implicit = { group, messages: 0 };
    return this.implicit;
  }

  private implicit: OpenGroup | null = null;

  private openMessage(s: EdiSegment): void {
    this.endMessage(s);
    const g = this.currentGroup(s);
    const id = comps(s, 2);
    const message: EdiSet = {
      type: id[0] ?? '',
      version: `${id[1] ?? ''}${id[2] ?? ''}`,
      versionDetail: id.join(':'),
      controlReference: el(s, 1),
      header: s,
      trailer: null,
      segments: [],
      segmentCount: 1,
    };
    if (this.retain === 'all' || this.retain === 'envelope') g.group.sets.push(message);
    g.messages++;
    if (this.ic) this.ic.messages++;
    this.msg = message;
    this.msgGroup = g.group;
  }

  private closeMessage(s: EdiSegment): void {
    const m = this.msg;
    if (!m) {
      this.add('EDIFACT_UNEXPECTED_SEGMENT', s, `UNT at ${s.position} without an open UNH`);
      return;
    }
    m.trailer = s;
    m.segmentCount++;
    if (count(el(s, 1)) !== m.segmentCount) {
      this.add('EDIFACT_UNT_COUNT', s, `UNT 0074 is "${el(s, 1)}" but UNH..UNT holds ${m.segmentCount} segments`);
    }
    if (el(s, 2) !== m.controlReference) {
      this.add('EDIFACT_UNT_REFERENCE', s, `UNT 0062 "${el(s, 2)}" differs from the UNH reference "${m.controlReference}"`);
    }
    this.deliver();
  }

  private deliver(): void {
    const m = this.msg;
    const g = this.msgGroup;
    this.msg = null;
    this.msgGroup = null;
    if (m && g && this.ic && this.options.onMessage) this.options.onMessage(m, { interchange: this.ic.interchange, group: g });
  }

  private endMessage(at: EdiSegment | null): void {
    const m = this.msg;
    if (!m) return;
    const where = at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)';
    this.add('EDIFACT_UNT_MISSING', m.header, `UNH ${m.controlReference} at ${m.header.position} has no UNT${where}`);
    this.deliver();
  }

  private endGroup(at: EdiSegment | null): void {
    const g = this.grp;
    if (!g) return;
    const h = g.group.header as EdiSegment;
    const where = at ? ` (${at.tag} at ${at.position} came first)` : ' (data ends)';
    this.add('EDIFACT_UNE_MISSING', h, `UNG ${g.group.controlReference} at ${h.position} has no UNE${where}`);
    this.grp = null;
  }

  private closeGroup(s: EdiSegment): void {
    this.endMessage(s);
    const g = this.grp;
    if (!g) {
      this.add('EDIFACT_UNEXPECTED_SEGMENT', s, `UNE at ${s.position} without an open UNG`);
      return;
    }
    g.group.trailer = s;
    if (count(el(s, 1)) !== g.messages) {
      this.add('EDIFACT_UNE_COUNT', s, `UNE 0060 is "${el(s, 1)}" but the group holds ${g.messages} messages`);
    }
    if (el(s, 2) !== g.group.controlReference) {
      this.add('EDIFACT_UNE_REFERENCE', s, `UNE 0048 "${el(s, 2)}" differs from UNG 0048 "${g.group.controlReference}"`);
    }
    this.grp = null;
  }

  private closeInterchange(s: EdiSegment): void {
    this.endMessage(s);
    this.endGroup(s);
    const ic = this.ic;
    if (!ic) {
      this.add('EDIFACT_UNEXPECTED_SEGMENT', s, `UNZ at ${s.position} without an open UNB`);
      return;
    }
    ic.interchange.trailer = s;
    // 0036 counts functional groups when the interchange uses them, messages otherwise.
    const expected = ic.groupsWithHeader > 0 ? ic.groupsWithHeader : ic.messages;
    const what = ic.groupsWithHeader > 0 ? 'functional groups' : 'messages';
    if (count(el(s, 1)) !== expected) {
      this.add('EDIFACT_UNZ_COUNT', s, `UNZ 0036 is "${el(s, 1)}" but the interchange holds ${expected} ${what}`);
    }
    if (el(s, 2) !== ic.interchange.controlReference) {
      this.add('EDIFACT_UNZ_REFERENCE', s, `UNZ 0020 "${el(s, 2)}" differs from UNB 0020 "${ic.interchange.controlReference}"`);
    }
    this.ic = null;
    this.implicit = null;
  }
}
