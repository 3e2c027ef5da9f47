import { active, boolean, char, companyId, computed, date, defineModel, float, integer, many2one, one2many, related, selection } from '../orm/fields';
import { childIds } from '../orm/names';
import type { Env, ModelDef, Rec } from '../orm/types';
import { createRecords } from '../orm/write';
import type { VersionProfile } from '../versions';
import { productQuantities } from './stock-quantities';

const TYPE_LABELS: Record<string, string> = { consu: 'Consumable', service: 'Service', product: 'Storable Product', combo: 'Combo' };

/** Template fields that a product.product shows through _inherits and writes through to its template. */
function templateFields(profile: VersionProfile) {
  const types = profile.product.typeValues.map((v) => [v, profile.product.isStorable && v === 'consu' ? 'Goods' : TYPE_LABELS[v]] as const);
  return {
    name: char('Name', { required: true }),
    type: selection(types, 'Product Type', { default: 'consu', required: true }),
    detailed_type: profile.product.detailedType && selection(types, 'Product Type', { default: 'consu', required: true }),
    is_storable: profile.product.isStorable && boolean('Track Inventory'),
    categ_id: many2one('product.category', 'Product Category', { required: true }),
    uom_id: many2one('uom.uom', 'Unit', { required: true }),
    uom_po_id: profile.product.uomPo && many2one('uom.uom', 'Purchase Unit', { required: true }),
    list_price: float('Sales Price', { default: 1, aggregator: undefined }),
    standard_price: float('Cost', { aggregator: undefined }),
    sale_ok: boolean('Can be Sold', { default: true }),
    purchase_ok: boolean('Can be Purchased', { default: true }),
    weight: float('Weight', { aggregator: undefined }),
    volume: float('Volume', { aggregator: undefined }),
    description_purchase: char('Purchase Description'),
  };
}

function quantityFields() {
  const qty = (label: string, pick: (q: ReturnType<typeof productQuantities>) => number, searchable = false) =>
    computed(float(label, { aggregator: undefined }), (rec: Rec, env: Env) => pick(productQuantities(env, productIdOf(env, rec))), { searchable });
  return {
    qty_available: qty('Quantity On Hand', (q) => q.onHand, true),
    virtual_available: qty('Forecasted Quantity', (q) => q.onHand + q.incoming - q.outgoing, true),
    free_qty: qty('Free To Use Quantity', (q) => q.onHand - q.reserved),
    incoming_qty: qty('Incoming', (q) => q.incoming),
    outgoing_qty: qty('Outgoing', (q) => q.outgoing),
  };
}

/** Quantities live on the variant; a template (one variant in the sandbox) reports its first variant's. */
function productIdOf(env: Env, rec: Rec): number {
  if ('product_tmpl_id' in rec) return rec.id;
  return childIds(env, 'product.product', 'product_tmpl_id', rec.id)[0] ?? 0;
}

function firstVariant(env: Env, tmplId: number): Rec | undefined {
  const id = env.db.store('product.product').index('product_tmpl_id').get(tmplId)?.[0];
  return id === undefined ? undefined : env.db.store('product.product').get(id);
}

function codeAndName(code: unknown, name: unknown): string {
  return code ? `[${code as string}] ${(name as string) || ''}` : (name as string) || '';
}

