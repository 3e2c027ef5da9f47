import { purchaseGroups } from '../../../nodes/odoo/map/outbound/purchase-orders';
import { earliestNeedBy, planOrigin, recommendationTag, startsWithPattern, taggedKey } from '../../../nodes/odoo/map/outbound/shared';
import { likeRegExp } from '../../../sandbox/odoo/orm/like';

describe('outbound mapping tags', () => {
  it('names the plan version in the origin and the recommendation in its tag, and reads the tag back', () => {
    const rec = { recommendation_id: 'REC-2026-11-26-000017', plan_version: 3 };
    expect(planOrigin('PLAN-2026-11-26', 3)).toBe('planbridge PLAN-2026-11-26@3');
    expect(recommendationTag(rec)).toBe('[REC-2026-11-26-000017@3]');
    expect(taggedKey(`${planOrigin('PLAN-2026-11-26', 3)} ${recommendationTag(rec)}`)).toBe('REC-2026-11-26-000017@3');
    expect(taggedKey('[REC-1@2] BOLT-M8-40')).toBe('REC-1@2');
    expect(taggedKey('no tag')).toBeNull();
    expect(taggedKey(false)).toBeNull();
  });

  it.each([
    ['planbridge P_1@1 [', 'planbridge P_1@1 [R@1]', true],
    ['planbridge P_1@1 [', 'planbridge PX1@1 [R@1]', false],
    ['planbridge 100%@1 [', 'planbridge 100%@1 [R@1]', true],
    ['planbridge 100%@1 [', 'planbridge 1000@1 [R@1]', false],
    ['planbridge a\\b@1 [', 'planbridge a\\b@1 [R@1]', true],
  ])('escapes LIKE wildcards in %j so only texts that start with it match', (prefix, text, matches) => {
    expect(likeRegExp(startsWithPattern(prefix), false).test(text)).toBe(matches);
  });

  it('groups purchases by plan version, supplier and warehouse in first-seen order, and finds the earliest need-by date as an Odoo datetime', () => {
    const rec = (id: string, supplier: string, location: string, plan_version = 1) =>
      ({ recommendation_id: id, plan_id: 'P', plan_version, supplier, location }) as never;
    const groups = purchaseGroups([rec('1', 'S2', 'W1'), rec('2', 'S1', 'W1'), rec('3', 'S2', 'W1'), rec('4', 'S2', 'W2'), rec('5', 'S2', 'W1', 2)]);
    expect(groups.map((g) => g.map((r: { recommendation_id: string }) => r.recommendation_id))).toEqual([['1', '3'], ['2'], ['4'], ['5']]);
    expect(earliestNeedBy([{ need_by: '2026-12-20' }, { need_by: '2026-12-09' }])).toBe('2026-12-09 00:00:00');
  });
});
