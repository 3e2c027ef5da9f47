import { resilienceFrom, type Resilience, type ResilienceOptions } from '../../lib/resilience';
import { WmsClient, type WmsAuth } from './wms-client';

/** wms-config's fields as the editor saves them. */
export interface WmsFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  baseUrl: string;
  timeoutMs: string;
  authType: 'oauth2' | 'apikey';
  tokenUrl: string;
  clientId: string;
  apiKeyHeader: string;
}

export interface WmsCredentials {
  clientSecret?: string;
  apiKey?: string;
  /** What the WMS sends in X-WMS-Secret with its pushes. */
  subscriberSecret?: string;
}

function authFrom(def: WmsFields, baseUrl: string, credentials: WmsCredentials): WmsAuth {
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

/** Builds the client from the fields; throws with what is wrong. */
export function wmsConnection(def: WmsFields, credentials: WmsCredentials): { client: WmsClient; resilience: Resilience; dispose(): void } {
  const baseUrl = def.baseUrl ?? '';
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`The base URL must start with http:// or https://, got "${baseUrl}"`);
  const client = new WmsClient({
    name: def.name || new URL(baseUrl).host,
    baseURL: baseUrl,
    timeoutMs: Number(def.timeoutMs) || 30_000,
    auth: authFrom(def, baseUrl, credentials),
    resilience: resilienceFrom(def),
  });
  return { client, resilience: client.resilience, dispose: () => client.dispose() };
}
