/**
 * Sends keys to /ingest with a fixed number of requests in flight. A key counts as sent once the
 * runtime answered 202 (it is then persisted); keys whose request failed stay pending.
 */
export class Sender {
  readonly acked = new Set<string>();
  private pending: string[];
  private url = '';
  private stopped = false;
  private onAck?: (count: number) => void;

  private readonly auth: string;

  constructor(
    keys: string[],
    user: string,
    password: string,
    private readonly concurrency = 16,
  ) {
    this.pending = [...keys];
    this.auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async run(url: string, onAck?: (count: number) => void): Promise<void> {
    this.url = url;
    this.stopped = false;
    this.onAck = onAck;
    await Promise.all(Array.from({ length: this.concurrency }, () => this.worker()));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Sends these keys again on the next run, whether or not they were acknowledged. */
  again(keys: string[]): void {
    this.pending.push(...keys);
  }

  private async worker(): Promise<void> {
    while (!this.stopped) {
      const key = this.pending.shift();
      if (key === undefined) return;
      try {
        const response = await fetch(`${this.url}/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: this.auth },
          body: JSON.stringify({ key, qty: 1 }),
        });
        if (response.status !== 202) throw new Error(`HTTP ${response.status}`);
        await response.arrayBuffer();
        this.acked.add(key);
        this.onAck?.(this.acked.size);
      } catch {
        // Unanswered: the client cannot know whether it was stored, so it sends it again later, after
        // a pause as any client that retries makes (a runtime that refuses must not be hammered).
        this.pending.push(key);
        if (this.stopped) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  }
}
