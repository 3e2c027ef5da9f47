/**
 * The files `planbridge pack new <system>` writes: a node pack built on planbridge's public entry
 * points (planbridge/kit, planbridge/ledger, planbridge/contracts, planbridge/testing) only. It passes
 * its own tests as generated; the system's calls, fields and mapping are the author's to change.
 */
export interface PackNames {
  /** The system's name as the node types use it: `carrier` gives carrier-config and carrier-read. */
  system: string;
  /** In class and interface names: Carrier. */
  Pascal: string;
  /** In error codes: CARRIER. */
  CODE: string;
  /** The pack's contract: carrier_record@1. */
  contract: string;
}

export function packNames(system: string): PackNames {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(system))
    throw new Error(`A system name is lower-case letters and digits, words joined by dashes (e.g. "carrier"), got "${system}"`);
  const words = system.split('-');
  return {
    system,
    Pascal: words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
    CODE: words.join('_').toUpperCase(),
    contract: `${words.join('_')}_record@1`,
  };
}

type Template = (n: PackNames) => string;

const packageJson: Template = (n) =>
  `${JSON.stringify(
    {
      name: `planbridge-${n.system}`,
      version: '0.1.0',
      description: `planbridge nodes for ${n.Pascal}`,
      license: 'Apache-2.0',
      keywords: ['node-red', 'planbridge'],
      engines: { node: '>=22.13' },
      scripts: { build: 'tsc -p tsconfig.json && node scripts/copy-assets.js', test: 'tsc -p tsconfig.json --noEmit && jest' },
      'node-red': {
        version: '>=5.0.0',
        nodes: { [`${n.system}-config`]: `dist/nodes/${n.system}-config.js`, [`${n.system}-read`]: `dist/nodes/${n.system}-read.js` },
      },
      peerDependencies: { planbridge: '*' },
    },
    null,
    2,
  )}\n`;

const tsconfig: Template = () =>
  `${JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2024'],
        module: 'commonjs',
        moduleResolution: 'node10',
        rootDir: '.',
        outDir: 'dist',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        isolatedModules: true,
        types: ['node', 'jest'],
      },
      include: ['nodes/**/*.ts', 'sandbox/**/*.ts', 'test/**/*.ts'],
    },
    null,
    2,
  )}\n`;

const jestConfig: Template = () => `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
`;

const contract: Template = (n) => `import { registerContract } from 'planbridge/contracts';

/** The canonical record this pack brings in; registered with planbridge so pb-validate checks it too. */
export const ${n.Pascal}RecordV1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:planbridge:${n.contract}',
  title: '${n.Pascal} record',
  description: 'One record read from ${n.Pascal}.',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'updated_at'],
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

export interface ${n.Pascal}Record {
  id: string;
  name: string;
  updated_at: string;
}

registerContract(${n.Pascal}RecordV1);
`;

const client: Template = (
  n,
) => `import { createHttpClient, InputError, Resilience, resilienceFrom, type HttpClient, type ResilienceOptions } from 'planbridge/kit';

/** What ${n.Pascal} answers for one page of records. */
export interface ${n.Pascal}Page {
  items: unknown[];
  next_cursor: string | null;
}

/** The fields of ${n.system}-config, as the editor saves them. */
export interface ${n.Pascal}Fields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  baseUrl: string;
  timeoutMs: string;
}

/** ${n.Pascal}'s API: one client per config node, every call under the connection's retries and circuit. No node-red import. */
export class ${n.Pascal}Client {
  readonly resilience: Resilience;
  private readonly http: HttpClient;

  constructor(fields: ${n.Pascal}Fields, apiKey: string) {
    if (!/^https?:\\/\\//.test(fields.baseUrl ?? '')) throw new InputError(\`The base URL must start with http:// or https://, got "\${fields.baseUrl ?? ''}"\`, 'CONFIG_INVALID');
    this.http = createHttpClient({ system: '${n.CODE}', baseURL: fields.baseUrl, timeoutMs: Number(fields.timeoutMs) || 30_000, headers: { 'X-Api-Key': apiKey } });
    this.resilience = new Resilience(fields.name || new URL(fields.baseUrl).host, resilienceFrom(fields), '${n.CODE}');
  }

  /** One page of records changed since the cursor (null: from the start). */
  page(cursor: string | null, limit: number): Promise<${n.Pascal}Page> {
    return this.resilience.execute(async () => {
      const response = await this.http.request<${n.Pascal}Page>({ method: 'GET', url: '/api/v1/records', params: { limit, ...(cursor ? { cursor } : {}) } });
      return response.data;
    });
  }

  dispose(): void {
    this.http.dispose();
  }
}
`;

