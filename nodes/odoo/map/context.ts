import type { OdooClient } from '../client/odoo-client';
import type { OdooRecord, OdooServerInfo } from '../client/types';
import { pagesById } from '../client/paging';
import { profileFor, type OdooProfile } from './profiles';
import { uomFrom, type Uom } from './uom';
import { many2oneId, skuOf, text } from './values';

export interface ProductInfo {
  sku: string;
  uomId: number | null;
  templateId: number | null;
  /** 16-18 only: the product's purchase unit. */
  purchaseUomId: number | null;
}

export interface WarehouseInfo {
  id: number;
  code: string;
  name: string;
  viewLocationId: number | null;
  /** The warehouse's main stock location (lot_stock_id). */
  lotStockId: number | null;
  /** The warehouse's internal transfer type (int_type_id). */
  internalTypeId: number | null;
  companyId: number | null;
}

/** A product as outbound mappings need it: its id and its stock unit. */
export interface ProductRef {
  id: number;
  uomId: number | null;
}

const LOOKUP_PAGE = 2000;

/**
 * What mappers look up while they translate a page: units, products, warehouses, partners. Each
 * table loads once per run, on first use, in pages; partners load by the ids a page needs.
 */
export class MappingContext {
  readonly profile: OdooProfile;
  private uomTable?: Promise<Map<number, Uom>>;
  private productTable?: Promise<Map<number, ProductInfo>>;
  private skuTable?: Promise<Map<string, ProductRef>>;
  private internalTypeTable?: Promise<Map<number, number>>;
  private warehouseTable?: Promise<WarehouseInfo[]>;
  private locationWarehouse?: Promise<Map<number, WarehouseInfo>>;
  private pickingTypeWarehouse?: Promise<Map<number, WarehouseInfo>>;
  private readonly partners = new Map<number, { ref: string; name: string }>();
  private readonly modelFields = new Map<string, Promise<Set<string>>>();

  constructor(
    readonly client: OdooClient,
    readonly info: OdooServerInfo,
    /** True when the configuration works in several companies: records then carry their company. */
    readonly multiCompany = false,
  ) {
    this.profile = profileFor(info.version);
  }

  /** The fields a model has in this database (custom x_ fields included), for optional fields. */
  fieldsOf(model: string): Promise<Set<string>> {
    let fields = this.modelFields.get(model);
    if (!fields) {
      fields = this.client.fieldsGet(model, ['type']).then((f) => new Set(Object.keys(f)));
      this.modelFields.set(model, fields);
    }
    return fields;
  }

  uoms(): Promise<Map<number, Uom>> {
    this.uomTable ??= this.client
      .searchRead('uom.uom', { fields: ['name', 'factor'], context: { active_test: false } })
      .then((rows) => new Map(rows.map((r) => [r.id, uomFrom(r)])));
    return this.uomTable;
  }

  products(): Promise<Map<number, ProductInfo>> {
    this.productTable ??= (async () => {
      const fields = ['default_code', 'uom_id', 'product_tmpl_id'];
      if (this.profile.purchaseUom.model === 'product.product') fields.push(this.profile.purchaseUom.field);
      const table = new Map<number, ProductInfo>();
      for await (const page of pagesById(this.client, {
        model: 'product.product',
        domain: [],
        fields,
        pageSize: LOOKUP_PAGE,
        context: { active_test: false },
      })) {
        for (const p of page.records) {
          table.set(p.id, {
            sku: skuOf(p.default_code, p.id),
            uomId: many2oneId(p.uom_id),
            templateId: many2oneId(p.product_tmpl_id),
            purchaseUomId: this.profile.purchaseUom.model === 'product.product' ? many2oneId(p[this.profile.purchaseUom.field]) : null,
          });
        }
      }
      return table;
    })();
    return this.productTable;
  }

  /** Products by item code (internal reference, else the ODOO-<id> stand-in), for outbound mappings. */
  productsBySku(): Promise<Map<string, ProductRef>> {
    this.skuTable ??= this.products().then((products) => new Map([...products].map(([id, p]) => [p.sku, { id, uomId: p.uomId }])));
    return this.skuTable;
  }

