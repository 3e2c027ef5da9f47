/**
 * What a supplier document check raises, in the shape pb-alert's custom rule takes: a key (one open
 * alert per key), a type, a severity and a message; `clear: true` resolves the key's alert. The
 * supplier-delay key is the one pb-alert's own supplier-delay rule uses, so both land on one alert.
 */
export interface Finding {
  key: string;
  type: 'supplier_delay' | 'short_supply' | 'invoice_mismatch';
  severity: 'info' | 'warning' | 'critical';
  message: string;
  clear?: boolean;
  po_id: string;
  sku: string | null;
  supplier: string;
}

export function delayFinding(po: string, sku: string | null, supplier: string, ordered: string, given: string, lateDays: number): Finding {
  return {
    key: `supplier_delay:${po}${sku ? `:${sku}` : ''}`,
    type: 'supplier_delay',
    severity: lateDays > 7 ? 'critical' : 'warning',
    message: `${po}${sku ? ` ${sku}` : ''}: ${supplier} now gives ${given}, ${lateDays} day(s) after the ordered ${ordered}`,
    po_id: po,
    sku,
    supplier,
  };
}

export function shortFinding(po: string, sku: string | null, supplier: string, expected: number, given: number, what: 'confirms' | 'ships'): Finding {
  return {
    key: `short_supply:${po}${sku ? `:${sku}` : ''}`,
    type: 'short_supply',
    severity: given === 0 ? 'critical' : 'warning',
    message: `${po}${sku ? ` ${sku}` : ''}: ${supplier} ${what} ${given} of ${expected}`,
    po_id: po,
    sku,
    supplier,
  };
}

/** Clears both alerts of a line that is now as ordered. */
export function clearFindings(po: string, sku: string | null, supplier: string): Finding[] {
  return (['supplier_delay', 'short_supply'] as const).map((type) => ({
    key: `${type}:${po}${sku ? `:${sku}` : ''}`,
    type,
    severity: 'info' as const,
    message: `${po}${sku ? ` ${sku}` : ''}: as ordered`,
    clear: true,
    po_id: po,
    sku,
    supplier,
  }));
}
