/**
 * Entry points for the throughput benchmark (not a unit test: no timing asserts here).
 * `parseLargeInterchangeFromChunks` (EDIFACT) and `parseLargeX12FromChunks` parse chunk by chunk
 * without keeping set bodies, so memory stays flat; the synthetic generators produce large valid
 * interchanges on the fly.
 */
import { parseEdifactStream } from './edifact/parse';
import { parseX12Stream } from './x12/stream';
import type { EdiProblem } from './problems';

export interface ChunkParseStats {
  interchanges: number;
  messages: number;
  segments: number;
  problems: EdiProblem[];
}

export async function parseLargeInterchangeFromChunks(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: { sliceSize?: number; encoding?: 'utf8' | 'latin1' } = {},
): Promise<ChunkParseStats> {
  let messages = 0;
  const result = await parseEdifactStream(chunks, { ...options, retain: 'none', onMessage: () => void messages++ });
  return { interchanges: result.interchanges.length, messages, segments: result.segmentCount, problems: result.problems };
}

export async function parseLargeX12FromChunks(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: { sliceSize?: number; encoding?: 'utf8' | 'latin1' } = {},
): Promise<ChunkParseStats> {
  let messages = 0;
  const result = await parseX12Stream(chunks, { ...options, retain: 'none', onSet: () => void messages++ });
  return { interchanges: result.interchanges.length, messages, segments: result.segmentCount, problems: result.problems };
}

/** Yields a valid INVRPT interchange of `messages` messages × `lines` lines in chunks of about `chunkSize` characters. */
export function* syntheticEdifactChunks(messages: number, lines = 50, chunkSize = 65536): Generator<string> {
  let buffer = "UNA:+.? 'UNB+UNOC:3+4012345000009:14+4012345000008:14+260101:1200+BENCH1'\n";
  for (let m = 1; m <= messages; m++) {
    let body = `UNH+${m}+INVRPT:D:96A:UN:EAN008'\nBGM+35+R${m}+9'\nDTM+137:202601011200:203'\n`;
    for (let l = 1; l <= lines; l++) body += `LIN+${l}++SKU?+${m}?:${l}:IN'\nQTY+145:${l * 10}:PCE'\n`;
    buffer += `${body}UNT+${3 + lines * 2 + 1}+${m}'\n`;
    while (buffer.length >= chunkSize) {
      yield buffer.slice(0, chunkSize);
      buffer = buffer.slice(chunkSize);
    }
  }
  yield `${buffer}UNZ+${messages}+BENCH1'\n`;
}

/** Yields a valid 846 interchange (one group) of `sets` sets × `lines` lines in chunks of about `chunkSize` characters. */
export function* syntheticX12Chunks(sets: number, lines = 50, chunkSize = 65536): Generator<string> {
  let buffer =
    'ISA*00*          *00*          *ZZ*ACMESUPPLY     *ZZ*PLANBRIDGE     *260101*1200*^*00501*000000001*0*P*>~\n' +
    'GS*IB*ACMESUPPLY*PLANBRIDGE*20260101*1200*1*X*005010~\n';
  for (let s = 1; s <= sets; s++) {
    const ref = String(s).padStart(4, '0');
    let body = `ST*846*${ref}~\nBIA*00*SI*R${s}*20260101~\n`;
    for (let l = 1; l <= lines; l++) body += `LIN*${l}*BP*SKU-${s}-${l}~\nQTY*33*${l * 10}*EA~\n`;
    buffer += `${body}SE*${2 + lines * 2 + 1}*${ref}~\n`;
    while (buffer.length >= chunkSize) {
      yield buffer.slice(0, chunkSize);
      buffer = buffer.slice(chunkSize);
    }
  }
  yield `${buffer}GE*${sets}*1~\nIEA*1*000000001~\n`;
}