const mapper: Template = (n) => `import { InputError } from 'planbridge/kit';
import type { ${n.Pascal}Record } from '../contract';

/** ${n.Pascal}'s record to the canonical ${n.contract}: pure, so every rule of the mapping is tested without Node-RED. */
export function to${n.Pascal}Record(raw: unknown, index: number): ${n.Pascal}Record {
  const r = (raw ?? {}) as Record<string, unknown>;
  if (typeof r.id !== 'string' && typeof r.id !== 'number') throw new InputError(\`Record \${index} has no id\`, '${n.CODE}_RECORD_INVALID', { index });
  return {
    id: String(r.id),
    name: typeof r.name === 'string' ? r.name.trim() : '',
    updated_at: new Date(String(r.updated_at)).toISOString(),
  };
}
`;

const configNode: Template = (n) => `import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection, runtimeOf } from 'planbridge/kit';
import { ${n.Pascal}Client, type ${n.Pascal}Fields } from './client/${n.system}-client';

export interface ${n.Pascal}ConfigNode extends Node<{ apiKey?: string }> {
  client?: ${n.Pascal}Client;
  problem?: string;
}

/** A ${n.Pascal} account: base URL, API key, and the retries and circuit of every call. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function ${n.Pascal}Config(this: ${n.Pascal}ConfigNode, def: NodeDef & ${n.Pascal}Fields): void {
    RED.nodes.createNode(this, def);
    this.client = holdConnection(runtime, this, () => {
      const client = new ${n.Pascal}Client(def, this.credentials?.apiKey ?? '');
      return { client, resilience: client.resilience, dispose: () => client.dispose() };
    })?.client;
  }

  RED.nodes.registerType<${n.Pascal}ConfigNode, NodeDef & ${n.Pascal}Fields, object, { apiKey?: string }>('${n.system}-config', ${n.Pascal}Config, {
    credentials: { apiKey: { type: 'password' } },
  });
}
`;

const readNode: Template = (n) => `import type { Node, NodeAPI, NodeDef } from 'node-red';
import { ConfigError, newEvent, nodeKit, PagePacer, Status, toPlanbridgeError } from 'planbridge/kit';
import type { LedgerConfigNode, LedgerMessage } from 'planbridge/ledger';
import './contract';
import type { ${n.Pascal}ConfigNode } from './${n.system}-config';
import { readSince } from './read/read-since';

interface ReadDef extends NodeDef {
  server: string;
  ledger: string;
  pageSize: string;
}

/** Reads ${n.Pascal}'s records changed since the last run, as pages of ${n.contract}; the cursor is kept in the ledger. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function ${n.Pascal}Read(this: Node, def: ReadDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as ${n.Pascal}ConfigNode | null;
    const ledger = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null)?.ledger : undefined;
    try {
      if (!server?.client) throw new ConfigError(server?.problem ?? 'No ${n.Pascal} account is configured');
      if (!ledger) throw new ConfigError('The read keeps its cursor in the ledger: choose a ledger');
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    const pacer = new PagePacer(RED);
    const pageSize = Math.min(1000, Math.max(1, Number(def.pageSize) || 200));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const event = newEvent({ source: 'planbridge/${n.system}', type: 'dev.planbridge.${n.system}.page', contract: '${n.contract}', correlationid: msg.event?.correlationid });
        const total = await readSince(client, await ledger, \`${n.system}:\${this.id}\`, pageSize, (page) => {
          pacer.emit(emit, { ...msg, ...page, event: { ...event }, topic: '${n.system}/records' });
          return pacer.ready();
        });
        await pacer.drain();
        return { status: \`\${total} records\` };
      });
    });
  }

  RED.nodes.registerType('${n.system}-read', ${n.Pascal}Read);
}
`;

const readSince: Template = (n) => `import { randomUUID } from 'node:crypto';
import type { Ledger } from 'planbridge/ledger';
import type { ${n.Pascal}Client } from '../client/${n.system}-client';
import { to${n.Pascal}Record } from '../map/${n.system}';

/**
 * Reads every page changed since the cursor kept under \`cursorName\`, hands each (mapped, as one batch) to
 * \`deliver\`, and moves the cursor only after a page was delivered: a crash reads a page again at worst.
 * Answers the number of records.
 */
export async function readSince(
  client: ${n.Pascal}Client,
  ledger: Ledger,
  cursorName: string,
  pageSize: number,
  deliver: (page: { payload: unknown[]; batch: { id: string; seq: number; last: boolean; count: number } }) => Promise<void>,
): Promise<number> {
  const batchId = randomUUID();
  let cursor = (await ledger.cursors.get(cursorName)) ?? null;
  let seq = 0;
  let total = 0;
  for (;;) {
    const page = await client.page(cursor, pageSize);
    const records = page.items.map(to${n.Pascal}Record);
    const last = !page.next_cursor || page.next_cursor === cursor;
    seq += 1;
    total += records.length;
    await deliver({ payload: records, batch: { id: batchId, seq, last, count: records.length } });
    if (page.next_cursor && page.next_cursor !== cursor) {
      cursor = page.next_cursor;
      await ledger.cursors.set(cursorName, cursor);
    }
    if (last) return total;
  }
}
`;

