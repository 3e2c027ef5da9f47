import { actionOf } from '../../../nodes/integration/health/actions';
import { connectionRows, CounterHistory, qualityRows, SAMPLE_EVERY_MS, throttlingRows, type Readings } from '../../../nodes/integration/health/counters';
import { buildSummary, healthWindow, hourlySeries, successRate, windowHoursFrom, type SummaryInput } from '../../../nodes/integration/health/summary';
import { nearestRankOffset } from '../../../nodes/ledger/store/sql-store';

const HOUR = 3_600_000;
const T0 = 1_800_000_000_000; // on the hour
const none: Readings = { retries: [], callFailures: [], validationProblems: [] };

function input(overrides: Partial<SummaryInput> = {}): SummaryInput {
  return {
    now: T0 + 60_000,
    canOperate: false,
    window: healthWindow(T0 + 60_000, 3),
    outcomes: { slices: [], open: 0, latencyMs: [null, null] },
    backlog: 0,
    openDeadLetters: 0,
    newest: [],
    circuits: [],
    counters: none,
    countersFrom: T0,
    operational: [],
    runs: [],
    ledger: { up: true, reason: null, figures: true },
    ...overrides,
  };
}

describe('health summary', () => {
  it('reads the window field: whole hours from 1 to 168, blank for a day', () => {
    expect(windowHoursFrom('')).toBe(24);
    expect(windowHoursFrom(undefined)).toBe(24);
    expect(windowHoursFrom('6')).toBe(6);
    for (const bad of ['0', '169', '1.5', 'day']) expect(() => windowHoursFrom(bad)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });

  it('starts the window on the hour so that each hour is one point of the series, the current one last', () => {
    expect(healthWindow(T0 + 25 * 60_000, 3)).toEqual({ hours: 3, from: T0 - 2 * HOUR, to: T0 + HOUR });
    expect(hourlySeries(healthWindow(T0, 3), [{ start: T0 - HOUR, delivered: 4, deadLettered: 1 }])).toEqual([
      { start: T0 - 2 * HOUR, delivered: 0, deadLettered: 0 },
      { start: T0 - HOUR, delivered: 4, deadLettered: 1 },
      { start: T0, delivered: 0, deadLettered: 0 },
    ]);
  });

  it('has no success rate when nothing finished', () => {
    expect(successRate(0, 0)).toBeNull();
    expect(successRate(3, 1)).toBe(0.75);
  });

  it.each([
    [99, 1, 'green'],
    [197, 3, 'amber'],
    [95, 5, 'amber'],
    [94, 6, 'red'],
  ])('colours %s delivered and %s dead-lettered %s', (delivered, deadLettered, level) => {
    const slices = [{ start: T0, delivered, deadLettered }];
    expect(buildSummary(input({ outcomes: { slices, open: 0, latencyMs: [1, 1] } })).levels.successRate).toBe(level);
  });

  it.each([
    [60_000, 'green'],
    [60_001, 'amber'],
    [300_000, 'amber'],
    [300_001, 'red'],
  ])('colours the latency tile by p95: %s ms is %s', (p95, level) => {
    expect(buildSummary(input({ outcomes: { slices: [], open: 0, latencyMs: [1000, p95] } })).levels.latency).toBe(level);
  });

  it.each([
    [50, 0, 'green', 'green'],
    [51, 1, 'amber', 'amber'],
    [500, 9, 'amber', 'amber'],
    [501, 10, 'red', 'red'],
  ])('colours a backlog of %s and %s open dead letters', (backlog, openDeadLetters, backlogLevel, deadLetterLevel) => {
    expect(buildSummary(input({ backlog, openDeadLetters })).levels).toMatchObject({ backlog: backlogLevel, deadLetters: deadLetterLevel });
  });

  it('shows grey tiles when there is nothing to measure, and totals the series', () => {
    const empty = buildSummary(input());
    expect(empty).toMatchObject({
      successRate: null,
      latency: { p50Ms: null, p95Ms: null },
      levels: { successRate: 'grey', latency: 'grey' },
      counts: { delivered: 0, deadLettered: 0, open: 0 },
    });
    expect(empty.series).toHaveLength(3);
    const slices = [
      { start: T0 - 2 * HOUR, delivered: 3, deadLettered: 0 },
      { start: T0, delivered: 1, deadLettered: 1 },
    ];
    expect(buildSummary(input({ outcomes: { slices, open: 2, latencyMs: [5, 9] } }))).toMatchObject({
      counts: { delivered: 4, deadLettered: 1, open: 2 },
      successRate: 0.8,
      latency: { p50Ms: 5, p95Ms: 9 },
    });
  });

  it('greys the ledger tiles while the ledger cannot answer, and carries the operational alerts through', () => {
    const outage = {
      key: 'ledger_unwritable:ledger',
      type: 'ledger_unwritable' as const,
      severity: 'critical' as const,
      message: 'The ledger cannot record',
      count: 1,
      firstSeen: T0,
      lastSeen: T0 + 60_000,
      status: 'open' as const,
      recorded: false,
    };
    const summary = buildSummary(input({ ledger: { up: false, reason: 'unreachable (ECONNREFUSED)', figures: false }, operational: [outage] }));
    expect(summary.levels).toMatchObject({ backlog: 'grey', deadLetters: 'grey' });
    expect(summary.ledger).toEqual({ up: false, reason: 'unreachable (ECONNREFUSED)', figures: false });
    // Read-only: down, but its figures are real.
    expect(buildSummary(input({ ledger: { up: false, reason: 'cannot write', figures: true } })).levels).toMatchObject({ backlog: 'green' });
    expect(summary.operational).toEqual([outage]);
    expect(buildSummary(input()).levels).toMatchObject({ backlog: 'green', deadLetters: 'green' });
  });

  it('takes the percentile position by nearest rank', () => {
    expect([50, 95, 100].map((p) => nearestRankOffset(p, 20))).toEqual([9, 18, 19]);
    expect(nearestRankOffset(0, 5)).toBe(0);
    expect(nearestRankOffset(95, 1)).toBe(0);
  });

  it('takes the action from the topic, refreshing for anything else', () => {
    expect(['replay', 'resolve', 'refresh', '', undefined, 'delete'].map(actionOf)).toEqual(['replay', 'resolve', 'refresh', 'refresh', 'refresh', 'refresh']);
  });
});

describe('health counters', () => {
  const reading = (value: number, labels: Record<string, string> = { target: 'odoo', code: 'ODOO_RATE_LIMITED' }) => ({ labels, value });
  const retries = (value: number): Readings => ({ ...none, retries: [reading(value)] });

  it('counts from the counters start when the process started within the window', () => {
    const history = new CounterHistory(T0);
    history.record(T0 + 60_000, retries(2));
    expect(history.since(T0 - HOUR, retries(7))).toEqual({ from: T0, readings: retries(7) });
  });

  it('subtracts the newest sample taken at or before the window start, keeping one every few minutes', () => {
    const history = new CounterHistory(T0);
    history.record(T0 + HOUR, retries(2));
    history.record(T0 + HOUR + 60_000, retries(3)); // too soon after the last: not kept
    history.record(T0 + HOUR + SAMPLE_EVERY_MS, retries(5));
    expect(history.since(T0 + HOUR + 60_000, retries(9))).toEqual({ from: T0 + HOUR, readings: retries(7) });
    expect(history.since(T0 + 2 * HOUR, retries(9))).toEqual({ from: T0 + HOUR + SAMPLE_EVERY_MS, readings: retries(4) });
    expect(history.since(T0 + 2 * HOUR, retries(5))).toEqual({ from: T0 + HOUR + SAMPLE_EVERY_MS, readings: none });
    // A counter below its sample was reset (a new registry): all of it counts.
    expect(history.since(T0 + 2 * HOUR, retries(1)).readings).toEqual(retries(1));
  });

  it('forgets samples older than the longest window, but keeps that window its baseline', () => {
    const history = new CounterHistory(T0);
    const week = 7 * 24 * HOUR;
    for (let at = T0; at <= T0 + week + 3 * SAMPLE_EVERY_MS; at += SAMPLE_EVERY_MS) history.record(at, retries((at - T0) / SAMPLE_EVERY_MS));
    const now = T0 + week + 3 * SAMPLE_EVERY_MS;
    expect(history.since(now - week, retries(now / SAMPLE_EVERY_MS)).from).toBe(now - week);
    expect((history as unknown as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(week / SAMPLE_EVERY_MS + 2);
  });

  it('lists each connection with its circuit and retries, and only throttled targets under throttling', () => {
    const retried = [reading(3), reading(2, { target: 'odoo', code: 'ODOO_UNAVAILABLE' }), reading(1, { target: 'wms', code: 'WMS_TIMEOUT' })];
    const failed = [reading(1), reading(4, { target: 'planning', code: 'RATE_LIMITED' }), reading(1, { target: 'wms', code: 'WMS_VALIDATION' })];
    expect(
      connectionRows(
        [
          { target: 'odoo', state: 'open' },
          { target: 'planning', state: 'half-open' },
        ],
        retried,
      ),
    ).toEqual([
      { target: 'odoo', circuit: 'open', retries: 5 },
      { target: 'planning', circuit: 'half-open', retries: 0 },
      { target: 'wms', circuit: 'closed', retries: 1 },
    ]);
    expect(throttlingRows(retried, failed)).toEqual([
      { target: 'odoo', retries: 3, failures: 1 },
      { target: 'planning', retries: 0, failures: 4 },
    ]);
  });

  it('sums data-quality problems by rule, most frequent first, with the contracts they came from', () => {
    const problems = [
      reading(2, { contract: 'item@1', rule: 'uom-known' }),
      reading(5, { contract: 'stock_snapshot@1', rule: 'quantity-non-negative' }),
      reading(4, { contract: 'stock_snapshot@1', rule: 'uom-known' }),
    ];
    expect(qualityRows(problems)).toEqual({
      total: 11,
      rules: [
        {
          rule: 'uom-known',
          count: 6,
          contracts: [
            { contract: 'stock_snapshot@1', count: 4 },
            { contract: 'item@1', count: 2 },
          ],
        },
        { rule: 'quantity-non-negative', count: 5, contracts: [{ contract: 'stock_snapshot@1', count: 5 }] },
      ],
    });
  });
});
