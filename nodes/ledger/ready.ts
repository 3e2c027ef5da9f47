import { RemoteError } from '../lib/errors';
import type { Ledger } from './ledger';
import { LEDGER_UNAVAILABLE } from './store/unavailable';

/**
 * The ledger, or LEDGER_UNAVAILABLE when it is not open within `waitMs` (PostgreSQL down at start: the
 * ledger node keeps trying). For callers that must answer now, such as an endpoint that accepts work
 * only once it is recorded: it answers 503 with Retry-After instead of waiting or accepting.
 */
export function readyLedger(ledger: Promise<Ledger>, waitMs = 1000): Promise<Ledger> {
  let timer: NodeJS.Timeout | undefined;
  const notYet = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RemoteError(LEDGER_UNAVAILABLE, 'The ledger is not open yet; it is being retried', { system: 'ledger', retryable: true })),
      waitMs,
    );
    timer.unref();
  });
  return Promise.race([ledger, notYet]).finally(() => clearTimeout(timer));
}
