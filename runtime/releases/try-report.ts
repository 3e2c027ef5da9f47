import type { CatalogueEntry } from './catalogue';
import type { Trigger, TryPlan, WaitingEntry } from './try-plan';
import type { NodeErrorEvent } from './try-watch';

/** What the admin API answers, reduced to what a try reports. */
export interface SeenRun {
  id: string;
  kind: string;
  flowId: string | null;
  state: 'open' | 'closed';
  parts: string[];
  done: Array<{ part: string }>;
  outcome: string | null;
}

export interface SeenDeadLetter {
  id: string;
  flowId: string | null;
  nodeId: string | null;
  nodeType: string | null;
  errorCode: string;
  errorMessage: string;
}

export interface SeenAlert {
  type: string;
  severity: string;
  message: string;
  count: number;
}

export interface FiredTrigger extends Trigger {
  /** Null when the runtime took it; otherwise why not (the admin API's answer). */
  failed: string | null;
}

export interface TryObservations {
  fired: FiredTrigger[];
  runs: SeenRun[];
  deadLetters: SeenDeadLetter[];
  alerts: SeenAlert[];
  /** Tracked messages the ledger recorded delivered, per tab id. */
  completed: Record<string, number>;
  nodeErrors: NodeErrorEvent[];
  /** Errors the runtime printed while it started, before the try watched its nodes. */
  startupErrors: string[];
  /** False when the timeout came first. */
  settled: boolean;
  /** Delay and trigger nodes still holding messages at the end (their time had not come). */
  held: string[];
  /** What the runtime still owed when the timeout came (null when it settled). */
  owed: string | null;
  halted: string | null;
  /** How the runtime stopped when it stopped by itself (a crash), with its last lines; null otherwise. */
  stopped: string | null;
}

export interface TabReport {
  tab: string;
  label: string;
  triggersFired: Array<{ id: string; name: string; failed: string | null }>;
  notTriggered: Array<Omit<WaitingEntry, 'tab'>>;
  runs: { opened: number; closed: number; list: Array<{ id: string; kind: string; state: string; parts: string[]; done: string[]; outcome: string | null }> };
  messagesCompleted: number;
  deadLetters: Array<{ id: string; code: string; reason: string; node: string | null }>;
  nodeErrors: Array<{ node: string; type: string; name: string | null; message: string }>;
}

export interface TryReport {
  release: { version: string; checksum: string; message: string };
  passed: boolean;
  /** Why the verdict is what it is, one line a reason; empty when it passed. */
  reasons: string[];
  settled: boolean;
  durationMs: number;
  sandboxes: string[];
  /** Variables of the caller's environment that point at systems or hold secrets, not used (names only). */
  ignoredEnvironment: string[];
  changes: string[];
  tabs: TabReport[];
  /** The ledger does not record which tab raised an alert: they are listed for the whole try. */
  alerts: SeenAlert[];
  startupErrors: string[];
  /** Delay and trigger nodes still holding messages when the try ended: their work was not seen. */
  held: string[];
}

export interface ReportContext {
  release: { version: string; checksum: string; message: string; catalogue: CatalogueEntry[] };
  plan: Pick<TryPlan, 'waiting' | 'changes'>;
  sandboxes: string[];
  ignoredEnvironment: string[];
  durationMs: number;
}

const NO_TAB = '';

function tabOf(flowId: string | null | undefined): string {
  return flowId ?? NO_TAB;
}

function emptyTab(tab: string, label: string): TabReport {
  return { tab, label, triggersFired: [], notTriggered: [], runs: { opened: 0, closed: 0, list: [] }, messagesCompleted: 0, deadLetters: [], nodeErrors: [] };
}

function verdictReasons(seen: TryObservations, tabs: TabReport[]): string[] {
  const reasons: string[] = [];
  if (seen.halted) reasons.push(`the flows did not start: ${seen.halted}`);
  if (seen.stopped) reasons.push(`the runtime stopped by itself: ${seen.stopped}`);
  if (!seen.settled) reasons.push(`the flows did not settle before the timeout${seen.owed ? `: ${seen.owed}` : ''}`);
  const failedTriggers = seen.fired.filter((t) => t.failed);
  if (failedTriggers.length) reasons.push(`${failedTriggers.length} triggers could not be fired`);
  const open = tabs.reduce((n, t) => n + t.runs.opened - t.runs.closed, 0);
  if (open) reasons.push(`${open} runs did not close`);
  if (seen.deadLetters.length) reasons.push(`${seen.deadLetters.length} dead letters opened`);
  if (seen.nodeErrors.length) reasons.push(`${seen.nodeErrors.length} node errors logged`);
  if (seen.startupErrors.length) reasons.push(`${seen.startupErrors.length} errors while starting`);
  return reasons;
}

