import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../../canonical/envelope';
import type { PagePacer } from '../../lib/backpressure';
import { InputError } from '../../lib/errors';
import type { Send } from '../../lib/run-input';
import { Turns } from '../../lib/turns';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { OdooClient } from '../client/odoo-client';
import { pagesById, pagesSince, type SyncCursor } from '../client/paging';
import type { OdooRecord } from '../client/types';
import { MappingContext } from '../map/context';
import { mapperFor, type OdooMapName } from '../map/registry';
import { parseDomain, type SearchOptions } from './options';

export interface ReaderSettings {
  options: SearchOptions;
  map?: OdooMapName;
  multiCompany: boolean;
  /** Incremental mode keeps its cursor here, named after the node. */
  ledger?: Promise<Ledger>;
  cursorOwner: string;
}

/** Checks a mapping and mode go together; answers what is wrong, or nothing. */
export function readerProblem(options: SearchOptions, map: OdooMapName | '' | undefined, hasLedger: boolean): string | undefined {
  if (options.mode === 'incremental' && !hasLedger) return 'Incremental mode keeps its cursor in the ledger: choose a ledger';
  if (map && mapperFor(map).extract && options.mode !== 'all') return `The ${map} mapping reads everything in one go: use the mode "every page"`;
  return undefined;
}

/**
 * What odoo-search does with a message: reads a model (or a canonical mapping) page by page in one of
 * its modes (one page, every page, or since the stored cursor) and sends the pages as one batch. At
 * most a few pages are in the flow at once: a slow target makes the read wait, not pile up.
 */
export class OdooReader {
  // Runs of one cursor take turns: a run that started before the last one stored its final cursor
  // would send that run's last page again.
  private readonly incrementalRuns = new Turns();

  constructor(
    private readonly client: OdooClient,
    private readonly settings: ReaderSettings,
    private readonly pacer: PagePacer,
    private readonly modelOf: (msg: LedgerMessage) => string | undefined,
  ) {}

  async read(msg: LedgerMessage, send: Send): Promise<string> {
    const { client, settings } = this;
    const { options } = settings;
    const mapper = settings.map ? mapperFor(settings.map) : undefined;
    const model = mapper ? mapper.model : this.modelOf(msg);
    if (!model) throw new InputError("No model: set the node's Model or msg.model", 'ODOO_MODEL_MISSING');
    const baseDomain = options.domain.length ? options.domain : Array.isArray(msg.domain) ? parseDomain(JSON.stringify(msg.domain)) : [];
    const context = mapper ? new MappingContext(client, await client.connect(), settings.multiCompany) : undefined;
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
      this.pacer.emit(send, { ...msg, payload, batch, event: { ...event }, topic: `odoo/${model}` });
      await this.pacer.ready();
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
      const records = await client.searchRead(model, {
        domain,
        fields,
        order: options.order || 'id asc',
        limit: Number(msg.limit ?? options.pageSize),
        offset: Number(msg.offset ?? 0),
      });
      await emit(await mapped(records), true);
    } else if (options.mode === 'all') {
      for await (const page of pagesById(client, { model, domain, fields, pageSize: options.pageSize })) await emit(await mapped(page.records), page.last);
    } else {
      await this.incrementalRuns.run(async () => {
        const ledger = await (settings.ledger as Promise<Ledger>);
        const cursorName = `odoo:${options.cursorName || model}:${settings.cursorOwner}`;
        const stored = await ledger.cursors.get(cursorName);
        const cursor = stored ? (JSON.parse(stored) as SyncCursor) : undefined;
        const query = { model, domain, fields, pageSize: options.pageSize, lookbackSeconds: options.lookbackSeconds };
        for await (const page of pagesSince(client, query, cursor)) {
          await emit(await mapped(page.records), page.last);
          if (page.cursor) await ledger.cursors.set(cursorName, JSON.stringify(page.cursor));
        }
      });
    }
    await this.pacer.drain();
    return `${total} records, ${seq} page${seq === 1 ? '' : 's'}`;
  }
}
