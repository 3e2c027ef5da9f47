/**
 * planbridge/kit: what a node pack builds its nodes with. A node file wires; it does not decide:
 *
 *   const kit = nodeKit(RED);                  // once, at the top of the module's register function
 *   kit.runInput(this, msg, send, done, work); // the one input path: status, send, done(err), dead letters
 *
 * Connections (config nodes) build their client with `holdConnection`; inbound endpoints (webhooks,
 * pushes) go through `mountInbound`; remote calls go through `createHttpClient` and `Resilience`.
 * See docs/node-pack-authors.md.
 */
export { nodeKit, type NodeKit } from '../common/kit';
export type { Done, InputResult, Outgoing, Send } from '../lib/run-input';
export { ConfigError, InputError, PlanbridgeError, RemoteError, toPlanbridgeError, type ErrorDetails } from '../lib/errors';
export { Status } from '../lib/status';
export { statusOf } from '../lib/status-reporter';
export { fieldOrMsg } from '../lib/resolve';
export { messagePath, valueAt } from '../lib/path';
export { envField } from '../lib/fields';
export { holdConnection, userDirOf, type ConnectionNode } from '../lib/connection';
export { showCircuitState } from '../lib/config-status';
export { createHttpClient, type HttpClient, type HttpClientOptions } from '../lib/http';
export { DEFAULT_RESILIENCE, Resilience, resilienceFrom, type ResilienceOptions } from '../lib/resilience';
export { endpointName, mountInbound, type InboundAnswer, type InboundEndpoint, type InboundRequest, type SecretIn } from '../lib/inbound';
export { PagePacer } from '../lib/backpressure';
export { newEvent, type BatchInfo } from '../canonical/envelope';
export { runtimeOf, runtimePart, type PlanbridgeRuntime, type RuntimePart } from '../lib/runtime-context';
