/**
 * planbridge/testing: what a node pack's tests use. Load nodes into a Node-RED runtime
 * (node-red-node-test-helper, which the pack installs as a dev dependency, on the Node-RED planbridge
 * runs), give them a ledger in a temporary folder, and stand up a stub of the system they talk to on
 * a loopback port. Wait on what happens (a message, a status, a request), never on time.
 */
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Node, NodeMessage } from 'node-red';
import ledgerConfig from '../ledger/ledger-config';
import type { LedgerConfigNode } from '../ledger/ledger-config';
import type { Ledger } from '../ledger/ledger';

export { ledgerConfig };

type Helper = typeof import('node-red-node-test-helper');
type NodeModule = (RED: never) => void;

/** Node-RED with the helper loaded, for one test file; `stop()` in afterAll, `unload()` in afterEach. */
export interface NodeRedHarness {
  /** Loads node modules (the pack's, ledgerConfig, ...) and a flow; credentials by node id. */
  load(modules: unknown[], flow: object[], credentials?: Record<string, object>): Promise<void>;
  unload(): Promise<void>;
  node<T = Node>(id: string): T;
  /** The next message a node receives (a `helper` node wired after the node under test, say). */
  next<T extends NodeMessage = NodeMessage & Record<string, unknown>>(id: string): Promise<T>;
  /** The next call of a spied method of a node (error, warn, status, log): its arguments. */
  nextCall(id: string, method: 'error' | 'warn' | 'status' | 'log'): Promise<unknown[]>;
  /** The admin API (supertest), e.g. the /metrics or /planbridge/dead-letters endpoints. */
  request(): ReturnType<Helper['request']>;
  stop(): Promise<void>;
}

/** Starts the helper's server on the Node-RED planbridge runs. */
export async function startNodeRed(): Promise<NodeRedHarness> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dev dependency of the pack, loaded only by tests
  const helper = require('node-red-node-test-helper') as Helper;
  helper.init(require.resolve('node-red'));
  await new Promise<void>((resolve) => helper.startServer(() => resolve()));
  const node = <T>(id: string): T => {
    const found = helper.getNode(id);
    if (!found) throw new Error(`node ${id} was not created (check the flow and the node's configuration)`);
    return found as unknown as T;
  };
  return {
    load: async (modules, flow, credentials) => {
      await helper.load(modules as never, flow as never, credentials);
    },
    unload: async () => {
      await helper.unload();
    },
    node,
    next: async <T extends NodeMessage>(id: string) => ((await once(node<Node>(id), 'input')) as [T])[0],
    nextCall: async (id, method) => ((await once(node<Node>(id), `call:${method}`)) as [{ args: unknown[] }])[0].args,
    request: () => helper.request(),
    stop: () => new Promise<void>((resolve) => helper.stopServer(() => resolve())),
  };
}

/** A ledger-config node on a SQLite file in a new temporary folder; `cleanup()` removes the folder. */
export async function tempLedger(id = 'ledger'): Promise<{ node: object; ledgerOf(harness: NodeRedHarness): Promise<Ledger>; cleanup(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pb-pack-'));
  return {
    node: { id, type: 'ledger-config', engine: 'sqlite', file: path.join(dir, 'ledger.db'), leaseSeconds: '30' },
    ledgerOf: (harness) => harness.node<LedgerConfigNode>(id).ledger,
    cleanup: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  /** The body parsed as JSON, or its text when it is not JSON. */
  body: unknown;
}

export type SandboxRoute = (
  request: SandboxRequest,
) => { status?: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status?: number; body?: unknown; headers?: Record<string, string> }>;

export interface Sandbox {
  url: string;
  /** Every request, in order. */
  calls: SandboxRequest[];
  /** Answers the next `count` requests with `status` (a 503 outage, a 429 with Retry-After, ...). */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * A stub of a remote system on a loopback port the OS chooses: routes by `METHOD /path`, JSON in and
 * out, every request recorded. Unknown routes answer 404.
 */
export async function startSandbox(routes: Record<string, SandboxRoute>): Promise<Sandbox> {
  const calls: SandboxRequest[] = [];
  let failing: { count: number; status: number; headers: Record<string, string> } | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sandbox');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: the text is the body
      }
      const request: SandboxRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
      calls.push(request);
      const answer = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      if (failing && failing.count > 0) {
        failing.count -= 1;
        return answer(failing.status, { error: 'unavailable' }, failing.headers);
      }
      const route = routes[`${request.method} ${request.path}`];
      if (!route) return answer(404, { error: 'not found' });
      Promise.resolve(route(request)).then(
        (out) => answer(out.status ?? 200, out.body, out.headers),
        (err: Error) => answer(500, { error: err.message }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext: (count, status, headers = {}) => {
      failing = { count, status, headers };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Node module signature, for a pack's own typing of what it hands to `load`. */
export type { NodeModule };
