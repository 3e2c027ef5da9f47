import os from 'node:os';
import path from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { watchResilience } from '../lib/metrics';
import { resilienceFrom } from '../lib/resilience';
import { FileExchange } from './client/file-exchange';
import { LocalFileStore, SftpFileStore, type FileStore } from '../lib/files/file-store';
import { PlanningRestClient, type PlanningAuth } from './client/rest-client';
import { DATASETS, layoutFor, type Dataset } from './map/presets';
import { runtimeOf } from '../lib/runtime-context';

interface PlanningConfigDef extends NodeDef {
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
  attempts: string;
  initialDelayMs: string;
  maxDelayMs: string;
  breakerThreshold: string;
  halfOpenAfterMs: string;
}

interface PlanningCredentials {
  token?: string;
  apiKey?: string;
  clientSecret?: string;
  password?: string;
  privateKey?: string;
}

export interface PlanningConfigNode extends Node<PlanningCredentials> {
  rest?: PlanningRestClient;
  files?: FileExchange;
  problem?: string;
}

function field(value: string | undefined): string {
  return value && /^\$\{[^}]+\}$/.test(value) ? '' : (value ?? '');
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

function authFrom(def: PlanningConfigDef, credentials: PlanningCredentials): PlanningAuth {
  if (def.authType === 'apikey') return { type: 'apikey', header: def.apiKeyHeader || 'X-Api-Key', key: credentials.apiKey ?? '' };
  if (def.authType === 'oauth2') {
    if (!def.tokenUrl || !def.clientId) throw new Error('OAuth2 needs the token URL and the client id');
    return { type: 'oauth2', tokenUrl: def.tokenUrl, clientId: def.clientId, clientSecret: credentials.clientSecret ?? '' };
  }
  return { type: 'bearer', token: credentials.token ?? '' };
}

export default function register(RED: NodeAPI): void {
  const runtime = runtimeOf(RED);

  function PlanningConfig(this: PlanningConfigNode, def: PlanningConfigDef): void {
    RED.nodes.createNode(this, def);
    const credentials = this.credentials ?? {};
    let store: FileStore | undefined;
    try {
      if (def.profile === 'files') {
        if (!field(def.outbox) || !field(def.inbox)) throw new Error('The file profile needs an outbox and an inbox folder');
        store =
          def.transport === 'sftp'
            ? new SftpFileStore({
                host: def.host,
                port: Number(def.port) || 22,
                username: def.username,
                password: credentials.password || undefined,
                privateKey: credentials.privateKey || undefined,
              })
            : new LocalFileStore();
        const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? path.join(os.tmpdir(), 'planbridge');
        this.files = new FileExchange({
          store,
          layout: layoutFor(def.layout),
          outbox: field(def.outbox),
          inbox: field(def.inbox),
          staging: path.join(userDir, 'planning-staging', this.id),
          deliveryDatasets: deliveryDatasets(def.delivery),
        });
      } else {
        const baseUrl = field(def.baseUrl);
        if (!/^https?:\/\//.test(baseUrl)) throw new Error(`The base URL must start with http:// or https://, got "${def.baseUrl ?? ''}"`);
        this.rest = new PlanningRestClient({
          name: def.name || new URL(baseUrl).host,
          baseURL: baseUrl,
          timeoutMs: Number(def.timeoutMs) || 30_000,
          auth: authFrom(def, credentials),
          resilience: resilienceFrom(def),
        });
        watchResilience(runtime, this.rest.resilience);
      }
    } catch (err) {
      this.problem = (err as Error).message;
      this.error(this.problem);
      return;
    }
    this.on('close', (_removed: boolean, done: () => void) => {
      this.rest?.dispose();
      (store ? store.close() : Promise.resolve()).then(
        () => done(),
        () => done(),
      );
    });
  }

  RED.nodes.registerType<PlanningConfigNode, PlanningConfigDef, object, PlanningCredentials>('planning-config', PlanningConfig, {
    credentials: {
      token: { type: 'password' },
      apiKey: { type: 'password' },
      clientSecret: { type: 'password' },
      password: { type: 'password' },
      privateKey: { type: 'password' },
    },
  });
}
