import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { ledgerOfNode } from './reliability/ledger-node';

interface DeadLetterDef extends NodeDef {
  ledger: string;
}

interface CaughtError {
  message?: string;
  code?: string;
  source?: { id?: string; type?: string };
  cause?: { attempts?: number; deadLetterId?: string };
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbDeadLetter(this: Node, def: DeadLetterDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    let stored = 0;

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const error = (msg.error ?? {}) as CaughtError;
        // A tracked message was dead-lettered where it failed; keep one letter, not two.
        if (error.cause?.deadLetterId) {
          msg.deadLetter = { id: error.cause.deadLetterId };
          return { send: msg, status: `${stored} stored` };
        }
        const ledger = await opening;
        const sourceNode = error.source?.id ? (RED.nodes.getNode(error.source.id) as (Node & { z?: string }) | null) : null;
        const source = { id: error.source?.id ?? this.id, type: error.source?.type ?? 'unknown', z: sourceNode?.z };
        const failure = { code: error.code ?? 'UNKNOWN_ERROR', message: error.message ?? 'no error message', attempts: error.cause?.attempts ?? 1 };
        await ledger.idempotency.releaseHeld(msg);
        const letter = await ledger.addDeadLetter(msg, failure, source);
        if (msg.ledger) await ledger.transition(msg, 'dead_lettered', this.id, source.z ?? null, `${failure.code}: ${failure.message}`);
        stored += 1;
        msg.deadLetter = { id: letter.id };
        return { send: msg, status: `${stored} stored` };
      });
    });
  }

  RED.nodes.registerType('pb-dead-letter', PbDeadLetter);
}
