import { newEvent } from '../../canonical/envelope';
import { toPlanbridgeError } from '../../lib/errors';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { readyLedger } from '../../ledger/ready';
import type { WmsClient } from '../client/wms-client';
import type { WmsTopic } from '../client/types';
import { TOPICS } from '../map/inbound';

export interface StreamOptions {
  topic: WmsTopic;
  /** Scopes the cursor and the seen-ids: each node receives every entry once. */
  nodeId: string;
  flowId: string | null;
  pageSize: number;
  ledger: Promise<Ledger>;
  client: WmsClient;
  newId: () => string;
}

export interface Delivery {
  msg: LedgerMessage | null;
  fresh: number;
  duplicates: number;
  /** Entries the mapper refused: kept out of the flow, reported by the node. */
  invalid: string[];
}

const TYPES: Record<WmsTopic, string> = { stock_events: 'dev.planbridge.wms.stock_event', confirmations: 'dev.planbridge.wms.confirmation' };

/**
 * One inbound WMS topic (stock events or confirmations) fed by two paths, the push webhook and the
 * reconciling poll, that must not pass an entry on twice. Each entry's id is claimed in the ledger
 * before its message is persisted; a claim that fails means the other path (or an earlier run)
 * already passed it on. Persisting before sending lets redelivery recover a message a crash cut off.
 */
export class InboundStream {
  constructor(private readonly options: StreamOptions) {}

  private keyOf(id: string): string {
    return `wms:${this.options.topic}:${this.options.nodeId}:${id}`;
  }

  /** Maps, dedupes and persists entries; the message to send holds only the fresh ones. */
  async accept(entries: unknown[], via: 'push' | 'poll', correlationid?: string): Promise<Delivery> {
    const mapping = TOPICS[this.options.topic] as { idOf(e: unknown): string; map(e: unknown): unknown };
    const mapped: unknown[] = [];
    const invalid: string[] = [];
    for (const entry of entries) {
      try {
        mapped.push(mapping.map(entry));
      } catch (err) {
        invalid.push(toPlanbridgeError(err).message);
      }
    }
    if (!mapped.length) return { msg: null, fresh: 0, duplicates: 0, invalid };
    // A push must be answered now (503 while the ledger is not open yet); a poll can wait for it.
    const ledger = await (via === 'push' ? readyLedger(this.options.ledger) : this.options.ledger);
    // One entry twice in one delivery counts once.
    const byKey = new Map(mapped.map((m) => [this.keyOf(mapping.idOf(m)), m]));
    const claim = await ledger.idempotency.claim([...byKey.keys()]);
    const freshKeys = claim.todo;
    const duplicates = mapped.length - freshKeys.length;
    if (!freshKeys.length) return { msg: null, fresh: 0, duplicates, invalid };
    const msg: LedgerMessage = {
      _msgid: this.options.newId(),
      payload: freshKeys.map((k) => byKey.get(k)),
      topic: `wms/${this.options.topic}`,
      event: newEvent({ source: `planbridge/wms/${this.options.topic}`, type: TYPES[this.options.topic], correlationid }),
      wms: { via },
    };
    try {
      await ledger.track(msg, this.options.nodeId, this.options.flowId, null);
    } catch (err) {
      await claim.release();
      throw err;
    }
    await claim.complete(freshKeys);
    return { msg, fresh: freshKeys.length, duplicates, invalid };
  }

  /**
   * Reads the topic's log from the stored cursor to its end. The cursor moves only after a page's
   * fresh entries are persisted, so a crash reads a page again at worst, and the claims drop it.
   */
  async poll(send: (msg: LedgerMessage) => void | Promise<void>, correlationid?: string): Promise<{ fresh: number; duplicates: number; invalid: string[] }> {
    const ledger = await this.options.ledger;
    const cursorName = `wms:${this.options.topic}:${this.options.nodeId}`;
    let cursor = (await ledger.cursors.get(cursorName)) ?? null;
    const total = { fresh: 0, duplicates: 0, invalid: [] as string[] };
    for (;;) {
      const page = await this.options.client.logSince(this.options.topic, cursor, this.options.pageSize);
      const delivery = await this.accept(page.items, 'poll', correlationid);
      total.fresh += delivery.fresh;
      total.duplicates += delivery.duplicates;
      total.invalid.push(...delivery.invalid);
      if (delivery.msg) await send(delivery.msg);
      if (page.next_cursor && page.next_cursor !== cursor) {
        cursor = page.next_cursor;
        await ledger.cursors.set(cursorName, cursor);
      }
      if (!page.has_more || !page.items.length) break;
    }
    return total;
  }
}
