/**
 * Typed errors with stable codes. Clients, mappers and codecs throw these; only runInput turns them
 * into a node status and done(err), so Catch nodes can route on msg.error.code.
 */

export interface ErrorDetails {
  [key: string]: unknown;
}

export interface PlanbridgeErrorOptions {
  retryable?: boolean;
  details?: ErrorDetails;
}

/** The code of every failure that means "the ledger cannot record now", whatever its engine: callers may send again later. */
export const LEDGER_UNAVAILABLE = 'LEDGER_UNAVAILABLE';

export class PlanbridgeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  /**
   * Plain, credential-free facts about the failure. Node-RED copies an error's own `cause` into
   * msg.error.cause for Catch nodes, so this is what flows see.
   */
  override readonly cause: ErrorDetails;

  constructor(code: string, message: string, options: PlanbridgeErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.cause = { ...options.details, retryable: this.retryable };
  }

  /** A short text for the node status ring. */
  get statusText(): string {
    return this.code;
  }
}

/** The node's own configuration is unusable; found at deploy or on first use. */
export class ConfigError extends PlanbridgeError {
  constructor(message: string, code = 'CONFIG_INVALID', details?: ErrorDetails) {
    super(code, message, { details });
  }
}

/** The incoming message cannot be processed as it is; retrying it unchanged will not help. */
export class InputError extends PlanbridgeError {
  constructor(message: string, code = 'INPUT_INVALID', details?: ErrorDetails) {
    super(code, message, { details });
  }
}

export interface RemoteErrorOptions {
  system: string;
  status?: number;
  retryable: boolean;
  retryAfterMs?: number;
  attempts?: number;
  details?: ErrorDetails;
}

/** An external system failed or refused a call. */
export class RemoteError extends PlanbridgeError {
  readonly system: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
  attempts: number;

  constructor(code: string, message: string, options: RemoteErrorOptions) {
    super(code, message, {
      retryable: options.retryable,
      details: {
        ...options.details,
        system: options.system,
        status: options.status,
        retryAfterMs: options.retryAfterMs,
      },
    });
    this.system = options.system;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts ?? 1;
    this.cause.attempts = this.attempts;
  }

  /** Records how many attempts were made before giving up (set by the resilience policy). */
  withAttempts(attempts: number): this {
    this.attempts = attempts;
    this.cause.attempts = attempts;
    return this;
  }
}

export const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** Any thrown value as a PlanbridgeError; foreign errors become INTERNAL_ERROR without losing their text. */
export function toPlanbridgeError(err: unknown): PlanbridgeError {
  if (err instanceof PlanbridgeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = new PlanbridgeError(INTERNAL_ERROR, message, { details: { name: err instanceof Error ? err.name : typeof err } });
  if (err instanceof Error && err.stack) wrapped.stack = err.stack;
  return wrapped;
}
