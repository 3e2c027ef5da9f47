import type { OpenSalesOrderRecord, PlanInput } from '../../../../sandbox/planning/contracts/types';
import { emptyInput } from '../../../../sandbox/planning/contracts/types';
import { computePlan } from '../../../../sandbox/planning/engine/plan';
import { AS_OF, item, offer, steadyDemand, stock, warehouse } from './helpers';

/**
 * Hand-computed plans. Every location sells 70 EA every week for 20 weeks: smooth, SES level 70 and
 * sigma 0, so d = 10 EA/day. With lead time 7 d and no lead-time deviation SS = 0, s = 10 * 7 = 70 and
 * S = 70 + 10 * 7 = 140. Supplier S1 (preferred, 1.5 EUR) has MOQ 120 and pack 25.
 */
function scenario(stocks: Array<[string, number, number?, number?]>, extra: Partial<PlanInput> = {}): PlanInput {
  const input = emptyInput();
  input.item = [item('A')];
  input.item_supplier = [offer('A', 'S1', { moq: 120, pack_size: 25, preferred: true }), offer('A', 'S2', { unit_cost: 1 })];
  input.location = ['WH-A', 'WH-B', 'WH-C'].map((c) => warehouse(c));
  for (const [loc, onHand, reserved, inTransit] of stocks) {
    input.stock_snapshot.push(stock('A', loc, onHand, reserved ?? 0, inTransit ?? 0));
    input.demand_history.push(...steadyDemand('A', loc, 70));
  }
  return { ...input, ...extra };
}

function sale(location: string, openQty: number, requiredDate: string): OpenSalesOrderRecord {
  return {
    order_id: `S-${location}-${requiredDate}`,
    line_id: '1',
    sku: 'A',
    location,
    ordered_qty: openQty,
    delivered_qty: 0,
    open_qty: openQty,
    uom: 'EA',
    required_date: requiredDate,
  };
}

