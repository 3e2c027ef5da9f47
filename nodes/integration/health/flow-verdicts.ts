import type { CatalogueEntry } from '../../lib/flow-catalogue';

/**
 * Whether each flow meets its service level now, in words a planner can check. The catalogue's
 * service level is free text ("export done by 03:00"); what the ledger can measure against it is the
 * run service level in minutes of the flow's pb-run-open nodes, and the work it holds back (open dead
 * letters, stuck keys, operational alerts on the flow's nodes). The rules, worst first:
 *
 * - not catalogued: the tab names no owner or no service level; nobody can say it meets a level it
 *   does not have. What the ledger holds about it is still listed.
 * - missed: a run of the flow is open past its service level, or the flow's latest run closed after it.
 * - at risk: a run has used AT_RISK_SHARE of its service level and is still open; or work is held
 *   back that a person must act on: open dead letters (a replay can still deliver them), keys stuck in
 *   progress, an open operational alert on one of the flow's nodes or connections.
 * - meets: none of the above, and the ledger shows the flow working: its latest run closed within its
 *   level or is running within it, or tracked messages were delivered in the window.
 * - no data yet: none of the above and nothing to show it works (it never ran, or tracks nothing).
 */
export type Verdict = 'meets' | 'at risk' | 'missed' | 'no data yet' | 'not catalogued';

/** From this share of its service level on, an open run counts as at risk. */
export const AT_RISK_SHARE = 0.8;

/** The newest run of one of the flow's pb-run-open nodes. */
export interface RunFacts {
  id: string;
  kind: string;
  state: 'open' | 'closed';
  openedAt: number;
  /** Opened at + the run service level; null when the node sets none. */
  dueAt: number | null;
  closedAt: number | null;
  /** The watch found it past its level (the run_overdue alert). */
  overdue: boolean;
}

/** An open operational alert raised about one of the flow's nodes or the connections they use. */
export interface FlowAlert {
  type: string;
  key: string;
}

/** What the ledger holds about one flow. */
export interface FlowFacts {
  runs: RunFacts[];
  openDeadLetters: number;
  stuckKeys: number;
  alerts: FlowAlert[];
  /** Tracked messages of the flow delivered and dead-lettered since `since`. */
  delivered: number;
  deadLettered: number;
  since: number;
}

export interface FlowRow extends CatalogueEntry {
  verdict: Verdict;
  /** The verdict's reasons in one sentence; `reasons` has them one by one. */
  reason: string;
  reasons: string[];
  /** What is missing from the catalogue (owner, service level), empty when catalogued. */
  missing: string[];
  openDeadLetters: number;
  stuckKeys: number;
  openAlerts: number;
  runs: RunFacts[];
}

export interface VerdictOptions {
  now: number;
  /** How a time reads in the reasons (the page's viewers think in the plant's time). */
  time(at: number): string;
  /** How long a key may stay in progress before it counts as stuck, for the reason's words. */
  stuckAfterMs: number;
}

type Finding = { level: 'missed' | 'at risk' | 'works'; text: string };

const ALERT_WORDS: Record<string, string> = {
  auth_failure: 'credentials refused',
  file_quarantined: 'file quarantined',
  broker_down: 'broker down',
  run_overdue: 'run past its service level',
  keys_stuck: 'keys stuck',
  ledger_unwritable: 'ledger cannot record',
};

