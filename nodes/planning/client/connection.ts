import path from 'node:path';
import { LocalFileStore, SftpFileStore, type FileStore } from '../../lib/files/file-store';
import { envField } from '../../lib/fields';
import { resilienceFrom, type ResilienceOptions } from '../../lib/resilience';
import type { Resilience } from '../../lib/resilience';
import { DATASETS, layoutFor, type Dataset } from '../map/presets';
import { FileExchange } from './file-exchange';
import { PlanningRestClient, type PlanningAuth } from './rest-client';

/** planning-config's fields as the editor saves them. */
export interface PlanningFields extends Partial<Record<keyof ResilienceOptions, string>> {
  name?: string;
  profile: 'rest' | 'files';
  baseUrl: string;
  timeoutMs: string;
  authType: 'bearer' | 'apikey' | 'oauth2';
  apiKeyHeader: string;
  tokenUrl: string;
  clientId: string;
  transport: 'local' | 'sftp';
  outbox: string;
  inbox: string;
  host: string;
  port: string;
  username: string;
  layout: 'generic' | 'netstock';
  /** Datasets that make one file delivery, comma-separated; blank: all seven. */
  delivery: string;
}

export interface PlanningCredentials {
  token?: string;
  apiKey?: string;
  clientSecret?: string;
  password?: string;
  privateKey?: string;
}

/** The planning platform as a config node holds it: its REST API, or its file exchange. */
export interface PlanningConnection {
  rest?: PlanningRestClient;
  files?: FileExchange;
  resilience?: Resilience;
  dispose(): Promise<void>;
}

function deliveryDatasets(text: string | undefined): Dataset[] {
  const names = (text ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(DATASETS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`Unknown dataset(s) in the delivery: ${unknown.join(', ')}; known: ${DATASETS.join(', ')}`);
  return names as Dataset[];
}

function authFrom(def: PlanningFields, credentials: PlanningCredentials): PlanningAuth {
  if (def.authType === 'apikey') return { type: 'apikey', header: def.apiKeyHeader || 'X-Api-Key', key: credentials.apiKey ?? '' };
  if (def.authType === 'oauth2') {
    if (!def.tokenUrl || !def.clientId) throw new Error('OAuth2 needs the token URL and the client id');
    return { type: 'oauth2', tokenUrl: def.tokenUrl, clientId: def.clientId, clientSecret: credentials.clientSecret ?? '' };
  }
  return { type: 'bearer', token: credentials.token ?? '' };
}

/** Builds the connection from the fields; throws with what is wrong. `staging` is where file deliveries are put together. */
export function planningConnection(def: PlanningFields, credentials: PlanningCredentials, staging: string): PlanningConnection {
  if (def.profile === 'files') {
    if (!envField(def.outbox) || !envField(def.inbox)) throw new Error('The file profile needs an outbox and an inbox folder');
    const store: FileStore =
      def.transport === 'sftp'
        ? new SftpFileStore({
            host: def.host,
            port: Number(def.port) || 22,
            username: def.username,
            password: credentials.password || undefined,
            privateKey: credentials.privateKey || undefined,
          })
        : new LocalFileStore();
    const files = new FileExchange({
      store,
      layout: layoutFor(def.layout),
      outbox: envField(def.outbox),
      inbox: envField(def.inbox),
      staging: path.resolve(staging),
      deliveryDatasets: deliveryDatasets(def.delivery),
    });
    return { files, dispose: () => store.close() };
  }
  const baseUrl = envField(def.baseUrl);
  if (!/^https?:\/\//.test(baseUrl)) throw new Error(`The base URL must start with http:// or https://, got "${def.baseUrl ?? ''}"`);
  const rest = new PlanningRestClient({
    name: def.name || new URL(baseUrl).host,
    baseURL: baseUrl,
    timeoutMs: Number(def.timeoutMs) || 30_000,
    auth: authFrom(def, credentials),
    resilience: resilienceFrom(def),
  });
  return { rest, resilience: rest.resilience, dispose: async () => rest.dispose() };
}
