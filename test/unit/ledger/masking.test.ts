import { MASK, Masker, parseMaskPaths } from '../../../nodes/ledger/masking';

describe('Masker', () => {
  const paths = parseMaskPaths('payload.unit_cost\npayload.lines.price, payload.*.secret');
  const message = {
    payload: [
      { sku: 'A', unit_cost: 98765.4321, lines: [{ price: 1 }, { price: 2, qty: 4 }], meta: { secret: 'top-secret-value' } },
      { sku: 'B', unit_cost: 0 },
    ],
    topic: 't',
  };

  it('seals masked fields in kept copies and restores them exactly', () => {
    const masker = new Masker(paths, 'secret-key');
    const kept = masker.protect(message);
    const text = JSON.stringify(kept);
    expect(text).not.toContain('98765.4321');
    expect(text).not.toContain('top-secret-value');
    expect(text).toContain('"sku":"A"');
    expect(masker.restore(JSON.parse(text))).toEqual(message);
  });

  it('shows *** for masked fields, sealed or not', () => {
    const masker = new Masker(paths, 'secret-key');
    const shown = masker.redact(masker.protect(message)) as typeof message;
    expect(shown.payload[0]).toEqual({ sku: 'A', unit_cost: MASK, lines: [{ price: MASK }, { price: MASK, qty: 4 }], meta: { secret: MASK } });
    expect(masker.redact(message)).toEqual(shown);
  });

  it('cannot restore what another key sealed, and without a key keeps *** only', () => {
    const sealed = new Masker(paths, 'one').protect(message);
    expect((new Masker(paths, 'two').restore(sealed) as typeof message).payload[0].unit_cost).toBe(MASK);
    const keyless = new Masker(paths);
    expect(keyless.reversible).toBe(false);
    expect((keyless.protect(message) as typeof message).payload[1].unit_cost).toBe(MASK);
  });

  it('changes nothing without paths', () => {
    const masker = new Masker([], 'k');
    expect(masker.protect(message)).toBe(message);
  });
});
