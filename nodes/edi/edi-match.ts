import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { nodeKit } from '../common/kit';
import { DEFAULT_TOLERANCE } from './match/invoice';
import { matchDocument, type MatchKind } from './match';

interface MatchDef extends NodeDef {
  kind: MatchKind | 'auto';
  order: string;
  pricePercent: string;
  quantityTolerance: string;
}

const KINDS = ['auto', 'acknowledgment', 'ship_notice', 'invoice'];

const numberOr = (value: string, fallback: number): number =>
  value !== '' && value !== undefined && Number.isFinite(Number(value)) && Number(value) >= 0 ? Number(value) : fallback;

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function EdiMatch(this: Node, def: MatchDef): void {
    RED.nodes.createNode(this, def);
    const kind = KINDS.includes(def.kind) ? def.kind : 'auto';
    const orderProperty = def.order || 'order';
    const tolerance = {
      pricePercent: numberOr(def.pricePercent, DEFAULT_TOLERANCE.pricePercent),
      quantity: numberOr(def.quantityTolerance, DEFAULT_TOLERANCE.quantity),
    };

    this.on('input', (msg: NodeMessage & Record<string, unknown>, send, done) => {
      kit.runInput(this, msg, send, done, () => {
        const result = matchDocument(msg.payload, RED.util.getMessageProperty(msg, orderProperty), kind, tolerance);
        const { findings, ...check } = result.check;
        const outcome = 'outcome' in check ? check.outcome : `${check.lines.length} line(s)`;
        const document = msg.payload;
        const checked = { ...msg, payload: check, document, topic: result.kind };
        // The alerts leave without the tracked message's ledger record: that one completes on the first output.
        const alerts = findings.length ? { payload: findings, document, topic: result.kind } : null;
        return { send: [checked, alerts], status: `${result.kind.replace('_', ' ')}: ${outcome}` };
      });
    });
  }

  RED.nodes.registerType('edi-match', EdiMatch);
}
