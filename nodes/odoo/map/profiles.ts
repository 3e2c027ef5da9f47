/**
 * Field names that differ between Odoo versions, as data. A mapper asks the profile instead of
 * testing version numbers.
 */
export interface OdooProfile {
  version: number;
  /** The domain for stock-tracked products: `type = product` (16-17) or `is_storable` (18+). */
  storableDomain: unknown[];
  /** Unit field on sale and purchase order lines: product_uom (16-18), product_uom_id (19+). */
  orderLineUom: 'product_uom' | 'product_uom_id';
  /** Done quantity on stock moves: quantity_done (16), quantity (17+). */
  moveDoneQty: 'quantity_done' | 'quantity';
  /** Purchase unit: on the product (uom_po_id, 16-18) or on the vendor line (product_uom_id, 19+). */
  purchaseUom: { model: 'product.product'; field: 'uom_po_id' } | { model: 'product.supplierinfo'; field: 'product_uom_id' };
  /** Order multiple on reordering rules: qty_multiple (16-18); 19+ uses a replenishment unit instead. */
  orderpointMultiple: 'qty_multiple' | null;
  /** Purchase order states that mean confirmed. */
  confirmedPurchaseStates: string[];
  /** Sale order states that mean confirmed. */
  confirmedSaleStates: string[];
}

const BASE: Omit<OdooProfile, 'version'> = {
  storableDomain: [['is_storable', '=', true]],
  orderLineUom: 'product_uom',
  moveDoneQty: 'quantity',
  purchaseUom: { model: 'product.product', field: 'uom_po_id' },
  orderpointMultiple: 'qty_multiple',
  confirmedPurchaseStates: ['purchase'],
  confirmedSaleStates: ['sale'],
};

const PROFILES: Record<number, Omit<OdooProfile, 'version'>> = {
  16: {
    ...BASE,
    storableDomain: [['type', '=', 'product']],
    moveDoneQty: 'quantity_done',
    confirmedPurchaseStates: ['purchase', 'done'],
    confirmedSaleStates: ['sale', 'done'],
  },
  17: { ...BASE, storableDomain: [['type', '=', 'product']], confirmedPurchaseStates: ['purchase', 'done'] },
  18: { ...BASE, confirmedPurchaseStates: ['purchase', 'done'] },
  19: { ...BASE, orderLineUom: 'product_uom_id', purchaseUom: { model: 'product.supplierinfo', field: 'product_uom_id' }, orderpointMultiple: null },
};

/** The profile of a major version; later versions than we know use the newest profile. */
export function profileFor(version: number): OdooProfile {
  const known = Object.keys(PROFILES)
    .map(Number)
    .sort((a, b) => a - b);
  const pick = known.filter((v) => v <= version).pop() ?? known[0];
  return { version, ...PROFILES[pick] };
}
