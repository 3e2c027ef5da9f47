import type { Node, NodeAPI, NodeDef } from 'node-red';
import { registerCommon } from '../common/register';
import { messagePath } from '../lib/path';
import { toPlanbridgeError } from '../lib/errors';
import { runInput } from '../lib/run-input';
import { Status } from '../lib/status';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import { flowOf, ledgerOfNode } from './reliability/ledger-node';
import { prepareTracked } from './reliability/track-input';

interface TrackDef extends NodeDef {
  ledger: string;
  keyPath: string;
  requireKey: boolean;
  parseJson: boolean;
}

const REDELIVERY_BATCH = 100;

export default function register(RED: NodeAPI): void {
  registerCommon(RED);

  function PbTrack(this: Node, def: TrackDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const options = { parseJson: def.parseJson === true, keyPath: messagePath(def.keyPath), requireKey: def.requireKey === true };
    const flowId = flowOf(this);
    let sweeper: NodeJS.Timeout | undefined;
    let closing = false;

    // Messages this node accepted that no instance finished within their lease are sent again,
    // marked msg.ledger.redelivered; claiming them is atomic, so one instance sends each.
    const sweep = async (ledger: Ledger): Promise<void> => {
      let batch: LedgerMessage[];
      do {
        batch = await ledger.claimRedeliveries(this.id, REDELIVERY_BATCH);
        for (const msg of batch) if (!closing) this.send([msg, null]);
        if (batch.length) this.log(`redelivered ${batch.length} unfinished message(s)`);
      } while (batch.length === REDELIVERY_BATCH && !closing);
    };
    opening.then(
      (ledger) => {
        if (closing) return;
        const run = (): void => {
          sweep(ledger).catch((err: Error) => this.warn(`redelivery sweep failed: ${err.message}`));
        };
        run();
        sweeper = setInterval(run, Math.max(500, Math.floor(ledger.leaseMs / 2)));
        sweeper.unref();
      },
      () => this.status(Status.failed('LEDGER_UNAVAILABLE')),
    );

    this.on('input', (msg: LedgerMessage, send, done) => {
      runInput(this, msg, send, done, async () => {
        const ledger = await opening;
        // Already tracked (a replay, or tracked upstream): it keeps its record and id.
        if (msg.ledger) return { send: [msg, null], status: msg.ledger.replayOf ? 'replayed' : 'passed on' };
        let info;
        try {
          info = await ledger.track(msg, this.id, flowId, prepareTracked(msg, options));
        } catch (err) {
          // Refused input is kept as a dead letter with its reason; a replay enters here again.
          const error = toPlanbridgeError(err);
          const letter = await ledger.addDeadLetter(msg, error, { id: this.id, type: this.type, z: flowId ?? undefined }, this.id);
          error.cause.deadLetterId = letter.id;
          throw error;
        }
        const accepted: LedgerMessage = { _msgid: msg._msgid, payload: { id: info.id, status: 'accepted' }, ledger: info };
        if (msg.req) accepted.req = msg.req;
        if (msg.res) accepted.res = msg.res;
        return { send: [msg, accepted], status: 'tracked' };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      closing = true;
      if (sweeper) clearInterval(sweeper);
      done();
    });
  }

  RED.nodes.registerType('pb-track', PbTrack);
}
