import type { Location } from '../../../canonical/contracts';
import type { OdooMapper } from '../mapper';
import { text, utc } from '../values';

/** Warehouses are the planning locations: stock is summed per warehouse. */
export const locationMapper: OdooMapper = {
  contract: 'location@1',
  model: 'stock.warehouse',
  fields: () => ['code', 'name', 'company_id', 'active', 'write_date'],
  domain: () => [],
  async mapPage(records, context) {
    return records.map((w): Location => ({
      code: text(w.code) ?? `WH${w.id}`,
      name: String(w.name ?? ''),
      type: 'warehouse',
      warehouse: null,
      group: null,
      active: w.active !== false,
      company: context.companyCode(w.company_id),
      source: { system: 'odoo', record_id: String(w.id) },
      updated_at: utc(w.write_date) ?? new Date().toISOString(),
    }));
  },
};
