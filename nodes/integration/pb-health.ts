import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import { injectInto } from '../ledger/admin-api';
import type { LedgerMessage } from '../ledger/ledger';
import { actionOf, answer, errorAnswer, signedInUser, statusText, type HealthAnswer } from './health/actions';
import { SAMPLE_EVERY_MS, sampleCounters } from './health/counters';
import { windowHoursFrom } from './health/summary';
import { ledgerOfNode } from './reliability/ledger-node';
import { deployedFlows } from './health/flows';
import { watchSettings } from './runs/watch';

interface HealthDef extends NodeDef {
  ledger: string;
  window: string;
}

/** A field parsed at deploy; on failure a red status and an error, and undefined. */
function configured<T>(node: Node, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    const error = toPlanbridgeError(err);
    node.status(Status.failed(error.code));
    node.error(error.message);
    return undefined;
  }
}

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbHealth(this: Node, def: HealthDef): void {
    RED.nodes.createNode(this, def);
    const windowHours = configured(this, () => windowHoursFrom(def.window));
    if (windowHours === undefined) return;
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    // Samples of the Prometheus counters, so retries, throttling and data quality can be shown per window.
    const sample = (): void => {
      sampleCounters(kit.runtime, Date.now()).catch((err: Error) => this.warn(`planbridge: could not sample the metrics: ${err.message}`));
    };
    sample();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    timer.unref();
    const inject = injectInto(RED);
    const nameOf = (id: string): string | undefined => (RED.nodes.getNode(id) as Node | null)?.name;
    const flows = () => deployedFlows(RED);
    const { stuckAfterMs } = watchSettings(process.env);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (sendNow) => {
        // Without a user only Catch nodes hear of it: an answer without msg._client.user would reach every browser.
        const user = signedInUser(msg);
        const action = actionOf(msg.topic);
        let result: HealthAnswer;
        try {
          const ctx = {
            runtime: kit.runtime,
            ledger: opening,
            windowHours,
            now: Date.now(),
            inject,
            nameOf,
            flows,
            stuckAfterMs,
            warn: (text: string) => this.warn(text),
          };
          result = await answer(action, msg.payload, user, ctx);
        } catch (err) {
          // The asking page hears of the failure too; the msg keeps msg._client, so only that browser does.
          sendNow({ ...msg, payload: errorAnswer(action, err) });
          throw err;
        }
        msg.payload = result;
        return { send: msg, status: statusText(result) };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      clearInterval(timer);
      done();
    });
  }

  RED.nodes.registerType('pb-health', PbHealth);
}
