import { Database } from '../../../../sandbox/odoo/orm/database';
import {
  active,
  boolean,
  char,
  date,
  datetime,
  defineModel,
  float,
  integer,
  many2many,
  many2one,
  one2many,
  selection,
} from '../../../../sandbox/odoo/orm/fields';
import { searchRecords } from '../../../../sandbox/odoo/orm/search';
import { Transaction } from '../../../../sandbox/odoo/orm/transaction';
import type { Context, Env } from '../../../../sandbox/odoo/orm/types';
import { createRecords } from '../../../../sandbox/odoo/orm/write';
import { VERSION_PROFILES } from '../../../../sandbox/odoo/versions';

function models() {
  return [
    defineModel({
      name: 'x.owner',
      description: 'Owner',
      fields: { name: char('Name'), code: char('Code'), item_ids: one2many('x.item', 'owner_id', 'Items') },
    }),
    defineModel({ name: 'x.tag', description: 'Tag', fields: { name: char('Name') } }),
    defineModel({
      name: 'x.item',
      description: 'Item',
      fields: {
        name: char('Name'),
        qty: integer('Quantity'),
        price: float('Price'),
        flag: boolean('Flag'),
        day: date('Day'),
        at: datetime('At'),
        state: selection(
          [
            ['a', 'A'],
            ['b', 'B'],
          ],
          'State',
        ),
        tag_ids: many2many('x.tag', 'Tags'),
        owner_id: many2one('x.owner', 'Owner'),
        parent_id: many2one('x.item', 'Parent'),
        child_ids: one2many('x.item', 'parent_id', 'Children'),
        active: active(),
      },
      parentField: 'parent_id',
    }),
  ];
}

function setup(version: 16 | 17) {
  const db = new Database('t', VERSION_PROFILES[version], models(), { now: () => new Date('2024-06-01T00:00:00Z') });
  const env = (context: Context = {}): Env => ({
    db,
    uid: 1,
    groups: [],
    context,
    su: true,
    companyIds: [1],
    companyId: 1,
    tx: new Transaction('2024-06-01 00:00:00'),
    names: new Map(),
    memo: new Map(),
  });
  const e = env();
  createRecords(e, db.model('x.owner'), [
    { name: 'Acme', code: 'AC' },
    { name: 'Beta', code: 'BE' },
  ]);
  createRecords(e, db.model('x.tag'), [{ name: 'red' }, { name: 'blue' }]);
  createRecords(e, db.model('x.item'), [
    { name: 'Alpha', qty: 5, price: 1.5, flag: true, day: '2024-01-10', at: '2024-01-10 08:00:00', state: 'a', tag_ids: [[6, 0, [1]]], owner_id: 1 },
    {
      name: 'beta',
      qty: 10,
      price: 2.5,
      flag: false,
      day: '2024-02-10',
      at: '2024-02-10 12:30:00',
      state: 'b',
      tag_ids: [[6, 0, [1, 2]]],
      owner_id: 2,
      parent_id: 1,
    },
    { name: 'Gamma_x', parent_id: 2 },
    { qty: 20, flag: true, state: 'a', owner_id: 1, parent_id: 1 },
    { name: 'Delta%', qty: 7, owner_id: 2, active: false },
  ]);
  const search = (domain: unknown, context: Context = {}, order?: string) =>
    searchRecords(env(context), db.model('x.item'), domain, { order }).map((r) => r.id);
  return { db, env, search };
}

