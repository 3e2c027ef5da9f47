/**
 * Runs of one resource take turns: each starts when the one before it has finished, failed or not.
 * Incremental reads use it so a run never starts from a cursor another run is about to move.
 */
export class Turns {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.last.then(work, work);
    this.last = next.catch(() => undefined);
    return next;
  }
}
