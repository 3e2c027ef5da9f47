import type { Node, NodeAPI, NodeDef } from 'node-red';
import { resilienceFrom, type ResilienceOptions } from '../lib/resilience';
import { RestClient, type RestAuth } from './client/rest-client';
import { watchResilience } from '../lib/metrics';
import { runtimeOf } from '../lib/runtime-context';

interface RestConfigDef extends NodeDef {
  baseUrl: string;
  timeoutMs: string;
  authType: 'none' | 'bearer' | 'basic' | 'header';
  headerName: string;
  attempts: string;
  initialDelayMs: string;
  maxDelayMs: string;
  breakerThreshold: string;
  halfOpenAfterMs: string;
}

interface RestCredentials {
  token?: string;
  username?: string;
  password?: string;
}

export interface RestConfigNode extends Node<RestCredentials> {
  client?: RestClient;
  problem?: string;
}

function authFrom(def: RestConfigDef, credentials: RestCredentials): RestAuth {
  switch (def.authType) {
    case 'bearer':
      return { type: 'bearer', token: credentials.token ?? '' };
    case 'basic':
      return { type: 'basic', username: credentials.username ?? '', password: credentials.password ?? '' };
    case 'header':
      return { type: 'header', name: def.headerName || 'X-API-Key', value: credentials.token ?? '' };
    default:
      return { type: 'none' };
  }
}

export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);
  function RestConfig(this: RestConfigNode, def: RestConfigDef): void {
    RED.nodes.createNode(this, def);
    let resilience: ResilienceOptions;
    try {
      resilience = resilienceFrom(def);
      if (!/^https?:\/\//.test(def.baseUrl ?? '')) throw new Error(`Base URL must start with http:// or https://, got "${def.baseUrl ?? ''}"`);
    } catch (err) {
      this.problem = (err as Error).message;
      this.error(this.problem);
      return;
    }
    const name = def.name || new URL(def.baseUrl).host;
    this.client = new RestClient({
      name,
      baseURL: def.baseUrl,
      timeoutMs: Number(def.timeoutMs) || 30_000,
      auth: authFrom(def, this.credentials ?? {}),
      resilience,
    });
    watchResilience(runtime, this.client.resilience);
    this.on('close', (_removed: boolean, done: () => void) => {
      this.client?.dispose();
      done();
    });
  }

  RED.nodes.registerType<RestConfigNode, RestConfigDef, object, RestCredentials>('rest-config', RestConfig, {
    credentials: { token: { type: 'password' }, username: { type: 'text' }, password: { type: 'password' } },
  });
}
