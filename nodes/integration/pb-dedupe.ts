import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath } from '../lib/path';
import type { LedgerMessage } from '../ledger/ledger';
import { keysFrom, type KeyMode } from './dedupe/keys';
import { splitDuplicates } from './dedupe/split-duplicates';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';

interface DedupeDef extends NodeDef {
  ledger: string;
  keyMode: KeyMode;
  key: string;
  scope: string;
}

type JsonataExpression = unknown;

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
        const scoped = keys.map((k) => prefix + k);
        const split = splitDuplicates(scoped, await ledger.idempotency.claim(scoped, msg));
        totals.fresh += split.freshKeys.length;
        totals.duplicate += split.duplicates.length;
        const status = `${totals.fresh} new, ${totals.duplicate} duplicate`;
        ledger.count(flowId, this.id, 'duplicate', split.duplicates.length);

        if (!perRecord) {
          if (split.freshKeys.length) return { send: [msg, null], status };
          // Nothing is left to do for a duplicate, so a tracked message is finished here.
          await ledger.transition(msg, 'delivered', this.id, flowId, `duplicate of ${split.duplicates[0].key}`);
          msg.duplicate = split.duplicates[0];
          return { send: [null, msg], status };
        }

        const records = msg.payload as unknown[];
        let duplicatesMsg: LedgerMessage | null = null;
        if (split.duplicates.length) {
          duplicatesMsg = { ...msg, payload: split.duplicates.map((d) => records[d.index]), duplicates: split.duplicates };
          delete duplicatesMsg.idempotency;
        }
        // A page always goes on, even empty, so its batch still ends; its fresh keys travel with it.
        msg.payload = split.duplicates.length ? split.freshIndexes.map((i) => records[i]) : records;
        if (msg.batch && split.duplicates.length) msg.batch = { ...msg.batch, count: split.freshIndexes.length };
        return { send: [msg, duplicatesMsg], status };
      });
    });
  }

  RED.nodes.registerType('pb-dedupe', PbDedupe);
}
