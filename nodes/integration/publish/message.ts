import { ConfigError, InputError } from '../../lib/errors';
import { envField } from '../../lib/fields';
import type { OutboxMessage } from '../../ledger/outbox';

/** pb-publish's fields as the editor saves them. */
export interface PublishFields {
  broker: string;
  ledger: string;
  topic: string;
  qos: string;
  retain: string;
  operational: boolean | string;
  alertAfter: string;
  maxWaiting: string;
}

export interface PublishSettings {
  alertAfterMs: number;
  maxWaiting: number;
  operational: boolean;
}

export const DEFAULT_ALERT_AFTER_S = 60;
export const DEFAULT_MAX_WAITING = 100_000;

function positiveInteger(value: string | undefined, fallback: number, field: string): number {
  const text = envField(value);
  if (text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${field} must be a whole number above 0, got "${value}"`);
  return n;
}

/** The fields read at deploy; throws ConfigError with what is wrong. */
export function publishSettingsFrom(def: Partial<PublishFields>): PublishSettings {
  return {
    alertAfterMs: positiveInteger(def.alertAfter, DEFAULT_ALERT_AFTER_S, 'Alert after') * 1000,
    maxWaiting: positiveInteger(def.maxWaiting, DEFAULT_MAX_WAITING, 'Most waiting'),
    operational: def.operational === true || def.operational === 'true',
  };
}

/** A topic a message can be published on: not empty, no wildcard, no NUL. */
export function checkTopic(topic: unknown): string {
  if (typeof topic !== 'string' || !topic) throw new InputError("No topic: set the node's Topic or msg.topic", 'TOPIC_INVALID');
  if (/[+#]/.test(topic) || topic.includes('\u0000')) throw new InputError(`"${topic}" is not a topic to publish on: no + or # wildcards`, 'TOPIC_INVALID');
  return topic;
}

/** The payload as the outbox keeps it: bytes as base64, text as is, anything else as JSON (what mqtt out sends). */
export function encodePayload(payload: unknown): Pick<OutboxMessage, 'payload' | 'encoding'> {
  if (payload === undefined || payload === null) throw new InputError('msg.payload is empty: there is nothing to publish', 'PAYLOAD_MISSING');
  if (Buffer.isBuffer(payload)) return { payload: payload.toString('base64'), encoding: 'base64' };
  if (typeof payload === 'string') return { payload, encoding: 'utf8' };
  if (typeof payload === 'object') return { payload: JSON.stringify(payload), encoding: 'utf8' };
  return { payload: String(payload), encoding: 'utf8' };
}

/** QoS 1 unless 2 is asked for: the outbox forgets a message only once the broker acknowledged it. */
export function qosOf(value: unknown): 1 | 2 {
  return Number(value) === 2 ? 2 : 1;
}

export function retainOf(value: unknown): boolean {
  return value === true || value === 'true';
}
