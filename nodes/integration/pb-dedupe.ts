import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath } from '../lib/path';
import type { LedgerMessage } from '../ledger/ledger';
import { keysFrom, type KeyMode } from './dedupe/keys';
import { dedupeMessage } from './dedupe/dedupe-message';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';

interface DedupeDef extends NodeDef {
  ledger: string;
  keyMode: KeyMode;
  key: string;
  scope: string;
}

type JsonataExpression = unknown;

/** Lets each idempotency key (of a message, or of each record of a page) through once; repeats go to output 2. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbDedupe(this: Node, def: DedupeDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const mode: KeyMode = def.keyMode === 'fields' || def.keyMode === 'jsonata' ? def.keyMode : 'msg';
    const spec = mode === 'msg' ? messagePath(def.key) : (def.key ?? '').trim();
    let expression: JsonataExpression;
    try {
      if (!spec) throw new Error('No key is configured');
      if (mode === 'jsonata') expression = RED.util.prepareJSONataExpression(spec, this);
    } catch (err) {
      this.status({ fill: 'red', shape: 'ring', text: 'CONFIG_INVALID' });
      this.error(`Invalid key: ${(err as Error).message}`);
      return;
    }
    const prefix = def.scope ? `${def.scope}:` : '';
    const flowId = flowOf(this);
    const totals = { fresh: 0, duplicate: 0 };

    const evaluate = (msg: LedgerMessage): Promise<unknown> =>
      new Promise((resolve, reject) => {
        RED.util.evaluateJSONataExpression(expression as never, msg, (err: Error | null, value: unknown) => (err ? reject(err) : resolve(value)));
      });

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger = await opening;
        const jsonataResult = mode === 'jsonata' ? await evaluate(msg) : undefined;
        const { keys, perRecord } = keysFrom(mode, msg, spec, jsonataResult);
        const outcome = await dedupeMessage(
          ledger,
          msg,
          keys.map((k) => prefix + k),
          perRecord,
          { id: this.id, flow: flowId },
        );
        totals.fresh += outcome.fresh;
        totals.duplicate += outcome.duplicates;
        return { send: outcome.send, status: `${totals.fresh} new, ${totals.duplicate} duplicate` };
      });
    });
  }

  RED.nodes.registerType('pb-dedupe', PbDedupe);
}
