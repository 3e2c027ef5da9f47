import http from 'node:http';
import https from 'node:https';
import { compileDomain, parseDomain } from './orm/domain';
import type { Database } from './orm/database';
import { readRecords } from './orm/read';
import type { ChangeEvent } from './orm/transaction';
import type { Env, Rec } from './orm/types';
import { PyFloat, pythonJsonDumps } from './python-json';

export type WebhookTrigger = 'on_create' | 'on_write' | 'on_create_or_write' | 'on_unlink';

export interface WebhookRuleInput {
  model: string;
  trigger: WebhookTrigger;
  url: string;
  /** webhook_field_ids: fields read with load=None and merged into the body. */
  fields?: string[];
  /** Name of the server action; the body's `_action` is "<name>(#<id>)". */
  name?: string;
  /** trigger_field_ids: on_write fires only when one of these was written. */
  triggerFields?: string[];
  /** filter_domain: the record must match after the change. */
  domain?: unknown[];
}

export interface WebhookRule extends Required<Omit<WebhookRuleInput, 'triggerFields' | 'domain'>> {
  id: number;
  triggerFields?: string[];
  domain?: unknown[];
}

export interface WebhookDelivery {
  ruleId: number;
  url: string;
  body: string;
  status?: number;
  error?: string;
  at: string;
}

interface Payload {
  rule: WebhookRule;
  body: string;
}

const TIMEOUT_MS = 1000;
const MAX_LOG = 1000;

/**
 * Automation rules with a "Send Webhook Notification" action (17+). Odoo POSTs json.dumps(vals, sort_keys=True)
 * with only Content-Type added, one request per record, 1 s timeout, errors logged, never retried.
 */
export class WebhookRegistry {
  private readonly rules: WebhookRule[] = [];
  private nextId = 1;
  readonly log: WebhookDelivery[] = [];

  constructor(private readonly db: Database) {}

  add(input: WebhookRuleInput): WebhookRule {
    if (this.db.profile.webhooks === 'none') throw new Error(`Odoo ${this.db.profile.version} has no webhook automation action (17+)`);
    const def = this.db.models.get(input.model);
    if (!def) throw new Error(`Unknown model ${input.model}`);
    if (!['on_create', 'on_write', 'on_create_or_write', 'on_unlink'].includes(input.trigger)) throw new Error(`Unsupported trigger ${input.trigger}`);
    for (const f of [...(input.fields ?? []), ...(input.triggerFields ?? [])]) if (!def.fields[f]) throw new Error(`Unknown field ${input.model}.${f}`);
    const id = this.nextId++;
    const rule: WebhookRule = {
      id,
      model: input.model,
      trigger: input.trigger,
      url: input.url,
      fields: input.fields ?? [],
      name: input.name ?? 'Send Webhook Notification',
      triggerFields: input.triggerFields,
      domain: input.domain,
    };
    this.rules.push(rule);
    return rule;
  }

  remove(id: number): boolean {
    const at = this.rules.findIndex((r) => r.id === id);
    if (at >= 0) this.rules.splice(at, 1);
    return at >= 0;
  }

  clear(): void {
    this.rules.length = 0;
  }

  list(): WebhookRule[] {
    return this.rules.slice();
  }

  /**
   * Bodies for the changes of one call. base_automation runs a rule once per record and transaction, so a record
   * created and then written in the same call notifies once.
   */
  payloads(env: Env, events: ChangeEvent[]): Payload[] {
    if (this.rules.length === 0) return [];
    const done = new Set<string>();
    const out: Payload[] = [];
    for (const event of events) {
      for (const rule of this.rules) {
        if (rule.model !== event.model || !matchesTrigger(rule, event)) continue;
        const key = `${rule.id}:${event.id}`;
        if (done.has(key)) continue;
        const rec = event.kind === 'unlink' ? event.before : env.db.store(event.model).get(event.id);
        if (!rec || !this.matchesDomain(env, rule, rec)) continue;
        done.add(key);
        out.push({ rule, body: this.body(env, rule, rec) });
      }
    }
    return out;
  }

  private matchesDomain(env: Env, rule: WebhookRule, rec: Rec): boolean {
    if (!rule.domain || rule.domain.length === 0) return true;
    return compileDomain(env, env.db.model(rule.model), parseDomain(rule.domain))(rec);
  }

  private body(env: Env, rule: WebhookRule, rec: Rec): string {
    const def = env.db.model(rule.model);
    const vals: Record<string, unknown> = { _model: rule.model, _id: rec.id, _action: `${rule.name}(#${rule.id})` };
    if (rule.fields.length) {
      const [row] = readRecords(env, def, [rec], ['id', ...rule.fields.filter((f) => f !== 'id')], 'raw');
      for (const [name, value] of Object.entries(row)) {
        const type = def.fields[name].type;
        vals[name] = (type === 'float' || type === 'monetary') && typeof value === 'number' ? new PyFloat(value) : value;
      }
    }
    return pythonJsonDumps(vals);
  }

  /** Sends one request per payload, in order, as Odoo's synchronous requests.post calls do. */
  async deliver(payloads: Payload[], now: () => string): Promise<void> {
    for (const { rule, body } of payloads) {
      const entry: WebhookDelivery = { ruleId: rule.id, url: rule.url, body, at: now() };
      try {
        entry.status = await post(rule.url, body);
      } catch (err) {
        entry.error = err instanceof Error ? err.message : String(err);
      }
      this.log.push(entry);
      if (this.log.length > MAX_LOG) this.log.shift();
    }
  }
}

function matchesTrigger(rule: WebhookRule, event: ChangeEvent): boolean {
  if (event.kind === 'create') return rule.trigger === 'on_create' || rule.trigger === 'on_create_or_write';
  if (event.kind === 'unlink') return rule.trigger === 'on_unlink';
  if (rule.trigger !== 'on_write' && rule.trigger !== 'on_create_or_write') return false;
  return !rule.triggerFields || rule.triggerFields.some((f) => event.fields?.includes(f));
}

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: false,
        // What requests.post(url, data=..., headers={'Content-Type': 'application/json'}) puts on the wire.
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'python-requests/2.31.0',
          'Accept-Encoding': 'gzip, deflate',
          Accept: '*/*',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new Error('Webhook call timed out after 1s')), TIMEOUT_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
