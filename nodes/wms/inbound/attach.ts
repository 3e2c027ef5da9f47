import type { Node, NodeAPI } from 'node-red';
import type { NodeKit } from '../../common/kit';
import { ConfigError, toPlanbridgeError } from '../../lib/errors';
import { endpointName, mountInbound } from '../../lib/inbound';
import type { PlanbridgeRuntime } from '../../lib/runtime-context';
import type { InputResult, Send } from '../../lib/run-input';
import { Status } from '../../lib/status';
import { statusOf } from '../../lib/status-reporter';
import { Turns } from '../../lib/turns';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { startRedelivery } from '../../ledger/redelivery';
import type { WmsClient } from '../client/wms-client';
import type { WmsTopic } from '../client/types';
import { InboundStream } from './stream';
import { parsePush } from '../map/inbound';

/** Where the WMS pushes: POST /planbridge/wms/<the node's path>. */
export const WEBHOOK_PREFIX = '/planbridge/wms/';

export interface AttachOptions {
  topic: WmsTopic;
  client: WmsClient;
  ledger: Promise<Ledger>;
  /** Blank: poll only. */
  path: string;
  secret: string;
  pageSize: number;
}

export interface Attached {
  /** One reconciling poll, for the node's input handler. */
  poll(msg: LedgerMessage, send: Send): Promise<InputResult>;
  close(): void;
}

/** Checks the inbound settings at deploy; throws a ConfigError the node shows. */
export function checkInbound(path: string, secret: string): void {
  if (!path) return;
  if (!endpointName(path)) throw new ConfigError(`The webhook path "${path}" may only use letters, digits, dot, dash and underscore`);
  if (secret.length < 16) throw new ConfigError('The WMS config needs a push secret of at least 16 characters for a webhook', 'WMS_SECRET_MISSING');
}

function summary(label: string, r: { fresh: number; duplicates: number; invalid: string[] }): string {
  const parts = [`${r.fresh} new ${label}`];
  if (r.duplicates) parts.push(`${r.duplicates} seen before`);
  if (r.invalid.length) parts.push(`${r.invalid.length} invalid`);
  return parts.join(', ');
}

/**
 * Wires an inbound topic to a node: the webhook (when a path is set) sends each push's fresh entries
 * at once; the node's input runs the reconciling poll. Both share one InboundStream, so an entry
 * that came by one path is not sent again by the other. Refused entries are logged with the reason.
 */
export function attachInbound(RED: NodeAPI, runtime: PlanbridgeRuntime, node: Node, options: AttachOptions): Attached {
  const label = options.topic === 'stock_events' ? 'events' : 'confirmations';
  const stream = new InboundStream({
    topic: options.topic,
    nodeId: node.id,
    flowId: (node as Node & { z?: string }).z ?? null,
    pageSize: options.pageSize,
    ledger: options.ledger,
    client: options.client,
    newId: () => RED.util.generateId(),
  });
  const stopRedelivery = startRedelivery(node, options.ledger, 1);
  const runs = new Turns();
  const warnInvalid = (invalid: string[]): void => {
    for (const reason of invalid) node.warn(`WMS ${options.topic} entry refused: ${reason}`);
  };

  // The WMS pushes to POST /planbridge/wms/<path> with X-WMS-Secret and does not retry: the answer comes
  // once the entries are in the ledger, the flow's work after it.
  const name = endpointName(options.path);
  const unmount = name
    ? mountInbound(RED, runtime, {
        path: `${WEBHOOK_PREFIX}${name}`,
        node,
        secret: options.secret,
        secretIn: { header: 'X-WMS-Secret' },
        body: 'json',
        handle: async ({ body }) => {
          const delivery = await stream.accept(parsePush(body, options.topic), 'push').catch((err: unknown) => {
            const error = toPlanbridgeError(err);
            statusOf(node).set(Status.failed(error.code));
            node.error(error);
            throw error;
          });
          warnInvalid(delivery.invalid);
          setImmediate(() => {
            if (delivery.msg) node.send(delivery.msg);
            statusOf(node).set(Status.ok(`push: ${summary(label, delivery)}`));
          });
          const { fresh, duplicates, invalid } = delivery;
          return { status: invalid.length && !fresh && !duplicates ? 422 : 202, body: { accepted: fresh, duplicates, invalid } };
        },
      })
    : () => undefined;

  return {
    poll: (msg, send) =>
      runs.run(async () => {
        const result = await stream.poll((out) => send(out), msg.event?.correlationid);
        warnInvalid(result.invalid);
        return { status: `poll: ${summary(label, result)}` };
      }),
    close: () => {
      unmount();
      stopRedelivery();
    },
  };
}

/**
 * A node in an inbound mode: the webhook (when a path is set) and, on each input message, the
 * reconciling poll; the status names the webhook's address.
 */
export function wireInbound(RED: NodeAPI, kit: NodeKit, node: Node, options: AttachOptions): void {
  const inbound = attachInbound(RED, kit.runtime, node, options);
  if (options.path) node.status(Status.ok(`POST ${WEBHOOK_PREFIX}${options.path}`));
  node.on('input', (msg: LedgerMessage, send, done) => {
    kit.runInput(node, msg, send, done, (emit) => inbound.poll(msg, emit));
  });
  node.on('close', (_removed: boolean, done: () => void) => {
    inbound.close();
    done();
  });
}