const configHtml: Template = (n) => `<script type="text/javascript">
  RED.nodes.registerType('${n.system}-config', {
    category: 'config',
    defaults: Object.assign(
      {
        name: { value: '' },
        baseUrl: { value: '', required: true, validate: RED.validators.regex(/^https?:\\/\\/.+/) },
        timeoutMs: { value: '30000', validate: RED.validators.number() },
      },
      RED.plugins.getPlugin('planbridge-runtime').resilience.defaults(),
    ),
    credentials: { apiKey: { type: 'password' } },
    label: function () {
      return this.name || this.baseUrl || '${n.Pascal}';
    },
    oneditprepare: function () {
      RED.plugins.getPlugin('planbridge-runtime').resilience.render(this, '#node-config-resilience');
    },
  });
</script>

<script type="text/html" data-template-name="${n.system}-config">
  <div class="form-row">
    <label for="node-config-input-name"><i class="fa fa-tag"></i> Name</label>
    <input type="text" id="node-config-input-name">
  </div>
  <div class="form-row">
    <label for="node-config-input-baseUrl"><i class="fa fa-globe"></i> Base URL</label>
    <input type="text" id="node-config-input-baseUrl" placeholder="https://api.example.com">
  </div>
  <div class="form-row">
    <label for="node-config-input-apiKey"><i class="fa fa-key"></i> API key</label>
    <input type="password" id="node-config-input-apiKey">
  </div>
  <div class="form-row">
    <label for="node-config-input-timeoutMs"><i class="fa fa-clock-o"></i> Timeout</label>
    <input type="text" id="node-config-input-timeoutMs" style="width: 80px"> ms
  </div>
  <div id="node-config-resilience"></div>
</script>
`;

const readHtml: Template = (n) => `<script type="text/javascript">
  RED.nodes.registerType('${n.system}-read', {
    category: '${n.system}',
    color: '#C7E9C0',
    icon: '${n.system}.svg',
    inputs: 1,
    outputs: 1,
    paletteLabel: '${n.system} read',
    defaults: {
      name: { value: '' },
      server: { value: '', type: '${n.system}-config', required: true },
      ledger: { value: '', type: 'ledger-config', required: true },
      pageSize: { value: '200', validate: RED.validators.number() },
    },
    outputLabels: ['pages of ${n.contract}'],
    label: function () {
      return this.name || '${n.system} read';
    },
  });
</script>

<script type="text/html" data-template-name="${n.system}-read">
  <div class="form-row">
    <label for="node-input-server"><i class="fa fa-plug"></i> ${n.Pascal}</label>
    <input type="text" id="node-input-server">
  </div>
  <div class="form-row">
    <label for="node-input-ledger"><i class="fa fa-database"></i> Ledger</label>
    <input type="text" id="node-input-ledger">
  </div>
  <div class="form-row">
    <label for="node-input-pageSize"><i class="fa fa-files-o"></i> Page size</label>
    <input type="text" id="node-input-pageSize" style="width: 80px"> records
  </div>
  <div class="form-row">
    <label for="node-input-name"><i class="fa fa-tag"></i> Name</label>
    <input type="text" id="node-input-name">
  </div>
</script>
`;

const configHelp: Template = (n) => `<script type="text/markdown" data-help-name="${n.system}-config">
A ${n.Pascal} account: its base URL, API key, and the retries and circuit breaker of every call to it.

### Details

Blank retry and circuit fields take planbridge's defaults (shown in grey). The API key is kept in the
encrypted credentials, never in the flow.
</script>
`;

const readHelp: Template = (n) => `<script type="text/markdown" data-help-name="${n.system}-read">
Reads the ${n.Pascal} records changed since its last run, as pages of \`${n.contract}\`.

### Inputs

: (any) : a trigger, e.g. an inject on a schedule.

### Outputs

1. pages
: payload (array) : \`${n.contract}\` records.
: batch (object) : \`{id, seq, last, count}\`: the pages of one run are one batch.

### Details

The cursor is kept in the ledger and moves only after a page has gone on, so a crash sends a page again
at worst (put a pb-dedupe behind it when that matters). Failures reach Catch nodes with \`msg.error.code\`
(\`${n.CODE}_TIMEOUT\`, \`${n.CODE}_UNAVAILABLE\`, \`${n.CODE}_RECORD_INVALID\`, ...).
</script>
`;

