/**
 * X12 by chunks: the same scan and envelope checks as `parseX12`, fed piece by piece, so a large
 * interchange never has to sit in memory as one string (with retain 'none' only the envelope stays).
 * node-x12's second opinion needs the whole interchange text and is therefore not run here.
 */
import { StringDecoder } from 'node:string_decoder';
import { isWhitespace } from '../input';
import { problem, sortProblems, type EdiProblem } from '../problems';
import type { Delimiters, EdiInterchange, EdiSet, EdiGroup, ParseResult } from '../tree';
import { X12EnvelopeBuilder } from './envelope';
import { readIsa } from './isa';
import { splitSegment } from './scan';

export interface X12StreamOptions {
  /** 'all' (default) keeps the whole tree; 'set' one set at a time, for onSet; 'none' keeps envelopes and counts only. */
  retain?: 'all' | 'set' | 'none';
  onSet?: (set: EdiSet, context: { interchange: EdiInterchange; group: EdiGroup }) => void;
  /** How Buffer chunks are decoded (default utf8). */
  encoding?: 'utf8' | 'latin1';
}

/** readIsa looks this far ahead for the 16 ISA elements. */
const ISA_LOOKAHEAD = 400;
const BOM = '\uFEFF';

export class X12StreamParser {
  private buffer = '';
  private pos = 0;
  private position = 1;
  private started = false;
  private hadBom = false;
  private stopped = false;
  private delimiters: Delimiters | null = null;
  private builder: X12EnvelopeBuilder | null = null;
  private readonly decoder: StringDecoder;
  private readonly scanProblems: EdiProblem[] = [];
  private readonly envelopeProblems: EdiProblem[] = [];
  private readonly interchanges: EdiInterchange[] = [];
  private ended = false;

  constructor(private readonly options: X12StreamOptions = {}) {
    this.decoder = new StringDecoder(options.encoding ?? 'utf8');
  }

  write(chunk: string | Uint8Array): void {
    if (this.ended || this.stopped) return;
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.buffer = this.pos > 0 ? this.buffer.slice(this.pos) + text : this.buffer + text;
    this.pos = 0;
    this.drain(false);
  }

  end(): ParseResult {
    if (!this.ended) {
      this.ended = true;
      const rest = this.decoder.end();
      if (rest && !this.stopped) this.buffer = this.buffer.slice(this.pos) + rest;
      else this.buffer = this.buffer.slice(this.pos);
      this.pos = 0;
      if (!this.stopped) this.drain(true);
      this.closeInterchange();
      if (this.hadBom) this.scanProblems.push(problem('X12_BOM', 0, '', 'A UTF-8 byte order mark preceded the ISA and was stripped'));
      if (!this.started) this.scanProblems.push(problem('INPUT_EMPTY', 0, '', 'No data'));
    }
    return {
      standard: 'x12',
      interchanges: this.interchanges,
      problems: sortProblems([...this.scanProblems, ...this.envelopeProblems]),
      segmentCount: this.position - 1,
    };
  }

  private closeInterchange(): void {
    if (!this.builder) return;
    const built = this.builder.end();
    this.envelopeProblems.push(...built.problems);
    this.interchanges.push(built.interchange);
    this.builder = null;
    this.delimiters = null;
  }

  /** Consumes every whole segment in the buffer; at the end (`final`) also what is left. */
  private drain(final: boolean): void {
    const text = this.buffer;
    for (;;) {
      if (!this.started) {
        while (this.pos < text.length && (text[this.pos] === BOM || isWhitespace(text[this.pos]))) {
          if (text[this.pos] === BOM) this.hadBom = true;
          this.pos++;
        }
        if (this.pos >= text.length) return;
        this.started = true;
      }
      while (this.pos < text.length && isWhitespace(text[this.pos])) this.pos++;
      if (this.pos >= text.length) return;
      // Enough characters to decide whether an ISA starts here.
      if (!final && text.length - this.pos < 4) return;
      const isaHere = text.startsWith('ISA', this.pos) && this.pos + 3 < text.length && !/[A-Za-z0-9\s]/.test(text[this.pos + 3]);
      if (this.delimiters === null || isaHere) {
        if (!isaHere) {
          // The problem quotes 20 characters of what stands there instead.
          if (!final && text.length - this.pos < 20) return;
          const preview = text.slice(this.pos, this.pos + 20).replace(/\s+/g, ' ');
          this.scanProblems.push(problem('X12_ISA_MISSING', this.position, '', `Expected an ISA segment, found "${preview}"`));
          this.stop();
          return;
        }
        if (!final && text.length - this.pos < ISA_LOOKAHEAD) return;
        this.closeInterchange();
        const isa = readIsa(text, this.pos, this.position);
        this.scanProblems.push(...isa.problems);
        if (isa.delimiters === null) {
          this.stop();
          return;
        }
        this.delimiters = isa.delimiters;
        this.builder = new X12EnvelopeBuilder(
          { tag: 'ISA', position: this.position, elements: isa.fields.map((f) => [[f]]) },
          isa.fields,
          isa.delimiters,
          this.options,
        );
        this.position++;
        this.pos = isa.end;
        continue;
      }
      const d = this.delimiters;
      const t = text.indexOf(d.segment, this.pos);
      if (t < 0 && !final) return;
      const raw = t < 0 ? text.slice(this.pos).trimEnd() : text.slice(this.pos, t);
      const segment = splitSegment(raw, d, this.position);
      (this.builder as X12EnvelopeBuilder).push(segment);
      if (t < 0) {
        // A line-break terminator lost at the very end is an editor's trimming, not a cut-off file.
        if (!isWhitespace(d.segment)) {
          this.scanProblems.push(
            problem(
              'X12_SEGMENT_UNTERMINATED',
              this.position,
              segment.tag,
              `Segment ${segment.tag} at ${this.position} has no terminator ${JSON.stringify(d.segment)}`,
            ),
          );
        }
        this.pos = text.length;
      } else {
        this.pos = t + 1;
      }
      this.position++;
      if (segment.tag === 'IEA') {
        this.closeInterchange();
      }
    }
  }

  /** After an unreadable ISA or stray data nothing more can be split reliably, as in `scanX12`. */
  private stop(): void {
    this.closeInterchange();
    this.stopped = true;
    this.buffer = '';
    this.pos = 0;
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Parses X12 chunks from any (async) iterable, yielding to the event loop after every slice (default 64 KiB). */
export async function parseX12Stream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: X12StreamOptions & { sliceSize?: number } = {},
): Promise<ParseResult> {
  const parser = new X12StreamParser(options);
  const slice = Math.max(1024, options.sliceSize ?? 65536);
  for await (const chunk of source) {
    for (let i = 0; i < chunk.length; i += slice) {
      parser.write(chunk.length <= slice ? chunk : chunk.slice(i, i + slice));
      await yieldToEventLoop();
    }
  }
  return parser.end();
}
