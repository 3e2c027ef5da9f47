import { randomUUID } from 'node:crypto';
import type { LedgerStore } from './store/types';

/** What a message carries once it holds idempotency keys (msg.idempotency), completed or released with it. */
export interface IdempotencyInfo {
  config: string;
  owner: string;
  keys: string[];
}

/** A message that may hold keys: tracked (msg.ledger) or not. */
export interface KeyHolder {
  ledger?: { id: string };
  idempotency?: IdempotencyInfo;
}

/** A key whose work is not this owner's to do: another owner holds it, or it is done. */
export interface SettledKey {
  state: 'in_progress' | 'completed';
  /** What the owner that did the work recorded (parsed JSON), or null. */
  outcome: unknown;
  completedAt: number | null;
}

export interface KeyOutcome {
  key: string;
  /** Recorded with the key as JSON (the id of the record a write created, say); a later duplicate reads it back. */
  outcome?: unknown;
}

function parse(outcome: string | null): unknown {
  if (outcome === null) return null;
  try {
    return JSON.parse(outcome);
  } catch {
    return outcome;
  }
}

/**
 * One claim of keys by one owner. `todo` are this owner's to do now; `skip` are done or held by
 * another owner. Complete each key when its work succeeded; release() gives back the ones left when
 * the work failed, so a retry or a replay can claim them again.
 */
export class Claim {
  private readonly outstanding: Set<string>;

  constructor(
    private readonly keys: Idempotency,
    readonly owner: string,
    /** Keys claimed now, in the order asked, each once. */
    readonly todo: string[],
    readonly skip: Map<string, SettledKey>,
  ) {
    this.outstanding = new Set(todo);
  }

  async complete(outcomes: Array<string | KeyOutcome>): Promise<void> {
    const entries = outcomes.map((o) => (typeof o === 'string' ? { key: o } : o));
    await this.keys.complete(this.owner, entries);
    for (const { key } of entries) this.outstanding.delete(key);
  }

  /** Frees the claimed keys not completed yet; never throws (the work's own error is what matters). */
  async release(): Promise<void> {
    if (!this.outstanding.size) return;
    const left = [...this.outstanding];
    this.outstanding.clear();
    await this.keys.release(this.owner, left).catch(() => undefined);
  }
}

/**
 * The one owner of the claim → skip → complete/release sequence of idempotency keys (ARCHITECTURE,
 * reliability model): every side effect on an external system claims its business keys here before
 * it happens. Times come from the ledger's clock.
 */
export class Idempotency {
  constructor(
    private readonly store: LedgerStore,
    private readonly configId: string,
    private readonly now: () => number,
    private readonly keyLeaseMs: number,
  ) {}

  /**
   * Who owns a claim. A tracked message's ledger id, so that its redelivery or replay (the same
   * message again) takes back the keys it held; else the owner a message already holds keys for
   * (an untracked message past pb-dedupe); else a new owner for this one claim.
   */
  ownerOf(holder?: KeyHolder): string {
    if (holder?.ledger?.id) return holder.ledger.id;
    if (holder?.idempotency?.config === this.configId && holder.idempotency.owner) return holder.idempotency.owner;
    return randomUUID();
  }

  /**
   * Claims each key (asked twice, counted once). With a holder, the keys claimed join the ones it
   * carries in msg.idempotency: pb-complete completes them with the message, a failure releases them.
   */
  async claim(keys: string[], holder?: KeyHolder): Promise<Claim> {
    const owner = this.ownerOf(holder);
    const now = this.now();
    const unique = [...new Set(keys)];
    const results = await this.store.claimKeys(unique, owner, now, now + this.keyLeaseMs);
    const todo: string[] = [];
    const skip = new Map<string, SettledKey>();
    for (const key of unique) {
      const result = results.get(key);
      if (result?.claimed) todo.push(key);
      else
        skip.set(
          key,
          result
            ? { state: result.state, outcome: parse(result.outcome), completedAt: result.completedAt }
            : { state: 'in_progress', outcome: null, completedAt: null },
        );
    }
    if (holder && todo.length) {
      const held = holder.idempotency?.config === this.configId ? holder.idempotency.keys : [];
      holder.idempotency = { config: this.configId, owner, keys: [...held, ...todo] };
    }
    return new Claim(this, owner, todo, skip);
  }

  /** Marks keys done, each with its outcome; a key completed before keeps its first outcome. */
  async complete(owner: string, outcomes: KeyOutcome[]): Promise<void> {
    if (!outcomes.length) return;
    await this.store.completeKeyOutcomes(
      outcomes.map(({ key, outcome }) => ({ key, outcome: outcome === undefined ? null : JSON.stringify(outcome) })),
      owner,
      this.now(),
    );
  }

  /** Frees keys an owner holds in progress; completed keys stay completed. */
  async release(owner: string, keys: string[]): Promise<void> {
    if (keys.length) await this.store.releaseKeys(keys, owner);
  }

  /** What the ledger holds of a key: undefined when nobody claimed it (or its claim was released). */
  async state(key: string): Promise<SettledKey | undefined> {
    const result = await this.store.getKey(key);
    if (!result || result.claimed) return undefined;
    return { state: result.state, outcome: parse(result.outcome), completedAt: result.completedAt };
  }

  /** The keys a message holds (msg.idempotency), released after its failure; other ledgers' keys are theirs to release. */
  async releaseHeld(holder: KeyHolder): Promise<void> {
    const held = holder.idempotency;
    if (held?.keys.length && held.config === this.configId) await this.release(held.owner, held.keys);
  }

  /** The keys a message holds, for its completion in the same write as the message (Ledger.complete). */
  heldBy(holder: KeyHolder): IdempotencyInfo | undefined {
    return holder.idempotency?.config === this.configId ? holder.idempotency : undefined;
  }
}
