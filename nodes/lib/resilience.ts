import { EventEmitter } from 'node:events';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  bulkhead,
  circuitBreaker,
  noop,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { PlanbridgeError, RemoteError, toPlanbridgeError } from './errors';

/** The retry and circuit-breaker settings every connector's config node offers. */
export interface ResilienceOptions {
  /** Calls in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; each further one doubles it, with jitter. */
  initialDelayMs: number;
  /** No wait is longer; a Retry-After beyond it ends the retries at once. */
  maxDelayMs: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  halfOpenAfterMs: number;
  /** Calls in flight to the target at once; more wait their turn (0: no limit). */
  maxConcurrent: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  attempts: 5,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 10_000,
  maxConcurrent: 8,
};

export type CircuitName = 'closed' | 'open' | 'half-open';

export interface RetryEvent {
  target: string;
  attempt: number;
  delayMs: number;
  code: string;
}

/** A call that failed for good: after its last attempt, or refused by an open circuit. */
export interface CallFailureEvent {
  target: string;
  attempts: number;
  code: string;
  message: string;
  /** What the call did, when the client names it (an Odoo `model.method`): an access right is per operation. */
  operation?: string;
  /** The call only asked whether something is allowed: its refusal says nothing about the connection. */
  probe?: boolean;
}

/** A call that succeeded (perhaps after retries): the connection and its credentials work. */
export interface CallSuccessEvent {
  target: string;
  operation?: string;
}

export interface ExecuteOptions {
  /** False for a call the server may have applied even when it failed (a create): retried only when it surely was not. */
  idempotent?: boolean;
  operation?: string;
  probe?: boolean;
}

/** Reads the editor fields of a config node; blank fields take the defaults. */
export function resilienceFrom(fields: Partial<Record<keyof ResilienceOptions, string | number | undefined>>): ResilienceOptions {
  const pick = (key: keyof ResilienceOptions, min: number): number => {
    const raw = fields[key];
    if (raw === undefined || raw === '') return DEFAULT_RESILIENCE[key];
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min) throw new PlanbridgeError('CONFIG_INVALID', `${key} must be a number of at least ${min}, got "${raw}"`);
    return n;
  };
  return {
    attempts: Math.floor(pick('attempts', 1)),
    initialDelayMs: pick('initialDelayMs', 0),
    maxDelayMs: pick('maxDelayMs', 0),
    breakerThreshold: Math.floor(pick('breakerThreshold', 1)),
    halfOpenAfterMs: pick('halfOpenAfterMs', 0),
    maxConcurrent: Math.floor(pick('maxConcurrent', 0)),
  };
}

/** Exponential backoff with equal jitter: half the step fixed, half random. */
export function backoffDelay(options: ResilienceOptions, attempt: number, random = Math.random): number {
  const step = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** True when the server certainly did not act on the request (429, 503, connection refused). */
export function notApplied(error: unknown): boolean {
  return error instanceof BrokenCircuitError || (error instanceof PlanbridgeError && error.cause.notApplied === true);
}

function isRetryable(error: unknown, options: ResilienceOptions, idempotent: boolean): boolean {
  if (error instanceof BrokenCircuitError) return true;
  if (!(error instanceof PlanbridgeError) || !error.retryable) return false;
  // A call that is not idempotent (a create) is sent again only when the first one surely did nothing;
  // after a timeout it may have been applied.
  if (!idempotent && !notApplied(error)) return false;
  // A server asking for a longer pause than we may wait: stop now; the dead-letter replay comes later.
  return !(error instanceof RemoteError && (error.retryAfterMs ?? 0) > options.maxDelayMs);
}

/**
 * Retries with exponential backoff and jitter, honouring Retry-After, behind a circuit breaker per
 * target (cockatiel). An open circuit fails calls fast; the retry then waits for the probe instead
 * of spending attempts. After the last attempt the error carries the attempt count.
 */
export class Resilience extends EventEmitter {
  private readonly breaker;
  private readonly policy: IPolicy;
  private readonly unsafePolicy: IPolicy;

  constructor(
    /** A label for logs and metrics, e.g. the config node's name. */
    readonly target: string,
    readonly options: ResilienceOptions,
    /** The prefix of error codes, e.g. ODOO gives ODOO_CIRCUIT_OPEN. */
    readonly system = 'REMOTE',
  ) {
    super();
    // Every node that uses a connection listens to its circuit: a flow may have dozens.
    this.setMaxListeners(0);
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof PlanbridgeError && err.retryable),
      { halfOpenAfter: options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) },
    );
    this.breaker.onStateChange((state) => this.emit('circuit', Resilience.stateName(state)));
    const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
      const error = 'error' in context.result ? context.result.error : undefined;
      let delay = backoffDelay(options, context.attempt);
      if (error instanceof RemoteError && error.retryAfterMs !== undefined) delay = Math.max(delay, error.retryAfterMs);
      if (error instanceof BrokenCircuitError) delay = Math.max(delay, Math.min(options.halfOpenAfterMs, options.maxDelayMs));
      const retryEvent: RetryEvent = { target, attempt: context.attempt, delayMs: delay, code: error instanceof PlanbridgeError ? error.code : 'CIRCUIT_OPEN' };
      this.emit('retry', retryEvent);
      return delay;
    });
    const retrying = (idempotent: boolean) =>
      retry(
        handleWhen((err) => isRetryable(err, options, idempotent)),
        { maxAttempts: Math.max(0, options.attempts - 1), backoff },
      );
    // Each attempt takes a slot, so a call waiting out its backoff does not hold one. Bounding the calls
    // in flight protects the target and bounds what a crash can leave answered but unrecorded.
    const slots = options.maxConcurrent > 0 ? bulkhead(options.maxConcurrent, Number.POSITIVE_INFINITY) : noop;
    this.policy = wrap(retrying(true), this.breaker, slots);
    this.unsafePolicy = wrap(retrying(false), this.breaker, slots);
  }

  static stateName(state: CircuitState): CircuitName {
    if (state === CircuitState.Open || state === CircuitState.Isolated) return 'open';
    if (state === CircuitState.HalfOpen) return 'half-open';
    return 'closed';
  }

  get circuit(): CircuitName {
    return Resilience.stateName(this.breaker.state);
  }

  /**
   * Runs `call` under the policy; failures are PlanbridgeErrors with `attempts` in their cause. A call
   * that is not idempotent is retried only when the server surely did not act on it.
   */
  async execute<T>(call: (attempt: number) => Promise<T>, options: ExecuteOptions = {}): Promise<T> {
    let attempts = 0;
    const policy = options.idempotent === false ? this.unsafePolicy : this.policy;
    try {
      const result = await policy.execute(() => {
        attempts += 1;
        return call(attempts);
      });
      this.emit('success', { target: this.target, operation: options.operation } satisfies CallSuccessEvent);
      return result;
    } catch (err) {
      const error =
        err instanceof BrokenCircuitError
          ? new RemoteError(`${this.system}_CIRCUIT_OPEN`, `${this.target}: the circuit is open after repeated failures; no call was made`, {
              system: this.system,
              retryable: true,
              attempts,
            })
          : toPlanbridgeError(err);
      if (error instanceof RemoteError) error.withAttempts(attempts);
      else error.cause.attempts = attempts;
      const failure: CallFailureEvent = {
        target: this.target,
        attempts,
        code: error.code,
        message: error.message,
        operation: options.operation,
        probe: options.probe,
      };
      this.emit('failure', failure);
      throw error;
    }
  }
}
