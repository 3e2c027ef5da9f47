import type { Node } from 'node-red';
import type { Ledger, LedgerMessage } from './ledger';

const BATCH = 100;

/**
 * For a start node (pb-track, a webhook): messages it accepted that no instance finished within
 * their lease are sent again on its first output, marked msg.ledger.redelivered. Claiming them is
 * atomic, so with several instances each is sent once. Returns the stop function for close.
 */
export function startRedelivery(node: Node, opening: Promise<Ledger>, outputs: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sweep = async (ledger: Ledger): Promise<void> => {
    let batch: LedgerMessage[];
    do {
      batch = await ledger.claimRedeliveries(node.id, BATCH);
      for (const msg of batch) {
        if (stopped) return;
        const out: Array<LedgerMessage | null> = new Array(outputs).fill(null);
        out[0] = msg;
        node.send(out);
      }
      if (batch.length) node.log(`redelivered ${batch.length} unfinished message(s)`);
    } while (batch.length === BATCH && !stopped);
  };
  opening.then(
    (ledger) => {
      if (stopped) return;
      const run = (): void => {
        sweep(ledger).catch((err: Error) => node.warn(`redelivery sweep failed: ${err.message}`));
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
