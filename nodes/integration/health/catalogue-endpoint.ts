import type { NodeAPI } from 'node-red';
import { pickLedger } from '../../ledger/admin-api';
import { LEDGER_UNAVAILABLE } from '../../lib/errors';
import type { PlanbridgeRuntime } from '../../lib/runtime-context';
import { watchSettings } from '../runs/watch';
import { clockTime } from './flow-verdicts';
import { deployedFlows, flowRows } from './flows';
import { DEFAULT_WINDOW_HOURS, HOUR_MS } from './summary';

/**
 * GET <admin>/planbridge/catalogue: the Health page's Flows section for scripts. Each deployed tab
 * with its owner, service level, validation policy and exception path, and its verdict and reason.
 * ?ledger=<ledger-config id> names the ledger when there are several. Deliveries count from the start
 * of yesterday (UTC), as on a Health page with its default window of a day.
 */
export function registerCatalogueEndpoint(RED: NodeAPI, runtime: PlanbridgeRuntime): void {
  RED.httpAdmin.get('/planbridge/catalogue', RED.auth.needsPermission('planbridge.read'), (req, res) => {
    const now = Date.now();
    const options = {
      now,
      since: now - DEFAULT_WINDOW_HOURS * HOUR_MS,
      stuckAfterMs: watchSettings(process.env).stuckAfterMs,
      time: clockTime(now),
    };
    const flows = deployedFlows(RED);
    pickLedger(runtime, req)
      .then((ledger) => flowRows(flows, ledger, options, 'no ledger: none is deployed, or name one with ?ledger=<ledger-config id>'))
      .catch((err: Error & { code?: string }) => {
        if (err.code !== LEDGER_UNAVAILABLE) throw err;
        return flowRows(flows, undefined, options, `the ledger cannot be read: ${err.message}`);
      })
      .then((rows) => res.json({ generatedAt: now, flows: rows }))
      .catch((err: Error) => res.status(500).json({ error: { code: 'CATALOGUE_FAILED', message: err.message } }));
  });
}