export function productModels(profile: VersionProfile): ModelDef[] {
  const tmplFields = templateFields(profile);
  const variantRelated = Object.fromEntries(
    Object.entries(tmplFields).map(([name, spec]) => [name, spec && related(`product_tmpl_id.${name}`, spec, { readonly: false, required: false })]),
  );
  return [
    defineModel({
      name: 'product.category',
      description: 'Product Category',
      fields: {
        name: char('Name', { required: true }),
        complete_name: char('Complete Name'),
        parent_id: many2one('product.category', 'Parent Category', { index: true, ondelete: 'cascade' }),
        child_id: one2many('product.category', 'parent_id', 'Child Categories'),
      },
      parentField: 'parent_id',
      displayName: (rec) => rec.complete_name as string,
      hooks: {
        recompute: (rec, env) => {
          const parent = typeof rec.parent_id === 'number' ? env.db.store('product.category').get(rec.parent_id) : undefined;
          return { complete_name: parent ? `${parent.complete_name as string} / ${rec.name as string}` : rec.name };
        },
      },
    }),
    defineModel({
      name: 'product.template',
      description: 'Product',
      fields: {
        ...tmplFields,
        default_code: computed(char('Internal Reference'), (rec, env) => firstVariant(env, rec.id)?.default_code ?? false, { searchable: true }),
        barcode: computed(char('Barcode'), (rec, env) => firstVariant(env, rec.id)?.barcode ?? false, { searchable: true }),
        seller_ids: one2many('product.supplierinfo', 'product_tmpl_id', 'Vendors'),
        product_variant_ids: one2many('product.product', 'product_tmpl_id', 'Products'),
        product_variant_id: computed(many2one('product.product', 'Product'), (rec, env) => firstVariant(env, rec.id)?.id ?? false),
        company_id: companyId({ default: false }),
        active: active(),
        ...quantityFields(),
      },
      displayName: (rec, env) => codeAndName(firstVariant(env, rec.id)?.default_code, rec.name),
      hooks: {
        prepareCreate: (vals) => {
          // 16-17: type is computed from detailed_type; keep the two in step when a client sends only one.
          if (profile.product.detailedType && vals.type && !vals.detailed_type) vals.detailed_type = vals.type;
          if (profile.product.detailedType && vals.detailed_type && !vals.type) vals.type = vals.detailed_type;
          if (profile.product.uomPo && vals.uom_id && !vals.uom_po_id) vals.uom_po_id = vals.uom_id;
        },
        afterCreate: (rec, env, vals) => {
          // Odoo creates the variant of a template without attributes; product.product passes this flag to avoid a second one.
          if (env.context.create_product_product === false) return;
          createRecords({ ...env, su: true }, env.db.model('product.product'), [
            { product_tmpl_id: rec.id, default_code: vals.default_code ?? false, barcode: vals.barcode ?? false },
          ]);
        },
      },
    }),
    defineModel({
      name: 'product.product',
      description: 'Product Variant',
      fields: {
        product_tmpl_id: many2one('product.template', 'Product Template', { required: true, ondelete: 'cascade', index: true }),
        default_code: char('Internal Reference'),
        barcode: char('Barcode'),
        active: active(),
        ...variantRelated,
        seller_ids: related('product_tmpl_id.seller_ids', one2many('product.supplierinfo', 'product_tmpl_id', 'Vendors')),
        company_id: related('product_tmpl_id.company_id', many2one('res.company', 'Company')),
        ...quantityFields(),
      },
      recName: 'name',
      displayName: (rec, env) => {
        const tmpl = env.db.store('product.template').get(rec.product_tmpl_id as number);
        return codeAndName(rec.default_code, tmpl?.name);
      },
      hooks: {
        prepareCreate: (vals, env) => {
          if (vals.product_tmpl_id) return;
          const tmplVals: Record<string, unknown> = {};
          for (const name of Object.keys(tmplFields)) {
            if (name in vals) {
              tmplVals[name] = vals[name];
              delete vals[name];
            }
          }
          const ctx = { ...env.context, create_product_product: false };
          vals.product_tmpl_id = createRecords({ ...env, su: true, context: ctx }, env.db.model('product.template'), [tmplVals])[0].id;
        },
      },
    }),
    defineModel({
      name: 'product.supplierinfo',
      description: 'Supplier Pricelist',
      fields: {
        partner_id: many2one('res.partner', 'Vendor', { required: true, ondelete: 'cascade', index: true }),
        product_name: char('Vendor Product Name'),
        product_code: char('Vendor Product Code'),
        sequence: integer('Sequence', { default: 1 }),
        min_qty: float('Quantity', { aggregator: undefined }),
        price: float('Price', { aggregator: undefined }),
        discount: profile.supplierinfo.discount && float('Discount (%)', { aggregator: undefined }),
        currency_id: many2one('res.currency', 'Currency', { required: true, default: (env: Env) => companyCurrency(env) }),
        company_id: companyId(),
        date_start: date('Start Date'),
        date_end: date('End Date'),
        delay: integer('Delivery Lead Time', { default: 1 }),
        product_tmpl_id: many2one('product.template', 'Product Template', { ondelete: 'cascade', index: true, required: profile.supplierinfo.productUom }),
        product_id: many2one('product.product', 'Product Variant'),
        product_uom_id: profile.supplierinfo.productUom && many2one('uom.uom', 'Unit', { required: true }),
        // Sandbox-only custom field (Studio-style x_ prefix): the vendor's pack size, orders should be multiples of it.
        x_pack_size: float('Pack Size (sandbox)', { default: 1, aggregator: undefined }),
      },
      recName: null,
      displayName: (rec, env) => {
        const partner = env.db.store('res.partner').get(rec.partner_id as number);
        return (partner?.name as string) ?? '';
      },
      hooks: {
        prepareCreate: (vals, env) => {
          if (profile.supplierinfo.productUom && !vals.product_uom_id) {
            const tmpl = typeof vals.product_tmpl_id === 'number' ? env.db.store('product.template').get(vals.product_tmpl_id) : undefined;
            vals.product_uom_id = tmpl?.uom_id ?? false;
          }
        },
      },
    }),
  ];
}

export function companyCurrency(env: Env): number | false {
  const company = env.db.store('res.company').get(env.companyId);
  return (company?.currency_id as number) ?? false;
}
