import type { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NodeAPI, NodeMessage } from 'node-red';
import request from 'supertest';
import ediPartner from '../../nodes/edi/edi-partner';
import ediParse from '../../nodes/edi/edi-parse';
import ediBuild from '../../nodes/edi/edi-build';
import ediAck from '../../nodes/edi/edi-ack';
import ediIn from '../../nodes/edi/edi-in';
import ediOut from '../../nodes/edi/edi-out';
import { parseEdi, type EdiProblem, type SupplierOrder } from '../../nodes/edi/codec';
import { EXAMPLE_EDIFACT_D96A, EXAMPLE_X12_4010 } from '../../nodes/edi/partners';
import type { PartnerProfile } from '../../nodes/edi/partners';
import { startFakeServer, type FakeServer } from '../fakes/http-server';
import { nextCall, nextMessage, node, settled, statusWhere, useNodeRed } from '../helpers/node-red';
import { ledgerConfigNode, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'edi');
const TOKEN = 'edi-inbound-token-0123456789';

interface CorpusEntry {
  file: string;
  valid: boolean;
  problems: string[];
}

let httpNode: unknown;
const ediInCapturingApp = (RED: NodeAPI) => {
  httpNode = RED.httpNode;
  return ediIn(RED);
};
const ediNodes = [...reliabilityNodes, ediPartner, ediParse, ediBuild, ediAck, ediInCapturingApp, ediOut];

function load(flow: Array<Record<string, unknown>>) {
  const credentials: Record<string, unknown> = {};
  const nodes = flow.map(({ credentials: secret, ...rest }) => {
    if (secret) credentials[rest.id as string] = secret;
    return rest;
  });
  return helper.load(ediNodes, nodes as never, credentials);
}

function partnerNode(profile: PartnerProfile, fields: Record<string, unknown> = {}) {
  return {
    id: 'partner',
    type: 'edi-partner',
    profile: JSON.stringify(profile),
    ledger: 'ledger',
    attempts: '3',
    initialDelayMs: '5',
    maxDelayMs: '50',
    breakerThreshold: '50',
    halfOpenAfterMs: '100',
    ...fields,
  };
}

function order(poId: string, supplier = 'SUP-ACME'): SupplierOrder {
  return {
    po_id: poId,
    supplier,
    order_date: '2026-11-20',
    currency: 'USD',
    ship_to: 'WH-BER',
    lines: [
      { line_id: '1', sku: 'BOLT-M8-40', quantity: 2000, uom: 'PCE', unit_price: 0.12, need_by: '2026-12-01' },
      { line_id: '2', sku: 'NUT-M8', quantity: 5000, uom: 'PCE' },
    ],
  };
}

type Outcome = { output: 1 | 2; msg: NodeMessage & Record<string, unknown> } | { error: unknown };

/**
 * Whatever edi-parse does with each message: output 1, output 2, or an error reported to Catch.
 * One listener per node for the whole test: Node-RED keeps input listeners in a list of its own,
 * which once() listeners raced against each other would leave behind.
 */
function outcomes(): () => Promise<Outcome> {
  const arrived: Outcome[] = [];
  let waiting: ((o: Outcome) => void) | undefined;
  const push = (o: Outcome): void => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(o);
    } else arrived.push(o);
  };
  node('ok').on('input', (msg: NodeMessage) => push({ output: 1, msg: msg }));
  node('bad').on('input', (msg: NodeMessage) => push({ output: 2, msg: msg }));
  node<import('node:events').EventEmitter>('parse').on('call:error', (call: { args: unknown[] }) => push({ error: call.args[0] }));
  return () => (arrived.length ? Promise.resolve(arrived.shift() as Outcome) : new Promise<Outcome>((resolve) => (waiting = resolve)));
}

