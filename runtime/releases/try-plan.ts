import type { FlowsNode } from './catalogue';

/** An inject node the try fires once. */
export interface Trigger {
  id: string;
  tab: string;
  name: string;
}

/** An entry point the try cannot pull: it waits for a caller, or runs by itself. */
export interface WaitingEntry {
  id: string;
  tab: string;
  type: string;
  name: string;
  note: string;
}

export interface TryPlan {
  /** The flows as the try runs them: on the sandboxes, without schedules. */
  flows: FlowsNode[];
  triggers: Trigger[];
  waiting: WaitingEntry[];
  /** What was changed in the flows to keep the try on the sandboxes, in words. */
  changes: string[];
  /**
   * Nodes that hold messages on purpose for a while (delay, trigger): a blue status there is a queue
   * waiting for its time, not work under way, so the try does not wait for it (it reports it).
   */
  holders: Map<string, string>;
}

const WAITING: Record<string, (node: FlowsNode) => string | null> = {
  'http in': () => 'not triggered: waits for a call',
  'odoo-webhook': () => 'not triggered: waits for a call',
  'wms-stock': (n) => (n.mode === 'events' ? 'not triggered: waits for a call' : null),
  'mqtt in': () => 'not triggered: waits for an MQTT message',
  'edi-in': () => 'not triggered: polls its partner folder by itself',
};

/**
 * Fields of the config nodes that point at a system, pinned to what the sandboxes (and the embedded
 * broker and SQLite ledger) set. A release that names a production host in a field instead of a
 * `${...}` variable still runs against the sandbox.
 */
const PINNED: Record<string, Record<string, string>> = {
  'odoo-config': { url: '${PLANBRIDGE_ODOO_URL}', database: '${PLANBRIDGE_ODOO_DB}' },
  'planning-config': { profile: 'rest', baseUrl: '${PLANBRIDGE_PLANNING_URL}', authType: 'bearer', tokenUrl: '', transport: 'local', host: '' },
  'wms-config': { baseUrl: '${PLANBRIDGE_WMS_URL}', authType: '${PLANBRIDGE_WMS_AUTH}', tokenUrl: '', clientId: '${PLANBRIDGE_WMS_CLIENT_ID}' },
  'ledger-config': { engine: 'sqlite', file: 'ledger.db', schema: '' },
  'mqtt-broker': { broker: '${PLANBRIDGE_MQTT_HOST}', port: '${PLANBRIDGE_MQTT_PORT_EFFECTIVE}', usetls: 'false' },
  'edi-partner': { inbound: '${PLANBRIDGE_EDI_INBOX}', outbound: '${PLANBRIDGE_EDI_OUTBOX}', url: '' },
};

const HOLDERS = new Set(['delay', 'trigger']);
const PLACEHOLDER = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

function label(node: FlowsNode): string {
  return typeof node.name === 'string' && node.name ? node.name : node.id;
}

function disabledTabs(flows: FlowsNode[]): Set<string> {
  return new Set(flows.filter((n) => n.type === 'tab' && n.disabled === true).map((n) => n.id));
}

/** The pinned value as the node stores it (mqtt-broker keeps usetls as a boolean). */
function pinnedValue(current: unknown, value: string): unknown {
  return typeof current === 'boolean' ? value === 'true' : value;
}

function pin(node: FlowsNode, changes: string[]): FlowsNode {
  const fields = PINNED[node.type];
  if (!fields) return node;
  const pinned: FlowsNode = { ...node };
  for (const [field, value] of Object.entries(fields)) {
    const wanted = pinnedValue(node[field], value);
    if (node[field] === wanted || (node[field] === undefined && value === '')) continue;
    // A `${VAR}` placeholder reads the try's own environment: only a literal value is worth telling.
    if (typeof node[field] === 'string' && node[field] !== '' && !PLACEHOLDER.test(node[field]))
      changes.push(`${node.type} "${label(node)}": ${field} ${JSON.stringify(node[field])} replaced by ${JSON.stringify(wanted)}`);
    pinned[field] = wanted;
  }
  return pinned;
}

