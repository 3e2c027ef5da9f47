import type { HeldConnection } from '../../lib/operational-signals';
import type { CallFailureEvent, CallSuccessEvent } from '../../lib/resilience';
import type { Ledger } from '../../ledger/ledger';
import { clearOperational, raiseOperational } from './operational';

/** ODOO_ACCESS_DENIED, PLANNING_ACCESS_DENIED, ...: the system refused the credentials (wrong or expired key, token refused). */
const AUTHENTICATION = /_ACCESS_DENIED$/;
/** ODOO_ACCESS_ERROR, WMS_ACCESS_ERROR, ...: the credentials work but lack a right (403, Odoo AccessError). */
const ACCESS_RIGHT = /_ACCESS_ERROR$/;

/** One open alert per connection: `auth_failure:odoo:<config id>`. */
export function authAlertKey(connection: Pick<HeldConnection, 'id' | 'type'>): string {
  return `auth_failure:${connection.type.replace(/-config$/, '')}:${connection.id}`;
}

/**
 * Follows one connection's calls and keeps its auth_failure alert: opened at the first refused call,
 * counted (a burst of failures is one alert with its count, written once per write, not once per
 * failure), and cleared by the next call that works. A refused right belongs to its operation (an
 * Odoo `model.method`): only a success of that operation clears it, so a connection whose reads work
 * while its writes are refused keeps one open alert instead of opening and closing one per poll.
 */
export class AuthWatch {
  /** What is refused now: 'credentials', or 'right <operation>'. */
  private readonly refused = new Map<string, CallFailureEvent>();
  /** Refused calls not yet counted in the ledger. */
  private uncounted = 0;
  private last?: CallFailureEvent;
  /** Whether the ledger holds an open alert; unknown after a (re)deploy, so the first success clears any left open. */
  private open: boolean | undefined;
  /** The write loop under way, if any: it takes whatever arrives before it ends. */
  private loop?: Promise<void>;
  private readonly onFailure = (event: CallFailureEvent): void => this.failed(event);
  private readonly onSuccess = (event: CallSuccessEvent): void => this.succeeded(event);

  constructor(
    readonly connection: HeldConnection,
    private readonly write: (work: (ledger: Ledger) => Promise<unknown>) => Promise<void>,
  ) {
    connection.resilience.on('failure', this.onFailure);
    connection.resilience.on('success', this.onSuccess);
  }

  get key(): string {
    return authAlertKey(this.connection);
  }

  /** Resolves once everything seen so far is written. */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  stop(): void {
    this.connection.resilience.off('failure', this.onFailure);
    this.connection.resilience.off('success', this.onSuccess);
  }

  failed(event: CallFailureEvent): void {
    if (event.probe) return;
    const scope = AUTHENTICATION.test(event.code) ? 'credentials' : ACCESS_RIGHT.test(event.code) ? `right ${event.operation ?? '*'}` : undefined;
    if (!scope) return;
    this.refused.set(scope, event);
    this.last = event;
    this.uncounted += 1;
    this.flush();
  }

  succeeded(event: CallSuccessEvent): void {
    this.refused.delete('credentials');
    this.refused.delete(`right ${event.operation ?? '*'}`);
    this.refused.delete('right *');
    if (!this.refused.size && this.open !== false) this.flush();
  }

  private flush(): void {
    this.loop ??= this.writeAll().finally(() => (this.loop = undefined));
  }

  private async writeAll(): Promise<void> {
    // Whatever arrives while a write is under way is written by the next turn of the loop.
    for (;;) {
      if (this.uncounted > 0) {
        const occurrences = this.uncounted;
        this.uncounted = 0;
        await this.write((ledger) => raiseOperational(ledger, this.alertOf(this.last as CallFailureEvent, occurrences)));
        this.open = true;
      } else if (!this.refused.size && this.open !== false) {
        await this.write((ledger) => clearOperational(ledger, this.key, 'a call to the system succeeded again'));
        this.open = false;
      } else {
        return;
      }
    }
  }

  private alertOf(event: CallFailureEvent, occurrences: number) {
    const { id, type, name } = this.connection;
    const right = ACCESS_RIGHT.test(event.code);
    return {
      type: 'auth_failure' as const,
      key: this.key,
      severity: 'critical' as const,
      message: right
        ? `${name} refuses a right planbridge needs (${event.code}${event.operation ? ` on ${event.operation}` : ''}): ${event.message}`
        : `${name} refuses planbridge's credentials (${event.code}): wrong or expired key, or the user was disabled. ${event.message}`,
      details: { config: id, configType: type, target: event.target, code: event.code, operation: event.operation ?? null },
      occurrences,
    };
  }
}
