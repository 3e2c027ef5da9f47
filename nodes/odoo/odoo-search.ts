import type { Node, NodeAPI, NodeDef } from 'node-red';
import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../canonical/envelope';
import { nodeKit } from '../common/kit';
import { InputError, toPlanbridgeError } from '../lib/errors';
import { showCircuitState } from '../lib/config-status';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import { PagePacer } from '../lib/backpressure';
import { Turns } from '../lib/turns';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import type { LedgerMessage } from '../ledger/ledger';
import { pagesById, pagesSince, type SyncCursor } from './client/paging';
import type { OdooRecord } from './client/types';
import { MappingContext } from './map/context';
import { mapperFor, type OdooMapName } from './map/registry';
import type { OdooConfigNode } from './odoo-config';
import { parseDomain, searchOptionsFrom, type SearchFields } from './search/options';

interface SearchDef extends NodeDef, SearchFields {
  server: string;
  ledger: string;
  map: OdooMapName | '';
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function OdooSearch(this: Node, def: SearchDef): void {
    RED.nodes.createNode(this, def);
    const server = RED.nodes.getNode(def.server) as OdooConfigNode | null;
    const ledgerNode = def.ledger ? (RED.nodes.getNode(def.ledger) as LedgerConfigNode | null) : null;
    let options: ReturnType<typeof searchOptionsFrom>;
    try {
      if (!server?.client) throw new Error(server?.problem ?? 'No Odoo server is configured');
      options = searchOptionsFrom(def);
      if (options.mode === 'incremental' && !ledgerNode?.ledger) throw new Error('Incremental mode keeps its cursor in the ledger: choose a ledger');
      if (def.map && mapperFor(def.map).extract && options.mode !== 'all')
        throw new Error(`The ${def.map} mapping reads everything in one go: use the mode "every page"`);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const client = server.client;
    showCircuitState(this, client.resilience, (status) => statusOf(this).set(status));
    const incrementalRuns = new Turns();
    const pacer = new PagePacer(RED);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emitMessage) => {
        const mapper = def.map ? mapperFor(def.map) : undefined;
        const model = mapper ? mapper.model : fieldOrMsg(this, 'model', options.model, msg.model as string | undefined);
        if (!model) throw new InputError("No model: set the node's Model or msg.model", 'ODOO_MODEL_MISSING');
        const baseDomain = options.domain.length ? options.domain : Array.isArray(msg.domain) ? parseDomain(JSON.stringify(msg.domain)) : [];
        const context = mapper ? new MappingContext(client, await client.connect(), server.multiCompany) : undefined;
        const domain = mapper && context ? [...baseDomain, ...mapper.domain(context)] : baseDomain;
        const fields = mapper && context ? [...new Set([...options.fields, ...(await mapper.fields(context))])] : options.fields;
        const batchId = randomUUID();
        const event = newEvent({
          source: `planbridge/odoo/${model}`,
          type: `dev.planbridge.odoo.${mapper ? mapper.contract.split('@')[0] : model}.page`,
          contract: mapper?.contract,
          correlationid: msg.event?.correlationid,
        });
        let seq = 0;
        let total = 0;
        const emit = async (payload: unknown[], last: boolean): Promise<void> => {
          seq += 1;
          total += payload.length;
          const batch: BatchInfo = { id: batchId, seq, last, count: payload.length };
          // At most a few pages are in the flow at once: a slow target makes the read wait, not pile up.
          pacer.emit(emitMessage, { ...msg, payload, batch, event: { ...event }, topic: `odoo/${model}` });
          await pacer.ready();
        };
        const mapped = async (records: OdooRecord[]): Promise<unknown[]> => (mapper?.mapPage && context ? mapper.mapPage(records, context) : records);

        if (mapper?.extract && context) {
          // One page is held back so the last one can be marked; an empty extraction still ends its batch.
          let held: unknown[] | undefined;
          for await (const rows of mapper.extract(context, options.pageSize, baseDomain)) {
            if (held) await emit(held, false);
            held = rows;
          }
          await emit(held ?? [], true);
        } else if (options.mode === 'page') {
          const limit = Number(msg.limit ?? options.pageSize);
          const offset = Number(msg.offset ?? 0);
          const records = await client.searchRead(model, { domain, fields, order: options.order || 'id asc', limit, offset });
          await emit(await mapped(records), true);
        } else if (options.mode === 'all') {
          for await (const page of pagesById(client, { model, domain, fields, pageSize: options.pageSize })) await emit(await mapped(page.records), page.last);
        } else {
          // Runs of one cursor take turns: a run that started before the last one stored its final
          // cursor would send that run's last page again.
          await incrementalRuns.run(async () => {
            const ledger = await (ledgerNode as LedgerConfigNode).ledger;
            const cursorName = `odoo:${options.cursorName || model}:${this.id}`;
            const stored = await ledger.cursors.get(cursorName);
            const cursor = stored ? (JSON.parse(stored) as SyncCursor) : undefined;
            for await (const page of pagesSince(
              client,
              { model, domain, fields, pageSize: options.pageSize, lookbackSeconds: options.lookbackSeconds },
              cursor,
            )) {
              await emit(await mapped(page.records), page.last);
              if (page.cursor) await ledger.cursors.set(cursorName, JSON.stringify(page.cursor));
            }
          });
        }
        await pacer.drain();
        return { status: `${total} records, ${seq} page${seq === 1 ? '' : 's'}` };
      });
    });
  }

  RED.nodes.registerType('odoo-search', OdooSearch);
}
