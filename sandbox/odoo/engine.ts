import { accessError, keyError } from './errors';
import type { AuthRegistry } from './auth';
import type { Database } from './orm/database';
import { invoke, publicMethod, type MethodSpec } from './orm/methods';
import type { BoundArgs } from './orm/bind';
import { Transaction } from './orm/transaction';
import type { Context, Env, ModelDef } from './orm/types';
import { formatDatetime } from './datetime';
import type { SandboxClock } from './clock';
import type { WebhookRegistry } from './webhooks';

export interface ResolvedMethod {
  def: ModelDef;
  spec: MethodSpec;
}

/** Runs ORM calls for the protocol front-ends: one transaction per call, webhooks as the version sends them. */
export class Engine {
  constructor(
    readonly db: Database,
    readonly auth: AuthRegistry,
    readonly webhooks: WebhookRegistry,
    readonly clock: SandboxClock,
  ) {}

  /** The model, or undefined so each protocol can raise its own "unknown model" error. */
  model(name: unknown): ModelDef | undefined {
    return typeof name === 'string' ? this.db.models.get(name) : undefined;
  }

  method(def: ModelDef, name: unknown): MethodSpec {
    return publicMethod(this.db.profile, def, String(name));
  }

  /** Environment of a user: allowed_company_ids must be a subset of the user's companies (env.companies). */
  env(uid: number, context: Context, tx: Transaction, su = false): Env {
    const user = this.db.store('res.users').get(uid);
    if (!user) throw keyError(String(uid));
    const own = (user.company_ids as number[] | undefined)?.length ? (user.company_ids as number[]) : [user.company_id as number];
    const requested = context.allowed_company_ids;
    let companyIds: number[];
    if (Array.isArray(requested) && requested.length > 0) {
      if (!su && requested.some((c) => !own.includes(c as number))) throw accessError('Access to unauthorized or invalid companies.');
      companyIds = requested as number[];
    } else {
      const current = user.company_id as number;
      companyIds = [current, ...own.filter((c) => c !== current)];
    }
    return {
      db: this.db,
      uid,
      groups: this.auth.groupsOf(uid),
      context,
      su,
      companyIds,
      companyId: companyIds[0],
      tx,
      names: new Map(),
      memo: new Map(),
    };
  }

  /**
   * One call in one transaction. An error rolls everything back. Webhooks: 17-18 send them inside the transaction
   * (so a rolled-back change may already have been announced); 19+ only after a successful commit.
   */
  async execute(uid: number, resolved: ResolvedMethod, bound: BoundArgs): Promise<unknown> {
    const tx = new Transaction(formatDatetime(this.clock.now()));
    const env = this.env(uid, bound.context, tx);
    const mode = this.db.profile.webhooks;
    let result: unknown;
    try {
      result = invoke(resolved.spec, { env, def: resolved.def, ids: bound.ids, args: bound.args, extra: bound.extra });
    } catch (err) {
      const announced = mode === 'in-transaction' ? this.safePayloads(env, tx) : [];
      tx.rollback();
      if (announced.length) await this.webhooks.deliver(announced, () => formatDatetime(this.clock.now()));
      throw err;
    }
    if (mode !== 'none') {
      const payloads = this.safePayloads(env, tx);
      if (payloads.length) await this.webhooks.deliver(payloads, () => formatDatetime(this.clock.now()));
    }
    return result;
  }

  /** A broken rule must not turn a committed call into an error; Odoo logs webhook problems and moves on. */
  private safePayloads(env: Env, tx: Transaction): ReturnType<WebhookRegistry['payloads']> {
    try {
      return this.webhooks.payloads({ ...env, su: true, names: new Map(), memo: new Map() }, tx.events);
    } catch {
      return [];
    }
  }
}
