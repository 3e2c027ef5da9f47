import type { AlertRecord, AlertSeverity } from '../../ledger/store/alert-types';
import type { ApprovalRecord, ApprovalStatus } from '../../ledger/store/approval-types';

export type Light = 'green' | 'amber' | 'red' | 'grey';

export interface Tile {
  id: string;
  label: string;
  value: string;
  detail: string;
  status: Light;
  /** The target window the status is judged against, in words. */
  target: string;
}

export interface OverviewTargets {
  /** Local time of day (HH:MM) by which the day's recommendations should have arrived. */
  importBy: string;
  /** Hours a recommendation may wait for a decision. */
  decideWithinHours: number;
  /** Hours an exception may stay open. */
  resolveWithinHours: number;
  /** Hours an approved recommendation may wait to become an Odoo document. */
  executeWithinHours: number;
}

export interface OverviewInput {
  now: number;
  /** Start of the day (epoch ms) in the runtime's time zone. */
  dayStart: number;
  /** Recommendations received today, and those still pending from any day. */
  today: ApprovalRecord[];
  pending: ApprovalRecord[];
  /** Approved recommendations not executed yet, from any day. */
  waitingExecution: ApprovalRecord[];
  openAlerts: AlertRecord[];
  /** True while the forecast-import alert is open (the last import failed). */
  importFailing: boolean;
  targets: OverviewTargets;
}

const HOUR = 3_600_000;
const SEVERITIES: AlertSeverity[] = ['critical', 'warning', 'info'];

function minutesOf(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : 6 * 60;
}

function hours(ms: number): string {
  return ms < HOUR ? `${Math.max(0, Math.round(ms / 60_000))} min` : `${(ms / HOUR).toFixed(1)} h`;
}

/** Green within the window, amber past 80 % of it, red beyond it. */
function byAge(ageMs: number, windowHours: number): Light {
  if (ageMs > windowHours * HOUR) return 'red';
  if (ageMs > windowHours * HOUR * 0.8) return 'amber';
  return 'green';
}

function importTile(input: OverviewInput): Tile {
  const due = input.dayStart + minutesOf(input.targets.importBy) * 60_000;
  const first = input.today.reduce<number | null>((min, r) => (min === null || r.receivedAt < min ? r.receivedAt : min), null);
  const target = `by ${input.targets.importBy}`;
  if (input.importFailing)
    return { id: 'import', label: "Today's forecast import", value: 'failed', detail: 'the last import failed: see Exceptions', status: 'red', target };
  if (first === null) {
    const late = input.now > due;
    return {
      id: 'import',
      label: "Today's forecast import",
      value: late ? 'missing' : 'not yet',
      detail: late ? 'no recommendations arrived today' : 'expected later today',
      status: late ? 'red' : 'grey',
      target,
    };
  }
  const at = new Date(first).toISOString().slice(11, 16);
  return {
    id: 'import',
    label: "Today's forecast import",
    value: `received ${at} UTC`,
    detail: `${input.today.length} recommendations`,
    status: first <= due ? 'green' : 'amber',
    target,
  };
}

function decisionTiles(input: OverviewInput): Tile[] {
  const counts: Record<ApprovalStatus, number> = { pending: 0, approved: 0, edited: 0, rejected: 0, expired: 0 };
  for (const r of input.today) counts[r.status] += 1;
  const auto = input.today.filter((r) => r.auto).length;
  const oldest = input.pending.reduce((max, r) => Math.max(max, input.now - r.receivedAt), 0);
  return [
    {
      id: 'decisions',
      label: 'Recommendations today',
      value: `${input.today.length} received`,
      detail: `${counts.approved} approved (${auto} by rule), ${counts.edited} edited, ${counts.rejected} rejected, ${counts.expired} expired, ${counts.pending} pending`,
      status: counts.expired > 0 ? 'amber' : 'green',
      target: 'none expire undecided',
    },
    {
      id: 'pending',
      label: 'Waiting for a planner',
      value: String(input.pending.length),
      detail: input.pending.length ? `oldest waits ${hours(oldest)}` : 'nothing waits',
      status: input.pending.length ? byAge(oldest, input.targets.decideWithinHours) : 'green',
      target: `decided within ${input.targets.decideWithinHours} h`,
    },
  ];
}

function executionTile(input: OverviewInput): Tile {
  const documents = { po: new Set<number>(), picking: new Set<number>() };
  let lines = 0;
  for (const r of input.today) {
    if (r.executedAt === null || !r.execution) continue;
    lines += 1;
    const result = JSON.parse(r.execution) as { po_id?: number; picking_id?: number };
    if (typeof result.po_id === 'number') documents.po.add(result.po_id);
    if (typeof result.picking_id === 'number') documents.picking.add(result.picking_id);
  }
  const oldest = input.waitingExecution.reduce((max, r) => Math.max(max, input.now - (r.decidedAt ?? r.receivedAt)), 0);
  return {
    id: 'documents',
    label: 'Documents in Odoo today',
    value: `${documents.po.size} RFQs, ${documents.picking.size} transfers`,
    detail: `${lines} recommendations executed; ${input.waitingExecution.length} approved still waiting${input.waitingExecution.length ? ` (oldest ${hours(oldest)})` : ''}`,
    status: input.waitingExecution.length ? byAge(oldest, input.targets.executeWithinHours) : 'green',
    target: `executed within ${input.targets.executeWithinHours} h of approval`,
  };
}

function exceptionTile(input: OverviewInput): Tile {
  const bySeverity = SEVERITIES.map((severity) => {
    const alerts = input.openAlerts.filter((a) => a.severity === severity);
    const oldest = alerts.reduce((max, a) => Math.max(max, input.now - a.firstSeen), 0);
    return { severity, count: alerts.length, oldest };
  });
  const overdue = input.openAlerts.filter((a) => (a.due !== null ? input.now > a.due : input.now - a.firstSeen > input.targets.resolveWithinHours * HOUR));
  const worst = input.openAlerts.reduce((max, a) => Math.max(max, input.now - a.firstSeen), 0);
  const critical = bySeverity[0].count;
  let status: Light = 'green';
  if (input.openAlerts.length) status = byAge(worst, input.targets.resolveWithinHours);
  if (overdue.length || critical) status = 'red';
  return {
    id: 'exceptions',
    label: 'Open exceptions',
    value: String(input.openAlerts.length),
    detail:
      bySeverity.map((s) => `${s.count} ${s.severity}${s.count ? ` (oldest ${hours(s.oldest)})` : ''}`).join(', ') +
      (overdue.length ? `; ${overdue.length} overdue` : ''),
    status,
    target: `resolved within ${input.targets.resolveWithinHours} h`,
  };
}

/** The Overview page: each figure of the replenishment day against its target window. */
export function overview(input: OverviewInput): { tiles: Tile[]; at: string } {
  return { tiles: [importTile(input), ...decisionTiles(input), executionTile(input), exceptionTile(input)], at: new Date(input.now).toISOString() };
}
