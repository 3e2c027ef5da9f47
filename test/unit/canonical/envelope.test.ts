import fc from 'fast-check';
import { dataschemaOf, newEvent, paginate } from '../../../nodes/canonical/envelope';

describe('newEvent', () => {
  it('fills the CloudEvents attributes and defaults the correlation id to its own id', () => {
    const event = newEvent({
      source: 'planbridge/odoo/product.product',
      type: 'dev.planbridge.item.page',
      contract: 'item@1',
      time: new Date('2026-11-26T01:02:03Z'),
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      source: 'planbridge/odoo/product.product',
      type: 'dev.planbridge.item.page',
      time: '2026-11-26T01:02:03.000Z',
      dataschema: 'urn:planbridge:item@1',
      correlationid: event.id,
    });
    expect(newEvent({ source: 's', type: 't', correlationid: 'c-1' }).correlationid).toBe('c-1');
  });

  it('keeps a URN as it is', () => {
    expect(dataschemaOf('urn:planbridge:item@1')).toBe('urn:planbridge:item@1');
  });
});

describe('paginate', () => {
  it('cuts any list into numbered pages that add back up to the list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (records, size) => {
        const pages = [...paginate(records, size, 'b1')];
        expect(pages.flatMap((p) => p.payload)).toEqual(records);
        expect(pages.map((p) => p.batch.seq)).toEqual(pages.map((_, i) => i + 1));
        expect(pages.filter((p) => p.batch.last)).toHaveLength(1);
        expect(pages[pages.length - 1].batch.last).toBe(true);
        expect(pages.every((p) => p.batch.count === p.payload.length && p.payload.length <= size && p.batch.id === 'b1')).toBe(true);
      }),
    );
  });

  it('sends one empty last page for an empty batch, so consumers see its end', () => {
    expect([...paginate([], 10, 'b')]).toEqual([{ payload: [], batch: { id: 'b', seq: 1, last: true, count: 0 } }]);
  });

  it('refuses a page size that is not a positive integer', () => {
    expect(() => [...paginate([1], 0)]).toThrow(RangeError);
  });
});
