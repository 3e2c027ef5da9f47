/**
 * ISO 9735 tokenizer that takes the interchange in chunks of any size, so a 50 MB file never has
 * to be one string and the caller can yield to the event loop between chunks. It handles UNA,
 * the release character (also when a chunk ends right after it), a leading BOM and line breaks
 * or indentation between segments (common in files produced by hand or by pretty-printers).
 */
import type { Delimiters, EdiElement, EdiSegment } from '../tree';
import { problem, type EdiProblem } from '../problems';
import { DEFAULT_EDIFACT_DELIMITERS, SYNTAX4_REPETITION, delimitersFromUna } from './una';

const TAG = /^[A-Z0-9]{3}$/;

export class EdifactTokenizer {
  delimiters: Delimiters = { ...DEFAULT_EDIFACT_DELIMITERS };
  hasUna = false;
  /** Segments emitted so far (UNA included). */
  position = 0;

  private head = '';
  private inHead = true;
  private bomSeen = false;
  private started = false;
  private released = false;
  private buf = '';
  private components: string[] = [];
  private occurrences: string[][] = [];
  private elements: EdiElement[] = [];
  // Character codes of the current separators; -1 when there is none.
  private cE = 0;
  private cC = 0;
  private cS = 0;
  private cR = 0;
  private cP = -1;

  constructor(
    private readonly onSegment: (segment: EdiSegment) => void,
    private readonly onProblem: (p: EdiProblem) => void,
  ) {
    this.loadCodes();
  }

  write(chunk: string): void {
    this.feed(chunk, false);
  }

  /**
   * A loop, not a recursion, over the interchanges of a chunk: a file of thousands of interchanges
   * in one chunk (a whole file parsed at once) must not grow the stack with each.
   */
  private feed(chunk: string, final: boolean): void {
    let rest: string | undefined = chunk;
    while (rest !== undefined && (rest.length > 0 || (final && this.inHead))) {
      if (this.inHead) {
        this.head += rest;
        rest = this.tryLeaveHead(final);
        if (rest === undefined) return;
      }
      rest = this.consume(rest);
    }
  }

  end(): void {
    if (this.inHead) this.feed('', true);
    if (this.released) {
      this.onProblem(problem('EDIFACT_RELEASE_DANGLING', this.position + 1, '', 'The data ends with a release character'));
      this.released = false;
    }
    if (this.started) {
      // The line break a text editor leaves after the last line is not part of the value.
      this.buf = this.buf.replace(/[\r\n\t ]+$/, '');
      const position = this.position + 1;
      const tag = this.finishSegment();
      this.onProblem(
        problem('EDIFACT_SEGMENT_UNTERMINATED', position, tag, `Segment ${tag} at ${position} has no terminator ${JSON.stringify(this.delimiters.segment)}`),
      );
    }
  }

  private loadCodes(): void {
    const d = this.delimiters;
    this.cE = d.element.charCodeAt(0);
    this.cC = d.component.charCodeAt(0);
    this.cS = d.segment.charCodeAt(0);
    this.cR = d.release === null ? -1 : d.release.charCodeAt(0);
    this.cP = d.repetition === null ? -1 : d.repetition.charCodeAt(0);
  }

  /**
   * Each interchange starts with its own UNA or with the default separators (ISO 9735-1 §7.2),
   * so after a UNZ the tokenizer looks for a UNA again; files that concatenate interchanges from
   * different senders then split correctly.
   */
  private enterHead(): void {
    this.inHead = true;
    this.head = '';
    this.bomSeen = false;
  }

