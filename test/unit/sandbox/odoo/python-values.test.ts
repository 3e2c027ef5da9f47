import { parseOdooDate, parseOdooDatetime } from '../../../../sandbox/odoo/datetime';
import { PyFloat, pyFloatRepr, pythonJsonDumps } from '../../../../sandbox/odoo/python-json';

describe('Python value formatting used on the wire', () => {
  it.each<[number, string]>([
    [5, '5.0'],
    [0, '0.0'],
    [-2.5, '-2.5'],
    [0.1, '0.1'],
    [123456.789, '123456.789'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e16, '1e+16'],
    // eslint-disable-next-line no-loss-of-precision -- the double nearest this literal is what Python's repr prints
    [1234567890123456.7, '1234567890123456.8'],
    [2.5e20, '2.5e+20'],
  ])('repr(float(%p)) is %s', (value, repr) => {
    expect(pyFloatRepr(value)).toBe(repr);
  });

  it('dumps like json.dumps(vals, sort_keys=True): sorted keys, ", " and ": ", ensure_ascii', () => {
    expect(pythonJsonDumps({ b: [1, 2], a: 'Liège ✓ 😀', c: null, d: new PyFloat(3), e: false, f: 'tab\there "q"' })).toBe(
      '{"a": "Li\\u00e8ge \\u2713 \\ud83d\\ude00", "b": [1, 2], "c": null, "d": 3.0, "e": false, "f": "tab\\there \\"q\\""}',
    );
  });
});

describe('strict datetime parsing on write (fields.Datetime.to_datetime)', () => {
  it.each<[string, string]>([
    ['2025-01-31 23:59:58', '2025-01-31 23:59:58'],
    ['2025-01-31', '2025-01-31 00:00:00'],
    ['2025-01-31 07:05', '2025-01-31 07:05:00'],
  ])('accepts %s', (value, stored) => {
    expect(parseOdooDatetime(value)).toBe(stored);
  });

  it.each(['2025-01-31T23:59:58', '2025-01-31 23:59:58Z', '2025-01-31 23:59:58.123', '2025-01-31 23:59:58+02:00', '2025-02-30 10:00:00', '31/01/2025'])(
    'rejects %s',
    (value) => {
      expect(() => parseOdooDatetime(value)).toThrow(expect.objectContaining({ pyName: 'builtins.ValueError' }));
    },
  );

  it('truncates dates to 10 characters like fields.Date.to_date', () => {
    expect(parseOdooDate('2025-01-31 10:00:00')).toBe('2025-01-31');
    expect(() => parseOdooDate('31-01-2025')).toThrow(/does not match format/);
  });
});
