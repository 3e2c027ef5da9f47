import type { ItemSupplierRecord } from '../contracts/types';
import { compareStrings } from './keys';

/**
 * The supplier to buy from: offers valid on the plan date only; a preferred offer wins, else the lowest
 * unit_cost; ties go to the lowest supplier code so the choice is stable.
 */
export function chooseSupplier(offers: readonly ItemSupplierRecord[], asOfDate: string): ItemSupplierRecord | null {
  const valid = offers.filter((o) => (!o.valid_from || o.valid_from <= asOfDate) && (!o.valid_to || o.valid_to >= asOfDate));
  if (valid.length === 0) return null;
  const preferred = valid.filter((o) => o.preferred === true);
  const pool = preferred.length > 0 ? preferred : valid;
  return [...pool].sort((a, b) => a.unit_cost - b.unit_cost || compareStrings(a.supplier, b.supplier))[0];
}
