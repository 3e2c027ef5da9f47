import type { Node } from 'node-red';
import type { PlanbridgeError } from '../lib/errors';
import type { LedgerMessage } from './ledger';
import type { PlanbridgeRuntime } from '../lib/runtime-context';
import { ledgerFor } from './registry';

/**
 * Run by runInput when a message fails in any planbridge node: a tracked message becomes a dead
 * letter (its id goes into the error's cause, so a pb-dead-letter node behind a Catch does not store
 * it twice), and idempotency keys held in progress are released.
 */
export async function recordFailure(runtime: PlanbridgeRuntime, node: Node, msg: LedgerMessage, error: PlanbridgeError): Promise<void> {
  const configId = msg.ledger?.config ?? msg.idempotency?.config;
  const opening = ledgerFor(runtime, configId);
  if (!opening) return;
  const ledger = await opening;
  const letter = await ledger.fail(msg, error, { id: node.id, type: node.type, z: (node as Node & { z?: string }).z });
  if (letter) error.cause.deadLetterId = letter.id;
}
