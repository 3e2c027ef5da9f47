import type { DatasetWriter } from './writer';
import { FAMILIES, WAREHOUSES } from './names';

export interface WarehouseData {
  id: number;
  code: string;
  name: string;
  companyId: number;
  viewLocationId: number;
  stockLocationId: number;
  shelfLocationIds: number[];
  inTypeId: number;
  outTypeId: number;
  intTypeId: number;
}

export interface BaseData {
  companyIds: number[];
  currency: { EUR: number; USD: number };
  users: { root: number; admin: number; integration: number };
  uom: { unit: number; dozen: number; kg: number; g: number; litre: number; meter: number };
  categoryAll: number;
  families: Array<{ code: string; name: string; categoryIds: number[] }>;
  locations: { suppliers: number; customers: number; inventory: number };
  warehouses: WarehouseData[];
}

export interface BaseOptions {
  adminLogin: string;
  warehouses: number;
  /** Epoch seconds at which the master data was "installed". */
  installedAt: number;
}

/** Companies, users, units, categories, locations, warehouses and operation types, with Odoo's standard xml ids. */
export function generateBase(w: DatasetWriter, options: BaseOptions): BaseData {
  const t = options.installedAt;
  const profile = w.db.profile;
  const xmlids: Array<[string, string, string, number]> = [];
  const xmlid = (module: string, name: string, model: string, id: number): void => void xmlids.push([module, name, model, id]);

  const eur = w.insert('res.currency', { name: 'EUR', symbol: '€', rate: 1, rounding: 0.01, active: true }, t).id;
  const usd = w.insert('res.currency', { name: 'USD', symbol: '$', rate: 1.08, rounding: 0.01, active: true }, t).id;
  xmlid('base', 'EUR', 'res.currency', eur);
  xmlid('base', 'USD', 'res.currency', usd);

  // Partners first (companies and users need one); ids follow Odoo's usual 1 = main company, 2/3 = users.
  const mainPartner = w.insert(
    'res.partner',
    {
      name: 'Sandbox Distribution',
      is_company: true,
      city: 'Brussels',
      street: 'Rue de la Loi 1',
      zip: '1000',
      vat: 'BE0477472701',
      lang: 'en_US',
      type: 'contact',
      active: true,
    },
    t,
  );
  const rootPartner = w.insert('res.partner', { name: 'OdooBot', lang: 'en_US', type: 'contact', active: false }, t);
  const adminPartner = w.insert('res.partner', { name: 'Mitchell Admin', email: 'admin@sandbox.example', lang: 'en_US', type: 'contact', active: true }, t);
  const botPartner = w.insert(
    'res.partner',
    { name: 'Planbridge Integration', email: 'integration@sandbox.example', lang: 'en_US', type: 'contact', active: true },
    t,
  );
  const secondPartner = w.insert(
    'res.partner',
    { name: 'Sandbox Distribution Benelux', is_company: true, city: 'Liège', lang: 'en_US', type: 'contact', active: true },
    t,
  );
  const main = w.insert('res.company', { name: 'Sandbox Distribution', partner_id: mainPartner.id, currency_id: eur, sequence: 0, active: true }, t).id;
  const second = w.insert(
    'res.company',
    { name: 'Sandbox Distribution Benelux', partner_id: secondPartner.id, currency_id: eur, sequence: 10, active: true },
    t,
  ).id;
  xmlid('base', 'main_company', 'res.company', main);
  xmlid('base', 'main_partner', 'res.partner', mainPartner.id);

  const user = (login: string, partner: number, active: boolean) =>
    w.insert(
      'res.users',
      { login, partner_id: partner, company_id: main, company_ids: [main, second], lang: 'en_US', tz: 'Europe/Brussels', share: false, active },
      t,
    ).id;
  const root = user('__system__', rootPartner.id, false);
  const admin = user(options.adminLogin, adminPartner.id, true);
  const integration = user('integration', botPartner.id, true);
  xmlid('base', 'user_root', 'res.users', root);
  xmlid('base', 'user_admin', 'res.users', admin);
  xmlid('base', 'partner_admin', 'res.partner', adminPartner.id);

  const uom = generateUoms(w, t, xmlid);

  const all = w.insert('product.category', { name: 'All' }, t).id;
  xmlid('product', profile.version >= 19 ? 'product_category_goods' : 'product_category_all', 'product.category', all);
  const families = FAMILIES.map((f) => {
    const parent = w.insert('product.category', { name: f.name, parent_id: all }, t).id;
    return { code: f.code, name: f.name, categoryIds: f.subs.map((s) => w.insert('product.category', { name: s, parent_id: parent }, t).id) };
  });

  const view = (name: string, parent: number | false = false) => w.insert('stock.location', { name, usage: 'view', location_id: parent, active: true }, t).id;
  const physical = view('Physical Locations');
  const partners = view('Partners');
  const virtual = view('Virtual Locations');
  const suppliers = w.insert('stock.location', { name: 'Vendors', usage: 'supplier', location_id: partners, active: true }, t).id;
  const customers = w.insert('stock.location', { name: 'Customers', usage: 'customer', location_id: partners, active: true }, t).id;
  const inventory = w.insert('stock.location', { name: 'Inventory adjustment', usage: 'inventory', location_id: virtual, active: true }, t).id;
  xmlid('stock', 'stock_location_locations', 'stock.location', physical);
  xmlid('stock', 'stock_location_suppliers', 'stock.location', suppliers);
  xmlid('stock', 'stock_location_customers', 'stock.location', customers);
  xmlid('stock', 'stock_location_inventory', 'stock.location', inventory);

  const warehouses: WarehouseData[] = [];
  WAREHOUSES.slice(0, options.warehouses).forEach((spec, i) => {
    // From four warehouses on, the last one belongs to the second company (multi-company tests).
    const companyId = options.warehouses >= 4 && i === options.warehouses - 1 ? second : main;
    const viewId = w.insert('stock.location', { name: spec.code, usage: 'view', location_id: physical, company_id: companyId, active: true }, t).id;
    const stockId = w.insert('stock.location', { name: 'Stock', usage: 'internal', location_id: viewId, company_id: companyId, active: true }, t).id;
    const shelves = [1, 2].map(
      (n) => w.insert('stock.location', { name: `Shelf ${n}`, usage: 'internal', location_id: stockId, company_id: companyId, active: true }, t).id,
    );
    const wh = w.insert(
      'stock.warehouse',
      { name: spec.name, code: spec.code, company_id: companyId, view_location_id: viewId, lot_stock_id: stockId, sequence: 10 + i, active: true },
      t,
    );
    for (const loc of [viewId, stockId, ...shelves]) w.db.store('stock.location').update(w.db.store('stock.location').get(loc)!, { warehouse_id: wh.id });
    const type = (name: string, code: string, seq: string, src: number | false, dest: number | false) =>
      w.insert(
        'stock.picking.type',
        {
          name,
          code,
          sequence_code: seq,
          warehouse_id: wh.id,
          default_location_src_id: src,
          default_location_dest_id: dest,
          company_id: companyId,
          active: true,
        },
        t,
      ).id;
    const inTypeId = type('Receipts', 'incoming', 'IN', suppliers, stockId);
    const outTypeId = type('Delivery Orders', 'outgoing', 'OUT', stockId, customers);
    const intTypeId = type('Internal Transfers', 'internal', 'INT', stockId, stockId);
    w.db.store('stock.warehouse').update(wh, { in_type_id: inTypeId, out_type_id: outTypeId, int_type_id: intTypeId });
    if (i === 0) {
      xmlid('stock', 'warehouse0', 'stock.warehouse', wh.id);
      xmlid('stock', 'stock_location_stock', 'stock.location', stockId);
      xmlid('stock', 'picking_type_in', 'stock.picking.type', inTypeId);
      xmlid('stock', 'picking_type_out', 'stock.picking.type', outTypeId);
    }
    warehouses.push({
      id: wh.id,
      code: spec.code,
      name: spec.name,
      companyId,
      viewLocationId: viewId,
      stockLocationId: stockId,
      shelfLocationIds: shelves,
      inTypeId,
      outTypeId,
      intTypeId,
    });
  });

  for (const [module, name, model, id] of xmlids) w.insert('ir.model.data', { module, name, model, res_id: id, noupdate: true }, t);
  return {
    companyIds: [main, second],
    currency: { EUR: eur, USD: usd },
    users: { root, admin, integration },
    uom,
    categoryAll: all,
    families,
    locations: { suppliers, customers, inventory },
    warehouses,
  };
}