let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;
let dir: string;
beforeEach(async () => {
  ledgerFile = await tempLedgerFile();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-edi-'));
});
afterEach(async () => {
  await helper.unload();
  await ledgerFile.cleanup();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('edi-parse', () => {
  const flow = () => [
    ledgerConfigNode(ledgerFile.file),
    partnerNode(EXAMPLE_X12_4010),
    { id: 'parse', type: 'edi-parse', wires: [['ok'], ['bad']] },
    { id: 'ok', type: 'helper' },
    { id: 'bad', type: 'helper' },
  ];

  it('sends every corpus file to one of its outputs, never throws, and names position and rule of each problem', async () => {
    const corpus = JSON.parse(await fs.readFile(path.join(FIXTURES, 'corpus.json'), 'utf8')) as CorpusEntry[];
    await load(flow());
    const next = outcomes();
    for (const entry of corpus) {
      const bytes = await fs.readFile(path.join(FIXTURES, entry.file));
      node('parse').receive({ payload: bytes, filename: `/in/${path.basename(entry.file)}` });
      const got = await next();
      if ('error' in got) throw new Error(`${entry.file}: edi-parse reported an error: ${String(got.error)}`);
      const edi = got.msg.edi as { fileName: string; input: string; problems: EdiProblem[] };
      expect(edi.fileName).toBe(path.basename(entry.file));
      expect(edi.input.length).toBeGreaterThan(0);
      if (!entry.valid) {
        expect({ file: entry.file, output: got.output }).toEqual({ file: entry.file, output: 2 });
        const problems = got.msg.payload as EdiProblem[];
        for (const p of problems) {
          expect(p).toEqual(expect.objectContaining({ segmentPosition: expect.any(Number), rule: expect.any(String), message: expect.any(String) }));
        }
        for (const expected of entry.problems) expect(problems.map((p) => `${p.rule}@${p.segmentPosition}`)).toContain(expected);
      } else if (got.output === 1) {
        const documents = got.msg.payload as Array<{ type: string; interchange: string }>;
        expect(documents.length).toBeGreaterThan(0);
      } else {
        // Syntax is fine; what went wrong is the mapping of a set to its canonical record.
        const errors = (got.msg.payload as EdiProblem[]).filter((p) => p.severity === 'error');
        expect(errors.every((p) => p.rule.startsWith('DOC_') || p.rule === 'INTERNAL_ERROR')).toBe(true);
      }
    }
  });

  it('reads a valid order as typed documents with the interchange in brief', async () => {
    await load(flow());
    const next = outcomes();
    node('parse').receive({ payload: await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8') });
    const got = await next();
    if (!('output' in got)) throw new Error('no output');
    expect(got.output).toBe(1);
    expect(got.msg.payload).toEqual([
      expect.objectContaining({
        kind: 'supplier_order',
        type: '850',
        controlReference: '000000010',
        document: expect.objectContaining({ po_id: expect.any(String) }),
      }),
    ]);
    expect(got.msg.edi).toMatchObject({ standard: 'x12', valid: true, interchanges: [{ controlReference: '000003438', sets: [{ type: '850' }] }] });
  });

  it("sends one light message per document when asked, each with the file's message id and never the file itself", async () => {
    await load([
      ledgerConfigNode(ledgerFile.file),
      partnerNode(EXAMPLE_X12_4010),
      { id: 'parse', type: 'edi-parse', split: true, wires: [['ok'], ['bad']] },
      { id: 'ok', type: 'helper' },
      { id: 'bad', type: 'helper' },
    ]);
    const one = await fs.readFile(path.join(FIXTURES, 'x12/855/node-x12_855.edi'), 'utf8');
    const copies = 50;
    const received: Array<NodeMessage & { payload: { kind: string; type: string }; edi: Record<string, unknown> }> = [];
    const all = new Promise<void>((resolve) =>
      node<EventEmitter>('ok').on('input', (msg: (typeof received)[number]) => {
        received.push(msg);
        if (received.length === copies) resolve();
      }),
    );
    node('parse').receive({ _msgid: 'file-1', payload: one.repeat(copies), filename: '/in/many-855s.x12', topic: 'edi/SUP' });
    await all;
    expect(new Set(received.map((m) => m._msgid))).toEqual(new Set(['file-1']));
    expect(received.map((m) => m.edi.document)).toEqual(Array.from({ length: copies }, (_, i) => i + 1));
    for (const msg of received) {
      expect(msg.payload).toMatchObject({ kind: 'po_acknowledgment', type: '855' });
      expect(msg.edi).toEqual({ standard: 'x12', valid: true, fileName: 'many-855s.x12', partner: undefined, document: msg.edi.document, documents: copies });
      expect(msg.topic).toBe('edi/SUP');
      // A document's message is about its document: the file's text is not copied into each.
      expect(JSON.stringify(msg).length).toBeLessThan(one.length * 3);
    }
  });

  it('routes input that is no EDI at all (an object, garbage, nothing) to the problems output', async () => {
    await load(flow());
    const next = outcomes();
    for (const payload of [{ not: 'edi' }, 'hello world', '', undefined]) {
      node('parse').receive({ payload });
      const got = await next();
      if (!('output' in got)) throw new Error('error reported');
      expect(got.output).toBe(2);
      expect((got.msg.payload as EdiProblem[])[0]).toEqual(
        expect.objectContaining({ segmentPosition: 0, rule: expect.stringMatching(/^(INPUT_EMPTY|DETECT_UNKNOWN_STANDARD)$/) }),
      );
    }
  });
});

describe('edi-partner', () => {
  it('reports an invalid profile at deploy and the nodes using it refuse to start, without a crash', async () => {
    await load([
      ledgerConfigNode(ledgerFile.file),
      partnerNode({ ...EXAMPLE_X12_4010, version: '003050' }),
      { id: 'build', type: 'edi-build', partner: 'partner', wires: [['ok']] },
      { id: 'ok', type: 'helper' },
    ]);
    const errors = node<{ error: { args: unknown[][] } }>('partner').error.args.map((a) => String(a[0]));
    expect(errors.join('\n')).toMatch(/version must be one of 004010, 005010/);
    const statuses = node<{ status: { args: Array<[{ text?: string }]> } }>('build').status.args.map((a) => a[0].text);
    expect(statuses).toContain('EDI_PARTNER_INVALID');
  });
});

describe('edi-build', () => {
  const flow = (profile: PartnerProfile) => [
    ledgerConfigNode(ledgerFile.file),
    partnerNode(profile),
    { id: 'build', type: 'edi-build', partner: 'partner', document: '', wires: [['out']] },
    { id: 'out', type: 'helper' },
  ];

  async function build(msg: Record<string, unknown>): Promise<NodeMessage & { payload: string; edi: Record<string, unknown> }> {
    const got = nextMessage<NodeMessage & { payload: string; edi: Record<string, unknown> }>('out');
    node('build').receive(msg);
    return got;
  }

  it('builds an 850 with the next ledger number, and a redelivered PO gets the same number and the same file', async () => {
    await load(flow(EXAMPLE_X12_4010));
    const first = await build({ payload: order('PO-1'), topic: '850' });
    expect(first.edi).toMatchObject({
      controlNumber: '000000001',
      fileName: 'SUP-ACME_000000001.x12',
      partner: 'SUP-ACME',
      businessKey: 'supplier_order:PO-1',
      reused: false,
    });
    const parsed = parseEdi(first.payload);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.interchanges[0]).toMatchObject({ controlReference: '000000001', groups: [{ sets: [{ type: '850' }] }] });
    const again = await build({ payload: order('PO-1') });
    expect(again.edi).toMatchObject({ controlNumber: '000000001', reused: true });
    expect(again.payload).toBe(first.payload);
    const next = await build({ payload: order('PO-2') });
    expect(next.edi).toMatchObject({ controlNumber: '000000002', fileName: 'SUP-ACME_000000002.x12' });
  });

  it('builds an ORDERS for an EDIFACT partner, numbered in its own sequence', async () => {
    await load(flow(EXAMPLE_EDIFACT_D96A));
    const first = await build({ payload: { ...order('PO-7', 'SUP-WUERTH'), currency: 'EUR' }, topic: 'edi/ORDERS' });
    expect(first.edi).toMatchObject({ controlNumber: '1', fileName: 'SUP-WUERTH_1.edi', standard: 'edifact' });
    const parsed = parseEdi(first.payload);
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.interchanges[0]).toMatchObject({ controlReference: '1', groups: [{ sets: [{ type: 'ORDERS' }] }] });
    expect((await build({ payload: order('PO-8', 'SUP-WUERTH'), edi: { businessKey: 'po:PO-8' } })).edi).toMatchObject({
      controlNumber: '2',
      businessKey: 'po:PO-8',
    });
  });

  it('fails with EDI_BUILD_INVALID and the problems when the document cannot be written', async () => {
    await load(flow(EXAMPLE_X12_4010));
    const reported = nextCall('build', 'error');
    node('build').receive({ payload: { ...order('PO-9'), po_id: 'PO*9~' } });
    const [error] = (await reported) as [{ code: string; cause: { problems: EdiProblem[] } }];
    expect(error.code).toBe('EDI_BUILD_INVALID');
    expect(error.cause.problems).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'BUILD_VALUE_HAS_DELIMITER' })]));
  });
});

