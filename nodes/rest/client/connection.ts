import { resilienceFrom, type Resilience, type ResilienceOptions } from '../../lib/resilience';
import { RestClient, type RestAuth } from './rest-client';

/** rest-config's fields as the editor saves them. */
export interface RestFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  baseUrl: string;
  timeoutMs: string;
  authType: 'none' | 'bearer' | 'basic' | 'header';
  headerName: string;
}

export interface RestCredentials {
  token?: string;
  username?: string;
  password?: string;
}

function authFrom(def: RestFields, credentials: RestCredentials): RestAuth {
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

/** Builds the client from the fields; throws with what is wrong. */
export function restConnection(def: RestFields, credentials: RestCredentials): { client: RestClient; resilience: Resilience; dispose(): void } {
  const resilience = resilienceFrom(def);
  if (!/^https?:\/\//.test(def.baseUrl ?? '')) throw new Error(`Base URL must start with http:// or https://, got "${def.baseUrl ?? ''}"`);
  const client = new RestClient({
    name: def.name || new URL(def.baseUrl).host,
    baseURL: def.baseUrl,
    timeoutMs: Number(def.timeoutMs) || 30_000,
    auth: authFrom(def, credentials),
    resilience,
  });
  return { client, resilience: client.resilience, dispose: () => client.dispose() };
}
