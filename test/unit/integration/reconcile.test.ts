import fc from 'fast-check';
import type { ComparedRow } from '../../../nodes/ledger/store/snapshot-types';
import { AlertSelection } from '../../../nodes/integration/reconcile/alerts';
import { judge, type Difference } from '../../../nodes/integration/reconcile/compare';
import { csvLines } from '../../../nodes/integration/reconcile/report';
import { toSnapshotRows } from '../../../nodes/integration/reconcile/rows';
import { reconcileSettings } from '../../../nodes/integration/reconcile/settings';
import { parseSides } from '../../../nodes/integration/reconcile/sides';
import { parseCategoryTolerances, parseTolerance, type TolerancePolicy } from '../../../nodes/integration/reconcile/tolerance';

const SIDES = ['odoo', 'wms', 'planning'];
const EXACT_POLICY: TolerancePolicy = { default: { kind: 'absolute', amount: 0 }, categories: {} };

const quantity = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 100);
const policyArb: fc.Arbitrary<TolerancePolicy> = fc.record({
  default: fc.oneof(
    fc.record({ kind: fc.constant('absolute' as const), amount: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('percent' as const), amount: fc.integer({ min: 0, max: 20 }) }),
  ),
  categories: fc.dictionary(fc.constantFrom('A', 'B'), fc.record({ kind: fc.constant('absolute' as const), amount: fc.integer({ min: 0, max: 50 }) })),
});
const rowArb = fc.record({
  sku: fc.string({ minLength: 1, maxLength: 6 }),
  location: fc.constantFrom('WH-1', 'WH-2'),
  q: quantity,
  category: fc.constantFrom(null, 'A', 'B', 'C'),
  unitCost: fc.constantFrom(null, 0.5, 2),
});

const compared = (r: { sku: string; location: string; category: string | null; unitCost: number | null }, quantities: Array<number | null>): ComparedRow => ({
  ...r,
  quantities,
});

describe('reconcile comparison', () => {
  it('finds no difference when every side holds the same quantity, whatever the tolerances', () => {
    fc.assert(
      fc.property(rowArb, policyArb, (r, policy) => {
        expect(judge(compared(r, [r.q, r.q, r.q]), SIDES, policy)).toBeNull();
      }),
    );
  });

  it('finds exactly a seeded change beyond tolerance on one side, with its delta and value', () => {
    fc.assert(
      fc.property(rowArb, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 10_000 }), fc.boolean(), (r, side, extra, down) => {
        const policy: TolerancePolicy = { default: { kind: 'absolute', amount: 5 }, categories: { A: { kind: 'percent', amount: 10 } } };
        const allowed = r.category === 'A' ? 0.1 * r.q : 5;
        const change = (down ? -1 : 1) * (allowed + extra / 100);
        const quantities: Array<number | null> = [r.q, r.q, r.q];
        quantities[side] = r.q + change;
        const d = judge(compared(r, quantities), SIDES, policy) as Difference;
        expect(d).not.toBeNull();
        expect(d.differs).toEqual([SIDES[side]]);
        expect(d.missing).toEqual([]);
        expect(d.delta).toBeCloseTo(change, 5);
        expect(d.value === null ? null : d.value).toEqual(r.unitCost === null ? null : expect.closeTo(Math.abs(change) * r.unitCost, 5));
      }),
    );
  });

  it('does not report a change within tolerance', () => {
    fc.assert(
      fc.property(rowArb, fc.integer({ min: 0, max: 100 }), (r, share) => {
        const policy: TolerancePolicy = { default: { kind: 'absolute', amount: 5 }, categories: { A: { kind: 'percent', amount: 10 } } };
        const allowed = r.category === 'A' ? 0.1 * r.q : 5;
        expect(judge(compared(r, [r.q, r.q + (allowed * share) / 100, r.q]), SIDES, policy)).toBeNull();
      }),
    );
  });

  it('reports a missing row as a difference with that side null, even at quantity 0', () => {
    const r = { sku: 'A', location: 'W', category: null, unitCost: null };
    expect(judge(compared(r, [0, null, 0]), SIDES, { default: { kind: 'absolute', amount: 100 }, categories: {} })).toMatchObject({
      differs: ['wms'],
      missing: ['wms'],
      quantities: { odoo: 0, wms: null, planning: 0 },
    });
    expect(judge(compared(r, [null, 4, 4]), SIDES, EXACT_POLICY)).toMatchObject({
      differs: ['odoo', 'wms', 'planning'],
      missing: ['odoo'],
      delta: 4,
      deltas: { wms: 4, planning: 4 },
    });
    expect(judge(compared(r, [5, null, null]), SIDES, EXACT_POLICY)).toMatchObject({ differs: ['wms', 'planning'], delta: -5 });
  });

  it('does not count float noise from summed lots as a difference', () => {
    expect(judge(compared({ sku: 'A', location: 'W', category: null, unitCost: null }, [0.1 + 0.2, 0.3]), ['odoo', 'wms'], EXACT_POLICY)).toBeNull();
  });
});