  /** Waits for enough characters to tell whether the interchange starts with UNA; answers the text to consume then. */
  private tryLeaveHead(final: boolean): string | undefined {
    let i = 0;
    while (i < this.head.length) {
      const ch = this.head[i];
      if (ch === '\uFEFF') this.bomSeen = true;
      else if (ch !== ' ' && ch !== '\t' && ch !== '\r' && ch !== '\n') break;
      i++;
    }
    const text = this.head.slice(i);
    const tag = text.slice(0, 3);
    if (text.length < 9 && !final && ('UNA'.startsWith(tag) || 'UNB'.startsWith(tag))) return undefined;
    this.inHead = false;
    this.head = '';
    if (this.bomSeen) this.onProblem(problem('EDIFACT_BOM', 0, '', 'A UTF-8 byte order mark preceded the interchange and was stripped'));
    // A UNB written with the previous interchange's element separator shows that the sender kept
    // its separators without repeating the UNA (common in batched files); otherwise the defaults apply.
    const keepsPrevious = tag === 'UNB' && text[3] === this.delimiters.element;
    if (!keepsPrevious) {
      this.delimiters = { ...DEFAULT_EDIFACT_DELIMITERS };
      this.hasUna = false;
    }
    if (text.startsWith('UNA')) {
      const position = ++this.position;
      const six = text.slice(3, 9);
      const read = delimitersFromUna(six.padEnd(6, ' '));
      if (six.length < 6 || read.errors.length > 0) {
        const reason = six.length < 6 ? `UNA has ${six.length} of its 6 service characters` : read.errors.join('; ');
        this.onProblem(problem('EDIFACT_UNA_INVALID', position, 'UNA', `${reason}; default separators are used`));
      } else {
        this.delimiters = read.delimiters;
        this.hasUna = true;
      }
      this.loadCodes();
      this.onSegment({ tag: 'UNA', position, elements: [[[six]]] });
      return text.slice(9);
    }
    this.loadCodes();
    return text;
  }

  /** Tokenizes up to the end of the chunk or the end of an interchange; answers what follows a UNZ. */
  private consume(chunk: string): string | undefined {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.released) {
        this.buf += chunk[i];
        this.released = false;
        i++;
        continue;
      }
      if (!this.started) {
        const ch = chunk.charCodeAt(i);
        // Line breaks and indentation between segments carry no data (ISO 9735 leaves them to the
        // communication layer); skip them instead of making them part of the next tag.
        if (ch === 32 || ch === 9 || ch === 10 || ch === 13) {
          i++;
          continue;
        }
        this.started = true;
      }
      const { cE, cC, cS, cR, cP } = this;
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === cE || c === cC || c === cS || c === cR || c === cP) break;
        j++;
      }
      if (j > i) {
        this.buf += chunk.slice(i, j);
        i = j;
        if (i >= n) break;
      }
      const c = chunk.charCodeAt(i);
      i++;
      if (c === cR) {
        this.released = true;
      } else if (c === cC) {
        this.components.push(this.buf);
        this.buf = '';
      } else if (c === cP) {
        this.components.push(this.buf);
        this.occurrences.push(this.components);
        this.buf = '';
        this.components = [];
      } else if (c === cE) {
        this.finishElement();
      } else if (this.finishSegment() === 'UNZ') {
        this.enterHead();
        return chunk.slice(i);
      }
    }
  }

  private finishElement(): void {
    this.components.push(this.buf);
    this.occurrences.push(this.components);
    this.elements.push(this.occurrences);
    this.buf = '';
    this.components = [];
    this.occurrences = [];
  }

  private finishSegment(): string {
    this.finishElement();
    const [tagElement, ...elements] = this.elements;
    this.elements = [];
    this.started = false;
    this.position++;
    const tag = tagElement[0][0].trim();
    if (!TAG.test(tag) || tagElement.length > 1 || tagElement[0].length > 1) {
      this.onProblem(problem('EDIFACT_TAG_INVALID', this.position, tag.slice(0, 12), `Segment ${this.position} has the tag "${tag.slice(0, 20)}"`));
    }
    // Syntax 4 interchanges without UNA use '*' for repetitions from the UNB on (ISO 9735-1 §7).
    if (tag === 'UNB' && !this.hasUna && elements[0]?.[0]?.[1] === '4' && this.delimiters.repetition === null) {
      this.delimiters = { ...this.delimiters, repetition: SYNTAX4_REPETITION };
      this.loadCodes();
    }
    this.onSegment({ tag, position: this.position, elements });
    return tag;
  }
}
