import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import type { LedgerMessage } from '../ledger/ledger';
import { answerPage } from './alerts/exceptions';
import { alertEnv } from './alerts/service';
import { ledgerOfNode } from './reliability/ledger-node';

type ExceptionsDef = NodeDef & { ledger: string; env: string };

/** The dashboard's Exceptions page: lists alerts, acknowledges and resolves them (see the help). */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  RED.nodes.registerType('pb-exceptions', function PbExceptions(this: Node, def: ExceptionsDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const env = alertEnv(def.env);
    // Output 1 answers the asking browser; output 2 carries resolutions to MQTT.
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, () => answerPage(opening, msg, env));
    });
  });
}
