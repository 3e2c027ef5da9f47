import { randomUUID } from 'node:crypto';
import { ConfigError, InputError } from '../../lib/errors';
import { valueAt } from '../../lib/path';
import type { LedgerMessage } from '../../ledger/ledger';
import type { RunRecord } from '../../ledger/store/run-types';

/** msg.run: which run a message works for, and which of its parts. */
export interface RunInfo {
  id: string;
  kind: string;
  /** The part this copy of the start message works on (set by pb-run-open per output). */
  part?: string;
  attempt: number;
  /** Set when an instance took the run over from one that died. */
  resumed?: boolean;
}

/** The parts a pb-run-open node expects: names separated by commas or new lines, each once. */
export function parseParts(text: string | undefined): string[] {
  const parts = (text ?? '')
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw new ConfigError('Name the parts the run owes (for example the datasets it sends)');
  if (new Set(parts).size !== parts.length) throw new ConfigError('Each part may be named once');
  return parts;
}

/** The run id of a start message: msg.run.id (a replay), the value at the id path, else a new one. */
export function runIdOf(msg: LedgerMessage, idPath: string): string {
  const existing = (msg.run as RunInfo | undefined)?.id;
  if (existing) return existing;
  const value = idPath ? valueAt(msg, idPath) : undefined;
  if (value !== undefined && value !== null && value !== '') {
    if (typeof value === 'object') throw new InputError(`The run id at msg.${idPath} must be text or a number`, 'RUN_ID_INVALID');
    return String(value);
  }
  return randomUUID();
}

/** msg.run of a message going on in a run; fails with a stable code when there is none. */
export function runOf(msg: LedgerMessage): RunInfo {
  const run = msg.run as RunInfo | undefined;
  if (!run?.id) throw new InputError('msg.run is missing: this message does not come from a pb-run-open node', 'RUN_MISSING');
  return run;
}

/**
 * What pb-run-open sends for a run: a copy of the start message on the output of each part not done
 * yet, or, once every part is done but the run is still open, the start message on the last output
 * (its closing step is what remains). Nothing for a run that is no longer open.
 */
export function dispatch(run: RunRecord, msg: LedgerMessage, resumed: boolean): Array<LedgerMessage | null> {
  const out: Array<LedgerMessage | null> = new Array(run.parts.length + 1).fill(null);
  if (run.state !== 'open') return out;
  const info: RunInfo = { id: run.id, kind: run.kind, attempt: run.attempt, ...(resumed ? { resumed: true } : {}) };
  if (run.partsDoneAt !== null) {
    out[run.parts.length] = { ...msg, run: info };
    return out;
  }
  const done = new Set(run.done.map((d) => d.part));
  run.parts.forEach((part, i) => {
    if (!done.has(part)) out[i] = { ...msg, run: { ...info, part } };
  });
  return out;
}

/** A part's record in words: the value at the detail path (an object as JSON), or null. */
export function partDetail(msg: LedgerMessage, detailPath: string): string | null {
  if (!detailPath) return null;
  const value = valueAt(msg, detailPath);
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
