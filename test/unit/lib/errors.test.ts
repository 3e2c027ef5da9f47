import { ConfigError, InputError, PlanbridgeError, RemoteError, toPlanbridgeError } from '../../../nodes/lib/errors';

describe('typed errors', () => {
  it('carry a stable code and facts as own properties, as Node-RED copies them to msg.error', () => {
    const error = new RemoteError('ODOO_RATE_LIMITED', 'slow down', { system: 'ODOO', status: 429, retryable: true, retryAfterMs: 2000 });
    expect(Object.prototype.hasOwnProperty.call(error, 'code')).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(error, 'cause')).toBe(true);
    expect(error.cause).toEqual({ system: 'ODOO', status: 429, retryAfterMs: 2000, retryable: true, attempts: 1 });
    expect(error.withAttempts(4).cause.attempts).toBe(4);
    expect(error.statusText).toBe('ODOO_RATE_LIMITED');
  });

  it('default to codes that say what went wrong', () => {
    expect(new ConfigError('bad').code).toBe('CONFIG_INVALID');
    expect(new InputError('bad').code).toBe('INPUT_INVALID');
    expect(new InputError('bad', 'PAYLOAD_TOO_LARGE').code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('wrap foreign errors as INTERNAL_ERROR and keep their text', () => {
    const wrapped = toPlanbridgeError(new TypeError('x is undefined'));
    expect(wrapped).toBeInstanceOf(PlanbridgeError);
    expect(wrapped.code).toBe('INTERNAL_ERROR');
    expect(wrapped.message).toBe('x is undefined');
    expect(toPlanbridgeError('plain text').message).toBe('plain text');
    const own = new InputError('kept');
    expect(toPlanbridgeError(own)).toBe(own);
  });
});
