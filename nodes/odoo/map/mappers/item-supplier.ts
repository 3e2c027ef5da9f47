import type { ItemSupplier } from '../../../canonical/contracts';
import type { OdooMapper } from '../mapper';
import { convert } from '../uom';
import { date, many2one, many2oneId, text, utc } from '../values';

const PACK_SIZE_FIELD = 'x_pack_size';

/** A vendor line: quantities and price in the product's stock unit, converted from the purchase unit. */
export const itemSupplierMapper: OdooMapper = {
  contract: 'item_supplier@1',
  model: 'product.supplierinfo',
  fields: async (context) => {
    const fields = [
      'partner_id',
      'product_id',
      'product_tmpl_id',
      'min_qty',
      'price',
      'delay',
      'product_code',
      'currency_id',
      'date_start',
      'date_end',
      'sequence',
      'company_id',
      'write_date',
    ];
    if (context.profile.purchaseUom.model === 'product.supplierinfo') fields.push(context.profile.purchaseUom.field);
    // Odoo has no pack size on vendor lines; a custom field x_pack_size (Studio) is used when present.
    if ((await context.fieldsOf('product.supplierinfo')).has(PACK_SIZE_FIELD)) fields.push(PACK_SIZE_FIELD);
    return fields;
  },
  domain: () => [],
  async mapPage(records, context) {
    const [uoms, products] = [await context.uoms(), await context.products()];
    const variantOfTemplate = new Map<number, number>();
    for (const [id, p] of products) if (p.templateId !== null && !variantOfTemplate.has(p.templateId)) variantOfTemplate.set(p.templateId, id);
    const partners = await context.partnerCodes(records.map((r) => many2oneId(r.partner_id)).filter((id): id is number => id !== null));
    const out: ItemSupplier[] = [];
    for (const line of records) {
      const productId = many2oneId(line.product_id) ?? variantOfTemplate.get(many2oneId(line.product_tmpl_id) ?? -1);
      const product = productId !== undefined && productId !== null ? products.get(productId) : undefined;
      const partnerId = many2oneId(line.partner_id);
      if (!product || partnerId === null) continue;
      const stockUom = uoms.get(product.uomId ?? -1);
      const purchaseUomId =
        context.profile.purchaseUom.model === 'product.supplierinfo' ? many2oneId(line[context.profile.purchaseUom.field]) : product.purchaseUomId;
      const purchaseUom = uoms.get(purchaseUomId ?? -1) ?? stockUom;
      const perPurchaseUnit = convert(1, purchaseUom, stockUom);
      const packSize = typeof line[PACK_SIZE_FIELD] === 'number' && line[PACK_SIZE_FIELD] > 0 ? line[PACK_SIZE_FIELD] : perPurchaseUnit;
      const price = typeof line.price === 'number' ? line.price : 0;
      out.push({
        sku: product.sku,
        supplier: partners.get(partnerId)?.ref ?? `P${partnerId}`,
        supplier_name: partners.get(partnerId)?.name ?? many2one(line.partner_id)?.name ?? null,
        supplier_sku: text(line.product_code),
        // Odoo's delay is a required integer (default 1): 0 means nobody entered the real lead time.
        lead_time_days: typeof line.delay === 'number' && line.delay > 0 ? line.delay : null,
        lead_time_stddev_days: null,
        uom: stockUom?.code ?? 'EA',
        moq: convert(typeof line.min_qty === 'number' ? line.min_qty : 0, purchaseUom, stockUom),
        pack_size: packSize > 0 ? packSize : 1,
        purchase_uom: purchaseUom && stockUom && purchaseUom.id !== stockUom.id ? purchaseUom.code : null,
        purchase_uom_factor: purchaseUom && stockUom && purchaseUom.id !== stockUom.id ? perPurchaseUnit : null,
        unit_cost: perPurchaseUnit > 0 ? price / perPurchaseUnit : price,
        landed_cost: null,
        currency:
          many2one(line.currency_id)
            ?.name?.slice(0, 3)
            .toUpperCase()
            .match(/^[A-Z]{3}$/)?.[0] ?? 'EUR',
        preferred: line.sequence === 1 || line.sequence === 0,
        valid_from: date(line.date_start),
        valid_to: date(line.date_end),
        company: context.companyCode(line.company_id),
        source: { system: 'odoo', record_id: String(line.id) },
        updated_at: utc(line.write_date) ?? new Date().toISOString(),
      });
    }
    return out;
  },
};
