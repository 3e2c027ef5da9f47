import { InputError } from '../../lib/errors';
import type { OdooClient } from '../client/odoo-client';
import { xmlidName, type WriteOptions, type WriteResult, type WriteRow } from './plan';

/**
 * Writes rows to one model with as few calls as the operation allows: one create per page, one
 * unlink per page, one write per existing record (Odoo writes one set of values per call). Upsert
 * first looks up which rows exist (by a unique field, or by external id in ir.model.data), so a
 * repeated page updates instead of creating twice.
 */
export async function executeWrite(client: OdooClient, model: string, rows: WriteRow[], options: WriteOptions): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const created = async (toCreate: WriteRow[]): Promise<number[]> =>
    toCreate.length
      ? client.create(
          model,
          toCreate.map((r) => r.vals),
        )
      : [];

  if (options.operation === 'create') {
    const ids = await created(rows);
    rows.forEach((row, i) => results.push({ index: row.index, key: row.key, id: ids[i] ?? null, action: 'created' }));
    return results;
  }
  if (options.operation === 'unlink') {
    await client.unlink(
      model,
      rows.map((r) => r.id as number),
    );
    return rows.map((row) => ({ index: row.index, key: row.key, id: row.id, action: 'deleted' }));
  }
  if (options.operation === 'write') {
    for (const row of rows) await client.write(model, [row.id as number], row.vals);
    return rows.map((row) => ({ index: row.index, key: row.key, id: row.id, action: 'updated' }));
  }

  const existing = new Map<number, number>(); // row position -> Odoo id
  if (options.upsertBy === 'field') {
    const values = [...new Set(rows.map((r) => r.vals[options.matchField]))];
    const found = await client.searchRead(model, {
      domain: [[options.matchField, 'in', values]],
      fields: [options.matchField],
      context: { active_test: false },
    });
    const byValue = new Map<unknown, number[]>();
    for (const record of found) byValue.set(record[options.matchField], [...(byValue.get(record[options.matchField]) ?? []), record.id]);
    rows.forEach((row, i) => {
      const ids = byValue.get(row.vals[options.matchField]) ?? [];
      if (ids.length > 1)
        throw new InputError(
          `${ids.length} ${model} records share ${options.matchField} = ${String(row.vals[options.matchField])}; upsert needs a unique field`,
          'ODOO_UPSERT_AMBIGUOUS',
          { index: row.index },
        );
      if (ids.length === 1) existing.set(i, ids[0]);
    });
  } else {
    const names = rows.map((r) => {
      if (!r.key) throw new InputError(`Record ${r.index} has no key for its external id`, 'KEY_MISSING', { index: r.index });
      return xmlidName(r.key);
    });
    const found = await client.searchRead('ir.model.data', {
      domain: [
        ['module', '=', options.xmlidModule],
        ['model', '=', model],
        ['name', 'in', names],
      ],
      fields: ['name', 'res_id'],
    });
    const byName = new Map(found.map((x) => [String(x.name), Number(x.res_id)]));
    names.forEach((name, i) => {
      const id = byName.get(name);
      if (id) existing.set(i, id);
    });
  }

  for (const [i, id] of existing) await client.write(model, [id], rows[i].vals);
  const fresh = rows.filter((_, i) => !existing.has(i));
  const ids = await created(fresh);
  if (options.upsertBy === 'xmlid' && fresh.length) {
    await client.create(
      'ir.model.data',
      fresh.map((row, i) => ({ module: options.xmlidModule, name: xmlidName(row.key as string), model, res_id: ids[i], noupdate: true })),
    );
  }
  const createdId = new Map(fresh.map((row, i) => [row.index, ids[i]]));
  rows.forEach((row, i) => {
    const id = existing.get(i);
    results.push(
      id !== undefined
        ? { index: row.index, key: row.key, id, action: 'updated' }
        : { index: row.index, key: row.key, id: createdId.get(row.index) ?? null, action: 'created' },
    );
  });
  return results;
}
