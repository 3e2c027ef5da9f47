import type { NodeAPI } from 'node-red';
import { onInputFailure, onInputSuccess } from '../lib/input-hooks';
import { metrics, nodeLabels } from '../lib/metrics';
import type { PlanbridgeRuntime } from '../lib/runtime-context';

/** GET <admin root>/metrics in Prometheus format; counts every planbridge node's outcomes. */
export function registerMetrics(RED: NodeAPI, runtime: PlanbridgeRuntime): void {
  const m = metrics(runtime);
  onInputSuccess(runtime, 'metrics', (node) => m.messages.inc({ ...nodeLabels(node), outcome: 'ok' }));
  onInputFailure(runtime, 'metrics', (node, _msg, error) => {
    const labels = nodeLabels(node);
    m.messages.inc({ ...labels, outcome: 'failed' });
    m.failures.inc({ ...labels, code: error.code });
  });
  RED.httpAdmin.get('/metrics', RED.auth.needsPermission('planbridge.read'), (_req, res) => {
    m.registry.metrics().then(
      (text) => res.type(m.registry.contentType).send(text),
      (err: Error) => res.status(500).json({ error: { code: 'METRICS_FAILED', message: err.message } }),
    );
  });
}
