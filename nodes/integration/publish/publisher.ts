import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { RemoteError } from '../../lib/errors';
import type { Ledger } from '../../ledger/ledger';
import type { OutboxEntry, OutboxMessage } from '../../ledger/outbox';
import { clearOperational, raiseOperational } from '../alerts/operational';
import { WriteQueue, type AppendJob } from './write-queue';

export const OUTBOX_FULL = 'OUTBOX_FULL';

export interface PublisherSettings {
  /** The outbox's name for the broker (the mqtt-broker config node id): what every instance drains. */
  broker: string;
  /** The broker as logs and alerts name it. */
  label: string;
  url: string;
  /** The mqtt-broker config node's connect options (credentials, keepalive, protocol, TLS). */
  connect: IClientOptions;
  ledger: Promise<Ledger>;
  /** How long the broker may be down before the broker_down alert is raised. */
  alertAfterMs(): number;
  /** The most messages the outbox keeps for the broker; more are refused with OUTBOX_FULL. */
  maxWaiting(): number;
  log(text: string): void;
  warn(text: string): void;
  firstRetryMs?: number;
  longestRetryMs?: number;
}

export interface PublisherState {
  up: boolean | undefined;
  waiting: number;
}

// A batch is published before any of it is forgotten: one round of acknowledgements per batch.
const BATCH = 100;

/**
 * One connection to one broker per process, shared by the pb-publish nodes on it. Messages go to
 * the ledger's outbox first (append answers once they are durable); the publisher sends the
 * instance's waiting messages in order with their QoS and forgets each only after the broker
 * acknowledged it. A broker out of reach is tried again with a growing pause for as long as it
 * takes; meanwhile messages wait in the outbox, up to maxWaiting. Events: 'state' (PublisherState).
 */
export class OutboxPublisher extends EventEmitter {
  private client: MqttClient | undefined;
  private up: boolean | undefined;
  private waitingCount = 0;
  private downSince = 0;
  private alertTimer: NodeJS.Timeout | undefined;
  private alerted = false;
  private full = false;
  private closed = false;
  private wake: () => void = () => undefined;
  /** Something was appended since the outbox was last read: idle() returns at once (no wake-up lost). */
  private nudged = false;
  private readonly writes = new WriteQueue((group) => this.writeGroup(group));
  private readonly stop = new AbortController();
  private readonly running: Promise<void>;
  private stateQueued = false;

  constructor(private readonly settings: PublisherSettings) {
    super();
    this.running = this.run().catch((err: Error) => settings.warn(`publisher for ${settings.label} stopped: ${err.message}`));
  }

  get state(): PublisherState {
    return { up: this.up, waiting: this.waitingCount };
  }

  private get alertKey(): string {
    return `broker_down:${this.settings.broker}`;
  }

  /** Keeps messages for the broker, in order; answers once the ledger holds them. `unbounded` skips the limit (the runtime's own alerts). */
  append(messages: OutboxMessage[], unbounded = false): Promise<void> {
    return this.writes.append(messages, unbounded);
  }

  /** Writes a group of appends in one transaction; those past the limit are refused, in order. */
  private async writeGroup(group: AppendJob[]): Promise<void> {
    const max = this.settings.maxWaiting();
    const accepted: AppendJob[] = [];
    let count = this.waitingCount;
    for (const job of group) {
      if (job.unbounded || count + job.messages.length <= max) {
        accepted.push(job);
        count += job.messages.length;
        continue;
      }
      void this.outboxFull(max);
      job.reject(
        new RemoteError(
          OUTBOX_FULL,
          `The outbox of MQTT broker ${this.settings.label} holds ${count} messages, its limit (${max}): new messages are refused until the broker takes them`,
          { system: 'mqtt', retryable: true, details: { broker: this.settings.broker, waiting: count, limit: max } },
        ),
      );
    }
    if (!accepted.length) return;
    const ledger = await this.settings.ledger;
    const messages = accepted.flatMap((job) => job.messages);
    await ledger.outbox.append(this.settings.broker, messages);
    this.waitingCount += messages.length;
    accepted.forEach((job) => job.resolve());
    this.stateChanged();
    this.nudged = true;
    this.wake();
  }