function minutes(ms: number): number {
  return Math.max(0, Math.round(ms / 60_000));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function runFinding(run: RunFacts, o: VerdictOptions): Finding {
  const level = run.dueAt === null ? null : minutes(run.dueAt - run.openedAt);
  if (run.state === 'open') {
    const open = `run ${run.kind} open for ${minutes(o.now - run.openedAt)} min`;
    if (run.dueAt === null) return { level: 'works', text: `${open}, no run service level set` };
    if (run.overdue || o.now >= run.dueAt) return { level: 'missed', text: `${open}, service level ${level} min` };
    if (o.now - run.openedAt >= AT_RISK_SHARE * (run.dueAt - run.openedAt)) return { level: 'at risk', text: `${open} of its ${level} min service level` };
    return { level: 'works', text: `${open}, within its ${level} min service level` };
  }
  const closed = `last run ${run.kind} closed ${o.time(run.closedAt ?? run.openedAt)}`;
  if (run.dueAt === null) return { level: 'works', text: `${closed}, no run service level set` };
  if ((run.closedAt ?? 0) > run.dueAt)
    return { level: 'missed', text: `${closed}, ${minutes((run.closedAt ?? 0) - run.dueAt)} min past its ${level} min service level` };
  return { level: 'works', text: `${closed}, within its level` };
}

function alertFindings(alerts: FlowAlert[]): Finding[] {
  const byType = new Map<string, number>();
  for (const a of alerts) byType.set(a.type, (byType.get(a.type) ?? 0) + 1);
  return [...byType.entries()].map(([type, n]) => ({ level: 'at risk', text: `${plural(n, 'open alert')}: ${ALERT_WORDS[type] ?? type.replace(/_/g, ' ')}` }));
}

/** What the ledger says about a flow, worst first; `works` findings show it doing its job. */
export function findings(facts: FlowFacts, o: VerdictOptions): Finding[] {
  const found: Finding[] = facts.runs.map((run) => runFinding(run, o));
  if (facts.openDeadLetters) found.push({ level: 'at risk', text: plural(facts.openDeadLetters, 'open dead letter') });
  if (facts.stuckKeys) found.push({ level: 'at risk', text: `${plural(facts.stuckKeys, 'key')} stuck in progress for over ${minutes(o.stuckAfterMs)} min` });
  found.push(...alertFindings(facts.alerts));
  if (facts.delivered) {
    const failed = facts.deadLettered ? `, ${facts.deadLettered} dead-lettered` : '';
    found.push({ level: 'works', text: `${plural(facts.delivered, 'message')} delivered since ${o.time(facts.since)}${failed}` });
  }
  const rank = { missed: 0, 'at risk': 1, works: 2 };
  return found.sort((a, b) => rank[a.level] - rank[b.level]);
}

function missingOf(entry: CatalogueEntry): string[] {
  return [...(entry.owner ? [] : ['owner']), ...(entry.serviceLevel ? [] : ['service level'])];
}

/**
 * One flow's row. `facts` is null when the ledger cannot be read: then nothing can be said about the
 * level, and `unread` says why.
 */
export function flowRow(entry: CatalogueEntry, facts: FlowFacts | null, o: VerdictOptions, unread = 'the ledger cannot be read'): FlowRow {
  const missing = missingOf(entry);
  const found = facts ? findings(facts, o) : [];
  const problems = found.filter((f) => f.level !== 'works');
  let verdict: Verdict;
  let reasons: string[];
  if (missing.length) {
    verdict = 'not catalogued';
    reasons = [`not catalogued: no ${missing.join(', no ')}`, ...problems.map((f) => f.text)];
  } else if (!facts) {
    verdict = 'no data yet';
    reasons = [unread];
  } else if (problems.length) {
    verdict = problems[0].level === 'missed' ? 'missed' : 'at risk';
    reasons = problems.map((f) => f.text);
  } else if (found.length) {
    verdict = 'meets';
    reasons = found.map((f) => f.text);
  } else {
    verdict = 'no data yet';
    reasons = ['no run and no tracked message on this flow yet'];
  }
  return {
    ...entry,
    verdict,
    reason: reasons.join('; '),
    reasons,
    missing,
    openDeadLetters: facts?.openDeadLetters ?? 0,
    stuckKeys: facts?.stuckKeys ?? 0,
    openAlerts: facts?.alerts.length ?? 0,
    runs: facts?.runs ?? [],
  };
}

/** Times in reasons: `02:41` today, `7 Dec 02:41` before; in the runtime's time zone unless one is named. */
export function clockTime(now: number, timeZone?: string): (at: number) => string {
  const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone });
  return (at) => (date.format(at) === date.format(now) ? clock.format(at) : `${date.format(at)} ${clock.format(at)}`);
}
