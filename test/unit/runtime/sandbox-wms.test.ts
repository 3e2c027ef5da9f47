import { withDifferences } from '../../../runtime/sandbox-wms';

describe("the sandbox WMS's seed from the sandbox Odoo's stock", () => {
  const rows = Array.from({ length: 100 }, (_, i) => ({
    sku: `SKU-${String(i).padStart(3, '0')}`,
    location: 'BRU',
    on_hand: 50 + i,
    allocated: 0,
    in_transit: 0,
  }));

  it('changes a few rows by position: 1 short, 12 over, one missing; the rest as in Odoo', () => {
    const { stock, differences } = withDifferences(rows);
    expect(differences).toEqual([
      { sku: 'SKU-007', location: 'BRU', odoo: 57, wms: 56 },
      { sku: 'SKU-020', location: 'BRU', odoo: 70, wms: 82 },
      { sku: 'SKU-047', location: 'BRU', odoo: 97, wms: 96 },
      { sku: 'SKU-049', location: 'BRU', odoo: 99, wms: null },
      { sku: 'SKU-060', location: 'BRU', odoo: 110, wms: 122 },
      { sku: 'SKU-087', location: 'BRU', odoo: 137, wms: 136 },
    ]);
    expect(stock).toHaveLength(99);
    const changed = new Set(differences.map((d) => d.sku));
    for (const r of stock.filter((s) => !changed.has(s.sku))) expect(r).toEqual(rows.find((o) => o.sku === r.sku));
    expect(withDifferences(rows)).toEqual({ stock, differences });
  });
});
