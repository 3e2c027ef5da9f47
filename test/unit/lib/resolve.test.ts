import { fieldOrMsg } from '../../../nodes/lib/resolve';
import { fakeNode } from '../../fakes/fake-node';

describe('fieldOrMsg', () => {
  it('uses a filled-in field, else the message value, else nothing', () => {
    const node = fakeNode();
    expect(fieldOrMsg(node, 'model', 'res.partner', undefined)).toBe('res.partner');
    expect(fieldOrMsg(node, 'model', '', 'sale.order')).toBe('sale.order');
    expect(fieldOrMsg(node, 'model', undefined, '')).toBeUndefined();
    expect(node.warnings).toEqual([]);
  });

  it('lets the field win over a different message value and warns once per property', () => {
    const node = fakeNode();
    expect(fieldOrMsg(node, 'model', 'res.partner', 'sale.order')).toBe('res.partner');
    expect(fieldOrMsg(node, 'model', 'res.partner', 'stock.quant')).toBe('res.partner');
    expect(fieldOrMsg(node, 'limit', 80, 10)).toBe(80);
    expect(node.warnings).toHaveLength(2);
    expect(node.warnings[0]).toContain('"model"');
  });
});
