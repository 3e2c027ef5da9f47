import type { EventEmitter } from 'node:events';
import type { OdooConfigNode } from '../../nodes/odoo/odoo-config';
import { node, useNodeRed } from '../helpers/node-red';
import { odooNodes } from '../helpers/odoo-nodes';
import { odooConfigFor, odooCredentialsFor, smallSandbox, type OdooSandbox } from '../helpers/odoo-sandbox';
import { ledgerConfigNode, reliabilityNodes, tempLedgerFile } from '../helpers/reliability-flow';

const helper = useNodeRed();

interface Page {
  payload: Array<{ id: number; write_date: string }>;
  batch: { last: boolean };
}

describe('incremental sync from Odoo', () => {
  let sandbox: OdooSandbox;
  let ledgerFile: Awaited<ReturnType<typeof tempLedgerFile>>;

  beforeAll(async () => {
    sandbox = await smallSandbox(19, 80);
    ledgerFile = await tempLedgerFile();
  });
  afterAll(async () => {
    await helper.unload();
    await sandbox.stop();
    await ledgerFile.cleanup();
  });

  /** One run of the search node; `duringPage` may write to Odoo while the run is paging. */
  function run(duringPage: (page: number) => Promise<void> = async () => undefined): Promise<Array<{ id: number; write_date: string }>> {
    const out = node<EventEmitter>('out');
    const seen: Array<{ id: number; write_date: string }> = [];
    let pages = 0;
    return new Promise((resolve, reject) => {
      const onInput = (msg: Page): void => {
        seen.push(...msg.payload.map((r) => ({ id: r.id, write_date: r.write_date })));
        pages += 1;
        if (msg.batch.last) {
          out.off('input', onInput);
          resolve(seen);
        } else {
          duringPage(pages).catch(reject);
        }
      };
      out.on('input', onInput);
      node('sync').receive({});
    });
  }

  it('neither misses nor repeats records written during paging, many sharing one write_date', async () => {
    await helper.load(
      [...odooNodes, ...reliabilityNodes],
      [
        odooConfigFor(sandbox, 'json2'),
        ledgerConfigNode(ledgerFile.file),
        {
          id: 'sync',
          type: 'odoo-search',
          server: 'odoo',
          ledger: 'ledger',
          model: 'res.partner',
          domain: '[]',
          fields: 'name',
          pageSize: '10',
          mode: 'incremental',
          lookbackSeconds: '120',
          cursorName: '',
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
      ] as never,
      odooCredentialsFor(sandbox, 'admin'),
    );
    const client = node<OdooConfigNode>('odoo').client!;
    // Thirty partners created in one call share one write_date and straddle page boundaries.
    await client.create(
      'res.partner',
      Array.from({ length: 30 }, (_, i) => ({ name: `Same second ${i}`, ref: `SAME-${i}` })),
    );
    const allIds = await client.search('res.partner', []);

    const emitted: Array<{ id: number; write_date: string }> = [];
    // Run 1, with writes while it pages: to records already sent and to records not reached yet.
    emitted.push(
      ...(await run(async (page) => {
        if (page > 4) return;
        await client.write('res.partner', [allIds[page], allIds[allIds.length - page]], { email: `page${page}@touched.example` });
        await client.create('res.partner', [{ name: `Born during page ${page}` }]);
      })),
    );
    // Later runs pick up what changed after run 1 passed, and nothing else.
    sandbox.control.advanceClock(1000);
    await client.write('res.partner', [allIds[0]], { email: 'after@run1.example' });
    emitted.push(...(await run()));
    emitted.push(...(await run()));

    const keys = emitted.map((e) => `${e.id}@${e.write_date}`);
    expect(new Set(keys).size).toBe(keys.length);
    const final = await client.searchRead('res.partner', { fields: ['write_date'] });
    const emittedKeys = new Set(keys);
    const missed = final.filter((r) => !emittedKeys.has(`${r.id}@${String(r.write_date)}`));
    expect(missed).toEqual([]);
  });
});
