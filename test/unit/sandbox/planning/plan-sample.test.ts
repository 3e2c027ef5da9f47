import { DATASET_NAMES } from '../../../../sandbox/planning/contracts/types';
import { validateRecords } from '../../../../sandbox/planning/contracts/validate';
import { computePlan } from '../../../../sandbox/planning/engine/plan';
import { generateSampleDataset } from '../../../../sandbox/planning/sample-data';

describe('sample dataset and whole plans', () => {
  const data = generateSampleDataset();

  it('generates a few hundred valid item-locations, the same for the same seed', () => {
    expect(data.stock_snapshot).toHaveLength(360);
    for (const name of DATASET_NAMES) expect([name, validateRecords(name, data[name])]).toEqual([name, []]);
    expect(JSON.stringify(generateSampleDataset())).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateSampleDataset({ seed: 7 }).demand_history)).not.toBe(JSON.stringify(data.demand_history));
  });

  it('recovers the drawn demand pattern in most classifications', () => {
    const plan = computePlan(data, { asOf: data.asOf });
    const classOf = new Map(plan.forecasts.map((f) => [`${f.sku}@${f.location}`, f.demand_class]));
    let checked = 0;
    let agree = 0;
    for (const [key, pattern] of Object.entries(data.patterns)) {
      if (pattern === 'none' || pattern === 'trend' || !classOf.has(key)) continue;
      checked++;
      if (classOf.get(key) === pattern) agree++;
    }
    expect(checked).toBeGreaterThan(250);
    expect(agree / checked).toBeGreaterThan(0.95);
    for (const cls of ['smooth', 'erratic', 'intermittent', 'lumpy'] as const) expect(plan.stats.classes[cls]).toBeGreaterThan(20);
    expect(plan.stats.recommendations.purchase).toBeGreaterThan(0);
    expect(plan.stats.recommendations.transfer).toBeGreaterThan(0);
  });

  it('is deterministic: the same input and asOf give identical output', () => {
    const a = computePlan(data, { asOf: data.asOf });
    const b = computePlan(structuredClone(data), { asOf: data.asOf });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('writes records that meet the contract rules', () => {
    const plan = computePlan(data, { asOf: data.asOf, planVersion: 3 });
    const ids = plan.recommendations.map((r) => r.recommendation_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('REC-2026-11-26-000001');
    for (const r of plan.recommendations) {
      expect(r.plan_version).toBe(3);
      expect(r.quantity).toBeGreaterThan(0);
      if (r.type === 'purchase') expect(r.supplier).toEqual(expect.any(String));
      else expect(r.source_location).toEqual(expect.any(String));
      expect(r.need_by >= (r.order_by ?? '')).toBe(true);
      expect(r.valid_until).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    }
    for (const p of plan.policies) expect(p.order_up_to).toBeGreaterThanOrEqual(p.reorder_point);
    for (const f of plan.forecasts) expect(f.lower! <= f.quantity && f.quantity <= f.upper!).toBe(true);
  });
});
