/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The value below which `p` (0 to 1) of the values fall (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/**
 * Runs the variants in turn, round after round (A B A B ...), so machine noise hits all of them
 * alike, and returns each variant's median cost per unit in nanoseconds.
 */
export async function interleaved(rounds: number, variants: Record<string, () => Promise<number>>): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(variants)) samples[name].push(await run());
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

export interface Row {
  benchmark: string;
  ours: number;
  baselineName: string;
  baseline: number;
  /** The highest acceptable ratio, when the issue names one. */
  target?: number;
  unit?: 'ns' | 'µs' | 'ms';
}

function formatTime(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

/** Prints a Markdown table with each row's ratio to its baseline, measured in the same run. */
export function printTable(title: string, rows: Row[]): void {
  const lines = [`\n### ${title}\n`, '| benchmark | ours | baseline | baseline cost | ratio | target | verdict |', '|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const ratio = row.ours / row.baseline;
    const verdict = row.target === undefined ? '' : ratio <= row.target ? 'met' : `missed by ${((ratio / row.target - 1) * 100).toFixed(0)} %`;
    lines.push(
      `| ${row.benchmark} | ${formatTime(row.ours)} | ${row.baselineName} | ${formatTime(row.baseline)} | ${ratio.toFixed(2)}x | ${row.target === undefined ? '-' : `<= ${row.target}x`} | ${verdict} |`,
    );
  }
  console.log(lines.join('\n'));
}