describe('sandbox domain evaluation', () => {
  const { search } = setup(17);

  it.each<[string, unknown[], number[]]>([
    ['= on integer', [['qty', '=', 5]], [1]],
    ['!= keeps NULLs, as Odoo adds OR IS NULL', [['qty', '!=', 5]], [2, 3, 4]],
    ['>', [['qty', '>', 5]], [2, 4]],
    ['>=', [['qty', '>=', 10]], [2, 4]],
    ['< never matches NULL', [['qty', '<', 10]], [1]],
    ['<=', [['qty', '<=', 5]], [1]],
    ['=? with False is always true', [['name', '=?', false]], [1, 2, 3, 4]],
    ['=? with a value is =', [['name', '=?', 'Alpha']], [1]],
    ['like is case-sensitive and wraps in %', [['name', 'like', 'lph']], [1]],
    ['like does not fold case', [['name', 'like', 'alpha']], []],
    ['like keeps % typed by the client as a wildcard', [['name', 'like', 'G%x']], [3]],
    ['not like includes NULLs', [['name', 'not like', 'a']], [4]],
    ['ilike', [['name', 'ilike', 'ALPHA']], [1]],
    ['not ilike', [['name', 'not ilike', 'ALP']], [2, 3, 4]],
    ['=like treats _ as one character', [['name', '=like', 'Gamma_x']], [3]],
    ['=like is case-sensitive', [['name', '=like', 'gamma%']], []],
    ['=ilike', [['name', '=ilike', 'gamma%']], [3]],
    ['in', [['qty', 'in', [5, 20]]], [1, 4]],
    ['in with False matches NULL', [['state', 'in', ['a', false]]], [1, 3, 4]],
    ['not in keeps NULLs', [['state', 'not in', ['a']]], [2, 3]],
    ['child_of on id', [['id', 'child_of', 1]], [1, 2, 3, 4]],
    ['child_of on a many2one', [['parent_id', 'child_of', 2]], [3]],
    ['parent_of', [['id', 'parent_of', 3]], [1, 2, 3]],
    ['any on many2one', [['owner_id', 'any', [['code', '=', 'BE']]]], [2]],
    ['not any on many2one includes empty links', [['owner_id', 'not any', [['code', '=', 'BE']]]], [1, 3, 4]],
    ['any on many2many', [['tag_ids', 'any', [['name', '=', 'blue']]]], [2]],
    ['any on one2many', [['child_ids', 'any', [['qty', '>', 15]]]], [1]],
    ['dotted path through many2one', [['owner_id.code', '=', 'AC']], [1, 4]],
    ['dotted path through many2many', [['tag_ids.name', '=', 'red']], [1, 2]],
    ['negative operator on an x2many path means none matches', [['tag_ids.name', '!=', 'red']], [3, 4]],
    ['| prefix', ['|', ['qty', '=', 5], ['qty', '=', 10]], [1, 2]],
    ['! prefix', ['!', ['qty', '=', 5]], [2, 3, 4]],
    ['& prefix', ['&', ['flag', '=', true], ['state', '=', 'a']], [1, 4]],
    [
      'implicit AND',
      [
        ['flag', '=', true],
        ['qty', '>', 10],
      ],
      [4],
    ],
    ['nested prefix', ['|', '&', ['flag', '=', true], ['qty', '=', 5], ['state', '=', 'b']], [1, 2]],
    ['boolean = False matches false and NULL', [['flag', '=', false]], [2, 3]],
    ['boolean != True', [['flag', '!=', true]], [2, 3]],
    ['date comparison', [['day', '>=', '2024-02-01']], [2]],
    ['datetime accepts ISO forms in domains (PostgreSQL casts them)', [['at', '>', '2024-01-10T08:00:00Z']], [2]],
    ['= False on datetime', [['at', '=', false]], [3, 4]],
    ['many2one by name with ilike', [['owner_id', 'ilike', 'acm']], [1, 4]],
    ['many2one by exact name', [['owner_id', '=', 'Beta']], [2]],
    ['many2one = False', [['owner_id', '=', false]], [3]],
    ['many2one in ids', [['owner_id', 'in', [2]]], [2]],
    ['x2many = False is empty', [['tag_ids', '=', false]], [3, 4]],
    ['one2many != False is not empty', [['child_ids', '!=', false]], [1, 2]],
    ['x2many = id contains', [['tag_ids', '=', 2]], [2]],
    ['TRUE leaf', [[1, '=', 1]], [1, 2, 3, 4]],
    ['FALSE leaf', [[0, '=', 1]], []],
    ['active_test hides archived records', [], [1, 2, 3, 4]],
    ['naming active disables active_test', [['active', '=', false]], [5]],
    ['active in [True, False] returns all', [['active', 'in', [true, false]]], [1, 2, 3, 4, 5]],
    ['operators are case-insensitive', [['name', 'ILIKE', 'alpha']], [1]],
  ])('%s', (_label, domain, expected) => {
    expect(search(domain)).toEqual(expected);
  });

  it('honours active_test=False in the context', () => {
    expect(search([], { active_test: false })).toEqual([1, 2, 3, 4, 5]);
  });

  it.each<[string, number[]]>([
    ['id', [1, 2, 3, 4]],
    ['id desc', [4, 3, 2, 1]],
    // PostgreSQL puts NULLs last ascending and first descending; Odoo databases use the C collation.
    ['name asc', [1, 3, 2, 4]],
    ['qty desc', [3, 4, 2, 1]],
    ['state asc, qty desc', [4, 1, 2, 3]],
    ['owner_id, id desc', [4, 1, 2, 3]],
    ['qty asc nulls first', [3, 1, 2, 4]],
  ])('orders by %s', (order, expected) => {
    expect(search([], {}, order)).toEqual(expected);
  });

  it.each<[string, unknown]>([
    ['an unknown operator', [['qty', 'between', 5]]],
    ['an unknown field', [['nope', '=', 1]]],
    ['a leaf of the wrong size', [['qty', '=']]],
    ['a missing operand', ['|', ['qty', '=', 1]]],
    ['any on a scalar field', [['qty', 'any', []]]],
  ])('rejects %s with a ValueError', (_label, domain) => {
    expect(() => search(domain)).toThrow(expect.objectContaining({ pyName: 'builtins.ValueError' }));
  });

  it('rejects an invalid order', () => {
    expect(() => search([], {}, 'qty sideways')).toThrow(/Invalid "order"/);
  });
});

describe('sandbox domain evaluation on Odoo 16', () => {
  it('has no any / not any operator (introduced in 17)', () => {
    const { search } = setup(16);
    expect(() => search([['owner_id', 'any', [['code', '=', 'AC']]]])).toThrow(expect.objectContaining({ pyName: 'builtins.ValueError' }));
    expect(search([['owner_id.code', '=', 'AC']])).toEqual([1, 4]);
  });
});
