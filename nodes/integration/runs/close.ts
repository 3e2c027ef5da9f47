import { InputError } from '../../lib/errors';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { clearOperational } from '../alerts/operational';
import { partDetail, runOf } from './run-message';

/** Closes the run of a message with its outcome, and resolves its overdue alert if one was raised. */
export async function closeRun(ledger: Ledger, msg: LedgerMessage, outcomePath: string): Promise<{ closed: boolean; status: string }> {
  const info = runOf(msg);
  if (!(await ledger.runs.get(info.id))) throw new InputError(`Run ${info.id} is not in the ledger`, 'RUN_UNKNOWN');
  const closed = await ledger.runs.close(info.id, partDetail(msg, outcomePath));
  if (!closed) return { closed, status: `run ${info.id} was closed already` };
  await clearOperational(ledger, `run_overdue:${info.id}`, 'the run finished');
  msg.run = { ...info, closed: true };
  return { closed, status: `run ${info.id} closed` };
}
