import { createHash } from 'node:crypto';
import { contracts } from '../../nodes/canonical/registry';
import { catalogueOf, type CatalogueEntry, type FlowsNode } from './catalogue';

export const RELEASE_FORMAT = 'planbridge-release@1';

export interface NodeTypeNeed {
  type: string;
  /** The npm module that provides it, or null when none known here does (a deploy check refuses it). */
  module: string | null;
  version: string | null;
}

/** An immutable release: everything a target needs to know before it takes these flows. */
export interface Release {
  format: typeof RELEASE_FORMAT;
  version: string;
  message: string;
  author: string;
  createdAt: string;
  flows: FlowsNode[];
  /** Per node id, the names of the credentials it needs (never their values). */
  credentials: Record<string, string[]>;
  /** Environment variables the flows and their credentials read. */
  env: string[];
  nodeTypes: NodeTypeNeed[];
  /** Data contracts the flows name, e.g. `stock_snapshot@1`. */
  contracts: string[];
  catalogue: CatalogueEntry[];
  /** sha256 over everything above, in a canonical form: a changed byte is a different release. */
  checksum: string;
}

export interface Modules {
  /** planbridge's own node types (package.json node-red.nodes) and the package version. */
  planbridge: { version: string; types: string[] };
  nodeRed: { version: string };
  dashboard: { version: string } | null;
}

export interface ReleaseInput {
  flows: FlowsNode[];
  /** The credentials template beside the flows: node id to credential name to `${ENV}` (or a value, never kept). */
  credentialsTemplate: Record<string, Record<string, unknown>>;
  version: string;
  message: string;
  author: string;
  at: Date;
  modules: Modules;
}

const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|env\.get\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\)/g;
const CONTRACT_REFERENCE = /\b([a-z][a-z_]*@\d+)\b/g;
// Node-RED's own structural properties: not settings that read anything.
const STRUCTURE = new Set(['id', 'type', 'z', 'x', 'y', 'w', 'h', 'g', 'wires', 'links']);

/** Every string inside a node's settings (nested values included). */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function settingStrings(node: FlowsNode): string[] {
  return strings(Object.fromEntries(Object.entries(node).filter(([key]) => !STRUCTURE.has(key))));
}

function envNames(flows: FlowsNode[], template: ReleaseInput['credentialsTemplate']): string[] {
  const names = new Set<string>();
  const texts = [...flows.flatMap(settingStrings), ...strings(template)];
  for (const text of texts) for (const m of text.matchAll(ENV_REFERENCE)) names.add(m[1] ?? m[2]);
  // A tab's or group's own environment properties are set by the flows themselves, not the target.
  for (const n of flows) if (Array.isArray(n.env)) for (const e of n.env as Array<{ name?: unknown }>) if (typeof e.name === 'string') names.delete(e.name);
  return [...names].sort();
}

export function contractNames(flows: FlowsNode[]): string[] {
  const registry = contracts();
  const found = new Set<string>();
  for (const text of flows.flatMap(settingStrings))
    for (const m of text.matchAll(CONTRACT_REFERENCE)) {
      try {
        registry.get(m[1]);
        found.add(m[1]);
      } catch {
        // Not a contract (an e-mail address, a version string): ignore.
      }
    }
  return [...found].sort();
}

const NOT_NODES = new Set(['tab', 'subflow', 'group', 'junction']);

function nodeTypes(flows: FlowsNode[], modules: Modules): NodeTypeNeed[] {
  const types = [...new Set(flows.map((n) => n.type).filter((t) => !NOT_NODES.has(t) && !t.startsWith('subflow:')))].sort();
  const planbridge = new Set(modules.planbridge.types);
  return types.map((type) => {
    if (planbridge.has(type)) return { type, module: 'planbridge', version: modules.planbridge.version };
    if (type.startsWith('ui-') && modules.dashboard) return { type, module: '@flowfuse/node-red-dashboard', version: modules.dashboard.version };
    if (CORE_TYPES.has(type)) return { type, module: 'node-red', version: modules.nodeRed.version };
    return { type, module: null, version: null };
  });
}

// Node-RED's core nodes, as its palette has them.
const CORE_TYPES = new Set([
  'inject',
  'debug',
  'complete',
  'catch',
  'status',
  'link in',
  'link out',
  'link call',
  'comment',
  'unknown',
  'function',
  'switch',
  'change',
  'range',
  'template',
  'delay',
  'trigger',
  'exec',
  'rbe',
  'filter',
  'mqtt in',
  'mqtt out',
  'mqtt-broker',
  'http in',
  'http response',
  'http request',
  'http proxy',
  'websocket in',
  'websocket out',
  'websocket-listener',
  'websocket-client',
  'tcp in',
  'tcp out',
  'tcp request',
  'udp in',
  'udp out',
  'csv',
  'html',
  'json',
  'xml',
  'yaml',
  'split',
  'join',
  'sort',
  'batch',
  'file',
  'file in',
  'watch',
]);

/** JSON with object keys sorted: the same release always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export function checksumOf(release: Omit<Release, 'checksum'>): string {
  return `sha256:${createHash('sha256').update(canonical(release)).digest('hex')}`;
}

export function buildRelease(input: ReleaseInput): Release {
  if (!/^\S+$/.test(input.version)) throw new Error('A release needs a version without spaces, e.g. 2026.12.1');
  if (!input.message.trim()) throw new Error('A release needs a message saying what it changes');
  const body: Omit<Release, 'checksum'> = {
    format: RELEASE_FORMAT,
    version: input.version,
    message: input.message.trim(),
    author: input.author,
    createdAt: input.at.toISOString(),
    flows: input.flows,
    credentials: Object.fromEntries(
      Object.entries(input.credentialsTemplate)
        .filter(([id]) => input.flows.some((n) => n.id === id))
        .map(([id, fields]) => [id, Object.keys(fields).sort()]),
    ),
    env: envNames(input.flows, input.credentialsTemplate),
    nodeTypes: nodeTypes(input.flows, input.modules),
    contracts: contractNames(input.flows),
    catalogue: catalogueOf(input.flows),
  };
  return { ...body, checksum: checksumOf(body) };
}

/** A release read back: its checksum must still match what it holds. */
export function verifyRelease(release: Release): boolean {
  const { checksum, ...body } = release;
  return release.format === RELEASE_FORMAT && checksum === checksumOf(body);
}