  private async outboxFull(max: number): Promise<void> {
    // Once per time the outbox fills: cleared when the publisher has taken it below the limit.
    if (this.full) return;
    this.full = true;
    this.settings.warn(
      `outbox full: ${this.waitingCount} messages wait for MQTT broker ${this.settings.label} (limit ${max}); new messages are refused (${OUTBOX_FULL})`,
    );
    await raiseOperational(await this.settings.ledger, {
      type: 'broker_down',
      key: this.alertKey,
      severity: 'critical',
      message: `MQTT broker ${this.settings.label}: the outbox is full (${this.waitingCount} messages, limit ${max}); new events and alerts are refused`,
      details: { broker: this.settings.broker, waiting: this.waitingCount, limit: max, outbox_full: true },
    }).catch((err: Error) => this.settings.warn(`could not raise the broker_down alert: ${err.message}`));
  }

  /** Stops publishing; the messages still waiting stay in the outbox. Answers once no batch is in flight. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    if (this.alertTimer) clearTimeout(this.alertTimer);
    this.wake();
    this.client?.end(true);
    await this.running;
    await this.writes.drained();
  }

  private async run(): Promise<void> {
    const ledger = await this.settings.ledger;
    await this.refreshWaiting(ledger);
    const first = this.settings.firstRetryMs ?? 500;
    // A connection attempt costs the broker little: a short longest pause, so a broker back is used within seconds.
    const longest = this.settings.longestRetryMs ?? 10_000;
    for (let attempt = 0; !this.closed; attempt++) {
      const { client, reason } = await this.connect();
      if (client) {
        attempt = 0;
        const lost = await this.connected(ledger, client);
        if (this.closed) break;
        this.wentDown(lost);
      } else {
        if (this.closed) break;
        this.wentDown(reason);
      }
      await delay(Math.min(longest, first * 2 ** attempt), undefined, { signal: this.stop.signal }).catch(() => undefined);
    }
  }

  /** One connection attempt: the client once the broker accepted it, or why it did not. */
  private connect(): Promise<{ client?: MqttClient; reason: string }> {
    const base = this.settings.connect.clientId || 'planbridge';
    const client = mqtt.connect(this.settings.url, {
      connectTimeout: 10_000,
      ...this.settings.connect,
      // Our own reconnecting (backoff, one fresh session each time) and our own client id, so the
      // broker config node's own connection, if any, is not thrown off.
      clientId: `${base}-publish-${randomBytes(4).toString('hex')}`,
      clean: true,
      reconnectPeriod: 0,
    });
    // close() ends it too, so a deploy never waits for a connect timeout.
    this.client = client;
    let lastError = 'connection closed';
    client.on('error', (err: Error) => {
      lastError = err.message;
    });
    return new Promise((resolve) => {
      const onConnect = (): void => {
        client.off('close', onClose);
        resolve({ client, reason: '' });
      };
      const onClose = (): void => {
        client.off('connect', onConnect);
        this.client = undefined;
        client.end(true);
        resolve({ reason: lastError });
      };
      client.once('connect', onConnect);
      client.once('close', onClose);
    });
  }

  /** Drains the outbox while the connection lasts; answers why it ended. */
  private async connected(ledger: Ledger, client: MqttClient): Promise<string> {
    this.client = client;
    let reason = 'connection closed';
    client.on('error', (err: Error) => {
      reason = err.message;
    });
    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    let open = true;
    void closed.then(() => {
      open = false;
      this.wake();
    });
    this.wentUp();
    try {
      while (open && !this.closed) {
        const batch = await this.nextBatch(ledger);
        if (!open || this.closed) break;
        if (!batch.length) {
          await this.idle(ledger.leaseMs);
          continue;
        }
        const acked = await this.publish(client, batch, closed);
        await ledger.outbox.remove(acked);
        this.waitingCount = Math.max(0, this.waitingCount - acked.length);
        if (this.full && this.waitingCount < this.settings.maxWaiting()) this.full = false;
        this.stateChanged();
        if (acked.length < batch.length) break;
      }
    } catch (err) {
      // The ledger out of reach: the messages wait there; the connection is started over after a pause.
      reason = `the outbox could not be read (${(err as Error).message})`;
    } finally {
      this.client = undefined;
      client.end(true);
    }
    return reason;
  }

