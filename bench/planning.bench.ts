import type { EventEmitter } from 'node:events';
import { generateSampleDataset, computePlan } from '../sandbox/planning';
import type { EmbeddedRuntime } from './lib/embedded-runtime';
import { startChildSandbox } from './lib/child-sandbox';
import { nowNs, printTable } from './lib/measure';

const PAGE = 500;
const at = { x: 100, y: 100 };
const DATASETS = ['location', 'item', 'item_supplier', 'stock_snapshot', 'demand_history', 'open_sales_order', 'open_purchase_order'] as const;

/** The least any engine does with the input: one pass summing the demand history per item-location. */
function bareDemandPass(history: ReadonlyArray<{ sku: string; location: string; quantity: number }>): number {
  const start = nowNs();
  const totals = new Map<string, number>();
  for (const row of history) {
    const key = `${row.sku}\u0000${row.location}`;
    totals.set(key, (totals.get(key) ?? 0) + row.quantity);
  }
  if (!totals.size) throw new Error('no demand history');
  return Number(nowNs() - start);
}

/** The sandbox engine on 10,000 item-locations and two years of weekly history. */
function benchEngine(): void {
  const items = Number(process.env.PLANBRIDGE_BENCH_PLAN_ITEMS ?? 5000);
  const input = generateSampleDataset({ items, locations: 2, weeks: 104, seed: 5 });
  const itemLocations = items * 2;
  computePlan(input, { asOf: input.asOf });
  const start = nowNs();
  const plan = computePlan(input, { asOf: input.asOf });
  const ns = Number(nowNs() - start);
  const bare = bareDemandPass(input.demand_history);
  console.log(
    `\nplanning engine: ${itemLocations} item-locations (${input.demand_history.length} demand rows) planned in ${(ns / 1e6).toFixed(0)} ms: ` +
      `${((itemLocations / ns) * 1e9).toFixed(0)} item-locations/s, ${plan.recommendations.length} recommendations (${((plan.recommendations.length / ns) * 1e9).toFixed(0)}/s), ` +
      `${plan.forecasts.length} forecasts, ${plan.policies.length} stock policies`,
  );
  printTable('Planning engine', [
    {
      benchmark: `plan of ${itemLocations} item-locations, per item-location`,
      ours: ns / itemLocations,
      baselineName: 'one pass summing their demand history',
      baseline: bare / itemLocations,
    },
  ]);
}

interface ExportRun {
  ns: number;
  pages: number;
  records: Record<string, number>;
  serialiseNs: number;
  peakRss: number;
}

/** Runs the nightly export flow (search → track → validate → export → complete) for every dataset in turn. */
async function exportAll(runtime: EmbeddedRuntime): Promise<ExportRun> {
  const sink = runtime.node('export-sink') as unknown as EventEmitter;
  const records: Record<string, number> = {};
  let pages = 0;
  let serialiseNs = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const start = nowNs();
  try {
    for (const dataset of DATASETS) {
      await new Promise<void>((resolve, reject) => {
        const onInput = (msg: { payload: unknown[]; export?: { complete: boolean }; error?: unknown }, _send: unknown, done: () => void): void => {
          pages += 1;
          records[dataset] = (records[dataset] ?? 0) + msg.payload.length;
          // The bare cost: the same page serialised once, timed here and taken out of the flow's time.
          const t = nowNs();
          JSON.stringify(msg.payload);
          serialiseNs += Number(nowNs() - t);
          done();
          if (msg.export?.complete) {
            sink.removeListener('input', onInput);
            resolve();
          }
        };
        sink.on('input', onInput);
        const failed = (err: unknown): void => reject(err instanceof Error ? err : new Error(String(err)));
        runtime
          .node('export-catch')
          .once('input', ((msg: { error?: { message?: string } }) => failed(new Error(msg.error?.message ?? 'export failed'))) as never);
        runtime.node(`search-${dataset}`).receive({});
      });
    }
  } finally {
    clearInterval(sampler);
  }
  return { ns: Number(nowNs() - start) - serialiseNs, pages, records, serialiseNs, peakRss };
}

/**
 * The nightly export from the sandbox Odoo (100,000 products, five warehouses, two years of history)
 * to the sandbox planning platform over REST, both in their own processes, through the shipped flow's
 * nodes; the flow's time as a ratio to the bare serialisation of the same pages, and the runtime's RSS.
 */
