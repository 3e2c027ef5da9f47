import { InputError } from '../../lib/errors';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { partDetail, runOf, type RunInfo } from './run-message';

/**
 * Records the part a message finished. When it was the last part owed, answers the run's start
 * message (with msg.run) for the closing step: exactly one caller gets it, whichever instance.
 */
export async function recordPart(
  ledger: Ledger,
  msg: LedgerMessage,
  options: { part: string; detailPath: string },
): Promise<{ complete: LedgerMessage | null; status: string }> {
  const info = runOf(msg);
  const part = options.part || info.part;
  if (!part) throw new InputError('Name the part on the node, or send msg.run.part (pb-run-open sets it)', 'RUN_PART_MISSING');
  const result = await ledger.runs.partDone(info.id, part, partDetail(msg, options.detailPath));
  if (!result) throw new InputError(`Run ${info.id} is not in the ledger`, 'RUN_UNKNOWN');
  const { run, completedParts } = result;
  if (!run.parts.includes(part)) throw new InputError(`Run ${run.id} owes no part "${part}" (it owes ${run.parts.join(', ')})`, 'RUN_PART_UNKNOWN');
  const status = `run ${run.id}: ${run.done.length}/${run.parts.length} parts`;
  if (!completedParts) return { complete: null, status };
  const start = ledger.deserialize(run.body);
  start.run = { id: run.id, kind: run.kind, attempt: run.attempt } satisfies RunInfo;
  return { complete: start, status: `run ${run.id}: every part done` };
}
