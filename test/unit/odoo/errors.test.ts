import { codeForException, codeForStatus, faultToError } from '../../../nodes/odoo/client/errors';

describe('Odoo error codes', () => {
  it.each([
    ['odoo.exceptions.AccessDenied', 'ODOO_ACCESS_DENIED'],
    ['werkzeug.exceptions.Unauthorized', 'ODOO_ACCESS_DENIED'],
    ['odoo.http.SessionExpiredException', 'ODOO_ACCESS_DENIED'],
    ['odoo.exceptions.AccessError', 'ODOO_ACCESS_ERROR'],
    ['odoo.exceptions.ValidationError', 'ODOO_VALIDATION'],
    ['builtins.ValueError', 'ODOO_VALIDATION'],
    ['builtins.TypeError', 'ODOO_VALIDATION'],
    ['odoo.exceptions.UserError', 'ODOO_USER_ERROR'],
    ['odoo.exceptions.RedirectWarning', 'ODOO_USER_ERROR'],
    ['odoo.exceptions.MissingError', 'ODOO_MISSING_RECORD'],
    ['werkzeug.exceptions.NotFound', 'ODOO_NOT_FOUND'],
    ['odoo.exceptions.LockError', 'ODOO_UNAVAILABLE'],
    ['builtins.ZeroDivisionError', 'ODOO_SERVER_ERROR'],
  ])('maps %s to %s', (name, code) => {
    expect(codeForException(name)).toBe(code);
  });

  it('maps statuses of pages without a usable body', () => {
    expect(codeForStatus(401)).toBe('ODOO_ACCESS_DENIED');
    expect(codeForStatus(415)).toBe('ODOO_PROTOCOL');
    expect(codeForStatus(429)).toBe('ODOO_RATE_LIMITED');
    expect(codeForStatus(503)).toBe('ODOO_UNAVAILABLE');
    expect(codeForStatus(500)).toBe('ODOO_SERVER_ERROR');
  });

  it('recognises an unknown model in the UserError of older versions', () => {
    const error = faultToError({ name: 'odoo.exceptions.UserError', message: "Object x.y doesn't exist" }, 'x.y.search');
    expect(error.code).toBe('ODOO_NOT_FOUND');
  });

  it('marks only transient failures retryable', () => {
    expect(faultToError({ name: 'odoo.exceptions.LockError', message: 'locked', status: 409 }, 'r').retryable).toBe(true);
    expect(faultToError({ name: 'odoo.exceptions.AccessError', message: 'no', status: 403 }, 'r').retryable).toBe(false);
  });
});