  warehouses(): Promise<WarehouseInfo[]> {
    this.warehouseTable ??= this.client
      .searchRead('stock.warehouse', { fields: ['code', 'name', 'view_location_id', 'lot_stock_id', 'int_type_id', 'company_id'], order: 'id asc' })
      .then((rows) =>
        rows.map((w) => ({
          id: w.id,
          code: text(w.code) ?? `WH${w.id}`,
          name: String(w.name),
          viewLocationId: many2oneId(w.view_location_id),
          lotStockId: many2oneId(w.lot_stock_id),
          internalTypeId: many2oneId(w.int_type_id),
          companyId: many2oneId(w.company_id),
        })),
      );
    return this.warehouseTable;
  }

  /**
   * Each warehouse's internal transfer type, by warehouse id: its int_type_id, else the first operation
   * type of code `internal` that belongs to it (archived ones included: Odoo archives the internal type
   * while storage locations are off, and a transfer may still use it).
   */
  internalTypes(): Promise<Map<number, number>> {
    this.internalTypeTable ??= (async () => {
      const warehouses = await this.warehouses();
      const result = new Map<number, number>();
      for (const w of warehouses) if (w.internalTypeId) result.set(w.id, w.internalTypeId);
      if (result.size < warehouses.length) {
        const types = await this.client.searchRead('stock.picking.type', {
          domain: [['code', '=', 'internal']],
          fields: ['warehouse_id'],
          order: 'id asc',
          context: { active_test: false },
        });
        for (const t of types) {
          const warehouseId = many2oneId(t.warehouse_id);
          if (warehouseId !== null && !result.has(warehouseId)) result.set(warehouseId, t.id);
        }
      }
      return result;
    })();
    return this.internalTypeTable;
  }

  /** The warehouse a location belongs to: the one whose view location is among its ancestors. */
  warehouseOfLocation(): Promise<Map<number, WarehouseInfo>> {
    this.locationWarehouse ??= (async () => {
      const warehouses = await this.warehouses();
      const byView = new Map(warehouses.filter((w) => w.viewLocationId).map((w) => [w.viewLocationId as number, w]));
      const parents = new Map<number, number | null>();
      for await (const page of pagesById(this.client, {
        model: 'stock.location',
        domain: [],
        fields: ['location_id'],
        pageSize: LOOKUP_PAGE,
        context: { active_test: false },
      })) {
        for (const l of page.records) parents.set(l.id, many2oneId(l.location_id));
      }
      const result = new Map<number, WarehouseInfo>();
      for (const id of parents.keys()) {
        let cursor: number | null | undefined = id;
        for (let depth = 0; cursor && depth < 32; depth++) {
          const warehouse = byView.get(cursor);
          if (warehouse) {
            result.set(id, warehouse);
            break;
          }
          cursor = parents.get(cursor);
        }
      }
      return result;
    })();
    return this.locationWarehouse;
  }

  warehouseOfPickingType(): Promise<Map<number, WarehouseInfo>> {
    this.pickingTypeWarehouse ??= (async () => {
      const warehouses = new Map((await this.warehouses()).map((w) => [w.id, w]));
      const types = await this.client.searchRead('stock.picking.type', { fields: ['warehouse_id'], context: { active_test: false } });
      const result = new Map<number, WarehouseInfo>();
      for (const t of types) {
        const warehouse = warehouses.get(many2oneId(t.warehouse_id) ?? -1);
        if (warehouse) result.set(t.id, warehouse);
      }
      return result;
    })();
    return this.pickingTypeWarehouse;
  }

  /** Partner codes (their reference, else P<id>) for the ids a page mentions; one read for the new ones. */
  async partnerCodes(ids: Iterable<number>): Promise<Map<number, { ref: string; name: string }>> {
    const missing = [...new Set(ids)].filter((id) => !this.partners.has(id));
    if (missing.length) {
      const rows: OdooRecord[] = await this.client.read('res.partner', missing, ['ref', 'name']);
      for (const r of rows) this.partners.set(r.id, { ref: text(r.ref) ?? `P${r.id}`, name: String(r.name ?? '') });
    }
    return this.partners;
  }

  /** The company as canonical records carry it: its id in a multi-company setup, else null. */
  companyCode(value: unknown): string | null {
    const id = many2oneId(value);
    return this.multiCompany && id !== null ? String(id) : null;
  }
}
