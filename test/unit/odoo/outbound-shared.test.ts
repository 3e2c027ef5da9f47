import { earliestNeedBy, groupBy, planOrigin, recommendationTag, startsWithPattern, taggedKey } from '../../../nodes/odoo/map/outbound/shared';
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

  it('groups in first-seen order and finds the earliest need-by date as an Odoo datetime', () => {
    const groups = groupBy(
      [
        { k: 'b', n: 1 },
        { k: 'a', n: 2 },
        { k: 'b', n: 3 },
      ],
      (x) => x.k,
    );
    expect([...groups].map(([k, v]) => [k, v.map((x) => x.n)])).toEqual([
      ['b', [1, 3]],
      ['a', [2]],
    ]);
    expect(earliestNeedBy([{ need_by: '2026-12-20' }, { need_by: '2026-12-09' }])).toBe('2026-12-09 00:00:00');
  });
});
