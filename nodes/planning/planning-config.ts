import path from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { holdConnection, userDirOf } from '../lib/connection';
import { runtimeOf } from '../lib/runtime-context';
import type { FileExchange } from './client/file-exchange';
import { planningConnection, type PlanningCredentials, type PlanningFields } from './client/connection';
import type { PlanningRestClient } from './client/rest-client';

export interface PlanningConfigNode extends Node<PlanningCredentials> {
  rest?: PlanningRestClient;
  files?: FileExchange;
  problem?: string;
}

/** The planning platform: its REST API or its file exchange (local folders or SFTP). */
export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function PlanningConfig(this: PlanningConfigNode, def: NodeDef & PlanningFields): void {
    RED.nodes.createNode(this, def);
    const staging = path.join(userDirOf(RED), 'planning-staging', this.id);
    const connection = holdConnection(runtime, this, () => planningConnection(def, this.credentials ?? {}, staging));
    this.rest = connection?.rest;
    this.files = connection?.files;
  }

  RED.nodes.registerType<PlanningConfigNode, NodeDef & PlanningFields, object, PlanningCredentials>('planning-config', PlanningConfig, {
    credentials: {
      token: { type: 'password' },
      apiKey: { type: 'password' },
      clientSecret: { type: 'password' },
      password: { type: 'password' },
      privateKey: { type: 'password' },
    },
  });
}
