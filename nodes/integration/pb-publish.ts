import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { IClientOptions } from 'mqtt';
import { nodeKit } from '../common/kit';
import { ConfigError, toPlanbridgeError } from '../lib/errors';
import { fieldOrMsg } from '../lib/resolve';
import { Status } from '../lib/status';
import { statusOf } from '../lib/status-reporter';
import type { LedgerMessage } from '../ledger/ledger';
import { checkTopic, encodePayload, publishSettingsFrom, qosOf, retainOf, type PublishFields, type PublishSettings } from './publish/message';
import type { PublisherState } from './publish/publisher';
import { usePublisher } from './publish/shared';
import { ledgerOfNode } from './reliability/ledger-node';

/** What pb-publish reads of Node-RED's mqtt-broker config node once it is constructed. */
interface BrokerConfigNode extends Node {
  brokerurl?: string;
  options?: IClientOptions;
}

function stateStatus(state: PublisherState): ReturnType<typeof Status.ok> {
  if (state.up === false) return Status.failed(`broker down, ${state.waiting} waiting`);
  if (state.up === undefined) return Status.connecting(`connecting, ${state.waiting} waiting`);
  return Status.ok(`connected, ${state.waiting} waiting`);
}

/** Keeps each message in the ledger's outbox, then a shared publisher sends it to the broker in order. */
export default function register(RED: NodeAPI): void {
  const kit = nodeKit(RED);

  function PbPublish(this: Node, def: NodeDef & PublishFields): void {
    RED.nodes.createNode(this, def);
    const opening = ledgerOfNode(RED, this, def.ledger);
    if (!opening) return;
    const broker = RED.nodes.getNode(def.broker) as BrokerConfigNode | null;
    let settings: PublishSettings;
    try {
      if (!broker?.brokerurl) throw new ConfigError('No MQTT broker is configured: choose an mqtt-broker config node');
      settings = publishSettingsFrom(def);
    } catch (err) {
      const error = toPlanbridgeError(err);
      this.status(Status.failed(error.code));
      this.error(error.message);
      return;
    }
    const label = broker.name || broker.brokerurl;
    const { publisher, release } = usePublisher(
      kit.runtime,
      {
        ledgerId: def.ledger,
        ledger: opening,
        brokerId: broker.id,
        label,
        url: broker.brokerurl,
        connect: { ...broker.options },
        log: (text) => RED.log.info(`[pb-publish] ${text}`),
        warn: (text) => RED.log.warn(`[pb-publish] ${text}`),
      },
      this.id,
      settings,
    );
    const status = statusOf(this);
    const showState = (state: PublisherState): void => status.set(stateStatus(state));
    showState(publisher.state);
    publisher.on('state', showState);

    this.on('input', (msg: LedgerMessage, send, done) => {
      kit.runInput(this, msg, send, done, async () => {
        const topic = checkTopic(fieldOrMsg(this, 'topic', def.topic, msg.topic));
        const qos = qosOf(fieldOrMsg(this, 'qos', def.qos, msg.qos as string | undefined));
        const retain = retainOf(fieldOrMsg(this, 'retain', def.retain, msg.retain as string | undefined));
        await publisher.append([{ topic, ...encodePayload(msg.payload), qos, retain }]);
        // The publisher's next 'state' shows whether the broker took it.
        return { status: 'kept' };
      });
    });

    this.on('close', (_removed: boolean, done: () => void) => {
      publisher.off('state', showState);
      release().then(
        () => done(),
        () => done(),
      );
    });
  }

  RED.nodes.registerType('pb-publish', PbPublish);
}