const icon: Template =
  () => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="60" viewBox="0 0 40 60"><circle cx="20" cy="30" r="12" fill="none" stroke="#fff" stroke-width="3"/><path d="M20 22v8l6 4" stroke="#fff" stroke-width="3" fill="none"/></svg>
`;

const exampleFlow: Template = (n) =>
  `${JSON.stringify(
    [
      {
        id: `${n.system}-ex-comment`,
        type: 'comment',
        name: `Every 15 minutes, the ${n.Pascal} records changed since the last run, checked against ${n.contract}`,
        info: '',
        x: 330,
        y: 40,
        wires: [],
      },
      {
        id: `${n.system}-ex-every`,
        type: 'inject',
        name: 'every 15 minutes',
        props: [],
        repeat: '900',
        once: false,
        topic: '',
        x: 160,
        y: 100,
        wires: [[`${n.system}-ex-read`]],
      },
      {
        id: `${n.system}-ex-read`,
        type: `${n.system}-read`,
        name: '',
        server: `${n.system}-ex-config`,
        ledger: `${n.system}-ex-ledger`,
        pageSize: '200',
        x: 360,
        y: 100,
        wires: [[`${n.system}-ex-validate`]],
      },
      {
        id: `${n.system}-ex-validate`,
        type: 'pb-validate',
        name: '',
        contract: n.contract,
        x: 560,
        y: 100,
        wires: [[`${n.system}-ex-debug`], [`${n.system}-ex-debug`]],
      },
      { id: `${n.system}-ex-debug`, type: 'debug', name: '', active: true, complete: 'payload', x: 760, y: 100, wires: [] },
      { id: `${n.system}-ex-config`, type: `${n.system}-config`, name: n.Pascal, baseUrl: 'https://api.example.com', timeoutMs: '30000' },
      { id: `${n.system}-ex-ledger`, type: 'ledger-config', name: '', engine: 'sqlite', file: 'ledger.db', leaseSeconds: '30' },
    ],
    null,
    4,
  )}\n`;

const sandbox: Template = (n) => `import { startSandbox, type Sandbox } from 'planbridge/testing';

/**
 * A stand-in for ${n.Pascal}'s API, for the tests and a demo: \`records\` pages by cursor, newest last, and
 * needs the API key. Written from the API's documentation, never from the pack's client.
 */
export function start${n.Pascal}Sandbox(records: Array<Record<string, unknown>>, apiKey: string): Promise<Sandbox> {
  return startSandbox({
    'GET /api/v1/records': (request) => {
      if (request.headers['x-api-key'] !== apiKey) return { status: 401, body: { error: 'unauthorized' } };
      const start = Number(request.query.get('cursor') ?? 0);
      const limit = Number(request.query.get('limit') ?? 100);
      const items = records.slice(start, start + limit);
      const next = start + items.length;
      return { body: { items, next_cursor: items.length ? String(next) : request.query.get('cursor') } };
    },
  });
}
`;

const mapTest: Template = (n) => `import { contracts } from 'planbridge/contracts';
import '../nodes/contract';
import { to${n.Pascal}Record } from '../nodes/map/${n.system}';

describe('the ${n.Pascal} mapping', () => {
  it('maps a record to ${n.contract}, which planbridge then knows and checks', () => {
    const record = to${n.Pascal}Record({ id: 7, name: ' Seven ', updated_at: '2026-12-01T10:00:00+01:00' }, 0);
    expect(record).toEqual({ id: '7', name: 'Seven', updated_at: '2026-12-01T09:00:00.000Z' });
    expect(contracts().get('${n.contract}').check(record)).toEqual([]);
    expect(contracts().get('${n.contract}').check({ ...record, extra: 1 }).map((p) => p.rule)).toEqual(['additionalProperties']);
  });

  it('refuses a record without an id, with a stable code', () => {
    expect(() => to${n.Pascal}Record({ name: 'x' }, 3)).toThrow(expect.objectContaining({ code: '${n.CODE}_RECORD_INVALID' }));
  });
});
`;

const nodeTest: Template = (n) => `import { ledgerConfig, startNodeRed, tempLedger, type NodeRedHarness, type Sandbox } from 'planbridge/testing';
import configNode from '../nodes/${n.system}-config';
import readNode from '../nodes/${n.system}-read';
import { start${n.Pascal}Sandbox } from '../sandbox/${n.system}-sandbox';

