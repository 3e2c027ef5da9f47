import type { Node, NodeAPI, NodeDef } from 'node-red';
import { watchResilience } from '../lib/metrics';
import { resilienceFrom } from '../lib/resilience';
import { WmsClient, type WmsAuth } from './client/wms-client';
import { runtimeOf } from '../lib/runtime-context';

interface WmsConfigDef extends NodeDef {
  baseUrl: string;
  timeoutMs: string;
  authType: 'oauth2' | 'apikey';
  tokenUrl: string;
  clientId: string;
  apiKeyHeader: string;
  attempts: string;
  initialDelayMs: string;
  maxDelayMs: string;
  breakerThreshold: string;
  halfOpenAfterMs: string;
  maxConcurrent: string;
}

interface WmsCredentials {
  clientSecret?: string;
  apiKey?: string;
  /** What the WMS sends in X-WMS-Secret with its pushes. */
  subscriberSecret?: string;
}

export interface WmsConfigNode extends Node<WmsCredentials> {
  client?: WmsClient;
  /** The secret inbound pushes must carry; '' when none is set (webhooks then refuse to start). */
  subscriberSecret: string;
  problem?: string;
}

function authFrom(def: WmsConfigDef, baseUrl: string, credentials: WmsCredentials): WmsAuth {
  if (def.authType === 'apikey') {
    if (!credentials.apiKey) throw new Error('API-key auth needs the API key');
    return { type: 'apikey', header: def.apiKeyHeader || 'X-Api-Key', key: credentials.apiKey };
  }
  if (!def.clientId || !credentials.clientSecret) throw new Error('OAuth2 needs the client id and the client secret');
  return {
    type: 'oauth2',
    tokenUrl: def.tokenUrl || `${baseUrl.replace(/\/+$/, '')}/oauth/token`,
    clientId: def.clientId,
    clientSecret: credentials.clientSecret,
  };
}

export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function WmsConfig(this: WmsConfigNode, def: WmsConfigDef): void {
    RED.nodes.createNode(this, def);
    const credentials = this.credentials ?? {};
    this.subscriberSecret = credentials.subscriberSecret ?? '';
    try {
      const baseUrl = def.baseUrl ?? '';
      if (!/^https?:\/\//.test(baseUrl)) throw new Error(`The base URL must start with http:// or https://, got "${baseUrl}"`);
      this.client = new WmsClient({
        name: def.name || new URL(baseUrl).host,
        baseURL: baseUrl,
        timeoutMs: Number(def.timeoutMs) || 30_000,
        auth: authFrom(def, baseUrl, credentials),
        resilience: resilienceFrom(def),
      });
      watchResilience(runtime, this.client.resilience);
    } catch (err) {
      this.problem = (err as Error).message;
      this.error(this.problem);
      return;
    }
    this.on('close', (_removed: boolean, done: () => void) => {
      this.client?.dispose();
      done();
    });
  }

  RED.nodes.registerType<WmsConfigNode, WmsConfigDef, object, WmsCredentials>('wms-config', WmsConfig, {
    credentials: { clientSecret: { type: 'password' }, apiKey: { type: 'password' }, subscriberSecret: { type: 'password' } },
  });
}
