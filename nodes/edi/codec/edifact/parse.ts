/**
 * EDIFACT entry points. `EdifactStreamParser` is the push API (write chunks, then end);
 * `parseEdifactStream` consumes an (async) iterable of chunks and yields to the event loop between
 * slices, so a large interchange neither needs one giant string nor stalls other flows
 * (style-anchors pitfall 15); `parseEdifact` is the synchronous convenience for small inputs.
 */
import { StringDecoder } from 'node:string_decoder';
import { decodeInput } from '../input';
import { sortProblems, problem, type EdiProblem } from '../problems';
import type { EdiSegment, ParseResult } from '../tree';
import { EdifactTokenizer } from './tokenizer';
import { EdifactEnvelope, type EnvelopeOptions, type Retain } from './envelope';

export interface EdifactParseOptions extends EnvelopeOptions {
  retain?: Retain;
  /** Called for every segment in file order (UNA included), before it is placed in the tree. */
  onSegment?: (segment: EdiSegment) => void;
  /** How Buffer chunks are decoded by the push and stream APIs (default utf8; UNOC files are often latin1). */
  encoding?: 'utf8' | 'latin1';
}

export class EdifactStreamParser {
  private readonly tokenizer: EdifactTokenizer;
  private readonly envelope: EdifactEnvelope;
  private readonly decoder: StringDecoder;
  private readonly problems: EdiProblem[] = [];
  private ended = false;

  constructor(options: EdifactParseOptions = {}) {
    this.decoder = new StringDecoder(options.encoding ?? 'utf8');
    this.envelope = new EdifactEnvelope(() => this.tokenizer.delimiters, options);
    this.tokenizer = new EdifactTokenizer(
      (segment) => {
        options.onSegment?.(segment);
        this.envelope.accept(segment);
      },
      (p) => this.problems.push(p),
    );
  }

  /** Feeds the next chunk; a chunk may end anywhere, even inside a UTF-8 sequence or after a release character. */
  write(chunk: string | Uint8Array): void {
    if (this.ended) return;
    this.tokenizer.write(typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }

  end(): ParseResult {
    if (!this.ended) {
      this.ended = true;
      const rest = this.decoder.end();
      if (rest) this.tokenizer.write(rest);
      this.tokenizer.end();
      this.envelope.finish();
      if (this.tokenizer.position === 0) this.problems.push(problem('INPUT_EMPTY', 0, '', 'No data'));
    }
    return {
      standard: 'edifact',
      interchanges: this.envelope.interchanges,
      problems: sortProblems([...this.problems, ...this.envelope.problems]),
      segmentCount: this.tokenizer.position,
    };
  }
}

/** Parses a whole interchange held in memory. Bytes are decoded as UTF-8, or Latin-1 when not valid UTF-8. */
export function parseEdifact(input: Buffer | Uint8Array | string, options: EdifactParseOptions = {}): ParseResult {
  const parser = new EdifactStreamParser(options);
  parser.write(decodeInput(input));
  return parser.end();
}

export interface StreamOptions extends EdifactParseOptions {
  /** Largest piece handed to the tokenizer at once (default 64 KiB of characters). */
  sliceSize?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Parses chunks from any (async) iterable: a file ReadStream, an SFTP stream, or an array of
 * strings. Big chunks are cut into slices and the event loop gets a turn after each slice.
 */
export async function parseEdifactStream(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: StreamOptions = {},
): Promise<ParseResult> {
  const parser = new EdifactStreamParser(options);
  const slice = Math.max(1024, options.sliceSize ?? 65536);
  for await (const chunk of source) {
    for (let i = 0; i < chunk.length; i += slice) {
      parser.write(chunk.length <= slice ? chunk : chunk.slice(i, i + slice));
      await yieldToEventLoop();
    }
  }
  return parser.end();
}
