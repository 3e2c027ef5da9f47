import type { FlowsNode } from '../../lib/flow-catalogue';

/** Where things sit in the deployed flows, to put what the ledger holds on the flow it belongs to. */
export interface FlowTopology {
  /** Each node's tab (nodes inside subflows and config nodes have none). */
  tabOf: Map<string, string>;
  /** Each config node (a connection, a broker) and the tabs whose nodes use it. */
  tabsUsing: Map<string, Set<string>>;
  /** The pb-run-open nodes: each flow's runs start there. */
  runStarts: Array<{ node: string; tab: string }>;
}

export function topologyOf(flows: FlowsNode[]): FlowTopology {
  const tabs = new Set(flows.filter((n) => n.type === 'tab').map((n) => n.id));
  const configs = new Set(flows.filter((n) => n.type !== 'tab' && !n.z).map((n) => n.id));
  const tabOf = new Map<string, string>();
  const tabsUsing = new Map<string, Set<string>>();
  const runStarts: FlowTopology['runStarts'] = [];
  for (const n of flows) {
    const tab = typeof n.z === 'string' && tabs.has(n.z) ? n.z : undefined;
    if (!tab) continue;
    tabOf.set(n.id, tab);
    if (n.type === 'pb-run-open') runStarts.push({ node: n.id, tab });
    // A node names its config nodes by id in one of its own fields (server, ledger, broker, ...).
    for (const value of Object.values(n)) {
      if (typeof value !== 'string' || !configs.has(value)) continue;
      const users = tabsUsing.get(value) ?? new Set<string>();
      users.add(tab);
      tabsUsing.set(value, users);
    }
  }
  return { tabOf, tabsUsing, runStarts };
}

/**
 * The tabs an operational alert is about, from the ids its details name: the node it happened at
 * (a quarantined file), or the connection or broker it concerns (refused credentials, a broker down),
 * which puts it on every flow that uses that connection.
 */
export function tabsOfAlert(details: Record<string, unknown>, topology: FlowTopology): string[] {
  const tabs = new Set<string>();
  const node = details.node;
  if (typeof node === 'string' && topology.tabOf.has(node)) tabs.add(topology.tabOf.get(node) as string);
  for (const id of [details.config, details.broker]) {
    if (typeof id === 'string') for (const tab of topology.tabsUsing.get(id) ?? []) tabs.add(tab);
  }
  return [...tabs];
}
