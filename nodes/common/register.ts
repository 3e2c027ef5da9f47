import type { NodeAPI } from 'node-red';
import { onInputFailure } from '../lib/input-hooks';
import { registerDeadLetterApi } from '../ledger/admin-api';
import { recordFailure } from '../ledger/failure-hook';
import { registerContractsEndpoint } from './contracts-endpoint';
import { registerMetrics } from './metrics-endpoint';

const done = new WeakSet<object>();

/**
 * What every planbridge node module needs once per runtime: the ledger's failure hook, metrics,
 * and the admin endpoints (contracts, dead letters, /metrics). Each node's register() calls it.
 */
export function registerCommon(RED: NodeAPI): void {
  if (done.has(RED.httpAdmin)) return;
  done.add(RED.httpAdmin);
  onInputFailure('ledger', (node, msg, error) => recordFailure(node, msg, error));
  registerMetrics(RED);
  registerContractsEndpoint(RED);
  registerDeadLetterApi(RED);
}
