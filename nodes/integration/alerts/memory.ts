import type { Node } from 'node-red';
import { Turns } from '../../lib/turns';

/**
 * What an alert input remembers between messages (safety stocks, promised dates), kept in the node's
 * context under one key, in the context store the node names (`file` survives a restart). Loaded on
 * first use; updates take turns, so two messages never change it at once.
 */
export class InputMemory<T extends object> {
  private value?: T;
  private readonly turns = new Turns();

  constructor(
    private readonly node: Node,
    private readonly key: string,
    private readonly store: string | undefined,
  ) {}

  /** Runs `use` on the remembered value (it may change it in place) and stores it afterwards. */
  update<R>(use: (value: T) => R): Promise<R> {
    return this.turns.run(async () => {
      this.value ??= ((await this.load()) ?? {}) as T;
      const result = use(this.value);
      await this.save(this.value);
      return result;
    });
  }

  private load(): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.node.context().get(this.key, this.store, (err: Error, value: unknown) => (err ? reject(err) : resolve(value as T | undefined)));
    });
  }

  private save(value: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.node.context().set(this.key, value, this.store, (err: Error) => (err ? reject(err) : resolve()));
    });
  }
}
