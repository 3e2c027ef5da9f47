import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection } from '../lib/connection';
import { runtimeOf } from '../lib/runtime-context';
import { wmsConnection, type WmsCredentials, type WmsFields } from './client/connection';
import type { WmsClient } from './client/wms-client';

export interface WmsConfigNode extends Node<WmsCredentials> {
  client?: WmsClient;
  /** The secret inbound pushes must carry; '' when none is set (webhooks then refuse to start). */
  subscriberSecret: string;
  problem?: string;
}

/** A WMS speaking the canonical WMS contract (docs/wms-contract.md), with API-key or OAuth2 auth. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function WmsConfig(this: WmsConfigNode, def: NodeDef & WmsFields): void {
    RED.nodes.createNode(this, def);
    this.subscriberSecret = this.credentials?.subscriberSecret ?? '';
    this.client = holdConnection(runtime, this, () => wmsConnection(def, this.credentials ?? {}))?.client;
  }

  RED.nodes.registerType<WmsConfigNode, NodeDef & WmsFields, object, WmsCredentials>('wms-config', WmsConfig, {
    credentials: { clientSecret: { type: 'password' }, apiKey: { type: 'password' }, subscriberSecret: { type: 'password' } },
  });
}
