import type { Node, NodeAPI } from 'node-red';
import { ConfigError } from '../../lib/errors';
import { Status } from '../../lib/status';
import type { Ledger } from '../../ledger/ledger';
import type { LedgerConfigNode } from '../../ledger/ledger-config';

/**
 * The ledger of a node's `ledger` field, for nodes that need one. Without it the node shows a red
 * status and returns undefined, so it registers no input listener.
 */
export function ledgerOfNode(RED: NodeAPI, node: Node, configId: string | undefined): Promise<Ledger> | undefined {
  const config = configId ? (RED.nodes.getNode(configId) as LedgerConfigNode | null) : null;
  if (!config?.ledger) {
    node.status(Status.failed('CONFIG_INVALID'));
    node.error(new ConfigError('No ledger is configured: choose a ledger-config node').message);
    return undefined;
  }
  return config.ledger;
}

/** The flow (tab) a node sits on, for counters and dead letters. */
export function flowOf(node: Node): string | null {
  return (node as Node & { z?: string }).z ?? null;
}
