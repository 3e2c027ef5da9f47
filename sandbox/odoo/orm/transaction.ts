import type { Rec } from './types';

/** A record change that automation rules may react to, captured when it happens. */
export interface ChangeEvent {
  kind: 'create' | 'write' | 'unlink';
  model: string;
  id: number;
  /** Fields written (write only). */
  fields?: string[];
  /** For unlink, the record as it was, so a webhook can still read it. */
  before?: Rec;
}

/**
 * One RPC call = one transaction, as in Odoo: every store mutation registers its undo, and an error rolls the
 * whole call back (a failed batch create leaves nothing behind). `now` is fixed for the call, like cr.now().
 */
export class Transaction {
  private readonly undo: Array<() => void> = [];
  readonly events: ChangeEvent[] = [];

  constructor(readonly now: string) {}

  onRollback(step: () => void): void {
    this.undo.push(step);
  }

  record(event: ChangeEvent): void {
    this.events.push(event);
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]();
    this.undo.length = 0;
    this.events.length = 0;
  }
}
