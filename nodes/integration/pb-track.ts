import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { messagePath } from '../lib/path';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { startRedelivery } from '../ledger/redelivery';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';
import { acceptMessage } from '../ledger/accept';

interface TrackDef extends NodeDef {
  ledger: string;
  keyPath: string;
  requireKey: boolean;
  parseJson: boolean;
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbTrack(this: Node, def: TrackDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const options = { parseJson: def.parseJson === true, keyPath: messagePath(def.keyPath), requireKey: def.requireKey === true };
    const flowId = flowOf(this);
    const stopRedelivery = startRedelivery(this, opening, 2);
    opening.catch(() => this.status(Status.failed('LEDGER_UNAVAILABLE')));

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const ledger = await opening;
        // Already tracked (a replay, or tracked upstream): it keeps its record and id.
        if (msg.ledger) return { send: [msg, null], status: msg.ledger.replayOf ? 'replayed' : 'passed on' };
        const info = await acceptMessage(ledger, msg, { id: this.id, type: this.type, z: flowId ?? undefined }, options);
        const accepted: LedgerMessage = { _msgid: msg._msgid, payload: { id: info.id, status: 'accepted' }, ledger: info };
        if (msg.req) accepted.req = msg.req;
        if (msg.res) accepted.res = msg.res;
        return { send: [msg, accepted], status: 'tracked' };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      stopRedelivery();
      done();
    });
  }

  RED.nodes.registerType('pb-track', PbTrack);
}
