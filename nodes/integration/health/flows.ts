import type { NodeAPI } from 'node-red';
import { LEDGER_UNAVAILABLE } from '../../lib/errors';
import { catalogueOf, type FlowsNode } from '../../lib/flow-catalogue';
import type { Ledger } from '../../ledger/ledger';
import type { RunRecord } from '../../ledger/store/run-types';
import { flowRow, type FlowAlert, type FlowFacts, type FlowRow, type RunFacts } from './flow-verdicts';
import { tabsOfAlert, topologyOf, type FlowTopology } from './flow-topology';

/** The operational alerts that concern a flow's nodes or connections (run_overdue and keys_stuck are counted from the runs and keys). */
const FLOW_ALERT_TYPES = ['auth_failure', 'file_quarantined', 'broker_down'];
const ALERTS_READ = 200;

/** The flows the runtime has deployed now: tabs (with the catalogue in their env), nodes and config nodes. */
export function deployedFlows(RED: NodeAPI): FlowsNode[] {
  const flows: FlowsNode[] = [];
  RED.nodes.eachNode((n) => flows.push(n as unknown as FlowsNode));
  return flows;
}

export interface FlowsOptions {
  now: number;
  /** Deliveries are counted from the UTC day of this time on (the KPI table counts per day). */
  since: number;
  stuckAfterMs: number;
  time(at: number): string;
}

function day(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function runFacts(run: RunRecord): RunFacts {
  return {
    id: run.id,
    kind: run.kind,
    state: run.state,
    openedAt: run.openedAt,
    dueAt: run.dueAt,
    closedAt: run.closedAt,
    overdue: run.state === 'open' && run.overdueAt !== null,
  };
}

function parsed(details: string | null): Record<string, unknown> {
  try {
    const value: unknown = details ? JSON.parse(details) : null;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** What the ledger holds about each tab, read in a few queries for all of them. */
export async function flowFacts(ledger: Ledger, tabs: string[], topology: FlowTopology, o: FlowsOptions): Promise<Map<string, FlowFacts>> {
  const since = Date.parse(`${day(o.since)}T00:00:00Z`);
  const [newestRuns, deadLetters, alertLists, stuck, kpis] = await Promise.all([
    // A flow's newest run per start node says where it stands; older runs are history.
    Promise.all(topology.runStarts.map(async (start) => ({ start, runs: await ledger.runs.list({ startNode: start.node, limit: 1 }) }))),
    ledger.deadLetters.countByFlow('open'),
    Promise.all(FLOW_ALERT_TYPES.map((type) => ledger.alerts.list({ status: ['open', 'acknowledged'], type, limit: ALERTS_READ }))),
    ledger.runs.stuckKeysByFlow(o.stuckAfterMs),
    ledger.messages.kpis(day(since), day(o.now)),
  ]);
  const facts = new Map<string, FlowFacts>(
    tabs.map((tab) => [tab, { runs: [], openDeadLetters: 0, stuckKeys: 0, alerts: [] as FlowAlert[], delivered: 0, deadLettered: 0, since }]),
  );
  for (const { start, runs } of newestRuns) facts.get(start.tab)?.runs.push(...runs.map(runFacts));
  for (const { flowId, count } of deadLetters) {
    const f = facts.get(flowId);
    if (f) f.openDeadLetters = count;
  }
  for (const alert of alertLists.flat()) {
    for (const tab of tabsOfAlert(parsed(alert.details), topology)) facts.get(tab)?.alerts.push({ type: alert.type, key: alert.key });
  }
  for (const { flowId, count } of stuck) {
    const f = facts.get(flowId);
    if (f) f.stuckKeys = count;
  }
  for (const row of kpis) {
    const f = facts.get(row.flowId);
    if (!f) continue;
    if (row.outcome === 'delivered') f.delivered += row.count;
    if (row.outcome === 'dead_lettered') f.deadLettered += row.count;
  }
  return facts;
}

/**
 * Each deployed flow with its catalogue entry and its verdict. Without a ledger, or with one that
 * cannot be read, every flow still shows its catalogue, and why there is no verdict.
 */
export async function flowRows(flows: FlowsNode[], ledger: Ledger | undefined, o: FlowsOptions, noLedger = 'no ledger is deployed'): Promise<FlowRow[]> {
  const catalogue = catalogueOf(flows);
  if (!ledger) return catalogue.map((entry) => flowRow(entry, null, o, noLedger));
  try {
    const facts = await flowFacts(
      ledger,
      catalogue.map((e) => e.tab),
      topologyOf(flows),
      o,
    );
    return catalogue.map((entry) => flowRow(entry, facts.get(entry.tab) ?? null, o));
  } catch (err) {
    if ((err as { code?: string }).code !== LEDGER_UNAVAILABLE) throw err;
    return catalogue.map((entry) => flowRow(entry, null, o, `the ledger cannot be read: ${(err as Error).message}`));
  }
}
