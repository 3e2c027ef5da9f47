import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { randomUUID } from 'node:crypto';
import type { StockSnapshot } from '../nodes/canonical/contracts';
import { stockSnapshotV1 } from '../nodes/canonical/schemas/stock-snapshot';
import type { EmbeddedRuntime } from './lib/embedded-runtime';
import { interleaved, nowNs, printTable } from './lib/measure';

const PAGE = 500;
const PAGES_PER_SAMPLE = 60;
const MESSAGES_PER_SAMPLE = 20_000;
const ROUNDS = 9;

function stockPage(size: number, seed: number): StockSnapshot[] {
  const snapshotId = randomUUID();
  const asOf = new Date().toISOString();
  return Array.from({ length: size }, (_, i) => {
    const onHand = ((seed + i) * 37) % 5000;
    const reserved = onHand % 300;
    return {
      snapshot_id: snapshotId,
      as_of: asOf,
      sku: `SKU-${seed}-${i}`,
      location: `WH-${i % 5}`,
      uom: 'EA',
      on_hand: onHand,
      reserved,
      available: onHand - reserved,
      in_transit: (i * 13) % 700,
      full: true,
    };
  });
}

// Nodes need x and y: without them Node-RED takes a node for a config node.
const at = { x: 100, y: 100 };
const flows = [
  { id: 'bench-tab', type: 'tab', label: 'bench' },
  { id: 'v-page', z: 'bench-tab', ...at, type: 'pb-validate', contract: 'stock_snapshot@1', wires: [['sink-page'], []] },
  { id: 'sink-page', z: 'bench-tab', ...at, type: 'debug', active: false, wires: [] },
  { id: 'v-one', z: 'bench-tab', ...at, type: 'pb-validate', contract: 'stock_snapshot@1', wires: [['sink-one'], []] },
  { id: 'sink-one', z: 'bench-tab', ...at, type: 'debug', active: false, wires: [] },
  {
    id: 'core-change',
    z: 'bench-tab',
    ...at,
    type: 'change',
    rules: [{ t: 'set', p: 'checked', pt: 'msg', to: 'true', tot: 'bool' }],
    wires: [['sink-change']],
  },
  { id: 'sink-change', z: 'bench-tab', ...at, type: 'debug', active: false, wires: [] },
];

/**
 * pb-validate on pages of 500 stock_snapshot records against raw ajv on the same records, and the
 * cost of one single-record message through pb-validate against one through a core change node.
 */
export async function benchValidate(runtime: EmbeddedRuntime): Promise<void> {
  await runtime.deploy(flows);
  const pages = Array.from({ length: PAGES_PER_SAMPLE }, (_, p) => stockPage(PAGE, p));
  const records = pages.flat();
  const singles = records.slice(0, MESSAGES_PER_SAMPLE);

  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-unit', schemaType: 'string' });
  const rawValidate = ajv.compile(stockSnapshotV1);

  const pageSink = runtime.counter('sink-page');
  const oneSink = runtime.counter('sink-one');
  const changeSink = runtime.counter('sink-change');
  const pageNode = runtime.node('v-page');
  const oneNode = runtime.node('v-one');
  const changeNode = runtime.node('core-change');

  const through = async (node: typeof pageNode, sink: typeof pageSink, messages: unknown[], units: number): Promise<number> => {
    const target = sink.count + messages.length;
    const start = nowNs();
    for (const payload of messages) node.receive({ payload });
    await sink.reached(target);
    return Number(nowNs() - start) / units;
  };

  const perRecord = await interleaved(ROUNDS, {
    rawAjv: async () => {
      const start = nowNs();
      let valid = 0;
      for (const record of records) if (rawValidate(record)) valid++;
      if (valid !== records.length) throw new Error('bench records must be valid');
      return Number(nowNs() - start) / records.length;
    },
    validatePages: () => through(pageNode, pageSink, pages, records.length),
  });

  const perMessage = await interleaved(ROUNDS, {
    change: () => through(changeNode, changeSink, singles, singles.length),
    validateOne: () => through(oneNode, oneSink, singles, singles.length),
  });

  printTable('pb-validate', [
    {
      benchmark: `pb-validate, pages of ${PAGE} stock_snapshot records, per record`,
      ours: perRecord.validatePages,
      baselineName: 'raw ajv, same schema and records',
      baseline: perRecord.rawAjv,
      target: 1.3,
    },
    {
      benchmark: 'pb-validate, one record per message, per message',
      ours: perMessage.validateOne,
      baselineName: 'core change node, one property set',
      baseline: perMessage.change,
    },
  ]);
}
