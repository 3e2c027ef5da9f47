import { InputError } from '../lib/errors';
import { valueAt } from '../lib/path';
import type { LedgerMessage } from './ledger';

export interface TrackOptions {
  /** Parse a string or Buffer payload as JSON (an http-in body sent as text, a file). */
  parseJson: boolean;
  /** Where the message's business key is: a dot path into msg, e.g. payload.order_id; blank for none. */
  keyPath: string;
  /** Refuse messages without a key. */
  requireKey: boolean;
}

/**
 * Checks what the tracking node accepts before anything is stored: a payload that is JSON when it
 * must be, and a business key when one is required. Returns the key (or null).
 */
export function prepareTracked(msg: LedgerMessage, options: TrackOptions): string | null {
  if (options.parseJson && (typeof msg.payload === 'string' || Buffer.isBuffer(msg.payload))) {
    const text = Buffer.isBuffer(msg.payload) ? msg.payload.toString('utf8') : msg.payload;
    try {
      msg.payload = JSON.parse(text);
    } catch (err) {
      throw new InputError(`The payload is not valid JSON: ${(err as Error).message}`, 'INPUT_NOT_JSON', { excerpt: text.slice(0, 200) });
    }
  }
  if (!options.keyPath) return null;
  const key = valueAt(msg, options.keyPath);
  if (key === undefined || key === null || key === '') {
    if (options.requireKey) throw new InputError(`The message has no key at msg.${options.keyPath}`, 'KEY_MISSING', { keyPath: options.keyPath });
    return null;
  }
  if (typeof key === 'object') throw new InputError(`The key at msg.${options.keyPath} must be text or a number`, 'KEY_INVALID');
  return String(key);
}