/** Folds what the try saw into one report per tab and a verdict: passed when every run closed, no dead letter opened and no node failed. */
export function buildTryReport(context: ReportContext, seen: TryObservations): TryReport {
  const tabs = new Map<string, TabReport>(context.release.catalogue.map((c) => [c.tab, emptyTab(c.tab, c.label)]));
  const tab = (flowId: string | null | undefined): TabReport => {
    const id = tabOf(flowId);
    let found = tabs.get(id);
    if (!found) {
      found = emptyTab(id, id === NO_TAB ? '(not on a tab)' : id);
      tabs.set(id, found);
    }
    return found;
  };
  for (const t of seen.fired) tab(t.tab).triggersFired.push({ id: t.id, name: t.name, failed: t.failed });
  for (const { tab: at, ...w } of context.plan.waiting) tab(at).notTriggered.push(w);
  for (const run of seen.runs) {
    const t = tab(run.flowId);
    t.runs.opened += 1;
    if (run.state === 'closed') t.runs.closed += 1;
    t.runs.list.push({ id: run.id, kind: run.kind, state: run.state, parts: run.parts, done: run.done.map((d) => d.part), outcome: run.outcome });
  }
  for (const [flowId, count] of Object.entries(seen.completed)) tab(flowId || null).messagesCompleted += count;
  for (const d of seen.deadLetters) tab(d.flowId).deadLetters.push({ id: d.id, code: d.errorCode, reason: d.errorMessage, node: d.nodeId });
  for (const e of seen.nodeErrors) tab(e.tab).nodeErrors.push({ node: e.id, type: e.type, name: e.name, message: e.message });
  const list = [...tabs.values()];
  const reasons = verdictReasons(seen, list);
  return {
    release: { version: context.release.version, checksum: context.release.checksum, message: context.release.message },
    passed: reasons.length === 0,
    reasons,
    settled: seen.settled,
    durationMs: context.durationMs,
    sandboxes: context.sandboxes,
    ignoredEnvironment: context.ignoredEnvironment,
    changes: context.plan.changes,
    tabs: list,
    alerts: seen.alerts,
    startupErrors: seen.startupErrors,
    held: seen.held,
  };
}

function describeTab(t: TabReport): string[] {
  const lines = [`${t.label}${t.tab && t.tab !== t.label ? ` (${t.tab})` : ''}`];
  if (t.triggersFired.length) lines.push(`  triggers fired: ${t.triggersFired.map((f) => (f.failed ? `${f.name} (${f.failed})` : f.name)).join(', ')}`);
  for (const w of t.notTriggered) lines.push(`  ${w.name} (${w.type}): ${w.note}`);
  if (t.runs.opened) {
    lines.push(`  runs: ${t.runs.opened} opened, ${t.runs.closed} closed`);
    for (const r of t.runs.list)
      lines.push(`    ${r.kind} ${r.id}: ${r.state}, parts ${r.done.length}/${r.parts.length}${r.parts.length ? ` (${r.parts.join(', ')})` : ''}`);
  }
  if (t.messagesCompleted) lines.push(`  messages completed: ${t.messagesCompleted}`);
  for (const d of t.deadLetters) lines.push(`  dead letter ${d.code}${d.node ? ` at ${d.node}` : ''}: ${d.reason}`);
  for (const e of t.nodeErrors) lines.push(`  node error in ${e.type} "${e.name ?? e.node}": ${e.message}`);
  if (lines.length === 1) lines.push('  nothing to trigger, nothing happened');
  return lines;
}

/** The report as text, for a terminal. */
export function describeTry(report: TryReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  const lines = [
    `release ${report.release.version} (${report.release.checksum}) tried on the sandboxes in ${seconds} s: ${report.passed ? 'PASSED' : 'FAILED'}`,
    ...report.reasons.map((r) => `  ${r}`),
    ...report.sandboxes,
  ];
  if (report.ignoredEnvironment.length) lines.push(`not used from the environment (production settings): ${report.ignoredEnvironment.join(', ')}`);
  for (const change of report.changes) lines.push(`changed for the try: ${change}`);
  for (const held of report.held) lines.push(`still waiting at the end: ${held}`);
  for (const error of report.startupErrors) lines.push(`error while starting: ${error}`);
  for (const t of report.tabs) lines.push('', ...describeTab(t));
  lines.push('', report.alerts.length ? 'alerts raised (the ledger does not record which tab raised them):' : 'alerts raised: none');
  for (const a of report.alerts) lines.push(`  ${a.severity} ${a.type}${a.count > 1 ? ` (${a.count} times)` : ''}: ${a.message}`);
  return lines.join('\n');
}
