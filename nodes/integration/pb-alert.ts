import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { metrics } from '../lib/metrics';
import { Status } from '../lib/status';
import type { LedgerMessage } from '../ledger/ledger';
import { Alerter, alertSettingsFrom, type AlertFields, type AlertSettings } from './alerts/alerter';
import { InputMemory } from './alerts/memory';
import { ledgerOfNode } from './reliability/ledger-node';

type AlertDef = NodeDef & AlertFields & { ledger: string; store: string };

/** Raises, repeats and resolves alerts from records or from what it watches; publishes the changes. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbAlert(this: Node, def: AlertDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    let settings: AlertSettings;
    try {
      settings = alertSettingsFrom(def);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const memory = settings.memoryKey ? new InputMemory<Record<string, unknown>>(this, settings.memoryKey, def.store || undefined) : undefined;
    const alerter = new Alerter(settings, { ledger: opening, metrics: metrics(kit.runtime), by: `node:${this.id}`, memory, warn: (text) => this.warn(text) });
    const watching = settings.watchSeconds
      ? setInterval(() => {
          alerter.watch().then(
            (out) => out.forEach((m) => this.send(m)),
            (err: Error) => this.warn(`alert watch failed: ${err.message}`),
          );
        }, settings.watchSeconds * 1000)
      : undefined;
    watching?.unref();

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const { out, status } = await alerter.handle(msg.payload);
        for (const m of out) emit(m);
        return { status };
      });
    });
    this.on('close', (_removed: boolean, done: () => void) => {
      if (watching) clearInterval(watching);
      alerter.dispose();
      done();
    });
  }

  RED.nodes.registerType('pb-alert', PbAlert);
}