  private async nextBatch(ledger: Ledger): Promise<OutboxEntry[]> {
    this.nudged = false;
    const batch = await ledger.outbox.next(this.settings.broker, BATCH);
    if (batch.length) return batch;
    // Nothing of our own: messages of an instance that died may be waiting.
    if (await ledger.outbox.takeOver(this.settings.broker)) {
      await this.refreshWaiting(ledger);
      return ledger.outbox.next(this.settings.broker, BATCH);
    }
    await this.refreshWaiting(ledger);
    return [];
  }

  /** Waits for an append, the connection ending, or the time to look for messages to take over. */
  private async idle(ms: number): Promise<void> {
    if (this.nudged) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, ms);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = finish;
    });
    this.wake = () => undefined;
  }

  /** Publishes a batch in order; answers the ids the broker acknowledged before the first that it did not (or the connection ended). */
  private async publish(client: MqttClient, batch: OutboxEntry[], closed: Promise<void>): Promise<number[]> {
    const acks: Array<boolean | undefined> = batch.map(() => undefined);
    await new Promise<void>((resolve) => {
      let pending = batch.length;
      // Messages still in flight when the connection ends count as not acknowledged: they go again.
      void closed.then(() => resolve());
      batch.forEach((entry, i) => {
        const payload = entry.encoding === 'base64' ? Buffer.from(entry.payload, 'base64') : entry.payload;
        client.publish(entry.topic, payload, { qos: entry.qos, retain: entry.retain }, (err) => {
          acks[i] = !err;
          if (--pending === 0) resolve();
        });
      });
    });
    const acked: number[] = [];
    for (let i = 0; i < batch.length && acks[i] === true; i++) acked.push(batch[i].id);
    return acked;
  }

  /** Counts again what waits (other instances' rows included); in the append queue, so no append is counted twice or missed. */
  private refreshWaiting(ledger: Ledger): Promise<void> {
    return this.writes.alone(async () => {
      this.waitingCount = await ledger.outbox.waiting(this.settings.broker);
      this.stateChanged();
    });
  }

  private wentUp(): void {
    const was = this.up;
    this.up = true;
    if (this.alertTimer) clearTimeout(this.alertTimer);
    this.alertTimer = undefined;
    if (was === false) {
      const downMs = Date.now() - this.downSince;
      this.settings.log(`MQTT broker ${this.settings.label} reachable again after ${Math.round(downMs / 1000)} s; ${this.waitingCount} messages were waiting`);
    }
    // The first connection also clears what a previous run or deploy raised and could not clear.
    if (this.alerted || was === undefined) {
      this.alerted = false;
      void this.settings.ledger
        .then((ledger) => clearOperational(ledger, this.alertKey, 'the broker is reachable again'))
        .catch((err: Error) => this.settings.warn(`could not clear the broker_down alert: ${err.message}`));
    }
    this.stateChanged();
  }

  private wentDown(reason: string): void {
    if (this.up === false) return;
    this.up = false;
    this.downSince = Date.now();
    this.settings.warn(
      `MQTT broker ${this.settings.label} down: ${reason}; ${this.waitingCount} messages wait in the outbox, trying again with a growing pause`,
    );
    this.alertTimer = setTimeout(() => void this.raiseDown(), this.settings.alertAfterMs());
    this.alertTimer.unref();
    this.stateChanged();
  }

  private async raiseDown(): Promise<void> {
    if (this.up !== false || this.closed) return;
    this.alerted = true;
    const seconds = Math.round((Date.now() - this.downSince) / 1000);
    await raiseOperational(await this.settings.ledger, {
      type: 'broker_down',
      key: this.alertKey,
      severity: 'critical',
      message: `MQTT broker ${this.settings.label} has been unreachable for ${seconds} s; events and alerts wait in the outbox`,
      details: { broker: this.settings.broker, down_since: new Date(this.downSince).toISOString(), waiting: this.waitingCount },
    }).catch((err: Error) => this.settings.warn(`could not raise the broker_down alert: ${err.message}`));
  }

  /** One 'state' event per turn of the event loop, after the input that caused it finished. */
  private stateChanged(): void {
    if (this.stateQueued) return;
    this.stateQueued = true;
    setImmediate(() => {
      this.stateQueued = false;
      this.emit('state', this.state);
    });
  }
}
