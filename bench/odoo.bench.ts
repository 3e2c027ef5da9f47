import type { EventEmitter } from 'node:events';
import { DEFAULT_RESILIENCE } from '../nodes/lib/resilience';
import { OdooClient } from '../nodes/odoo/client/odoo-client';
import type { OdooRecord } from '../nodes/odoo/client/types';
import { MappingContext } from '../nodes/odoo/map/context';
import { itemMapper } from '../nodes/odoo/map/mappers/item';
import type { EmbeddedRuntime } from './lib/embedded-runtime';
import { startChildSandbox } from './lib/child-sandbox';
import { nowNs, printTable } from './lib/measure';

const PAGE = 500;
const at = { x: 100, y: 100 };

async function sandboxCalls(url: string, reset = false): Promise<number> {
  const response = await fetch(`${url}/_sandbox/counters${reset ? '/reset' : ''}`, { method: 'POST' });
  const body = (await response.json()) as { total?: number };
  return body.total ?? 0;
}

/** Runs one search node until its last page; answers the wall time, pages and records. */
async function syncOnce(runtime: EmbeddedRuntime, entry: string, sink: string): Promise<{ ns: number; cpuNs: number; pages: number; records: number }> {
  const node = runtime.node(sink) as unknown as EventEmitter;
  let pages = 0;
  let records = 0;
  const start = nowNs();
  const cpuStart = process.cpuUsage();
  await new Promise<void>((resolve) => {
    const onInput = (msg: { payload: unknown[]; batch: { last: boolean } }, _send: unknown, done: () => void): void => {
      pages += 1;
      records += msg.payload.length;
      done();
      if (msg.batch.last) {
        node.removeListener('input', onInput);
        resolve();
      }
    };
    node.on('input', onInput);
    runtime.node(entry).receive({});
  });
  const cpu = process.cpuUsage(cpuStart);
  // The runtime's own work (CPU time), apart from the time it waits for Odoo to answer.
  return { ns: Number(nowNs() - start), cpuNs: (cpu.user + cpu.system) * 1000, pages, records };
}

/** The same product pages fetched as text, then parsed and mapped in isolation: the bare cost. */
async function bareParseAndMap(client: OdooClient, url: string, apiKey: string, fields: string[]): Promise<{ ns: number; cpuNs: number; fetchCpuNs: number }> {
  const bodies: string[] = [];
  let last = 0;
  // Receiving the pages over loopback HTTP costs CPU too (sockets, the kernel's TCP, strings): measured apart.
  const fetchStart = process.cpuUsage();
  for (;;) {
    const response = await fetch(`${url}/json/2/product.product/search_read`, {
      method: 'POST',
      headers: { authorization: `bearer ${apiKey}`, 'content-type': 'application/json', 'x-odoo-database': 'sandbox' },
      body: JSON.stringify({ domain: [['id', '>', last]], fields, order: 'id asc', limit: PAGE }),
    });
    const text = await response.text();
    const rows = JSON.parse(text) as OdooRecord[];
    if (!rows.length) break;
    bodies.push(text);
    last = rows[rows.length - 1].id;
  }
  const fetched = process.cpuUsage(fetchStart);
  const context = new MappingContext(client, await client.connect());
  await context.uoms();
  const start = nowNs();
  const cpuStart = process.cpuUsage();
  let mapped = 0;
  for (const body of bodies) mapped += (await itemMapper.mapPage?.(JSON.parse(body) as OdooRecord[], context))?.length ?? 0;
  if (!mapped) throw new Error('nothing was mapped');
  const cpu = process.cpuUsage(cpuStart);
  return { ns: Number(nowNs() - start), cpuNs: (cpu.user + cpu.system) * 1000, fetchCpuNs: (fetched.user + fetched.system) * 1000 };
}