describe('reconcile settings and inputs', () => {
  it('reads sides, tolerances and thresholds, and names what is wrong', () => {
    expect(parseSides('odoo, wms, kept:planning')).toEqual({ sides: [{ name: 'odoo' }, { name: 'wms' }, { name: 'planning', kept: 'planning' }] });
    expect(parseSides('odoo')).toHaveProperty('problem');
    expect(parseSides('odoo, odoo')).toHaveProperty('problem');
    expect(parseSides('kept:a, kept:b')).toHaveProperty('problem');
    expect(parseTolerance('2%')).toEqual({ kind: 'percent', amount: 2 });
    expect(parseTolerance('0.5')).toEqual({ kind: 'absolute', amount: 0.5 });
    expect(parseTolerance('lots')).toBeUndefined();
    expect(parseCategoryTolerances('FASTENERS = 2%\nRAW: 5')).toEqual({
      categories: { FASTENERS: { kind: 'percent', amount: 2 }, RAW: { kind: 'absolute', amount: 5 } },
    });
    expect(parseCategoryTolerances('nonsense')).toHaveProperty('problem');
    const ok = reconcileSettings({ sides: 'odoo,wms', tolerance: '1', alertValue: '100', categories: '{"A":"X"}', sourceProperty: 'msg.source' }, '/u');
    expect(ok).toMatchObject({
      settings: {
        sourceProperty: 'source',
        quantity: 'on_hand',
        folder: '/u/reconcile',
        categories: { A: 'X' },
        alerts: { minValue: 100, minQuantity: null, cap: 25 },
      },
    });
    expect(reconcileSettings({ sides: 'odoo,wms', quantity: 'weight' }, '/u')).toHaveProperty('problem');
    expect(reconcileSettings({ sides: 'odoo,wms', categories: '{' }, '/u')).toHaveProperty('problem');
  });

  it('turns records into rows with category and cost from the record or the maps, and refuses a bad page whole', () => {
    const context = { quantity: 'available' as const, categories: { A: 'MAPPED' }, unitCosts: { A: 3 } };
    expect(
      toSnapshotRows(
        [
          { sku: 'A', location: 'W', available: 4 },
          { sku: 'B', location: 'W', available: 1, category: 'OWN', unit_cost: 2 },
        ],
        context,
      ),
    ).toEqual([
      { sku: 'A', location: 'W', quantity: 4, unitCost: 3, category: 'MAPPED' },
      { sku: 'B', location: 'W', quantity: 1, unitCost: 2, category: 'OWN' },
    ]);
    expect(() =>
      toSnapshotRows(
        [
          { sku: 'A', location: 'W', available: 4 },
          { sku: 'B', location: 'W' },
        ],
        context,
      ),
    ).toThrow(expect.objectContaining({ code: 'RECONCILE_BAD_RECORD' }));
    expect(() => toSnapshotRows({}, context)).toThrow(expect.objectContaining({ code: 'RECONCILE_BAD_PAGE' }));
  });
});

describe('reconcile alerts and report', () => {
  const diff = (sku: string, delta: number, value: number | null): Difference => ({
    sku,
    location: 'W',
    category: null,
    quantities: { odoo: 10, wms: 10 + delta },
    deltas: { wms: delta },
    delta,
    unit_cost: null,
    value,
    differs: ['wms'],
    missing: [],
  });

  it('alerts the largest differences above threshold, up to the cap, and sums up the rest in one alert', () => {
    const selection = new AlertSelection({ minValue: 100, minQuantity: 50, cap: 2 });
    for (const d of [diff('small', 1, 10), diff('v200', 5, 200), diff('q60', 60, null), diff('v5000', 5, 5000), diff('v150', 5, 150)]) selection.offer(d);
    const alerts = selection.alerts('night-1', 'rec', '/r.csv');
    expect(selection.qualified).toBe(4);
    expect(alerts.map((a) => a.key)).toEqual(['stock_drift:v5000:W', 'stock_drift:v200:W', 'stock_drift:rec:more']);
    expect(alerts[0]).toMatchObject({ type: 'stock_drift', severity: 'critical', sku: 'v5000', location: 'W' });
    expect(alerts[1].severity).toBe('warning');
    expect(alerts[2].message).toContain('2 more');
  });

  it('writes one CSV line per difference with a column per side', () => {
    const text = csvLines(['odoo', 'wms'], [{ ...diff('A,1', -2, 4), missing: [] }], true);
    expect(text).toBe('sku,location,category,odoo,wms,delta,unit_cost,value,differs,missing\n"A,1",W,,10,8,-2,,4,wms,\n');
  });
});
