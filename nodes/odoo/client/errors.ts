import { RemoteError } from '../../lib/errors';

export const ODOO = 'ODOO';

/** The stable codes Odoo failures become; flows route on them (msg.error.code). */
export type OdooErrorCode =
  | 'ODOO_ACCESS_DENIED'
  | 'ODOO_ACCESS_ERROR'
  | 'ODOO_VALIDATION'
  | 'ODOO_USER_ERROR'
  | 'ODOO_MISSING_RECORD'
  | 'ODOO_NOT_FOUND'
  | 'ODOO_TIMEOUT'
  | 'ODOO_UNAVAILABLE'
  | 'ODOO_RATE_LIMITED'
  | 'ODOO_PROTOCOL'
  | 'ODOO_SERVER_ERROR'
  | 'ODOO_CIRCUIT_OPEN';

export interface OdooFault {
  /** The Python exception, e.g. odoo.exceptions.AccessError (JSON-RPC error.data.name, JSON-2 name). */
  name: string;
  message: string;
  status?: number;
}

const RETRYABLE: ReadonlySet<OdooErrorCode> = new Set(['ODOO_TIMEOUT', 'ODOO_UNAVAILABLE', 'ODOO_RATE_LIMITED']);

export interface OdooErrorDetails {
  status?: number;
  name?: string;
  retryAfterMs?: number;
  request?: string;
  /** The server certainly did not act on the call (429, 503): even a create may be sent again. */
  notApplied?: boolean;
}

export function odooError(code: OdooErrorCode, message: string, details: OdooErrorDetails = {}): RemoteError {
  return new RemoteError(code, message, {
    system: ODOO,
    status: details.status,
    retryable: RETRYABLE.has(code),
    retryAfterMs: details.retryAfterMs,
    details: { odooError: details.name, request: details.request, notApplied: details.notApplied },
  });
}

/**
 * The code for an Odoo exception name, the same on JSON-RPC (HTTP 200 envelopes) and JSON-2 (real
 * statuses). Branch on the name, never on the message (it is translated) nor on JSON-RPC's error.code
 * (200 in 16-18, 0 in 19).
 */
export function codeForException(name: string): OdooErrorCode {
  const short = name.split('.').pop() ?? name;
  switch (short) {
    case 'AccessDenied':
    case 'Unauthorized':
    case 'SessionExpiredException':
      return 'ODOO_ACCESS_DENIED';
    case 'AccessError':
    case 'Forbidden':
      return 'ODOO_ACCESS_ERROR';
    case 'ValidationError':
    case 'ValueError':
    case 'TypeError':
    case 'KeyError':
    case 'UnprocessableEntity':
      return 'ODOO_VALIDATION';
    case 'UserError':
    case 'RedirectWarning':
    case 'CacheMiss':
      return 'ODOO_USER_ERROR';
    case 'MissingError':
      return 'ODOO_MISSING_RECORD';
    case 'NotFound':
    case 'AttributeError':
      return 'ODOO_NOT_FOUND';
    case 'LockError':
    case 'SerializationFailure':
    case 'TransactionRollbackError':
    case 'ServiceUnavailable':
      return 'ODOO_UNAVAILABLE';
    case 'TooManyRequests':
      return 'ODOO_RATE_LIMITED';
    default:
      return 'ODOO_SERVER_ERROR';
  }
}

/** A JSON-2 status without a recognisable body (proxies, HTML pages) still gets a code. */
export function codeForStatus(status: number): OdooErrorCode {
  if (status === 401) return 'ODOO_ACCESS_DENIED';
  if (status === 403) return 'ODOO_ACCESS_ERROR';
  if (status === 404) return 'ODOO_NOT_FOUND';
  if (status === 408) return 'ODOO_TIMEOUT';
  if (status === 409) return 'ODOO_UNAVAILABLE';
  if (status === 422) return 'ODOO_VALIDATION';
  if (status === 429) return 'ODOO_RATE_LIMITED';
  if (status === 502 || status === 503 || status === 504) return 'ODOO_UNAVAILABLE';
  if (status === 400 || status === 415) return 'ODOO_PROTOCOL';
  return 'ODOO_SERVER_ERROR';
}

/** A model-level error and an unknown model look alike in Odoo 16-18 (UserError "Object x doesn't exist"). */
export function faultToError(fault: OdooFault, request: string, extra: Pick<OdooErrorDetails, 'retryAfterMs' | 'notApplied'> = {}): RemoteError {
  let code = fault.name ? codeForException(fault.name) : codeForStatus(fault.status ?? 500);
  if (code === 'ODOO_USER_ERROR' && /doesn't exist|does not exist/.test(fault.message) && /Object|model/.test(fault.message)) code = 'ODOO_NOT_FOUND';
  if (code === 'ODOO_SERVER_ERROR' && fault.status !== undefined && fault.status !== 500) code = codeForStatus(fault.status);
  return odooError(code, `Odoo: ${fault.message || fault.name || 'error'} (${request})`, {
    status: fault.status,
    name: fault.name || undefined,
    request,
    ...extra,
  });
}
