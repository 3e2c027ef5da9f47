import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { splitDuplicates } from './split-duplicates';

export interface DedupeOutcome {
  /** Output 1: what is new (a page always goes on, even empty, so its batch still ends); output 2: the duplicates. */
  send: [LedgerMessage | null, LedgerMessage | null];
  fresh: number;
  duplicates: number;
}

/**
 * pb-dedupe on one message: its keys (one, or one per record of a page) are claimed for it in the ledger;
 * what was done or is in progress elsewhere goes to the duplicates output with the first outcome. The
 * fresh keys travel with the message (msg.idempotency) until pb-complete completes them.
 */
export async function dedupeMessage(
  ledger: Ledger,
  msg: LedgerMessage,
  keys: string[],
  perRecord: boolean,
  node: { id: string; flow: string | null },
): Promise<DedupeOutcome> {
  const split = splitDuplicates(keys, await ledger.idempotency.claim(keys, msg));
  ledger.count(node.flow, node.id, 'duplicate', split.duplicates.length);
  const counts = { fresh: split.freshKeys.length, duplicates: split.duplicates.length };
  if (!perRecord) {
    if (split.freshKeys.length) return { send: [msg, null], ...counts };
    // Nothing is left to do for a duplicate, so a tracked message is finished here.
    await ledger.finishDuplicate(msg, node.id, node.flow, `duplicate of ${split.duplicates[0].key}`);
    msg.duplicate = split.duplicates[0];
    return { send: [null, msg], ...counts };
  }
  const records = msg.payload as unknown[];
  let duplicatesMsg: LedgerMessage | null = null;
  if (split.duplicates.length) {
    duplicatesMsg = { ...msg, payload: split.duplicates.map((d) => records[d.index]), duplicates: split.duplicates };
    delete duplicatesMsg.idempotency;
  }
  msg.payload = split.duplicates.length ? split.freshIndexes.map((i) => records[i]) : records;
  if (msg.batch && split.duplicates.length) msg.batch = { ...msg.batch, count: split.freshIndexes.length };
  return { send: [msg, duplicatesMsg], ...counts };
}
