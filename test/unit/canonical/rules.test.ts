import fc from 'fast-check';
import { contractSchemas } from '../../../nodes/canonical/contracts';
import { contracts } from '../../../nodes/canonical/registry';
import { compileChecker, DEFAULT_RULES } from '../../../nodes/canonical/rules';
import { splitPage } from '../../../nodes/integration/validate/split-page';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const supplierExample = contractSchemas['item_supplier@1'].examples[0];
const asnExample = contractSchemas['asn@1'].examples[0];

describe('business rules', () => {
  const supplier = compileChecker(contracts().get('item_supplier@1'));
  const bounds = supplier.bounds(NOW);

  it('passes a clean record', () => {
    expect(supplier.check(supplierExample, bounds)).toEqual([]);
  });

  it('flags a missing supplier lead time', () => {
    expect(supplier.check({ ...supplierExample, lead_time_days: null }, bounds)).toEqual([
      { path: '/lead_time_days', rule: 'lead-time-present', message: 'supplier lead time is missing' },
    ]);
  });

  it('flags unknown units in uom and purchase_uom, and accepts a widened list', () => {
    const record = { ...supplierExample, uom: 'STK', purchase_uom: 'CASE' };
    expect(supplier.check(record, bounds).map((p) => [p.path, p.rule])).toEqual([
      ['/uom', 'uom-known'],
      ['/purchase_uom', 'uom-known'],
    ]);
    const widened = compileChecker(contracts().get('item_supplier@1'), { ...DEFAULT_RULES, knownUnits: ['STK', 'CASE'] });
    expect(widened.check(record, bounds)).toEqual([]);
  });

  it('flags negative quantities, also inside lines', () => {
    const asn = compileChecker(contracts().get('asn@1'), { ...DEFAULT_RULES, datePlausible: false });
    const record = { ...asnExample, lines: [{ ...asnExample.lines[0] }, { sku: 'NUT-M8', quantity: -4, uom: 'EA' }] };
    expect(asn.check(record, bounds)).toEqual(
      expect.arrayContaining([{ path: '/lines/1/quantity', rule: 'quantity-non-negative', message: 'quantity -4 is negative' }]),
    );
  });

  it('flags dates outside the window around today', () => {
    const stock = compileChecker(contracts().get('stock_snapshot@1'), { ...DEFAULT_RULES, maxPastDays: 30, maxFutureDays: 1 });
    const example = contractSchemas['stock_snapshot@1'].examples[0];
    const window = stock.bounds(NOW);
    expect(window).toEqual({ earliest: '2026-10-27', latest: '2026-11-27', afterLatest: '2026-11-28' });
    expect(stock.check({ ...example, as_of: '2026-11-27T23:59:59Z' }, window)).toEqual([]);
    expect(stock.check({ ...example, as_of: '2026-11-28T00:00:00Z' }, window)[0].rule).toBe('date-plausible');
    expect(stock.check({ ...example, as_of: '2026-11-26T02:00:00Z' }, window)).toEqual([]);
    expect(stock.check({ ...example, as_of: '2025-01-01T00:00:00Z' }, window)).toEqual([
      { path: '/as_of', rule: 'date-plausible', message: 'date 2025-01-01T00:00:00Z is before 2026-10-27' },
    ]);
    expect(stock.check({ ...example, as_of: '2031-01-01T00:00:00Z' }, window)[0].rule).toBe('date-plausible');
  });

  it('applies no rule that is switched off', () => {
    const lenient = compileChecker(contracts().get('item_supplier@1'), {
      ...DEFAULT_RULES,
      uomKnown: false,
      quantityNonNegative: false,
      leadTimePresent: false,
      datePlausible: false,
    });
    expect(lenient.check({ ...supplierExample, uom: 'ZZZ', moq: -5, lead_time_days: null, valid_from: '1900-01-01' }, bounds)).toEqual([]);
  });

  it('does not crash on records of the wrong shape', () => {
    for (const bad of [null, 42, 'text', [], { lines: 'x' }, { lines: [null, 3] }]) {
      expect(compileChecker(contracts().get('asn@1')).check(bad, bounds).length).toBeGreaterThan(0);
    }
  });
});

describe('splitPage', () => {
  const checker = compileChecker(contracts().get('stock_snapshot@1'), { ...DEFAULT_RULES, datePlausible: false });
  const good = contractSchemas['stock_snapshot@1'].examples[0];

  it('keeps the incoming array when every record passes', () => {
    const page = [good, { ...good, sku: 'B' }];
    const result = splitPage(page, checker, NOW);
    expect(result.valid).toBe(page);
    expect(result.rejected).toEqual([]);
  });

  it('splits any page into valid and rejected records, keeping order and indexes', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (pattern) => {
        const page = pattern.map((ok, i) => (ok ? { ...good, sku: `S${i}` } : { ...good, sku: `S${i}`, on_hand: -1 }));
        const result = splitPage(page, checker, NOW);
        expect(result.total).toBe(page.length);
        expect(result.valid.length + result.rejected.length).toBe(page.length);
        expect(result.valid).toEqual(page.filter((_, i) => pattern[i]));
        expect(result.rejected.map((r) => r.index)).toEqual(pattern.flatMap((ok, i) => (ok ? [] : [i])));
        expect(result.rejected.every((r) => r.record === page[r.index] && r.problems.length > 0)).toBe(true);
      }),
    );
  });

  it('treats a single object as a page of one without calling it a page', () => {
    const result = splitPage({ ...good, uom: 'XX' }, checker, NOW);
    expect(result.isPage).toBe(false);
    expect(result.rejected).toEqual([{ index: 0, record: { ...good, uom: 'XX' }, problems: [expect.objectContaining({ rule: 'uom-known' })] }]);
  });
});
