import type { NodeMessage } from 'node-red';
import { randomUUID } from 'node:crypto';
import { newEvent, type BatchInfo } from '../../canonical/envelope';
import type { PagePacer } from '../../lib/backpressure';
import type { Send } from '../../lib/run-input';
import { Turns } from '../../lib/turns';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { FileExchange } from '../client/file-exchange';
import { INBOUND_CONTRACTS, type InboundKind, type PlanningRestClient } from '../client/rest-client';

export interface ImportedPage {
  records: Record<string, unknown>[];
  last: boolean;
  /** The order files a page came from (file profile). */
  files?: string[];
}

export interface ImportContext {
  ledger: Ledger;
  nodeId: string;
  pageSize: number;
  /** Persists and sends one page; resolves once the page is in the ledger. */
  deliver(page: ImportedPage): Promise<void>;
  /** Sends a problem (a quarantined file) on the second output. */
  report(problem: NodeMessage): void;
}

export interface ImportOutcome {
  records: number;
  status: string;
}

/**
 * Reads what the planner produced since the stored cursor, page by page. The cursor moves only
 * after a page is in the ledger, so a crash sends a page again at worst (pb-dedupe drops it), never
 * skips one.
 */
export async function importRest(client: PlanningRestClient, kind: InboundKind, context: ImportContext): Promise<ImportOutcome> {
  const cursorName = `planning-import:${kind}:${context.nodeId}`;
  let cursor = (await context.ledger.cursors.get(cursorName)) ?? null;
  let records = 0;
  for (;;) {
    const page = await client.fetchSince(kind, cursor, context.pageSize);
    if (page.items.length) {
      await context.deliver({ records: page.items, last: !page.has_more });
      records += page.items.length;
    }
    if (page.next_cursor && page.next_cursor !== cursor) {
      cursor = page.next_cursor;
      await context.ledger.cursors.set(cursorName, cursor);
    }
    if (!page.has_more) break;
  }
  return { records, status: records ? `${records} new ${kind}` : `no new ${kind}` };
}

/**
 * Picks up the planner's order files. A file's digest is claimed in the ledger before its orders
 * go on, so the same file dropped twice is processed once; bad files are quarantined with their
 * reason and reported on the second output.
 */
export async function importFiles(files: FileExchange, context: ImportContext): Promise<ImportOutcome> {
  const claimed = await files.claimOrders();
  for (const { file, reason } of claimed.quarantined) {
    context.report({ payload: { file, reason, code: 'PLANNING_FILE_MALFORMED' }, topic: 'planning/quarantine' });
  }
  const keyOf = (sha256: string): string => `planning-file:${sha256}`;
  const claim = await context.ledger.idempotency.claim(claimed.files.map((f) => keyOf(f.sha256)));
  const fresh = [];
  let duplicates = 0;
  for (const file of claimed.files) {
    const settled = claim.skip.get(keyOf(file.sha256));
    if (!settled) {
      fresh.push(file);
    } else if (settled.state === 'completed') {
      await files.settle(file.name, 'archive');
      duplicates += 1;
    }
    // Held by a run that has not finished (or crashed within its lease): it stays in processing/.
  }
  // Two copies of one file in the same pick-up: the digest is claimed once, the copy is a duplicate.
  const seen = new Set<string>();
  const unique = fresh.filter((f) => (seen.has(f.sha256) ? false : (seen.add(f.sha256), true)));
  for (const copy of fresh.filter((f) => !unique.includes(f))) {
    await files.settle(copy.name, 'archive');
    duplicates += 1;
  }
  let records = 0;
  try {
    for (let i = 0; i < unique.length; i += context.pageSize) {
      const group = unique.slice(i, i + context.pageSize);
      const page = group.flatMap((f) => f.records);
      await context.deliver({ records: page, last: i + context.pageSize >= unique.length, files: group.map((f) => f.name) });
      await claim.complete(group.map((f) => ({ key: keyOf(f.sha256), outcome: { file: f.name } })));
      for (const file of group) await files.settle(file.name, 'archive');
      records += page.length;
    }
  } catch (err) {
    // The files not delivered can be claimed again by the next pick-up, not only after the key lease.
    await claim.release();
    throw err;
  }
  const parts = [`${records} order(s) from ${unique.length} file(s)`];
  if (duplicates) parts.push(`${duplicates} duplicate file(s)`);
  if (claimed.quarantined.length) parts.push(`${claimed.quarantined.length} quarantined`);
  return { records, status: parts.join(', ') };
}

export interface ImporterSettings {
  rest?: PlanningRestClient;
  files?: FileExchange;
  ledger: Promise<Ledger>;
  kind: InboundKind;
  pageSize: number;
  /** The importing node: its pages are tracked as received there (redelivery starts there again). */
  nodeId: string;
  flowId: string | null;
}

/**
 * What planning-import does with a message: one import run at a time, each page tracked in the ledger
 * before it goes on (output 1; a crash after that redelivers it), quarantined files reported on output 2.
 * At most a few pages are in the flow at once. Answers the status text.
 */
export class Importer {
  private readonly runs = new Turns();

  constructor(
    private readonly settings: ImporterSettings,
    private readonly pacer: PagePacer,
  ) {}

  run(msg: LedgerMessage, emit: Send): Promise<string> {
    const { settings, pacer } = this;
    return this.runs.run(async () => {
      const ledger = await settings.ledger;
      const batchId = randomUUID();
      const event = newEvent({
        source: 'planbridge/planning',
        type: `dev.planbridge.planning.${settings.kind}.page`,
        contract: INBOUND_CONTRACTS[settings.kind],
        correlationid: msg.event?.correlationid,
      });
      let seq = 0;
      const deliver = async (page: ImportedPage): Promise<void> => {
        seq += 1;
        const batch: BatchInfo = { id: batchId, seq, last: page.last, count: page.records.length };
        const out: LedgerMessage = { payload: page.records, batch, event: { ...event }, topic: `planning/${settings.kind}` };
        if (page.files) out.files = page.files;
        await ledger.track(out, settings.nodeId, settings.flowId, null);
        pacer.emit((paced) => emit([paced, null]), out);
        await pacer.ready();
      };
      const context: ImportContext = { ledger, nodeId: settings.nodeId, pageSize: settings.pageSize, deliver, report: (problem) => emit([null, problem]) };
      const outcome = settings.rest ? await importRest(settings.rest, settings.kind, context) : await importFiles(settings.files as FileExchange, context);
      await pacer.drain();
      return outcome.status;
    });
  }
}
