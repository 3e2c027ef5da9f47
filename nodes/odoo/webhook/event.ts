import { newEvent } from '../../canonical/envelope';
import { ConfigError, InputError } from '../../lib/errors';
import { endpointName } from '../../lib/inbound';
import type { LedgerMessage } from '../../ledger/ledger';

export const WEBHOOK_PREFIX = '/hooks/odoo/';

/** The webhook's path under the node root; a ConfigError when the name or the token cannot work. */
export function webhookPath(name: string | undefined, token: string): string {
  const segment = endpointName(name);
  if (!segment) throw new ConfigError(`The webhook path "${name}" may only use letters, digits, dot, dash and underscore`);
  if (token.length < 16) throw new ConfigError('The webhook needs a secret token of at least 16 characters');
  return `${WEBHOOK_PREFIX}${segment}`;
}

/** Odoo's webhook body (one record, with _model and _id) as a message, topic `odoo/<model>`. */
export function webhookMessage(body: unknown, id: string): LedgerMessage {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InputError('Odoo sends one record as a JSON object', 'WEBHOOK_BODY_INVALID');
  const record = body as Record<string, unknown>;
  const model = typeof record._model === 'string' ? record._model : 'unknown';
  return {
    _msgid: id,
    payload: record,
    topic: `odoo/${model}`,
    event: newEvent({ source: `odoo/${model}`, type: 'dev.planbridge.odoo.webhook', subject: record._id !== undefined ? String(record._id) : undefined }),
  };
}