async function benchExport(runtime: EmbeddedRuntime): Promise<void> {
  const products = Number(process.env.PLANBRIDGE_BENCH_EXPORT_PRODUCTS ?? 100_000);
  console.log(`\nstarting the sandbox Odoo with ${products} products (5 warehouses, 950 days of history) and the planning sandbox, each in its own process…`);
  const [odoo, planning] = await Promise.all([
    startChildSandbox('odoo', [
      '--port',
      '0',
      '--products',
      String(products),
      '--odoo-version',
      '19',
      '--seed',
      '2',
      '--warehouses',
      '5',
      '--history-days',
      '950',
    ]),
    startChildSandbox('planning', ['--port', '0', '--token', 'bench-token']),
  ]);
  try {
    const flows: unknown[] = [
      { id: 'pb-export', type: 'tab', label: 'export bench' },
      {
        id: 'bench-odoo',
        type: 'odoo-config',
        url: odoo.url,
        database: 'sandbox',
        protocol: 'json2',
        timeoutMs: '300000',
        attempts: '3',
        initialDelayMs: '100',
        maxDelayMs: '2000',
        breakerThreshold: '50',
        halfOpenAfterMs: '1000',
      },
      {
        id: 'bench-planning',
        type: 'planning-config',
        profile: 'rest',
        baseUrl: planning.url,
        authType: 'bearer',
        timeoutMs: '300000',
        attempts: '3',
        initialDelayMs: '100',
        maxDelayMs: '2000',
        breakerThreshold: '50',
        halfOpenAfterMs: '1000',
      },
      {
        id: 'bench-ledger',
        type: 'ledger-config',
        engine: 'sqlite',
        file: 'export-bench.db',
        leaseSeconds: '600',
        keyLeaseMinutes: '60',
        maxBodyKb: '10240',
        maskPaths: '',
        messageDays: '30',
        keyDays: '90',
        deadLetterDays: '90',
      },
      ...DATASETS.map((d) => ({
        id: `search-${d}`,
        z: 'pb-export',
        ...at,
        type: 'odoo-search',
        server: 'bench-odoo',
        map: d,
        model: '',
        domain: '[]',
        fields: '',
        pageSize: String(PAGE),
        mode: 'all',
        wires: [['export-track']],
      })),
      {
        id: 'export-track',
        z: 'pb-export',
        ...at,
        type: 'pb-track',
        ledger: 'bench-ledger',
        keyPath: '',
        requireKey: false,
        parseJson: false,
        wires: [['export-validate'], []],
      },
      {
        id: 'export-validate',
        z: 'pb-export',
        ...at,
        type: 'pb-validate',
        contract: '',
        uomKnown: true,
        knownUnits: '',
        quantityNonNegative: true,
        leadTimePresent: true,
        datePlausible: true,
        maxPastDays: '1098',
        maxFutureDays: '732',
        wires: [['export-send'], []],
      },
      {
        id: 'export-send',
        z: 'pb-export',
        ...at,
        type: 'planning-export',
        server: 'bench-planning',
        ledger: 'bench-ledger',
        dataset: '',
        wires: [['export-complete']],
      },
      { id: 'export-complete', z: 'pb-export', ...at, type: 'pb-complete', outcomePath: '', wires: [['export-sink']] },
      { id: 'export-sink', z: 'pb-export', ...at, type: 'debug', active: false, wires: [] },
      { id: 'export-catch', z: 'pb-export', ...at, type: 'catch', scope: null, uncaught: false, wires: [[]] },
    ];
    await runtime.deploy(flows, { 'bench-odoo': { login: 'admin', apiKey: odoo.fields.api_key }, 'bench-planning': { token: 'bench-token' } });
    const run = await exportAll(runtime);
    const total = Object.values(run.records).reduce((a, b) => a + b, 0);
    const current = (await (await fetch(`${planning.url}/api/v1/datasets`, { headers: { Authorization: 'Bearer bench-token' } })).json()) as {
      items: Array<{ dataset: string; row_count: number }>;
    };
    const swapped = current.items.map((d) => `${d.dataset} ${d.row_count}`).join(', ');
    console.log(
      `\nnightly export of ${products} products: ${Object.entries(run.records)
        .map(([d, n]) => `${d} ${n}`)
        .join(', ')} (${total} records, ${run.pages} pages) in ${(run.ns / 1e9).toFixed(1)} s ` +
        `(${((total / run.ns) * 1e9).toFixed(0)} records/s); the platform swapped in: ${swapped}; runtime peak RSS during the export ${(run.peakRss / 1048576).toFixed(0)} MB`,
    );
    printTable('Nightly planning export', [
      {
        benchmark: `Odoo → canonical → validate → planning REST, tracked (${total} records), per record`,
        ours: run.ns / total,
        baselineName: 'JSON serialisation of the same pages',
        baseline: run.serialiseNs / total,
      },
    ]);
  } finally {
    await runtime.deploy([]);
    await Promise.all([odoo.stop(), planning.stop()]);
  }
}

export async function benchPlanning(runtime: EmbeddedRuntime): Promise<void> {
  benchEngine();
  await benchExport(runtime);
}
