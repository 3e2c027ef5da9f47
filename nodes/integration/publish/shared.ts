import type { IClientOptions } from 'mqtt';
import { metrics } from '../../lib/metrics';
import { runtimePart, type PlanbridgeRuntime } from '../../lib/runtime-context';
import type { Ledger } from '../../ledger/ledger';
import { OPERATIONAL_ALERT_EVENT, type OperationalAlertEvent } from '../alerts/operational';
import { alertEnv, alertRecord, alertTopic } from '../alerts/service';
import type { PublishSettings } from './message';
import { OutboxPublisher } from './publisher';

/** What a pb-publish node says about its broker connection. */
export interface BrokerTarget {
  ledgerId: string;
  ledger: Promise<Ledger>;
  brokerId: string;
  label: string;
  url: string;
  connect: IClientOptions;
  log(text: string): void;
  warn(text: string): void;
}

interface Shared {
  publisher: OutboxPublisher;
  users: Map<string, PublishSettings>;
  stopOperational?: () => void;
}

const PUBLISHERS = runtimePart('outbox publishers', () => new Map<string, Shared>());

/**
 * The runtime's own alerts (the ledger's `operational-alert` event) go to the broker through the
 * outbox, on the topic pb-alert uses, when a node on that publisher asks for them. They are not
 * counted against the limit: they are few, and the one saying the outbox is full must get through.
 */
function forwardOperational(ledger: Promise<Ledger>, publisher: OutboxPublisher, warn: (text: string) => void): () => void {
  let stopped = false;
  const forward = (event: OperationalAlertEvent): void => {
    const record = alertRecord(event.alert);
    publisher
      .append([{ topic: alertTopic(alertEnv(undefined), record), payload: JSON.stringify(record), encoding: 'utf8', qos: 1, retain: false }], true)
      .catch((err: Error) => warn(`operational alert ${event.alert.key} not kept for the broker: ${err.message}`));
  };
  let detach = (): void => {
    stopped = true;
  };
  void ledger.then(
    (l) => {
      if (stopped) return;
      l.on(OPERATIONAL_ALERT_EVENT, forward);
      detach = () => l.off(OPERATIONAL_ALERT_EVENT, forward);
    },
    () => undefined,
  );
  return () => detach();
}

function refresh(shared: Shared, target: BrokerTarget): void {
  const wanted = [...shared.users.values()].some((u) => u.operational);
  if (wanted && !shared.stopOperational) shared.stopOperational = forwardOperational(target.ledger, shared.publisher, target.warn);
  if (!wanted && shared.stopOperational) {
    shared.stopOperational();
    shared.stopOperational = undefined;
  }
}

/**
 * The publisher of a ledger and broker in this process, started by its first node and closed with
 * its last. Of its nodes' settings the smallest alert delay and the largest limit count.
 */
export function usePublisher(
  runtime: PlanbridgeRuntime,
  target: BrokerTarget,
  user: string,
  settings: PublishSettings,
): { publisher: OutboxPublisher; release(): Promise<void> } {
  const all = runtime.get(PUBLISHERS);
  const key = `${target.ledgerId}\u0000${target.brokerId}`;
  let shared = all.get(key);
  if (!shared) {
    const users = new Map<string, PublishSettings>();
    const gauge = metrics(runtime).dependencyUp;
    const labels = { dependency: `broker ${target.label}` };
    const publisher = new OutboxPublisher({
      broker: target.brokerId,
      label: target.label,
      url: target.url,
      connect: target.connect,
      ledger: target.ledger,
      alertAfterMs: () => Math.min(...[...users.values()].map((u) => u.alertAfterMs)),
      maxWaiting: () => Math.max(...[...users.values()].map((u) => u.maxWaiting)),
      log: target.log,
      warn: target.warn,
    });
    publisher.on('state', (state: { up: boolean | undefined }) => {
      if (state.up !== undefined) gauge.set(labels, state.up ? 1 : 0);
    });
    shared = { publisher, users };
    all.set(key, shared);
  }
  shared.users.set(user, settings);
  refresh(shared, target);
  const mine = shared;
  return {
    publisher: mine.publisher,
    async release() {
      mine.users.delete(user);
      refresh(mine, target);
      if (mine.users.size) return;
      if (all.get(key) === mine) all.delete(key);
      await mine.publisher.close();
      metrics(runtime).dependencyUp.remove({ dependency: `broker ${target.label}` });
    },
  };
}
