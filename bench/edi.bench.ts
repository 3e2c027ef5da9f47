import { StringDecoder } from 'node:string_decoder';
import { parseLargeInterchangeFromChunks, parseLargeX12FromChunks, syntheticEdifactChunks, syntheticX12Chunks, type ChunkParseStats } from '../nodes/edi/codec';
import { interleaved, nowNs, printTable } from './lib/measure';

const MB = 1024 * 1024;
const TARGET_BYTES = Number(process.env.PLANBRIDGE_BENCH_EDI_MB ?? 50) * MB;
/** What a file ReadStream hands over by default. */
const CHUNK = 64 * 1024;
const LINES = 50;
const ROUNDS = 3;
const RSS_SAMPLE_MS = 20;

interface Input {
  name: string;
  chunks: Buffer[];
  bytes: number;
  terminator: string;
  parse: (chunks: Iterable<Buffer>) => Promise<ChunkParseStats>;
}

/** Generates about TARGET_BYTES of one standard as Buffer chunks, the way a file stream would deliver them. */
function generate(name: string, make: (sets: number) => Iterable<string>, terminator: string, parse: Input['parse']): Input {
  const probe = [...make(100)].join('').length / 100;
  const sets = Math.max(1, Math.round(TARGET_BYTES / probe));
  const text = [...make(sets)].join('');
  const chunks: Buffer[] = [];
  const all = Buffer.from(text, 'latin1');
  for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.subarray(i, i + CHUNK));
  return { name, chunks, bytes: all.length, terminator, parse };
}

/** The least any parser does with the bytes: decode them and count segment terminators. */
function bareSplit(chunks: readonly Buffer[], terminator: string): number {
  const decoder = new StringDecoder('utf8');
  let segments = 0;
  for (const chunk of chunks) {
    const text = decoder.write(chunk);
    for (let i = text.indexOf(terminator); i >= 0; i = text.indexOf(terminator, i + 1)) segments++;
  }
  return segments;
}

interface Run {
  ns: number;
  stats: ChunkParseStats;
  startRss: number;
  peakRss: number;
}

/** One parse, its RSS sampled every RSS_SAMPLE_MS (the parse yields to the event loop after each 64 KiB slice). */
async function measuredParse(input: Input): Promise<Run> {
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), RSS_SAMPLE_MS);
  const start = nowNs();
  try {
    const stats = await input.parse(input.chunks);
    const ns = Number(nowNs() - start);
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { ns, stats, startRss, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Parse throughput of the EDI codec on ~50 MB interchanges (X12 846 and EDIFACT INVRPT, 50 lines a
 * set) fed as 64 KiB Buffer chunks, against a bare decode-and-count-terminators pass over the same
 * chunks; with the RSS the parse adds, which stays flat when the parse really streams.
 */
export async function benchEdi(): Promise<void> {
  const inputs = [
    generate(
      'X12 846',
      (n) => syntheticX12Chunks(n, LINES),
      '~',
      (c) => parseLargeX12FromChunks(c),
    ),
    generate(
      'EDIFACT INVRPT',
      (n) => syntheticEdifactChunks(n, LINES),
      "'",
      (c) => parseLargeInterchangeFromChunks(c),
    ),
  ];
  const rows = [];
  for (const input of inputs) {
    const expected = bareSplit(input.chunks, input.terminator);
    const runs: Run[] = [];
    const medians = await interleaved(ROUNDS, {
      codec: async () => {
        const run = await measuredParse(input);
        if (run.stats.problems.length > 0)
          throw new Error(`${input.name}: the synthetic interchange has problems: ${JSON.stringify(run.stats.problems.slice(0, 3))}`);
        // The EDIFACT count includes the UNA, which has no terminator of its own.
        if (Math.abs(run.stats.segments - expected) > 1)
          throw new Error(`${input.name}: codec counted ${run.stats.segments} segments, the bare split ${expected}`);
        runs.push(run);
        return run.ns;
      },
      bare: async () => {
        const start = nowNs();
        bareSplit(input.chunks, input.terminator);
        return Number(nowNs() - start);
      },
    });
    const mb = input.bytes / MB;
    const growth = Math.max(...runs.map((r) => r.peakRss - r.startRss));
    const peak = Math.max(...runs.map((r) => r.peakRss));
    const stats = runs[0].stats;
    console.log(
      `\n${input.name}: ${mb.toFixed(1)} MB, ${stats.messages} sets, ${stats.segments} segments, ${input.chunks.length} chunks of 64 KiB: ` +
        `codec ${(mb / (medians.codec / 1e9)).toFixed(1)} MB/s, bare split ${(mb / (medians.bare / 1e9)).toFixed(1)} MB/s (medians of ${ROUNDS}); ` +
        `RSS growth during the parse at most ${(growth / MB).toFixed(1)} MB (sampled every ${RSS_SAMPLE_MS} ms), peak RSS ${(peak / MB).toFixed(0)} MB with the input held in memory`,
    );
    rows.push({
      benchmark: `${input.name} parse by chunks, per MB`,
      ours: medians.codec / mb,
      baselineName: 'decode + count segment terminators',
      baseline: medians.bare / mb,
    });
  }
  printTable('EDI parse throughput', rows);
}