/** N products read page by page the way XML-RPC packs do it: a new client and login for every message. */
async function xmlRpcReads(url: string, password: string, pages: number, library: 'odoo-xmlrpc' | 'odoo-await'): Promise<number> {
  const { hostname, port } = new URL(url);
  const start = nowNs();
  for (let page = 0; page < pages; page++) {
    if (library === 'odoo-xmlrpc') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer without types, loaded only for its row
      const Odoo = require('odoo-xmlrpc');
      const odoo = new Odoo({ url: `http://${hostname}`, port, db: 'sandbox', username: 'admin', password });
      await new Promise<void>((resolve, reject) => odoo.connect((err: unknown) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve, reject) =>
        odoo.execute_kw(
          'product.product',
          'search_read',
          [[[], ['name', 'default_code', 'uom_id', 'categ_id', 'active', 'standard_price', 'write_date']], { offset: page * PAGE, limit: PAGE }],
          (err: unknown) => (err ? reject(err) : resolve()),
        ),
      );
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a peer without types, loaded only for its row
      const OdooAwait = require('odoo-await');
      const odoo = new OdooAwait({ baseUrl: `http://${hostname}`, port: Number(port), db: 'sandbox', username: 'admin', password });
      await odoo.connect();
      await odoo.searchRead('product.product', [], ['name', 'default_code', 'uom_id', 'categ_id', 'active', 'standard_price', 'write_date'], {
        offset: page * PAGE,
        limit: PAGE,
      });
    }
  }
  return Number(nowNs() - start);
}

/**
 * A full sync of products and stock from the sandbox Odoo (in its own process) into canonical
 * pages: RPC calls, the runtime's peak RSS, and throughput against the bare parse and map of the same
 * pages; then the same product read done the XML-RPC packs' way, with a login per message.
 */
