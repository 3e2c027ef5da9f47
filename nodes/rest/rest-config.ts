import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection } from '../lib/connection';
import { runtimeOf } from '../lib/runtime-context';
import { restConnection, type RestCredentials, type RestFields } from './client/connection';
import type { RestClient } from './client/rest-client';

export interface RestConfigNode extends Node<RestCredentials> {
  client?: RestClient;
  problem?: string;
}

/** A REST target: base URL, auth, and the retries and circuit of every call to it. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function RestConfig(this: RestConfigNode, def: NodeDef & RestFields): void {
    RED.nodes.createNode(this, def);
    this.client = holdConnection(runtime, this, () => restConnection(def, this.credentials ?? {}))?.client;
  }

  RED.nodes.registerType<RestConfigNode, NodeDef & RestFields, object, RestCredentials>('rest-config', RestConfig, {
    credentials: { token: { type: 'password' }, username: { type: 'text' }, password: { type: 'password' } },
  });
}
