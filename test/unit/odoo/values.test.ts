import { date, many2one, skuOf, text, toOdooDatetime, utc } from '../../../nodes/odoo/map/values';
import { convert, uomCode } from '../../../nodes/odoo/map/uom';
import { profileFor } from '../../../nodes/odoo/map/profiles';
import { parseDomain, searchOptionsFrom } from '../../../nodes/odoo/search/options';

describe('Odoo values to canonical values', () => {
  it('turns false into null and many2one pairs into {id, name}', () => {
    expect(text(false)).toBeNull();
    expect(text('A')).toBe('A');
    expect(many2one([7, 'Berlin DC'])).toEqual({ id: 7, name: 'Berlin DC' });
    expect(many2one(7)).toEqual({ id: 7, name: '' });
    expect(many2one(false)).toBeNull();
  });

  it('reads Odoo datetimes as UTC and writes them back without T, Z or milliseconds', () => {
    expect(utc('2026-11-26 08:30:00')).toBe('2026-11-26T08:30:00Z');
    expect(utc(false)).toBeNull();
    expect(date('2026-11-26 08:30:00')).toBe('2026-11-26');
    expect(toOdooDatetime('2026-11-26T08:30:00.123Z')).toBe('2026-11-26 08:30:00');
  });

  it('uses the internal reference as sku, with a stand-in when there is none', () => {
    expect(skuOf('BOLT-M8', 3)).toBe('BOLT-M8');
    expect(skuOf(false, 3)).toBe('ODOO-3');
  });
});

describe('units of measure', () => {
  it('maps Odoo unit names to UN/ECE codes', () => {
    expect(uomCode('Units')).toBe('EA');
    expect(uomCode('Dozens')).toBe('DZN');
    expect(uomCode('kg')).toBe('KGM');
    expect(uomCode('Pallet of 40')).toBe('PALLET_OF_40');
  });

  it('converts with Odoo factors (units per reference unit)', () => {
    const units = { id: 1, code: 'EA', factor: 1 };
    const dozens = { id: 2, code: 'DZN', factor: 1 / 12 };
    expect(convert(2, dozens, units)).toBeCloseTo(24);
    expect(convert(24, units, dozens)).toBeCloseTo(2);
    expect(convert(5, units, units)).toBe(5);
  });
});

describe('version profiles', () => {
  it.each([
    [16, [['type', '=', 'product']], 'product_uom', 'quantity_done'],
    [17, [['type', '=', 'product']], 'product_uom', 'quantity'],
    [18, [['is_storable', '=', true]], 'product_uom', 'quantity'],
    [19, [['is_storable', '=', true]], 'product_uom_id', 'quantity'],
    [20, [['is_storable', '=', true]], 'product_uom_id', 'quantity'],
  ])('Odoo %i', (version, storable, lineUom, doneQty) => {
    const profile = profileFor(version);
    expect(profile.storableDomain).toEqual(storable);
    expect(profile.orderLineUom).toBe(lineUom);
    expect(profile.moveDoneQty).toBe(doneQty);
  });

  it('drops order multiples and the done purchase state in 19', () => {
    expect(profileFor(18).orderpointMultiple).toBe('qty_multiple');
    expect(profileFor(19).orderpointMultiple).toBeNull();
    expect(profileFor(18).confirmedPurchaseStates).toContain('done');
    expect(profileFor(19).confirmedPurchaseStates).toEqual(['purchase']);
  });
});

describe('search options', () => {
  it('parses domains in prefix notation and refuses anything else', () => {
    expect(parseDomain('["|", ["a", "=", 1], ["b", "!=", false]]')).toHaveLength(3);
    expect(parseDomain('')).toEqual([]);
    expect(() => parseDomain('[["a", "="]]')).toThrow('not a domain term');
    expect(() => parseDomain('{"a": 1}')).toThrow('must be a list');
    expect(() => parseDomain('[oops')).toThrow('not valid JSON');
  });

  it('checks the page size and mode at deploy', () => {
    expect(searchOptionsFrom({ pageSize: '250', mode: 'incremental', fields: 'name, default_code' })).toMatchObject({
      pageSize: 250,
      mode: 'incremental',
      fields: ['name', 'default_code'],
    });
    expect(() => searchOptionsFrom({ pageSize: '0' })).toThrow('page size');
  });
});
