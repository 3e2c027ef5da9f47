import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection, runtimeOf } from 'planbridge/kit';
import { CarrierClient, type CarrierFields } from './client/carrier-client';

export interface CarrierConfigNode extends Node<{ apiKey?: string }> {
  client?: CarrierClient;
  problem?: string;
}

/** A carrier account (its tracking API): base URL, API key, and the retries and circuit of every call. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function CarrierConfig(this: CarrierConfigNode, def: NodeDef & CarrierFields): void {
    RED.nodes.createNode(this, def);
    this.client = holdConnection(runtime, this, () => {
      const client = new CarrierClient(def, this.credentials?.apiKey ?? '');
      return { client, resilience: client.resilience, dispose: () => client.dispose() };
    })?.client;
  }

  RED.nodes.registerType<CarrierConfigNode, NodeDef & CarrierFields, object, { apiKey?: string }>('carrier-config', CarrierConfig, {
    credentials: { apiKey: { type: 'password' } },
  });
}
