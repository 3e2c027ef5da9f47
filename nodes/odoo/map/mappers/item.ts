import type { Item } from '../../../canonical/contracts';
import type { OdooMapper } from '../mapper';
import { many2one, many2oneId, skuOf, utc } from '../values';

export const itemMapper: OdooMapper = {
  contract: 'item@1',
  model: 'product.product',
  fields: () => ['default_code', 'name', 'uom_id', 'categ_id', 'active', 'standard_price', 'company_id', 'write_date'],
  domain: () => [],
  async mapPage(records, context) {
    const uoms = await context.uoms();
    return records.map((p): Item => ({
      sku: skuOf(p.default_code, p.id),
      name: String(p.name ?? ''),
      uom: uoms.get(many2oneId(p.uom_id) ?? -1)?.code ?? 'EA',
      category: many2one(p.categ_id)?.name ?? null,
      status: p.active === false ? 'inactive' : 'active',
      superseded_by: null,
      supersession_factor: null,
      unit_volume_m3: null,
      unit_weight_kg: null,
      unit_cost: typeof p.standard_price === 'number' ? p.standard_price : null,
      currency: null,
      company: context.companyCode(p.company_id),
      source: { system: 'odoo', record_id: String(p.id) },
      updated_at: utc(p.write_date) ?? new Date().toISOString(),
    }));
  },
};
