import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import RED from 'node-red';
import type { Node, NodeMessage } from 'node-red';
import { packageRoot } from '../../runtime/paths';

type GetNode = (id: string) => Node | null;

interface RuntimeApi {
  flows: { setFlows(opts: { flows: { flows: unknown[]; credentials?: Record<string, unknown> }; deploymentType: string }): Promise<unknown> };
}

export interface EmbeddedRuntime {
  deploy(flows: unknown[], credentials?: Record<string, unknown>): Promise<void>;
  userDir: string;
  node(id: string): Node;
  /** Counts what reaches a node (add it as an extra input listener, so it costs next to nothing). */
  counter(id: string): { count: number; reached(n: number): Promise<void> };
  /** Whether a node type is registered (a node in package.json's "node-red" section). */
  hasType(type: string): boolean;
  /** Serves the flows' HTTP endpoints (http in, webhooks) on a free loopback port until closed. */
  serveHttp(): Promise<{ url: string; close(): Promise<void> }>;
  stop(): Promise<void>;
}

/**
 * Node-RED embedded with editor and HTTP off and planbridge's nodes loaded, as a benchmark bed:
 * messages enter with node.receive() and are counted at sink nodes.
 */
export async function startEmbeddedRuntime(): Promise<EmbeddedRuntime> {
  const userDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-bench-'));
  await fs.writeFile(path.join(userDir, 'flows.json'), '[]');
  const settings = {
    userDir,
    flowFile: 'flows.json',
    nodesDir: [packageRoot],
    credentialSecret: 'bench-only',
    httpAdminRoot: false,
    // http in nodes register their routes only with a node root; nothing serves them until a bench calls serveHttp().
    httpNodeRoot: '/',
    disableEditor: true,
    logging: { console: { level: process.env.PLANBRIDGE_BENCH_LOG || 'off', metrics: false, audit: false } },
    telemetry: { enabled: false, updateNotification: false },
    contextStorage: { default: { module: 'memory' } },
  };
  RED.init(http.createServer(), settings as unknown as Parameters<typeof RED.init>[1]);
  const firstStart = once(RED.events, 'flows:started');
  await RED.start();
  await firstStart;
  const runtime = (RED as unknown as { runtime: RuntimeApi }).runtime;
  // @types/node-red lacks getNode on the embedding API, although the runtime has it.
  const getNode = (RED.nodes as unknown as { getNode: GetNode }).getNode;
  const waiters = new Map<string, { count: number; target: number; resolve?: () => void }>();
  return {
    userDir,
    async deploy(flows, credentials) {
      // setFlows resolves once the flows are saved; the nodes exist only after flows:started.
      const started = once(RED.events, 'flows:started');
      await runtime.flows.setFlows({ flows: { flows, credentials }, deploymentType: 'full' });
      await started;
    },
    node(id) {
      const found = getNode(id);
      if (!found) throw new Error(`bench flow has no node ${id}`);
      return found;
    },
    counter(id) {
      const state = { count: 0, target: Infinity, resolve: undefined as (() => void) | undefined };
      waiters.set(id, state);
      const sink = getNode(id) as Node;
      sink.on('input', (_msg: NodeMessage, _send: unknown, done: () => void) => {
        state.count += 1;
        done();
        if (state.count >= state.target && state.resolve) {
          const resolve = state.resolve;
          state.resolve = undefined;
          resolve();
        }
      });
      return {
        get count() {
          return state.count;
        },
        reached(n: number) {
          if (state.count >= n) return Promise.resolve();
          state.target = n;
          return new Promise<void>((resolve) => {
            state.resolve = resolve;
          });
        },
      };
    },
    hasType(type) {
      return !!(RED.nodes as unknown as { getType(type: string): unknown }).getType(type);
    },
    async serveHttp() {
      const server = http.createServer(RED.httpNode as unknown as http.RequestListener);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
    async stop() {
      await RED.stop();
      await fs.rm(userDir, { recursive: true, force: true });
    },
  };
}