describe('edi-ack', () => {
  const flow = (profile: PartnerProfile) => [
    ledgerConfigNode(ledgerFile.file),
    partnerNode(profile),
    { id: 'parse', type: 'edi-parse', partner: 'partner', wires: [['ack'], ['ack']] },
    { id: 'ack', type: 'edi-ack', partner: 'partner', wires: [['out']] },
    { id: 'out', type: 'helper' },
  ];

  async function ack(file: string): Promise<NodeMessage & { payload: string; edi: Record<string, unknown> }> {
    const got = nextMessage<NodeMessage & { payload: string; edi: Record<string, unknown> }>('out');
    node('parse').receive({ payload: await fs.readFile(path.join(FIXTURES, file)) });
    return got;
  }

  it('accepts a valid X12 interchange with a 997 numbered by the ledger, and rejects a broken one', async () => {
    await load(flow(EXAMPLE_X12_4010));
    const accepted = await ack('x12/855/node-x12_855.edi');
    expect(accepted.edi).toMatchObject({ accepted: true, controlNumber: '000000001', kind: 'functional_ack' });
    const reply = parseEdi(accepted.payload);
    expect(reply.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(reply.interchanges[0].groups[0].sets[0].type).toBe('997');
    expect(accepted.payload).toMatch(/AK9\*A\*/);
    const rejected = await ack('x12/855/derived_se_missing_node-x12_855.edi');
    expect(rejected.edi).toMatchObject({ accepted: false, controlNumber: '000000002' });
    expect(rejected.payload).toMatch(/AK5\*R/);
  });

  it('carries neither the received text nor the parse on its acknowledgments, one per interchange', async () => {
    await load(flow(EXAMPLE_X12_4010));
    const one = await fs.readFile(path.join(FIXTURES, 'x12/855/node-x12_855.edi'), 'utf8');
    const acks: Array<NodeMessage & { payload: string; edi: Record<string, unknown> }> = [];
    const all = new Promise<void>((resolve) =>
      node<EventEmitter>('out').on('input', (msg: (typeof acks)[number]) => {
        acks.push(msg);
        if (acks.length === 20) resolve();
      }),
    );
    node('parse').receive({ payload: one.repeat(20), filename: '/in/twenty.x12' });
    await all;
    for (const ack of acks) {
      expect(ack.edi).not.toHaveProperty('input');
      expect(ack.edi).not.toHaveProperty('interchanges');
      expect(ack.edi).toMatchObject({ kind: 'functional_ack', fileName: expect.stringMatching(/\.x12$/) });
      expect(ack.payload).toMatch(/^ISA/);
      expect(ack.payload.length).toBeLessThan(one.length);
    }
  });

  it('answers EDIFACT with CONTRL, accepting and rejecting', async () => {
    await load(flow(EXAMPLE_EDIFACT_D96A));
    const accepted = await ack('edifact/ORDRSP/handwritten_ordrsp_d96a.edi');
    expect(accepted.edi).toMatchObject({ accepted: true, controlNumber: '1' });
    expect(parseEdi(accepted.payload).interchanges[0].groups[0].sets[0].type).toBe('CONTRL');
    const rejected = await ack('edifact/DESADV/derived_unt_count_desadv.edi');
    expect(rejected.edi).toMatchObject({ accepted: false, controlNumber: '2' });
  });
});

describe('edi-in', () => {
  const inbound = () => path.join(dir, 'in');
  const flow = (fields: Record<string, unknown> = {}) => [
    ledgerConfigNode(ledgerFile.file),
    partnerNode(EXAMPLE_X12_4010, { inbound: inbound(), credentials: { token: TOKEN } }),
    { id: 'in', type: 'edi-in', partner: 'partner', pollSeconds: '0', ...fields, wires: [['got']] },
    { id: 'got', type: 'helper' },
  ];
  const list = async (sub = ''): Promise<string[]> => (await fs.readdir(path.join(inbound(), sub)).catch(() => [] as string[])).sort();

  it('claims files, resumes one left in processing/, archives them, quarantines junk with a reason and leaves .tmp alone', async () => {
    const x12 = await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8');
    await fs.mkdir(path.join(inbound(), 'processing'), { recursive: true });
    await fs.writeFile(path.join(inbound(), 'a.edi'), x12);
    await fs.writeFile(path.join(inbound(), 'junk.edi'), 'this is not EDI');
    await fs.writeFile(path.join(inbound(), 'b.edi.tmp'), x12.slice(0, 50));
    await fs.writeFile(path.join(inbound(), 'processing', 'left.edi'), x12);
    const seen: NodeMessage[] = [];
    await load(flow());
    node('got').on('input', (m: NodeMessage) => seen.push(m));
    await statusWhere('in', (s) => s.fill === 'green');
    expect(seen.map((m) => (m as { edi: { fileName: string } }).edi.fileName).sort()).toEqual(['a.edi', 'left.edi']);
    expect(seen[0]).toMatchObject({ topic: 'edi/SUP-ACME', payload: x12 });
    expect(await list('archive')).toEqual(['a.edi', 'left.edi']);
    expect(await list('quarantine')).toEqual(['junk.edi', 'junk.edi.reason.txt']);
    expect(await fs.readFile(path.join(inbound(), 'quarantine', 'junk.edi.reason.txt'), 'utf8')).toMatch(/DETECT_UNKNOWN_STANDARD/);
    expect(await list('processing')).toEqual([]);
    expect((await list()).filter((n) => !['archive', 'quarantine', 'processing'].includes(n))).toEqual(['b.edi.tmp']);
  });

  it('looks at the folder when a message arrives', async () => {
    await load(flow());
    const x12 = await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8');
    await fs.mkdir(inbound(), { recursive: true });
    await fs.writeFile(path.join(inbound(), 'c.edi'), x12);
    const got = nextMessage('got');
    const done = settled('in');
    node('in').receive({ payload: 'look' });
    expect((await got).edi).toMatchObject({ fileName: 'c.edi' });
    expect(await done).toMatchObject({ fill: 'green' });
    expect(await list('archive')).toEqual(['c.edi']);
  });

  it('takes interchanges over HTTP with the partner token and refuses requests without it', async () => {
    await load(flow({ http: true }));
    const x12 = await fs.readFile(path.join(FIXTURES, 'x12/850/node-x12_850.edi'), 'utf8');
    await request(httpNode as never)
      .post('/planbridge/edi/SUP-ACME')
      .set('Content-Type', 'application/edi-x12')
      .send(x12)
      .expect(401);
    const got = nextMessage('got');
    const answer = await request(httpNode as never)
      .post('/planbridge/edi/SUP-ACME')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'application/edi-x12')
      .send(x12)
      .expect(202);
    expect((await got).payload).toBe(x12);
    expect((await got).edi).toMatchObject({ fileName: answer.body.file });
  });
});

