import type { NodeAPI } from 'node-red';
import { installRuntimeServices } from './kit';

/**
 * The planbridge-runtime plugin: Node-RED loads plugins before nodes, so the failure hook, the metrics
 * and the admin endpoints are installed once, by the runtime, before the first planbridge node exists.
 */
export default function register(RED: NodeAPI): void {
  installRuntimeServices(RED);
  (RED as unknown as { plugins: { registerPlugin(id: string, definition: object): void } }).plugins.registerPlugin('planbridge-runtime', {
    type: 'planbridge-runtime',
  });
}