export async function benchOdoo(runtime: EmbeddedRuntime): Promise<void> {
  const products = Number(process.env.PLANBRIDGE_BENCH_ODOO_PRODUCTS ?? 100_000);
  console.log(`starting the sandbox Odoo with ${products} products (5 warehouses) in its own process…`);
  const sandbox = await startChildSandbox('odoo', [
    '--port',
    '0',
    '--products',
    String(products),
    '--odoo-version',
    '19',
    '--seed',
    '1',
    '--warehouses',
    '5',
    '--history-days',
    '30',
  ]);
  const apiKey = sandbox.fields.api_key;
  try {
    const flows = [
      { id: 'ob', type: 'tab', label: 'odoo bench' },
      {
        id: 'bench-odoo',
        type: 'odoo-config',
        url: sandbox.url,
        database: 'sandbox',
        protocol: 'json2',
        timeoutMs: '120000',
        attempts: '3',
        initialDelayMs: '100',
        maxDelayMs: '2000',
        breakerThreshold: '50',
        halfOpenAfterMs: '1000',
      },
      {
        id: 'items',
        z: 'ob',
        ...at,
        type: 'odoo-search',
        server: 'bench-odoo',
        map: 'item',
        model: '',
        domain: '[]',
        fields: '',
        pageSize: String(PAGE),
        mode: 'all',
        wires: [['items-sink']],
      },
      { id: 'items-sink', z: 'ob', ...at, type: 'debug', active: false, wires: [] },
      {
        id: 'stock',
        z: 'ob',
        ...at,
        type: 'odoo-search',
        server: 'bench-odoo',
        map: 'stock_snapshot',
        model: '',
        domain: '[]',
        fields: '',
        pageSize: String(PAGE),
        mode: 'all',
        wires: [['stock-sink']],
      },
      { id: 'stock-sink', z: 'ob', ...at, type: 'debug', active: false, wires: [] },
    ];
    await runtime.deploy(flows, { 'bench-odoo': { login: 'admin', apiKey } });
    const rssBefore = process.memoryUsage().rss;

    // A first run warms both processes up (JIT, the sandbox's indexes); the second is measured.
    await syncOnce(runtime, 'items', 'items-sink');
    await sandboxCalls(sandbox.url, true);
    const items = await syncOnce(runtime, 'items', 'items-sink');
    const itemCalls = await sandboxCalls(sandbox.url);
    await sandboxCalls(sandbox.url, true);
    const stock = await syncOnce(runtime, 'stock', 'stock-sink');
    const stockCalls = await sandboxCalls(sandbox.url);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;

    const client = new OdooClient({
      baseURL: sandbox.url,
      database: 'sandbox',
      login: 'admin',
      apiKey,
      protocol: 'json2',
      timeoutMs: 120_000,
      resilience: DEFAULT_RESILIENCE,
    });
    const bare = await bareParseAndMap(
      client,
      sandbox.url,
      apiKey,
      await Promise.resolve(itemMapper.fields(new MappingContext(client, await client.connect()))),
    );

    const comparePages = 10;
    const ours = nowNs();
    for (let page = 0; page < comparePages; page++)
      await client.searchRead('product.product', {
        fields: ['name', 'default_code', 'uom_id', 'categ_id', 'active', 'standard_price', 'write_date'],
        offset: page * PAGE,
        limit: PAGE,
        order: 'id asc',
      });
    const oursNs = Number(nowNs() - ours);
    const xmlrpcNs = await xmlRpcReads(sandbox.url, sandbox.fields.password, comparePages, 'odoo-xmlrpc');
    const awaitNs = await xmlRpcReads(sandbox.url, sandbox.fields.password, comparePages, 'odoo-await');
    client.dispose();

    console.log(
      `\nOdoo full sync of ${products} products: ${items.records} item records in ${items.pages} pages, ${itemCalls} RPC calls (${(items.records / PAGE).toFixed(0)} pages of data); ` +
        `stock: ${stock.records} snapshot rows in ${stock.pages} pages, ${stockCalls} RPC calls; runtime peak RSS ${peakRssMb.toFixed(0)} MB (before the syncs ${(rssBefore / 1048576).toFixed(0)} MB; target < 400 MB)`,
    );
    printTable('Odoo', [
      {
        benchmark: `full product sync to item@1 (${items.records} records), runtime CPU per record`,
        ours: items.cpuNs / items.records,
        baselineName: 'bare JSON parse + map of the same pages, CPU',
        baseline: bare.cpuNs / items.records,
        target: 2,
      },
      {
        benchmark: `full product sync to item@1, runtime CPU per record`,
        ours: items.cpuNs / items.records,
        baselineName: 'bare fetch (one keep-alive connection) + JSON parse + map of the same pages, CPU',
        baseline: (bare.fetchCpuNs + bare.cpuNs) / items.records,
      },
      {
        benchmark: `full product sync to item@1, wall time per record (includes Odoo's answer time)`,
        ours: items.ns / items.records,
        baselineName: 'bare JSON parse + map of the same pages',
        baseline: bare.ns / items.records,
      },
      {
        benchmark: `stock to stock_snapshot@1 (${stock.records} rows from the quants of 5 warehouses), per row`,
        ours: stock.ns / Math.max(1, stock.records),
        baselineName: 'the product sync, per record',
        baseline: items.ns / items.records,
      },
      {
        benchmark: `${comparePages} pages of ${PAGE} products, JSON-2, one connection`,
        ours: oursNs / comparePages,
        baselineName: 'odoo-xmlrpc, a login per message',
        baseline: xmlrpcNs / comparePages,
      },
      {
        benchmark: `${comparePages} pages of ${PAGE} products, JSON-2, one connection`,
        ours: oursNs / comparePages,
        baselineName: 'odoo-await, a login per message',
        baseline: awaitNs / comparePages,
      },
    ]);
    console.log(
      `calls for ${comparePages} pages: planbridge ${comparePages}, odoo-xmlrpc ${comparePages * 2} (login + read per message), odoo-await ${comparePages * 2}`,
    );
  } finally {
    await runtime.deploy([]);
    await sandbox.stop();
  }
}
