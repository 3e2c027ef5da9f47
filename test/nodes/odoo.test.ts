import { contracts } from '../../nodes/canonical/registry';
import { testConnection } from '../../nodes/odoo/connection-test';
import type { OdooConfigNode } from '../../nodes/odoo/odoo-config';
import { nextCall, nextMessage, node, useNodeRed } from '../helpers/node-red';
import { odooNodes } from '../helpers/odoo-nodes';
import { ODOO_CASES, odooConfigFor, odooCredentialsFor, smallSandbox, type OdooSandbox } from '../helpers/odoo-sandbox';
import { ledgerConfigNode, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

const MAPPINGS = ['item', 'item_supplier', 'location', 'stock_snapshot', 'demand_history', 'open_sales_order', 'open_purchase_order'] as const;

interface Page {
  payload: Array<Record<string, unknown>>;
  batch: { id: string; seq: number; last: boolean; count: number };
}

/** Collects every page of one search run, until the last. */
function collectPages(id: string): Promise<Page[]> {
  const target = node<import('node:events').EventEmitter>(id);
  const pages: Page[] = [];
  return new Promise((resolve) => {
    const onInput = (msg: Page): void => {
      pages.push(msg);
      if (msg.batch.last) {
        target.off('input', onInput);
        resolve(pages);
      }
    };
    target.on('input', onInput);
  });
}

describe.each(ODOO_CASES)('Odoo %i over %s', (version, protocol) => {
  let sandbox: OdooSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeAll(async () => {
    sandbox = await smallSandbox(version);
  });
  afterAll(() => sandbox.stop());
  beforeEach(async () => {
    ledgerFile = await tempLedgerFile();
    sandbox.control.resetFaults();
  });
  afterEach(async () => {
    await helper.unload();
    await ledgerFile.cleanup();
  });

  async function load(nodes: object[], user: 'admin' | 'integration' = 'integration', config: Record<string, unknown> = {}): Promise<void> {
    await helper.load(
      [...odooNodes, ...reliabilityNodes],
      [odooConfigFor(sandbox, protocol, config), ledgerConfigNode(ledgerFile.file), ...nodes] as never,
      odooCredentialsFor(sandbox, user),
    );
  }

  it('tests the connection: version, protocol, user, rights and key expiry', async () => {
    await load([]);
    const report = await testConnection(node<OdooConfigNode>('odoo').client!);
    expect(report).toMatchObject({ ok: true, version, protocol, user: { login: 'integration' } });
    expect(report.access?.['product.product']).toEqual({ read: true });
    expect(report.access?.['purchase.order']).toMatchObject({ read: true, create: true });
    if (version >= 18) expect(typeof report.apiKeyExpiry === 'string' || report.apiKeyExpiry === undefined).toBe(true);
  });

  it('reads every page of a model by id, about N / page size calls, each page numbered', async () => {
    await load([
      {
        id: 'search',
        type: 'odoo-search',
        server: 'odoo',
        model: 'res.partner',
        domain: '[]',
        fields: 'name, ref',
        pageSize: '7',
        mode: 'all',
        wires: [['out']],
      },
      { id: 'out', type: 'helper' },
    ]);
    const client = node<OdooConfigNode>('odoo').client!;
    const total = await client.searchCount('res.partner');
    sandbox.control.resetCounters();
    const pages = collectPages('out');
    node('search').receive({});
    const got = await pages;
    const records = got.flatMap((p) => p.payload);
    expect(records).toHaveLength(total);
    expect(new Set(records.map((r) => r.id)).size).toBe(total);
    expect(got.map((p) => p.batch.seq)).toEqual(got.map((_, i) => i + 1));
    expect(sandbox.control.counters().byMethod['res.partner.search_read']).toBe(Math.floor(total / 7) + 1);
  });

  it.each(MAPPINGS)('maps %s to records that pass their contract', async (map) => {
    await load(
      [
        { id: 'search', type: 'odoo-search', server: 'odoo', map, domain: '[]', fields: '', pageSize: '50', mode: 'all', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      'admin',
    );
    const pages = collectPages('out');
    node('search').receive({});
    const records = (await pages).flatMap((p) => p.payload);
    expect(records.length).toBeGreaterThan(0);
    const contract = contracts().get(`${map}@1`);
    const problems = records.map((r) => contract.check(r)).filter((p) => p.length);
    expect(problems.slice(0, 3)).toEqual([]);
  });

  it('upserts by a unique field: a repeated page updates instead of creating twice', async () => {
    await load(
      [
        {
          id: 'write',
          type: 'odoo-write',
          server: 'odoo',
          model: 'res.partner',
          map: '',
          operation: 'upsert',
          upsertBy: 'field',
          matchField: 'ref',
          keyPath: '',
          xmlidModule: 'planbridge',
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
      ],
      'admin',
    );
    const page = [
      { name: 'New Supplier A', ref: `T${version}${protocol}-A` },
      { name: 'New Supplier B', ref: `T${version}${protocol}-B` },
    ];
    const first = nextMessage('out');
    node('write').receive({ payload: page });
    const created = (await first).payload as Array<{ action: string; id: number }>;
    expect(created.map((r) => r.action)).toEqual(['created', 'created']);
    const second = nextMessage('out');
    node('write').receive({ payload: page.map((p) => ({ ...p, name: `${p.name} (renamed)` })) });
    const updated = (await second).payload as Array<{ action: string; id: number }>;
    expect(updated).toEqual([
      expect.objectContaining({ action: 'updated', id: created[0].id }),
      expect.objectContaining({ action: 'updated', id: created[1].id }),
    ]);
  });

  it('confirms a draft purchase order through odoo-call', async () => {
    await load(
      [
        { id: 'call', type: 'odoo-call', server: 'odoo', model: 'purchase.order', method: 'button_confirm', kwargs: '', wires: [['out']] },
        { id: 'out', type: 'helper' },
      ],
      'admin',
    );
    const client = node<OdooConfigNode>('odoo').client!;
    const [supplier] = await client.search('res.partner', [['ref', '=like', 'SUP-%']], { limit: 1 });
    const [product] = await client.search('product.product', [], { limit: 1 });
    const [poId] = await client.create('purchase.order', [
      { partner_id: supplier, order_line: [[0, 0, { product_id: product, product_qty: 5, price_unit: 1 }]] },
    ]);
    const done = nextMessage('out');
    node('call').receive({ payload: { ids: [poId] } });
    await done;
    const [po] = await client.read('purchase.order', [poId], ['state']);
    expect(['purchase', 'to approve']).toContain(po.state);
  });

  describe('errors', () => {
    async function failureOf(
      setup: () => void,
      msg: object,
      nodes: object[],
      user: 'admin' | 'integration' = 'integration',
      config: Record<string, unknown> = {},
    ): Promise<{ code: string; cause: Record<string, unknown> }> {
      await load(nodes, user, config);
      setup();
      const first = (nodes[0] as { id: string }).id;
      const reported = nextCall(first, 'error');
      node(first).receive(msg as never);
      const [error] = (await reported) as [{ code: string; cause: Record<string, unknown> }];
      return error;
    }
    const searchNode = (model = 'res.partner') => [
      { id: 'searcher', type: 'odoo-search', server: 'odoo', model, domain: '[]', fields: 'name', pageSize: '10', mode: 'page', wires: [[]] },
    ];
    const writeNode = (model: string, operation: string) => [
      {
        id: 'writer',
        type: 'odoo-write',
        server: 'odoo',
        model,
        map: '',
        operation,
        upsertBy: 'field',
        matchField: 'ref',
        keyPath: '',
        xmlidModule: 'planbridge',
        wires: [[]],
      },
    ];

    it('ODOO_ACCESS_DENIED for a wrong key', async () => {
      await helper.load([...odooNodes], [odooConfigFor(sandbox, protocol), ...searchNode()] as never, { odoo: { login: 'integration', apiKey: 'not-a-key' } });
      const reported = nextCall('searcher', 'error');
      node('searcher').receive({});
      expect(((await reported)[0] as { code: string }).code).toBe('ODOO_ACCESS_DENIED');
    });

    it('ODOO_ACCESS_ERROR for a right the integration user lacks', async () => {
      const client = async () => node<OdooConfigNode>('odoo').client!;
      await load([]);
      const [productId] = await (await client()).search('product.product', [], { limit: 1 });
      await helper.unload();
      const error = await failureOf(() => undefined, { payload: [{ id: productId }] }, writeNode('product.product', 'unlink'));
      expect(error.code).toBe('ODOO_ACCESS_ERROR');
    });

    it('ODOO_VALIDATION for a value Odoo refuses', async () => {
      const error = await failureOf(
        () => undefined,
        { payload: [{ name: 'x', date_order: '2026-11-26T10:00:00Z' }] },
        writeNode('purchase.order', 'create'),
        'admin',
      );
      expect(['ODOO_VALIDATION', 'ODOO_USER_ERROR']).toContain(error.code);
    });

    it('ODOO_MISSING_RECORD for a record that does not exist', async () => {
      const error = await failureOf(() => undefined, { payload: [{ id: 99_999_999, name: 'ghost' }] }, writeNode('res.partner', 'write'), 'admin');
      expect(error.code).toBe('ODOO_MISSING_RECORD');
    });

    it('ODOO_NOT_FOUND for an unknown model', async () => {
      const error = await failureOf(() => undefined, {}, searchNode('no.such.model'), 'admin');
      expect(error.code).toBe('ODOO_NOT_FOUND');
    });

    it('ODOO_RATE_LIMITED after the retries, with the attempt count', async () => {
      const error = await failureOf(() => sandbox.control.failNext({ status: 429, count: 5, retryAfterSeconds: 0 }), {}, searchNode());
      expect(error.code).toBe('ODOO_RATE_LIMITED');
      expect(error.cause.attempts).toBe(2);
    });

    it('ODOO_UNAVAILABLE when the server answers 503', async () => {
      const error = await failureOf(() => sandbox.control.failNext({ status: 503, count: 5 }), {}, searchNode());
      expect(error.code).toBe('ODOO_UNAVAILABLE');
    });

    it('ODOO_TIMEOUT when the server does not answer in time', async () => {
      const error = await failureOf(() => sandbox.control.hangNext({ count: 5 }), {}, searchNode(), 'integration', { timeoutMs: '300' });
      expect(error.code).toBe('ODOO_TIMEOUT');
    });
  });
});
