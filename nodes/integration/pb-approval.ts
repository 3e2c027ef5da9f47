import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { receive } from './approval/answers';
import { registerApprovalApi } from './approval/api';
import { followDecisions } from './approval/follow';
import { autoRulesFrom, type AutoRules } from './approval/rules';
import { ledgerOfNode } from './reliability/ledger-node';

interface ApprovalDef extends NodeDef {
  ledger: string;
  maxValue: string;
  supplierAllowList: string;
  maxChangePercent: string;
}

/** Recommendations wait in the ledger for a rule or a planner; approved ones go on (output 1), every decision on output 2. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);
  registerApprovalApi(RED, kit.runtime);

  function PbApproval(this: Node, def: ApprovalDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    let rules: AutoRules;
    try {
      rules = autoRulesFrom(def);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    let stop = (): void => undefined;
    opening.then(
      (ledger) =>
        (stop = followDecisions(
          ledger,
          (out) => this.send(out),
          (text) => this.warn(text),
        )),
      () => undefined,
    );
    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => receive(await opening, msg, rules));
    });
    this.on('close', (_removed: boolean, done: () => void) => {
      stop();
      done();
    });
  }

  RED.nodes.registerType('pb-approval', PbApproval);
}