/** 16-18: categories with a reference unit per category; 19+: units related to a reference unit by relative_factor. */
function generateUoms(w: DatasetWriter, t: number, xmlid: (m: string, n: string, model: string, id: number) => void): BaseData['uom'] {
  const legacy = w.db.profile.uomCategory;
  const categories: Record<string, number> = {};
  if (legacy) {
    for (const name of ['Unit', 'Weight', 'Volume', 'Length / Distance']) categories[name] = w.insert('uom.category', { name }, t).id;
    xmlid('uom', 'product_uom_categ_unit', 'uom.category', categories.Unit);
    xmlid('uom', 'product_uom_categ_kgm', 'uom.category', categories.Weight);
  }
  const unit = (name: string, category: string, ratio: number, reference: number | false, rounding: number) => {
    const vals: Record<string, unknown> = { name, rounding, active: true };
    if (legacy) {
      Object.assign(vals, { category_id: categories[category], factor: 1 / ratio, uom_type: ratio === 1 ? 'reference' : ratio > 1 ? 'bigger' : 'smaller' });
    } else {
      Object.assign(vals, { relative_uom_id: reference, relative_factor: ratio, factor: 1 / ratio });
    }
    return w.insert('uom.uom', vals, t).id;
  };
  const units = unit('Units', 'Unit', 1, false, 0.01);
  const dozen = unit('Dozens', 'Unit', 12, units, 0.01);
  const kg = unit('kg', 'Weight', 1, false, 0.01);
  const g = unit('g', 'Weight', 0.001, kg, 0.01);
  const litre = unit('L', 'Volume', 1, false, 0.01);
  const meter = unit('m', 'Length / Distance', 1, false, 0.01);
  xmlid('uom', 'product_uom_unit', 'uom.uom', units);
  xmlid('uom', 'product_uom_dozen', 'uom.uom', dozen);
  xmlid('uom', 'product_uom_kgm', 'uom.uom', kg);
  xmlid('uom', 'product_uom_gram', 'uom.uom', g);
  xmlid('uom', 'product_uom_litre', 'uom.uom', litre);
  xmlid('uom', 'product_uom_meter', 'uom.uom', meter);
  return { unit: units, dozen, kg, g, litre, meter };
}