const API_KEY = 'a-test-api-key';

interface Page {
  payload: Array<{ id: string }>;
  batch: { last: boolean };
}

/** The pages of the next batch the read sends, once its last page has come. */
function nextBatch(harness: NodeRedHarness): Promise<Page[]> {
  const out = harness.node<import('node:events').EventEmitter>('out');
  const pages: Page[] = [];
  return new Promise((resolve) => {
    const take = (msg: Page): void => {
      pages.push(msg);
      if (!msg.batch.last) return;
      out.off('input', take);
      resolve(pages);
    };
    out.on('input', take);
  });
}
const records = Array.from({ length: 5 }, (_, i) => ({ id: i + 1, name: \`record \${i + 1}\`, updated_at: '2026-12-01T10:00:00Z' }));

describe('${n.system}-read', () => {
  let harness: NodeRedHarness;
  let sandbox: Sandbox;
  let ledger: Awaited<ReturnType<typeof tempLedger>>;

  beforeAll(async () => {
    harness = await startNodeRed();
  });
  beforeEach(async () => {
    sandbox = await start${n.Pascal}Sandbox(records, API_KEY);
    ledger = await tempLedger();
    await harness.load(
      [ledgerConfig, configNode, readNode],
      [
        ledger.node,
        { id: 'account', type: '${n.system}-config', baseUrl: sandbox.url, timeoutMs: '2000', attempts: '3', initialDelayMs: '10' },
        { id: 'read', type: '${n.system}-read', server: 'account', ledger: 'ledger', pageSize: '2', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      { account: { apiKey: API_KEY } },
    );
  });
  afterEach(async () => {
    await harness.unload();
    await sandbox.close();
    await ledger.cleanup();
  });
  afterAll(() => harness.stop());

  it('reads every record as pages of one batch, then only what changed since', async () => {
    const batch = nextBatch(harness);
    harness.node<{ receive(msg: object): void }>('read').receive({});
    expect((await batch).flatMap((p) => p.payload.map((r) => r.id))).toEqual(['1', '2', '3', '4', '5']);

    records.push({ id: 6, name: 'record 6', updated_at: '2026-12-02T10:00:00Z' });
    const next = nextBatch(harness);
    harness.node<{ receive(msg: object): void }>('read').receive({});
    expect((await next).flatMap((p) => p.payload.map((r) => r.id))).toEqual(['6']);
  });

  it('retries a failing call and goes on when ${n.Pascal} answers again', async () => {
    sandbox.failNext(1, 503);
    const first = harness.next<{ payload: unknown[] }>('out');
    harness.node<{ receive(msg: object): void }>('read').receive({});
    expect((await first).payload).toHaveLength(2);
    expect(sandbox.calls.filter((c) => c.path === '/api/v1/records').length).toBeGreaterThanOrEqual(2);
  });
});
`;

const copyAssets: Template = () => `// Node-RED looks for a node's editor file, help and icons beside its compiled .js.
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
fs.cpSync(path.join(root, 'nodes'), path.join(root, 'dist', 'nodes'), { recursive: true, filter: (f) => !f.endsWith('.ts') });
`;

/** Every file of a new pack, by path relative to its folder. */
export function packFiles(n: PackNames): Record<string, string> {
  return {
    'package.json': packageJson(n),
    'tsconfig.json': tsconfig(n),
    'jest.config.js': jestConfig(n),
    'nodes/contract.ts': contract(n),
    'scripts/copy-assets.js': copyAssets(n),
    [`nodes/client/${n.system}-client.ts`]: client(n),
    [`nodes/map/${n.system}.ts`]: mapper(n),
    [`nodes/read/read-since.ts`]: readSince(n),
    [`nodes/${n.system}-config.ts`]: configNode(n),
    [`nodes/${n.system}-config.html`]: configHtml(n),
    [`nodes/${n.system}-read.ts`]: readNode(n),
    [`nodes/${n.system}-read.html`]: readHtml(n),
    [`nodes/locales/en-US/${n.system}-config.html`]: configHelp(n),
    [`nodes/locales/en-US/${n.system}-read.html`]: readHelp(n),
    [`nodes/icons/${n.system}.svg`]: icon(n),
    [`examples/${n.system}/01 - Read ${n.Pascal} records.json`]: exampleFlow(n),
    [`sandbox/${n.system}-sandbox.ts`]: sandbox(n),
    [`test/${n.system}-map.test.ts`]: mapTest(n),
    [`test/${n.system}-read.test.ts`]: nodeTest(n),
  };
}
