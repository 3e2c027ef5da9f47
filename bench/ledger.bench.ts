import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { EmbeddedRuntime } from './lib/embedded-runtime';
import { interleaved, nowNs, printTable, type Row } from './lib/measure';

const SINGLE_MESSAGES = 2000;
const PAGES = 40;
const PAGE_SIZE = 500;
const ROUNDS = 5;
const at = { x: 100, y: 100 };

interface Engine {
  name: string;
  ledger: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  cleanup(): Promise<void>;
}

function flows(engine: Engine) {
  const tab = { id: 'lb', type: 'tab', label: 'ledger bench' };
  const validate = (id: string, next: string) => ({ id, z: 'lb', ...at, type: 'pb-validate', contract: 'stock_snapshot@1', wires: [[next], []] });
  return [
    tab,
    { id: 'bench-ledger', type: 'ledger-config', ...engine.ledger },
    // untracked: validate -> sink
    validate('plain', 'plain-sink'),
    { id: 'plain-sink', z: 'lb', ...at, type: 'debug', active: false, wires: [] },
    // tracked: track -> validate -> dedupe (one key per message, or per record of a page) -> complete -> sink
    { id: 'track', z: 'lb', ...at, type: 'pb-track', ledger: 'bench-ledger', wires: [['tracked-validate'], []] },
    validate('tracked-validate', 'dedupe'),
    { id: 'dedupe', z: 'lb', ...at, type: 'pb-dedupe', ledger: 'bench-ledger', keyMode: 'fields', key: 'sku', wires: [['complete'], []] },
    { id: 'complete', z: 'lb', ...at, type: 'pb-complete', wires: [['tracked-sink']] },
    { id: 'tracked-sink', z: 'lb', ...at, type: 'debug', active: false, wires: [] },
  ];
}

function record(sku: string, asOf: string) {
  return {
    snapshot_id: '0b9d3c52-5b0b-4b8e-9d1f-3a8f1c0e2a71',
    as_of: asOf,
    sku,
    location: 'WH-1',
    uom: 'EA',
    on_hand: 10,
    reserved: 2,
    available: 8,
    in_transit: 0,
  };
}

async function postgresEngine(url: string): Promise<Engine> {
  const schema = `pb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  return {
    name: 'PostgreSQL',
    ledger: { engine: 'postgres', schema, leaseSeconds: '60' },
    credentials: { 'bench-ledger': { url } },
    async cleanup() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

async function measureEngine(runtime: EmbeddedRuntime, engine: Engine): Promise<Row[]> {
  await runtime.deploy(flows(engine), engine.credentials);
  const plainSink = runtime.counter('plain-sink');
  const trackedSink = runtime.counter('tracked-sink');
  const plain = runtime.node('plain');
  const track = runtime.node('track');
  const asOf = new Date().toISOString();
  let round = 0;

  const pump = async (entry: typeof plain, sink: typeof plainSink, payloads: unknown[]): Promise<number> => {
    const target = sink.count + payloads.length;
    const start = nowNs();
    for (const payload of payloads) entry.receive({ payload });
    await sink.reached(target);
    return Number(nowNs() - start) / payloads.length;
  };
  // Every round uses new SKUs, so the dedupe node claims fresh keys as in production.
  const singles = () => {
    round += 1;
    return Array.from({ length: SINGLE_MESSAGES }, (_, i) => record(`S${round}-${i}`, asOf));
  };
  const pages = () => {
    round += 1;
    return Array.from({ length: PAGES }, (_, p) => Array.from({ length: PAGE_SIZE }, (_, i) => record(`P${round}-${p}-${i}`, asOf)));
  };

  const perMessage = await interleaved(ROUNDS, {
    plain: () => pump(plain, plainSink, singles()),
    tracked: () => pump(track, trackedSink, singles()),
  });
  const perPage = await interleaved(ROUNDS, {
    plain: () => pump(plain, plainSink, pages()),
    tracked: () => pump(track, trackedSink, pages()),
  });
  const added = perMessage.tracked - perMessage.plain;
  console.log(
    `${engine.name}: tracking + dedupe + completion add ${(added / 1e6).toFixed(3)} ms per single-record message ` +
      `(aim: at most 0.300 ms on SQLite), ${((perPage.tracked - perPage.plain) / 1e6).toFixed(3)} ms per page of ${PAGE_SIZE}`,
  );
  return [
    {
      benchmark: `${engine.name}: track, validate, dedupe, complete; one record per message, per message`,
      ours: perMessage.tracked,
      baselineName: 'same flow untracked (validate only)',
      baseline: perMessage.plain,
    },
    {
      benchmark: `${engine.name}: the same, pages of ${PAGE_SIZE} records (one key per record), per page`,
      ours: perPage.tracked,
      baselineName: 'same flow untracked (validate only)',
      baseline: perPage.plain,
    },
  ];
}

/** The cost of the ledger on a message path: tracking, per-record dedupe and completion, against the same flow without them. */
export async function benchLedger(runtime: EmbeddedRuntime): Promise<void> {
  const rows: Row[] = [];
  rows.push(
    ...(await measureEngine(runtime, {
      name: 'SQLite',
      ledger: { engine: 'sqlite', file: 'bench-ledger.db', leaseSeconds: '60' },
      cleanup: async () => undefined,
    })),
  );
  const url = process.env.PLANBRIDGE_BENCH_PG_URL ?? process.env.PLANBRIDGE_TEST_PG_URL;
  if (url) {
    const engine = await postgresEngine(url);
    try {
      rows.push(...(await measureEngine(runtime, engine)));
    } finally {
      await runtime.deploy([]);
      await engine.cleanup();
    }
  } else {
    console.log('PostgreSQL: skipped: no PostgreSQL (set PLANBRIDGE_TEST_PG_URL or PLANBRIDGE_BENCH_PG_URL)');
  }
  printTable('ledger: tracking and dedupe', rows);
}
