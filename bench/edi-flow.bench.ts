import { promises as fs } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../runtime/paths';
import type { EmbeddedRuntime } from './lib/embedded-runtime';

interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  [field: string]: unknown;
}

// The shipped inbound path of the Supplier EDI tab: the file in, its 997 back, its documents split.
const SHIPPED = ['se-partner', 'se-in', 'se-parse', 'se-ack', 'se-ack-out'];
// Where the shipped path leaves the inbound part: documents to the switch, refused files to the alert.
const EXITS: Record<string, string> = { 'se-kind': 'sink-docs', 'se-refused': 'sink-refused' };

/** One real X12 855 (node-x12's sample) as the demo supplier (ACMESUPPLY) sends it to us (PLANBRIDGE). */
async function supplier855(): Promise<string> {
  const text = await fs.readFile(path.join(packageRoot, 'test', 'fixtures', 'edi', 'x12', '855', 'node-x12_855.edi'), 'utf8');
  return text
    .replace('*ZZ*1556150        *ZZ*123MILL        *', `*ZZ*${'ACMESUPPLY'.padEnd(15)}*ZZ*${'PLANBRIDGE'.padEnd(15)}*`)
    .replace('GS*PR*1556150*123MILL*', 'GS*PR*ACMESUPPLY*PLANBRIDGE*');
}

async function shippedInbound(inbox: string, outbox: string): Promise<FlowNode[]> {
  const flows = JSON.parse(await fs.readFile(path.join(packageRoot, 'flows', 'flows.json'), 'utf8')) as FlowNode[];
  const taken = flows.filter((n) => SHIPPED.includes(n.id)).map((n): FlowNode => ({ ...n, z: n.z ? 'bench-tab' : undefined }));
  for (const n of taken) {
    n.wires = n.wires?.map((out) => out.map((to) => EXITS[to] ?? to).filter((to) => SHIPPED.includes(to) || Object.values(EXITS).includes(to)));
    if (n.id === 'se-partner') Object.assign(n, { inbound: inbox, outbound: outbox, ledger: 'bench-ledger' });
    if (n.id === 'se-in') n.pollSeconds = '0';
  }
  return [
    { id: 'bench-tab', type: 'tab', label: 'bench' },
    { id: 'bench-ledger', type: 'ledger-config', engine: 'sqlite', file: 'edi-flow-ledger.db' },
    ...taken,
    { id: 'sink-docs', z: 'bench-tab', type: 'debug', active: false, wires: [] },
    { id: 'sink-refused', z: 'bench-tab', type: 'debug', active: false, wires: [] },
  ];
}

async function archived(inbox: string): Promise<string[]> {
  return fs.readdir(path.join(inbox, 'archive')).catch(() => []);
}

/**
 * A supplier file through the shipped inbound EDI path (edi-in, edi-parse, the split, edi-ack,
 * edi-out), as the issue found it: 1,000 copies of a real 855 in one file (1.1 MB) took the runtime
 * from 480 MB to 4.2 GB. Reports the peak RSS growth over the runtime's RSS before the file, as a
 * multiple of the file's size, and how long until the file is archived.
 */
export async function benchEdiFlow(runtime: EmbeddedRuntime): Promise<void> {
  const one = await supplier855();
  const copies = Number(process.env.PLANBRIDGE_BENCH_EDI_COPIES || 1000);
  const folder = path.join(runtime.userDir, 'edi-flow');
  const inbox = path.join(folder, 'in');
  const outbox = path.join(folder, 'out');
  await fs.mkdir(inbox, { recursive: true });
  await runtime.deploy(await shippedInbound(inbox, outbox));
  const docs = runtime.counter('sink-docs');

  const file = one.repeat(copies);
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = Date.now();
  const dropped = path.join(inbox, 'supplier-855s.x12');
  await fs.writeFile(dropped, file);
  // As a file whose upload finished a while ago: the inbox leaves files written in the last 2 s alone.
  const settled = new Date(Date.now() - 5000);
  await fs.utimes(dropped, settled, settled);
  runtime.node('se-in').receive({});
  await docs.reached(copies);
  while (!(await archived(inbox)).length) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;
  const growth = peak - before;
  console.log(`\n### Supplier EDI file through the shipped inbound path\n`);
  console.log('| file | documents | time to archive | RSS before | peak RSS | growth | growth / file size |');
  console.log('|---|---|---|---|---|---|---|');
  console.log(
    `| ${mb(file.length)} (${copies} × 855) | ${docs.count} | ${seconds.toFixed(1)} s | ${mb(before)} | ${mb(peak)} | ${mb(growth)} | ${(growth / file.length).toFixed(1)}x |`,
  );
}
