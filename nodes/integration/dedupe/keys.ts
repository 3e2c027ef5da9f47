import { InputError } from '../../lib/errors';
import { valueAt } from '../../lib/path';

export type KeyMode = 'msg' | 'fields' | 'jsonata';

/**
 * One key for a message, or one per record of a page. `fields` joins record fields with `:`
 * (`recommendation_id,plan_version` gives `REC-17:2`); a JSONata result that is an array gives one
 * key per record.
 */
export function keysFrom(mode: KeyMode, msg: Record<string, unknown>, spec: string, jsonataResult?: unknown): { keys: string[]; perRecord: boolean } {
  const payload = msg.payload;
  if (mode === 'fields') {
    const fields = spec
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    const records = Array.isArray(payload) ? payload : [payload];
    const keys = records.map((record, index) => {
      const parts = fields.map((field) => valueAt(record, field));
      if (parts.some((p) => p === undefined || p === null || p === '')) {
        throw new InputError(`Record ${index} has no value for ${fields.join(', ')}`, 'KEY_MISSING', { index, fields });
      }
      return parts.map(String).join(':');
    });
    return { keys, perRecord: Array.isArray(payload) };
  }
  const value = mode === 'msg' ? valueAt(msg, spec) : jsonataResult;
  if (Array.isArray(value)) {
    if (!Array.isArray(payload) || value.length !== payload.length) {
      throw new InputError('A list of keys needs a page (msg.payload array) of the same length', 'KEY_INVALID');
    }
    return { keys: value.map((v, index) => keyText(v, index)), perRecord: true };
  }
  return { keys: [keyText(value, undefined)], perRecord: false };
}

function keyText(value: unknown, index: number | undefined): string {
  const where = index === undefined ? 'The message' : `Record ${index}`;
  if (value === undefined || value === null || value === '') throw new InputError(`${where} has no idempotency key`, 'KEY_MISSING', { index });
  if (typeof value === 'object') throw new InputError(`${where} has a key that is not text or a number`, 'KEY_INVALID', { index });
  return String(value);
}
