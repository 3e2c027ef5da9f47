import type { Node, NodeAPI, NodeDef } from 'node-red';
import { nodeKit } from '../common/kit';
import { createHttpClient, type HttpClient } from '../lib/http';
import { metrics } from '../lib/metrics';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { Status } from '../lib/status';
import type { Ledger, LedgerMessage } from '../ledger/ledger';
import { alertInput, INPUT_MEMORY_KEY, recordsFor, type AlertInput } from './alerts/inputs';
import { InputMemory } from './alerts/memory';
import { evaluate, type RuleName } from './alerts/rules';
import { alertEnv, alertRecord, alertTopic, applyFindings, type AlertChange } from './alerts/service';
import { ledgerOfNode } from './reliability/ledger-node';

interface AlertDef extends NodeDef {
  ledger: string;
  rule: RuleName;
  owner: string;
  slaMinutes: string;
  env: string;
  repeatEverySeconds: string;
  watchSeconds: string;
  deadLetterThreshold: string;
  notifyUrl: string;
  notifyEveryMinutes: string;
  input: string;
  store: string;
}

const RULES: RuleName[] = ['stockout_risk', 'supplier_delay', 'master_data', 'forecast_import', 'dead_letter_growth', 'api_throttling', 'custom'];

export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbAlert(this: Node, def: AlertDef): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const rule: RuleName = RULES.includes(def.rule) ? def.rule : 'custom';
    const env = alertEnv(def.env);
    const options = { owner: def.owner || null, slaMinutes: Number(def.slaMinutes) > 0 ? Number(def.slaMinutes) : null };
    const repeatEveryMs = (Number(def.repeatEverySeconds) >= 0 && def.repeatEverySeconds !== '' ? Number(def.repeatEverySeconds) : 60) * 1000;
    const notifyEveryMs = (Number(def.notifyEveryMinutes) > 0 ? Number(def.notifyEveryMinutes) : 15) * 60_000;
    let notifier: HttpClient | undefined;
    let input: AlertInput | undefined;
    try {
      input = alertInput(rule, def.input);
      if (!input) throw new ConfigError(`The input "${def.input}" does not go with the ${rule.replace(/_/g, ' ')} rule`);
      if (def.notifyUrl) {
        if (!/^https?:\/\//.test(def.notifyUrl)) throw new Error(`The notification URL must start with http:// or https://, got "${def.notifyUrl}"`);
        notifier = createHttpClient({ system: 'NOTIFY', baseURL: def.notifyUrl, timeoutMs: 5000 });
      }
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const memory = input !== 'records' ? new InputMemory<Record<string, unknown>>(this, INPUT_MEMORY_KEY[input], def.store || undefined) : undefined;
    // Repeats of an open alert are published at most every repeatEverySeconds; notifications at most every notifyEveryMinutes per key.
    const lastPublished = new Map<string, number>();
    const lastNotified = new Map<string, number>();
    const timers: NodeJS.Timeout[] = [];

    const publish = (changes: Array<{ change: AlertChange; alert: Parameters<typeof alertRecord>[0] }>): LedgerMessage[] => {
      const now = Date.now();
      const out: LedgerMessage[] = [];
      for (const { change, alert } of changes) {
        if (change === 'repeated' && now - (lastPublished.get(alert.key) ?? 0) < repeatEveryMs) continue;
        lastPublished.set(alert.key, now);
        if (change === 'resolved') lastPublished.delete(alert.key);
        const record = alertRecord(alert);
        out.push({ payload: record, topic: alertTopic(env, record), change });
        if (notifier && change !== 'repeated' && now - (lastNotified.get(alert.key) ?? 0) >= notifyEveryMs) {
          lastNotified.set(alert.key, now);
          notifier
            .request({ method: 'POST', url: '', data: { change, alert: record } })
            .catch((err: Error) => this.warn(`alert notification failed: ${err.message}`));
        }
      }
      return out;
    };

    const watch = async (ledger: Ledger): Promise<LedgerMessage[]> => {
      let records: Array<Record<string, unknown>> = [];
      if (rule === 'dead_letter_growth') {
        records = [{ open: await ledger.deadLetters.count('open'), threshold: Number(def.deadLetterThreshold) > 0 ? Number(def.deadLetterThreshold) : 10 }];
      } else if (rule === 'api_throttling') {
        const values = (await metrics(kit.runtime).circuitState.get()).values;
        records = values.map((v) => ({ target: v.labels.target, state: v.value === 2 ? 'open' : v.value === 1 ? 'half-open' : 'closed' }));
      }
      const changes = await applyFindings(
        ledger,
        records.flatMap((r) => evaluate(rule, r)),
        options,
        `node:${this.id}`,
      );
      return publish(changes);
    };

    const watchSeconds = Number(def.watchSeconds);
    if ((rule === 'dead_letter_growth' || rule === 'api_throttling') && watchSeconds > 0) {
      opening.then(
        (ledger) => {
          const timer = setInterval(() => {
            watch(ledger).then(
              (out) => out.forEach((m) => this.send(m)),
              (err: Error) => this.warn(`alert watch failed: ${err.message}`),
            );
          }, watchSeconds * 1000);
          timer.unref();
          timers.push(timer);
        },
        () => undefined,
      );
    }

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async (emit) => {
        const ledger = await opening;
        let out: LedgerMessage[];
        if (
          (rule === 'dead_letter_growth' || rule === 'api_throttling') &&
          (msg.payload === undefined || msg.payload === null || typeof msg.payload !== 'object')
        ) {
          out = await watch(ledger);
        } else {
          const given = (Array.isArray(msg.payload) ? msg.payload : [msg.payload]).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object');
          const records = memory ? await memory.update((known) => recordsFor(input, given, known)) : given;
          const findings = records.flatMap((r) => evaluate(rule, r));
          out = publish(await applyFindings(ledger, findings, options, `node:${this.id}`));
        }
        for (const m of out) emit(m);
        const open = await ledger.alerts.countUnresolved();
        return { status: `${open.critical} critical, ${open.warning} warning open` };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      for (const t of timers) clearInterval(t);
      notifier?.dispose();
      done();
    });
  }

  RED.nodes.registerType('pb-alert', PbAlert);
}
