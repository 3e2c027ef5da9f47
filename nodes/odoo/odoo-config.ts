import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection } from '../lib/connection';
import { runtimeOf } from '../lib/runtime-context';
import { odooConnection, type OdooCredentials, type OdooFields } from './client/connection';
import type { OdooClient } from './client/odoo-client';
import { registerConnectionTest } from './connection-test';

export type { OdooCredentials } from './client/connection';

export interface OdooConfigNode extends Node<OdooCredentials> {
  client?: OdooClient;
  problem?: string;
  /** Several companies are configured: canonical records carry their company. */
  multiCompany?: boolean;
}

/** An Odoo database: one client (JSON-2 or JSON-RPC, detected) with its retries and circuit. */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);
  registerConnectionTest(RED);

  function OdooConfig(this: OdooConfigNode, def: NodeDef & OdooFields): void {
    RED.nodes.createNode(this, def);
    const connection = holdConnection(runtime, this, () => odooConnection(def, this.credentials ?? {}));
    this.client = connection?.client;
    this.multiCompany = connection?.multiCompany;
  }

  RED.nodes.registerType<OdooConfigNode, NodeDef & OdooFields, object, OdooCredentials>('odoo-config', OdooConfig, {
    credentials: { login: { type: 'text' }, apiKey: { type: 'password' }, password: { type: 'password' } },
  });
}
