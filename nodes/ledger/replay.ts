import type { Ledger, LedgerMessage } from './ledger';
import type { DeadLetter, DeadLetterFilter } from './store/types';

/** Dead letters per second when the one asking names no pace. */
export const DEFAULT_REPLAY_RATE = 5;
const REPLAY_LIMIT = 10_000;
const NOTE_LIMIT = 1000;

export interface ReplayOptions {
  /** Dead letters per second; the target recovering from an outage is not flooded. */
  ratePerSecond: number;
  /** Who asked, recorded on each dead letter. */
  by: string;
  /**
   * Sends a rebuilt message into its start node. Returns false when that node no longer exists;
   * letters without a start node (untracked) go to `emit` instead.
   */
  inject(letter: DeadLetter, msg: LedgerMessage): boolean;
  emit?(letter: DeadLetter, msg: LedgerMessage): void;
  onProgress?(report: ReplayReport): void;
}

export interface ReplayReport {
  total: number;
  replayed: number;
  /** Skipped because their idempotency key or their message has completed since. */
  alreadyDone: number;
  /** Skipped because another replay holds them, or their start node is gone. */
  skipped: number;
  done: boolean;
}

export interface ReplayStarted {
  replaying: number;
  ratePerSecond: number;
  by: string;
}

/** The open dead letters among those a filter selects, oldest first: the order a replay takes. */
export function openForReplay(filter: DeadLetterFilter = {}): DeadLetterFilter {
  return { ...filter, state: 'open', oldestFirst: true, limit: REPLAY_LIMIT };
}

/**
 * Starts a paced replay of the dead letters a filter selects and answers at once with what it will
 * do; the replay goes on in the background, and a failure there is only warned about. The admin API
 * and the dashboard's health page both replay through here.
 */
export async function startReplay(ledger: Ledger, filter: DeadLetterFilter, options: ReplayOptions & { warn(message: string): void }): Promise<ReplayStarted> {
  const letters = await ledger.store.listDeadLetters(filter);
  replayDeadLetters(ledger, letters, options).catch((err: Error) => options.warn(`planbridge: dead-letter replay stopped: ${err.message}`));
  return { replaying: letters.length, ratePerSecond: options.ratePerSecond, by: options.by };
}

/** Resolves an open dead letter with who did it and why; undefined when it is not open (or not there). */
export async function resolveDeadLetter(ledger: Ledger, id: string, by: string, note: unknown, at: number): Promise<DeadLetter | undefined> {
  const text = typeof note === 'string' && note.trim() ? note.slice(0, NOTE_LIMIT) : null;
  if (!(await ledger.store.setDeadLetterState(id, ['open'], 'resolved', by, at, text))) return undefined;
  return ledger.store.getDeadLetter(id);
}

const wait = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Re-injects dead letters one by one at a fixed pace, oldest first. Each goes through the same
 * idempotency check as the first attempt: one whose key has completed since is resolved, not sent.
 */
export async function replayDeadLetters(ledger: Ledger, letters: DeadLetter[], options: ReplayOptions): Promise<ReplayReport> {
  const report: ReplayReport = { total: letters.length, replayed: 0, alreadyDone: 0, skipped: 0, done: false };
  const gapMs = 1000 / Math.max(0.01, options.ratePerSecond);
  const store = ledger.store;
  let next = Date.now();
  for (const letter of letters) {
    const now = Date.now();
    if (await isAlreadyDone(ledger, letter)) {
      await store.setDeadLetterState(letter.id, ['open'], 'resolved', options.by, ledger.now(), 'completed since it failed; not replayed');
      report.alreadyDone += 1;
      options.onProgress?.(report);
      continue;
    }
    if (next > now) await wait(next - now);
    next = Math.max(Date.now(), next) + gapMs;
    if (!(await store.setDeadLetterState(letter.id, ['open'], 'replaying', options.by, ledger.now()))) {
      report.skipped += 1;
      continue;
    }
    const msg = ledger.deserialize(letter.body);
    let sent = false;
    if (letter.messageId && letter.startNode) {
      msg.ledger = { id: letter.messageId, config: ledger.configId, startNode: letter.startNode, attempt: 0 };
      await ledger.reopen(msg, letter, letter.startNode);
      sent = options.inject(letter, msg);
    } else if (letter.startNode) {
      // Refused before it was tracked: it enters its tracking node again as a new message.
      sent = options.inject(letter, msg);
      if (sent) await store.setDeadLetterState(letter.id, ['replaying'], 'replayed', options.by, ledger.now());
    } else if (options.emit) {
      options.emit(letter, msg);
      // An untracked message cannot be followed further: replayed means sent again.
      await store.setDeadLetterState(letter.id, ['replaying'], 'replayed', options.by, ledger.now());
      sent = true;
    }
    if (sent) {
      report.replayed += 1;
    } else {
      await store.setDeadLetterState(letter.id, ['replaying'], 'open', null, ledger.now(), 'replay found no start node');
      report.skipped += 1;
    }
    options.onProgress?.(report);
  }
  report.done = true;
  options.onProgress?.(report);
  ledger.emit('replay-done', report);
  return report;
}

async function isAlreadyDone(ledger: Ledger, letter: DeadLetter): Promise<boolean> {
  if (letter.idempotencyKey) {
    const key = await ledger.store.getKey(letter.idempotencyKey);
    if (key && !key.claimed && key.state === 'completed') return true;
  }
  if (letter.messageId) {
    const message = await ledger.store.getMessage(letter.messageId);
    if (message?.status === 'delivered') return true;
  }
  return false;
}