describe('computePlan decisions', () => {
  it('computes the position and levels, and covers a shortage from the location with the most excess', () => {
    // WH-A: 50 - 10 + 20 - 15 (due 11-29, inside the 7-day lead time; the 12-26 order is outside) = 45 <= s 70
    // WH-B excess: min(400 - 1.2 * 140, 400) = 232; WH-C: 300 - 168 = 132 -> WH-B gives min(140 - 45, 232) = 95
    const input = scenario(
      [
        ['WH-A', 50, 10, 20],
        ['WH-B', 400],
        ['WH-C', 300],
      ],
      {
        open_sales_order: [sale('WH-A', 15, '2026-11-29'), sale('WH-A', 100, '2026-12-26')],
      },
    );
    const plan = computePlan(input, { asOf: AS_OF });
    expect(plan.policies.map((p) => [p.location, p.safety_stock, p.reorder_point, p.order_up_to, p.multiple])).toEqual([
      ['WH-A', 0, 70, 140, 25],
      ['WH-B', 0, 70, 140, 25],
      ['WH-C', 0, 70, 140, 25],
    ]);
    expect(plan.recommendations).toHaveLength(1);
    expect(plan.recommendations[0]).toMatchObject({
      recommendation_id: 'REC-2026-11-26-000001',
      plan_id: 'PLAN-2026-11-26',
      plan_version: 1,
      type: 'transfer',
      location: 'WH-A',
      source_location: 'WH-B',
      supplier: null,
      quantity: 95,
      unit_cost: 2,
      value: 190,
      reason_code: 'excess_transfer',
      order_by: '2026-11-26',
      need_by: '2026-11-28',
      valid_until: '2026-11-29T00:00:00Z',
    });
    expect(plan.recommendations[0].reason).toContain('open sales due 15');
  });

  it('buys what a partial transfer leaves short, rounded to MOQ and pack', () => {
    // WH-A: 0 - 100 due tomorrow = -100, needs 240; WH-B spares 250 - 168 = 82 -> position -18 still <= 70
    // purchase: 140 - (-18) = 158 -> MOQ 120 -> ceil(158 / 25) = 7 packs = 175 EA at 1.5 = 262.5 EUR
    // -18 - 10 * 7 < 0: the expected lead-time demand exceeds the position -> stockout_risk
    const input = scenario(
      [
        ['WH-A', 0],
        ['WH-B', 250],
      ],
      { open_sales_order: [sale('WH-A', 100, '2026-11-27')] },
    );
    const recs = computePlan(input, { asOf: AS_OF }).recommendations;
    expect(recs.map((r) => [r.recommendation_id, r.type, r.quantity, r.source_location ?? r.supplier, r.reason_code])).toEqual([
      ['REC-2026-11-26-000001', 'transfer', 82, 'WH-B', 'excess_transfer'],
      ['REC-2026-11-26-000002', 'purchase', 175, 'S1', 'stockout_risk'],
    ]);
    expect(recs[1]).toMatchObject({ unit_cost: 1.5, value: 262.5, currency: 'EUR', order_by: '2026-11-26', need_by: '2026-12-03' });
    expect(recs[1].reason).toContain('need 158 EA, rounded to MOQ 120 and pack 25 = 175 EA');
  });

  it('keeps a donor that would fall inside its margin', () => {
    // WH-B at 160 is below 1.2 * 140 = 168: no transfer; WH-A at 70 = s buys 140 - 70 = 70 -> 125
    const recs = computePlan(
      scenario([
        ['WH-A', 70],
        ['WH-B', 160],
      ]),
      { asOf: AS_OF },
    ).recommendations;
    expect(recs.map((r) => [r.type, r.location, r.quantity, r.reason_code])).toEqual([['purchase', 'WH-A', 125, 'below_reorder_point']]);
  });

  it('orders now for a location that crosses s before the next review', () => {
    // position 80, s 70, 10 a day: crosses in ceil(10 / 10) = 1 day; order 140 - (80 - 10) = 70 -> 125
    const input = scenario([['WH-A', 80]]);
    const [rec] = computePlan(input, { asOf: AS_OF }).recommendations;
    expect(rec).toMatchObject({ reason_code: 'projected_below_reorder_point', quantity: 125, order_by: '2026-11-27', need_by: '2026-12-04' });
    expect(computePlan(input, { asOf: AS_OF, lookaheadDays: 0 }).recommendations).toEqual([]);
    expect(computePlan(scenario([['WH-A', 141]]), { asOf: AS_OF }).recommendations).toEqual([]);
  });

  it('adds lead-time variation to safety stock', () => {
    // sigma_LT = 2 d: SS = 1.6449 * sqrt(7 * 0 + 10^2 * 2^2) = 32.9 -> 33; s = 70 + 33 = 103; S = 103 + 70 = 173
    const input = scenario([['WH-A', 500]]);
    input.item_supplier = [offer('A', 'S1', { lead_time_stddev_days: 2, preferred: true })];
    const [policy] = computePlan(input, { asOf: AS_OF }).policies;
    expect(policy).toMatchObject({
      safety_stock: 33,
      reorder_point: 103,
      order_up_to: 173,
      multiple: null,
      service_level: 0.95,
      review_period_days: 7,
      valid_from: '2026-11-26',
    });
    expect(computePlan(input, { asOf: AS_OF }).details[0]).toMatchObject({
      demand_class: 'smooth',
      method: 'ses',
      adi: 1,
      cv2: 0,
      weekly_rate: 70,
      sigma_week: 0,
      lead_time_days: 7,
      lead_time_stddev_days: 2,
      safety_stock: 33,
      position: 500,
    });
    const [at98] = computePlan(input, { asOf: AS_OF, serviceLevel: 0.98 }).policies;
    expect(at98.safety_stock).toBe(42); // 2.0537 * 20 = 41.07 -> 42
  });

  it('uses documented defaults for a missing lead time and says so', () => {
    // LT 14 d, sigma_LT 0.25 * 14 = 3.5 d: SS = 1.6449 * 10 * 3.5 = 57.57 -> 58; s = 140 + 58 = 198; S = 268
    // position 100: need 168 -> MOQ 120 -> 7 packs of 25 = 175, needed in 14 days
    const input = scenario([['WH-A', 100]]);
    input.item_supplier = [offer('A', 'S1', { moq: 120, pack_size: 25, lead_time_days: null, lead_time_stddev_days: null })];
    const plan = computePlan(input, { asOf: AS_OF });
    expect(plan.policies[0]).toMatchObject({ safety_stock: 58, reorder_point: 198, order_up_to: 268 });
    expect(plan.recommendations[0]).toMatchObject({ quantity: 175, need_by: '2026-12-10' });
    expect(plan.recommendations[0].reason).toContain('lead time defaulted to 14 d');
    expect(plan.recommendations[0].reason).toContain('lead time deviation defaulted to 3.5 d');
    expect(plan.stats.defaulted_lead_time).toBe(1);
  });

  it('covers committed orders of an item without demand history', () => {
    const input = emptyInput();
    input.item = [item('N')];
    input.item_supplier = [offer('N', 'S1')];
    input.stock_snapshot = [stock('N', 'WH-A', 2)];
    input.open_sales_order = [{ ...sale('WH-A', 7, '2026-11-28'), sku: 'N' }];
    const plan = computePlan(input, { asOf: AS_OF });
    // no class, no forecast, s = S = 0; position 2 - 7 = -5 -> order 5
    expect(plan.forecasts).toEqual([]);
    expect(plan.stats.classes.none).toBe(1);
    expect(plan.policies[0]).toMatchObject({ reorder_point: 0, order_up_to: 0, safety_stock: 0 });
    expect(plan.recommendations.map((r) => [r.sku, r.quantity])).toEqual([['N', 5]]);
  });

  it('skips discontinued items, unknown skus and locations that hold no planned stock', () => {
    const input = scenario([['WH-A', 0]]);
    input.item.push(item('D', { status: 'discontinued' }));
    input.location.push(warehouse('WH-X', { active: false }), warehouse('TR', { type: 'transit' }));
    input.stock_snapshot.push(stock('D', 'WH-A', 0), stock('Z', 'WH-A', 0), stock('A', 'WH-X', 0), stock('A', 'TR', 0), stock('A', 'WH-Q', 0));
    const plan = computePlan(input, { asOf: AS_OF });
    expect(plan.stats.skipped).toEqual({ unknown_item: 1, inactive_item: 1, location: 3 });
    expect(new Set(plan.recommendations.map((r) => `${r.sku}@${r.location}`))).toEqual(new Set(['A@WH-A']));
  });

  it('counts a purchase need without a valid supplier and still proposes transfers', () => {
    // The only offer expired, so the lead time defaults to 14 d: s = 198, S = 268 (see the test above).
    const input = scenario(
      [
        ['WH-A', 0],
        ['WH-B', 400],
      ],
      { item_supplier: [offer('A', 'S1', { valid_to: '2026-01-31' })] },
    );
    const plan = computePlan(input, { asOf: AS_OF });
    // WH-B spares 400 - 1.2 * 268 = 78.4 -> 78 EA; WH-A at 78 is still below s but has nobody to buy from
    expect(plan.recommendations.map((r) => [r.type, r.quantity])).toEqual([['transfer', 78]]);
    expect(plan.stats.no_supplier).toBe(1);
  });

  it('writes twelve weekly forecasts from the first Monday after asOf', () => {
    const plan = computePlan(scenario([['WH-A', 500]]), { asOf: AS_OF });
    expect(plan.forecasts).toHaveLength(12);
    expect(plan.forecasts[0]).toMatchObject({
      period_start: '2026-11-30',
      period_end: '2026-12-06',
      quantity: 70,
      lower: 70,
      upper: 70,
      method: 'ses',
      demand_class: 'smooth',
    });
    expect(plan.forecasts[11].period_start).toBe('2027-02-15');
  });
});