describe('edi-out', () => {
  let server: FakeServer;
  beforeEach(async () => {
    server = await startFakeServer();
  });
  afterEach(() => server.close());

  it('writes the interchange into the outbound folder under its control-number name, with no temporary file left', async () => {
    const outbound = path.join(dir, 'out');
    await load([
      ledgerConfigNode(ledgerFile.file),
      partnerNode(EXAMPLE_X12_4010, { outbound }),
      { id: 'build', type: 'edi-build', partner: 'partner', wires: [['out']] },
      { id: 'out', type: 'edi-out', partner: 'partner', transport: 'folder', wires: [['done']] },
      { id: 'done', type: 'helper' },
    ]);
    const got = nextMessage<NodeMessage & { payload: string; edi: Record<string, unknown> }>('done');
    node('build').receive({ payload: order('PO-1') });
    const msg = await got;
    expect(msg.edi).toMatchObject({
      fileName: 'SUP-ACME_000000001.x12',
      delivered: { transport: 'folder', path: path.join(outbound, 'SUP-ACME_000000001.x12') },
    });
    expect(await fs.readdir(outbound)).toEqual(['SUP-ACME_000000001.x12']);
    expect(await fs.readFile(path.join(outbound, 'SUP-ACME_000000001.x12'), 'utf8')).toBe(msg.payload);
  });

  it('posts over HTTP and retries a 503 until the partner answers 200', async () => {
    let calls = 0;
    server.respond((_req, res) => {
      calls += 1;
      res.writeHead(calls === 1 ? 503 : 200, { 'content-type': 'text/plain' });
      res.end(calls === 1 ? 'busy' : 'ok');
    });
    await load([
      ledgerConfigNode(ledgerFile.file),
      partnerNode(EXAMPLE_X12_4010, { url: `${server.url}/edi/in`, credentials: { outboundToken: 'partner-secret' } }),
      { id: 'out', type: 'edi-out', partner: 'partner', transport: 'http', wires: [['done']] },
      { id: 'done', type: 'helper' },
    ]);
    const got = nextMessage('done');
    node('out').receive({ payload: 'ISA*...~', edi: { fileName: 'SUP-ACME_000000005.x12', controlNumber: '000000005' } });
    expect((await got).edi).toMatchObject({ delivered: { transport: 'http', status: 200, attempts: 2 } });
    expect(server.requests.map((r) => [r.method, r.url, r.headers.authorization, r.headers['x-planbridge-control-number'], r.body])).toEqual([
      ['POST', '/edi/in', 'Bearer partner-secret', '000000005', 'ISA*...~'],
      ['POST', '/edi/in', 'Bearer partner-secret', '000000005', 'ISA*...~'],
    ]);
  });

  it('reports EDI_TRANSPORT_FAILED after the last attempt', async () => {
    server.respond((_req, res) => {
      res.writeHead(503);
      res.end();
    });
    await load([
      ledgerConfigNode(ledgerFile.file),
      partnerNode(EXAMPLE_X12_4010, { url: server.url }),
      { id: 'out', type: 'edi-out', partner: 'partner', transport: 'http', wires: [[]] },
    ]);
    const reported = nextCall('out', 'error');
    node('out').receive({ payload: 'ISA*...~' });
    const [error] = (await reported) as [{ code: string; cause: { attempts: number } }];
    expect(error.code).toBe('EDI_TRANSPORT_FAILED');
    expect(error.cause.attempts).toBe(3);
  });
});
