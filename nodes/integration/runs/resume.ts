import type { Node } from 'node-red';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import type { RunRecord } from '../../ledger/store/run-types';
import { dispatch } from './run-message';

const BATCH = 20;

/**
 * For a pb-run-open node: open runs it started whose instance died are taken over (atomically, so one
 * instance resumes each) and sent again for the parts still owed; at start and then every half lease.
 * Returns the stop function for close.
 */
export function startResuming(node: Node, opening: Promise<Ledger>, onResumed: (run: RunRecord) => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sweep = async (ledger: Ledger): Promise<void> => {
    let batch: Array<{ run: RunRecord; msg: LedgerMessage }>;
    do {
      batch = await ledger.runs.claimOrphans(node.id, BATCH);
      for (const { run, msg } of batch) {
        if (stopped) return;
        const owed = run.parts.filter((p) => !run.done.some((d) => d.part === p));
        node.log(
          `resuming run ${run.id} (attempt ${run.attempt}): ${owed.length ? `parts still owed: ${owed.join(', ')}` : 'every part done, closing step owed'}`,
        );
        node.send(dispatch(run, msg, true));
        onResumed(run);
      }
    } while (batch.length === BATCH && !stopped);
  };
  opening.then(
    (ledger) => {
      if (stopped) return;
      const run = (): void => {
        sweep(ledger).catch((err: Error) => node.warn(`run resume sweep failed: ${err.message}`));
      };
      run();
      timer = setInterval(run, Math.max(500, Math.floor(ledger.leaseMs / 2)));
      timer.unref();
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    if (timer) clearInterval(timer);
  };
}
