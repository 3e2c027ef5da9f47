/**
 * Odoo's exceptions as data: the Python class name clients branch on, the HTTP status JSON-2 answers with,
 * and the XML-RPC fault code of /xmlrpc/2 (AccessError 4, AccessDenied 3, UserError family 2, anything else 1).
 */
export class OdooError extends Error {
  constructor(
    /** "<module>.<ClassName>", e.g. odoo.exceptions.AccessError; what serialize_exception puts in data.name. */
    readonly pyName: string,
    message: string,
    readonly httpStatus: number,
    readonly faultCode: number,
    /** exc.args; werkzeug exceptions carry [description, code]. */
    readonly args: unknown[] = [message],
    /** AccessDenied suppresses its traceback. */
    readonly quietTraceback = false,
  ) {
    super(message);
    this.name = pyName;
  }
}

export const accessError = (message: string): OdooError => new OdooError('odoo.exceptions.AccessError', message, 403, 4);
export const accessDenied = (message = 'Access Denied'): OdooError => new OdooError('odoo.exceptions.AccessDenied', message, 403, 3, [message], true);
export const userError = (message: string): OdooError => new OdooError('odoo.exceptions.UserError', message, 422, 2);
export const validationError = (message: string): OdooError => new OdooError('odoo.exceptions.ValidationError', message, 422, 2);
export const missingError = (message: string): OdooError => new OdooError('odoo.exceptions.MissingError', message, 404, 2);
export const valueError = (message: string): OdooError => new OdooError('builtins.ValueError', message, 500, 1);
export const typeError = (message: string): OdooError => new OdooError('builtins.TypeError', message, 500, 1);
export const keyError = (key: string): OdooError => new OdooError('builtins.KeyError', `'${key}'`, 500, 1, [key]);
export const indexError = (message: string): OdooError => new OdooError('builtins.IndexError', message, 500, 1);
export const attributeError = (message: string): OdooError => new OdooError('builtins.AttributeError', message, 500, 1);

/** werkzeug HTTP exceptions: JSON-2 shows the description as message and [description, code] as arguments. */
function werkzeug(name: string, code: number, description: string): OdooError {
  return new OdooError(`werkzeug.exceptions.${name}`, description, code, 1, [description, code]);
}
export const notFound = (description: string): OdooError => werkzeug('NotFound', 404, description);
export const unauthorized = (description: string): OdooError => werkzeug('Unauthorized', 401, description);
export const unprocessableEntity = (description: string): OdooError => werkzeug('UnprocessableEntity', 422, description);

export const sessionExpired = (): OdooError => new OdooError('odoo.http.SessionExpiredException', 'Session expired', 403, 1);

/** Anything thrown by the sandbox itself is reported the way Odoo reports an unexpected Python exception. */
export function asOdooError(err: unknown): OdooError {
  if (err instanceof OdooError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new OdooError('builtins.Exception', message, 500, 1);
}

const FRAMES = [
  ['odoo/http.py', 2219, '__call__', 'response = request._serve_db()'],
  ['odoo/http.py', 1789, '_serve_db', 'return service_model.retrying(self._serve_ir_http, self.env)'],
  ['odoo/service/model.py', 133, 'retrying', 'result = func()'],
  ['odoo/http.py', 1817, '_serve_ir_http', 'response = self.dispatcher.dispatch(rule.endpoint, args)'],
  ['odoo/service/model.py', 58, 'execute_cr', 'result = method(recs, *args, **kwargs)'],
] as const;

/** A Python-looking traceback, because clients show `debug` and XML-RPC fault 1 carries it as faultString. */
export function pythonTraceback(error: OdooError): string {
  if (error.quietTraceback) return '';
  const frames = FRAMES.map(([file, line, fn, code]) => `  File "/usr/lib/python3/dist-packages/${file}", line ${line}, in ${fn}\n    ${code}\n`).join('');
  return `Traceback (most recent call last):\n${frames}${error.pyName}: ${error.message}\n`;
}
