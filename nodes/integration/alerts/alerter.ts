import { ConfigError } from '../../lib/errors';
import { createHttpClient, type HttpClient } from '../../lib/http';
import type { Metrics } from '../../lib/metrics';
import type { Ledger, LedgerMessage } from '../../ledger/ledger';
import { alertInput, INPUT_MEMORY_KEY, recordsFor, type AlertInput } from './inputs';
import type { InputMemory } from './memory';
import { evaluate, type RuleName } from './rules';
import { alertEnv, alertRecord, alertTopic, applyFindings, type AlertChange, type AlertOptions } from './service';

const RULES: RuleName[] = ['stockout_risk', 'supplier_delay', 'master_data', 'forecast_import', 'dead_letter_growth', 'api_throttling', 'custom'];
/** Rules that watch the runtime itself (dead letters, circuits) rather than records sent to them. */
const WATCHING: RuleName[] = ['dead_letter_growth', 'api_throttling'];

/** pb-alert's fields as the editor saves them. */
export interface AlertFields {
  rule: string;
  owner?: string;
  slaMinutes?: string;
  env?: string;
  repeatEverySeconds?: string;
  watchSeconds?: string;
  deadLetterThreshold?: string;
  notifyUrl?: string;
  notifyEveryMinutes?: string;
  input?: string;
}

export interface AlertSettings {
  rule: RuleName;
  env: string;
  options: AlertOptions;
  input: AlertInput;
  /** Where the input rule keeps what it learnt (safety stocks, promised dates) between messages; undefined for plain records. */
  memoryKey?: string;
  repeatEveryMs: number;
  notifyEveryMs: number;
  notifyUrl?: string;
  /** Every how many seconds a watching rule looks by itself (0: only when a message arrives). */
  watchSeconds: number;
  deadLetterThreshold: number;
}

/** Checks and reads the fields at deploy; a ConfigError names what is wrong. */
export function alertSettingsFrom(def: AlertFields): AlertSettings {
  const rule: RuleName = RULES.includes(def.rule as RuleName) ? (def.rule as RuleName) : 'custom';
  const input = alertInput(rule, def.input);
  if (!input) throw new ConfigError(`The input "${def.input}" does not go with the ${rule.replace(/_/g, ' ')} rule`);
  if (def.notifyUrl && !/^https?:\/\//.test(def.notifyUrl))
    throw new ConfigError(`The notification URL must start with http:// or https://, got "${def.notifyUrl}"`);
  const positive = (value: string | undefined, fallback: number): number => (Number(value) > 0 ? Number(value) : fallback);
  return {
    rule,
    env: alertEnv(def.env ?? ''),
    options: { owner: def.owner || null, slaMinutes: Number(def.slaMinutes) > 0 ? Number(def.slaMinutes) : null },
    input,
    memoryKey: input === 'records' ? undefined : INPUT_MEMORY_KEY[input],
    repeatEveryMs:
      (Number(def.repeatEverySeconds) >= 0 && def.repeatEverySeconds !== '' && def.repeatEverySeconds !== undefined ? Number(def.repeatEverySeconds) : 60) *
      1000,
    notifyEveryMs: positive(def.notifyEveryMinutes, 15) * 60_000,
    notifyUrl: def.notifyUrl || undefined,
    watchSeconds: WATCHING.includes(rule) ? Math.max(0, Number(def.watchSeconds) || 0) : 0,
    deadLetterThreshold: positive(def.deadLetterThreshold, 10),
  };
}

export interface AlerterDeps {
  ledger: Promise<Ledger>;
  metrics: Metrics;
  /** Who raises the alerts, recorded with them: `node:<id>`. */
  by: string;
  memory?: InputMemory<Record<string, unknown>>;
  warn(text: string): void;
}

/**
 * What pb-alert does: turns records (or what it watches) into findings, keeps the alerts in the ledger,
 * and answers the messages to publish. Repeats of an open alert are published at most every
 * repeatEverySeconds; notifications go to the URL at most every notifyEveryMinutes per key.
 */
export class Alerter {
  private readonly lastPublished = new Map<string, number>();
  private readonly lastNotified = new Map<string, number>();
  private readonly notifier?: HttpClient;

  constructor(
    private readonly settings: AlertSettings,
    private readonly deps: AlerterDeps,
  ) {
    if (settings.notifyUrl) this.notifier = createHttpClient({ system: 'NOTIFY', baseURL: settings.notifyUrl, timeoutMs: 5000 });
  }

  /** A message for the rule: records, or for a watching rule anything that is not an object (a tick). */
  async handle(payload: unknown): Promise<{ out: LedgerMessage[]; status: string }> {
    const ledger = await this.deps.ledger;
    let out: LedgerMessage[];
    if (WATCHING.includes(this.settings.rule) && (payload === undefined || payload === null || typeof payload !== 'object')) {
      out = await this.watch();
    } else {
      const given = (Array.isArray(payload) ? payload : [payload]).filter((r): r is Record<string, unknown> => !!r && typeof r === 'object');
      const { memory } = this.deps;
      const records = memory ? await memory.update((known) => recordsFor(this.settings.input, given, known)) : given;
      out = await this.apply(ledger, records);
    }
    const open = await ledger.alerts.countUnresolved();
    return { out, status: `${open.critical} critical, ${open.warning} warning open` };
  }

  /** What a watching rule sees now: the open dead letters, or each circuit's state. */
  async watch(): Promise<LedgerMessage[]> {
    const ledger = await this.deps.ledger;
    let records: Array<Record<string, unknown>> = [];
    if (this.settings.rule === 'dead_letter_growth') {
      records = [{ open: await ledger.deadLetters.count('open'), threshold: this.settings.deadLetterThreshold }];
    } else if (this.settings.rule === 'api_throttling') {
      const values = (await this.deps.metrics.circuitState.get()).values;
      records = values.map((v) => ({ target: v.labels.target, state: v.value === 2 ? 'open' : v.value === 1 ? 'half-open' : 'closed' }));
    }
    return this.apply(ledger, records);
  }

  dispose(): void {
    this.notifier?.dispose();
  }

  private async apply(ledger: Ledger, records: Array<Record<string, unknown>>): Promise<LedgerMessage[]> {
    const findings = records.flatMap((r) => evaluate(this.settings.rule, r));
    return this.publish(await applyFindings(ledger, findings, this.settings.options, this.deps.by));
  }

  private publish(changes: Array<{ change: AlertChange; alert: Parameters<typeof alertRecord>[0] }>): LedgerMessage[] {
    const now = Date.now();
    const out: LedgerMessage[] = [];
    for (const { change, alert } of changes) {
      if (change === 'repeated' && now - (this.lastPublished.get(alert.key) ?? 0) < this.settings.repeatEveryMs) continue;
      this.lastPublished.set(alert.key, now);
      if (change === 'resolved') this.lastPublished.delete(alert.key);
      const record = alertRecord(alert);
      out.push({ payload: record, topic: alertTopic(this.settings.env, record), change });
      if (this.notifier && change !== 'repeated' && now - (this.lastNotified.get(alert.key) ?? 0) >= this.settings.notifyEveryMs) {
        this.lastNotified.set(alert.key, now);
        this.notifier
          .request({ method: 'POST', url: '', data: { change, alert: record } })
          .catch((err: Error) => this.deps.warn(`alert notification failed: ${err.message}`));
      }
    }
    return out;
  }
}
