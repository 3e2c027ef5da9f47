import { ConfigError } from '../../lib/errors';
import type { OdooMapper } from './mapper';
import { demandHistoryMapper } from './mappers/demand-history';
import { itemMapper } from './mappers/item';
import { itemSupplierMapper } from './mappers/item-supplier';
import { locationMapper } from './mappers/location';
import { openPurchaseOrderMapper, openSalesOrderMapper } from './mappers/orders';
import { stockSnapshotMapper } from './mappers/stock-snapshot';

export const ODOO_MAPPERS = {
  item: itemMapper,
  item_supplier: itemSupplierMapper,
  location: locationMapper,
  stock_snapshot: stockSnapshotMapper,
  demand_history: demandHistoryMapper,
  open_sales_order: openSalesOrderMapper,
  open_purchase_order: openPurchaseOrderMapper,
} satisfies Record<string, OdooMapper>;

export type OdooMapName = keyof typeof ODOO_MAPPERS;

export function mapperFor(name: string): OdooMapper {
  const mapper = (ODOO_MAPPERS as Record<string, OdooMapper>)[name];
  if (!mapper) throw new ConfigError(`No Odoo mapping to "${name}"; choose one of ${Object.keys(ODOO_MAPPERS).join(', ')}`, 'ODOO_MAP_UNKNOWN');
  return mapper;
}
