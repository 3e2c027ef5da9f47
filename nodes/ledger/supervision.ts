import type { Node } from 'node-red';
import type { Gauge } from 'prom-client';
import type { OperationalSignals } from '../lib/operational-signals';
import type { OpenObserver } from './open-ledger';

/**
 * What a ledger node tells while its store is out of reach: a log line per transition (down, reachable
 * again), the retries of the first opening (every one at first, then one in ten once the pause is at
 * its longest, so an outage of hours writes a few lines), the planbridge_dependency_up gauge, and a
 * `ledger-state` signal per transition (the ledger_unwritable alert, kept in memory while it lasts).
 */
export function ledgerObserver(node: Node, gauge: Gauge<'dependency'>, name: string, signals?: OperationalSignals): OpenObserver {
  const labels = { dependency: `ledger ${name}` };
  gauge.set(labels, 0);
  let wasUp: boolean | undefined;
  return {
    waiting: (err, delayMs, attempt) => {
      if (attempt <= 3 || delayMs < 30_000 || attempt % 10 === 0)
        node.warn(`The ledger cannot be opened (${err.message}); trying again in ${Math.round(delayMs / 1000)} s (attempt ${attempt})`);
    },
    state: (up, reason) => {
      gauge.set(labels, up ? 1 : 0);
      if (up === wasUp) return;
      if (!up) node.warn(`ledger down: ${reason ?? 'unreachable'}`);
      else if (wasUp === false) node.log('ledger reachable again');
      wasUp = up;
      signals?.emit('ledger-state', { configId: node.id, name, up, reason, at: Date.now() });
    },
  };
}
