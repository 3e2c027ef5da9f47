/**
 * Flows saved by earlier planbridge versions, brought up to date when the runtime loads them (the flows
 * file at start) or takes them (a deploy through the admin API). Each migration is pure and idempotent:
 * a node already current is left as it is.
 */
export interface FlowNode {
  id: string;
  type: string;
  wires?: string[][];
  [key: string]: unknown;
}

interface Migration {
  /** What changed, for the log. */
  describe: string;
  applies(node: FlowNode): boolean;
  migrate(node: FlowNode): FlowNode;
}

const RULE_FIELDS = ['maxValue', 'supplierAllowList', 'maxChangePercent'];

function without(node: FlowNode, keys: string[]): FlowNode {
  return Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key))) as FlowNode;
}

/** pb-approval was four node types behind one Action field; each is a node of its own now, with one output. */
const APPROVAL_ACTIONS: Record<string, { type: string; output: number }> = {
  release: { type: 'pb-approval-release', output: 0 },
  executed: { type: 'pb-approval-executed', output: 1 },
  dashboard: { type: 'pb-approval-inbox', output: 0 },
};

/** The mqtt out nodes the shipped flows had, on the shipped broker; an analyst's own mqtt out nodes stay as they are. */
const SHIPPED_MQTT_OUT = new Set(['ne-events', 'ir-events', 'exceptions-events', 'oe-events', 'rc-events', 'se-alerts', 'se-events']);
const MQTT_OUT_ONLY = ['respTopic', 'contentType', 'userProps', 'correl', 'expiry'];

/** What the shipped pb-audit nodes record, for a node whose setting the editor overwrote with its status text. */
const SHIPPED_AUDIT: Record<string, string> = { 'ne-record': 'delivered' };
const AUDIT_STATUSES = ['received', 'validated', 'transformed', 'delivered', 'failed'];

const MIGRATIONS: Migration[] = [
  {
    describe: "pb-audit's setting status became recordAs: the editor keeps a node's status text under that name",
    applies: (node) => node.type === 'pb-audit' && 'status' in node,
    migrate: (node) => {
      const kept = typeof node.status === 'string' && AUDIT_STATUSES.includes(node.status) ? node.status : undefined;
      const recordAs = typeof node.recordAs === 'string' ? node.recordAs : (kept ?? SHIPPED_AUDIT[node.id] ?? 'transformed');
      return { ...without(node, ['status']), recordAs };
    },
  },
  {
    describe: 'pb-approval with an Action became pb-approval, pb-approval-release, pb-approval-executed or pb-approval-inbox',
    applies: (node) => node.type === 'pb-approval' && 'action' in node,
    migrate: (node) => {
      const target = APPROVAL_ACTIONS[String(node.action)];
      if (!target) return without(node, ['action']);
      // The old node answered on the output of its action (mark executed used output 2): that wire is the new node's only one.
      return { ...without(node, ['action', ...RULE_FIELDS]), type: target.type, wires: [node.wires?.[target.output] ?? []] };
    },
  },
  {
    describe: 'mqtt out became pb-publish: what it publishes is kept in the ledger outbox while the broker is down',
    applies: (node) => node.type === 'mqtt out' && SHIPPED_MQTT_OUT.has(node.id) && node.broker === 'planbridge-mqtt',
    migrate: (node) => ({
      ...without(node, MQTT_OUT_ONLY),
      type: 'pb-publish',
      ledger: 'planbridge-ledger',
      operational: node.id === 'oe-events',
      alertAfter: '60',
      maxWaiting: '100000',
    }),
  },
];

export interface MigrationReport {
  nodes: FlowNode[];
  /** One line per node changed: `<id> (<old type>): <what changed>`. */
  changed: string[];
}

export function migrateFlows(nodes: FlowNode[]): MigrationReport {
  const changed: string[] = [];
  const migrated = nodes.map((node) => {
    let current = node;
    for (const migration of MIGRATIONS) {
      if (!migration.applies(current)) continue;
      changed.push(`${node.id} (${node.type}): ${migration.describe}`);
      current = migration.migrate(current);
    }
    return current;
  });
  return { nodes: migrated, changed };
}