/**
 * Turns a release's flows into what `release try` runs: every system pinned to its sandbox, every
 * `http request` to a fixed host outside this machine disabled, and every inject stripped of its
 * schedule and start-up firing, so that the try fires each exactly once itself. Lists the injects it
 * will fire and the entry points it cannot.
 */
export function planTry(flows: FlowsNode[]): TryPlan {
  const offTabs = disabledTabs(flows);
  const subflows = new Set(flows.filter((n) => n.type === 'subflow').map((n) => n.id));
  const changes: string[] = [];
  const triggers: Trigger[] = [];
  const waiting: WaitingEntry[] = [];
  let unscheduled = 0;
  const tried = flows.map((node) => {
    const tab = typeof node.z === 'string' ? node.z : '';
    const live = node.d !== true && !offTabs.has(tab) && !subflows.has(tab);
    if (node.type === 'inject') {
      if (live) triggers.push({ id: node.id, tab, name: label(node) });
      if (node.once === true || node.repeat || node.crontab) unscheduled += 1;
      return { ...node, once: false, repeat: '', crontab: '' };
    }
    const waits = WAITING[node.type]?.(node);
    if (live && waits) waiting.push({ id: node.id, tab, type: node.type, name: label(node), note: waits });
    if (node.type === 'http request' && typeof node.url === 'string' && node.url && !LOOPBACK.test(node.url) && node.d !== true) {
      changes.push(`http request "${label(node)}" disabled: it calls ${node.url}, outside the sandboxes`);
      return { ...node, d: true };
    }
    return pin(node, changes);
  });
  const holders = new Map(flows.filter((n) => HOLDERS.has(n.type)).map((n) => [n.id, `${label(n)} (${n.type})`]));
  if (unscheduled) changes.push(`${unscheduled} inject schedules and start-up firings left out: the try fires each inject once itself`);
  return { flows: tried, triggers, waiting, changes, holders };
}

/** Settings that size the sandboxes, tune the runtime's pace or narrow its node types: the only variables a try takes from its caller. */
const PASSED_THROUGH = [
  'PLANBRIDGE_SANDBOX_PRODUCTS',
  'PLANBRIDGE_SANDBOX_SEED',
  'PLANBRIDGE_SANDBOX_HISTORY_DAYS',
  'PLANBRIDGE_SANDBOX_ODOO_VERSION',
  'PLANBRIDGE_LOG_LEVEL',
  'PLANBRIDGE_INBOX_SETTLE_MS',
  // Only ever narrows what runs: a node type production refuses is refused in the try too.
  'PLANBRIDGE_NODES_EXCLUDE',
];
/** What any process needs to run at all. */
const PROCESS_BASICS = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT'];
/** Variables that say where a system, a database, a broker or a secret is: never passed on. */
const PRODUCTION = /^(PLANBRIDGE_|PG[A-Z]+$|DATABASE_URL$|MQTT_|ODOO_)/;

export interface TryEnvironment {
  env: NodeJS.ProcessEnv;
  /** The caller's variables that point at systems or hold secrets, left out (names only). */
  ignored: string[];
}

/**
 * The environment of the tried runtime, built from nothing rather than copied: only process basics and
 * sandbox sizing come from the caller, so a production URL, key, ledger or broker in the caller's
 * environment cannot reach it. Every system URL is unset, which makes the runtime start its sandbox.
 */
export function tryEnvironment(parent: NodeJS.ProcessEnv, place: { userDir: string; flowsFile: string }): TryEnvironment {
  const env: NodeJS.ProcessEnv = {};
  for (const name of [...PROCESS_BASICS, ...PASSED_THROUGH]) if (parent[name] !== undefined) env[name] = parent[name];
  Object.assign(env, {
    PORT: '0',
    PLANBRIDGE_HOST: '127.0.0.1',
    PLANBRIDGE_USER_DIR: place.userDir,
    PLANBRIDGE_FLOWS_FILE: place.flowsFile,
    PLANBRIDGE_MQTT_PORT: '0',
    PLANBRIDGE_SANDBOX: 'on',
    PLANBRIDGE_CODE_EDITOR: 'ace',
  });
  const ignored = Object.keys(parent)
    .filter((name) => PRODUCTION.test(name) && !PASSED_THROUGH.includes(name))
    .sort();
  return { env, ignored };
}
