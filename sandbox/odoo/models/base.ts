import { active, boolean, char, companyId, defineModel, integer, many2many, many2one, one2many, selection, float } from '../orm/fields';
import { validationError } from '../errors';
import type { ModelDef, Rec } from '../orm/types';
import type { VersionProfile } from '../versions';

const PARTNER_TYPES = [
  ['contact', 'Contact'],
  ['invoice', 'Invoice Address'],
  ['delivery', 'Delivery Address'],
  ['other', 'Other Address'],
] as const;

export function baseModels(_profile: VersionProfile): ModelDef[] {
  return [
    defineModel({
      name: 'res.currency',
      description: 'Currency',
      fields: {
        name: char('Currency', { required: true }),
        symbol: char('Symbol'),
        rate: float('Current Rate', { aggregator: undefined }),
        rounding: float('Rounding Factor', { aggregator: undefined }),
        active: active(),
      },
    }),
    defineModel({
      name: 'res.company',
      description: 'Companies',
      fields: {
        name: char('Company Name', { required: true }),
        partner_id: many2one('res.partner', 'Partner', { required: true }),
        currency_id: many2one('res.currency', 'Currency', { required: true }),
        parent_id: many2one('res.company', 'Parent Company'),
        sequence: integer('Sequence', { default: 10 }),
        active: active(),
      },
      parentField: 'parent_id',
    }),
    defineModel({
      name: 'res.partner',
      description: 'Contact',
      fields: {
        name: char('Name'),
        complete_name: char('Complete Name'),
        ref: char('Reference'),
        vat: char('Tax ID'),
        email: char('Email'),
        phone: char('Phone'),
        street: char('Street'),
        zip: char('Zip'),
        city: char('City'),
        lang: char('Language', { default: 'en_US' }),
        type: selection(PARTNER_TYPES, 'Address Type', { default: 'contact' }),
        is_company: boolean('Is a Company'),
        parent_id: many2one('res.partner', 'Related Company', { index: true }),
        child_ids: one2many('res.partner', 'parent_id', 'Contact'),
        company_id: companyId({ default: false }),
        supplier_rank: integer('Supplier Rank'),
        customer_rank: integer('Customer Rank'),
        active: active(),
      },
      parentField: 'parent_id',
      displayName: (rec: Rec) => (rec.complete_name as string) || (rec.name as string) || '',
      hooks: {
        recompute: (rec, env) => {
          const parent = typeof rec.parent_id === 'number' ? env.db.store('res.partner').get(rec.parent_id) : undefined;
          const name = (rec.name as string) || '';
          return { complete_name: parent && !rec.is_company ? `${parent.name as string}, ${name}` : name };
        },
      },
    }),
    defineModel({
      name: 'res.users',
      description: 'User',
      fields: {
        name: char('Name', { related: 'partner_id.name', readonly: false }),
        login: char('Login', { required: true }),
        partner_id: many2one('res.partner', 'Related Partner', { required: true, ondelete: 'restrict' }),
        company_id: many2one('res.company', 'Company', { required: true }),
        company_ids: many2many('res.company', 'Companies'),
        lang: char('Language', { default: 'en_US' }),
        tz: char('Timezone', { default: 'Europe/Brussels' }),
        share: boolean('Share User'),
        active: active(),
      },
      companyRule: false,
      uniques: [{ fields: ['login'], message: 'You can not have two users with the same login!' }],
    }),
    defineModel({
      name: 'ir.model.data',
      description: 'Model Data',
      fields: {
        name: char('External Identifier', { required: true }),
        complete_name: char('Complete ID'),
        module: char('Module', { required: true, default: '' }),
        model: char('Model Name', { required: true }),
        res_id: integer('Record ID'),
        noupdate: boolean('Non Updatable'),
      },
      recName: 'complete_name',
      uniques: [{ fields: ['module', 'name'], message: 'You cannot have multiple records with the same external ID!' }],
      hooks: {
        recompute: (rec) => ({ complete_name: `${rec.module as string}.${rec.name as string}` }),
        prepareCreate: (vals) => {
          // SQL constraint name_nospaces: CHECK(name NOT LIKE '% %').
          if (typeof vals.name === 'string' && vals.name.includes(' ')) {
            throw validationError('External IDs cannot contain spaces');
          }
        },
      },
    }),
  ];
}
