import { pyRepr } from '../datetime';
import { valueError } from '../errors';
import { childIds } from './names';
import type { Env, FieldDef, ModelDef, Rec } from './types';
import { applyUpdate, browseExisting, createRecords, unlinkRecords, writeRecords } from './write';

type Command = [number, number, unknown];

/**
 * x2many write commands as triples (RPC cannot send Command objects):
 * 0 create, 1 update, 2 delete, 3 unlink, 4 link, 5 clear, 6 set. A bare id list means "set".
 */
export function normalizeCommands(def: ModelDef, field: FieldDef, value: unknown): Command[] {
  if (value === false || value === null || value === undefined) return [[5, 0, 0]];
  if (!Array.isArray(value)) throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
  if (value.length > 0 && value.every((v) => typeof v === 'number')) return [[6, 0, value]];
  return value.map((item): Command => {
    if (typeof item === 'number') return [4, item, 0];
    if (item && typeof item === 'object' && !Array.isArray(item)) return [0, 0, item];
    if (!Array.isArray(item) || typeof item[0] !== 'number' || item[0] < 0 || item[0] > 6) {
      throw valueError(`Wrong value for ${def.name}.${field.name}: ${pyRepr(value)}`);
    }
    return [item[0], typeof item[1] === 'number' ? item[1] : 0, item[2]];
  });
}

export function applyX2many(env: Env, def: ModelDef, rec: Rec, field: FieldDef, value: unknown): void {
  const comodel = env.db.model(field.comodel as string);
  const commands = normalizeCommands(def, field, value);
  if (field.type === 'one2many') applyOne2many(env, comodel, rec, field, commands);
  else applyMany2many(env, def, comodel, rec, field, commands);
}

function applyOne2many(env: Env, comodel: ModelDef, rec: Rec, field: FieldDef, commands: Command[]): void {
  const inverse = field.inverse as string;
  const cascade = comodel.fields[inverse]?.ondelete === 'cascade';
  // Command.unlink on a one2many deletes the line when the inverse cascades, else empties the inverse.
  const detach = (ids: number[]): void => {
    const recs = browseExisting(env, comodel, ids);
    if (cascade) unlinkRecords(env, comodel, recs);
    else writeRecords(env, comodel, recs, { [inverse]: false });
  };
  for (const [code, id, payload] of commands) {
    switch (code) {
      case 0:
        createRecords(env, comodel, [{ ...(payload as Record<string, unknown>), [inverse]: rec.id }]);
        break;
      case 1:
        writeRecords(env, comodel, browseExisting(env, comodel, [id]), payload);
        break;
      case 2:
        unlinkRecords(env, comodel, browseExisting(env, comodel, [id]));
        break;
      case 3:
        detach([id]);
        break;
      case 4:
        writeRecords(env, comodel, browseExisting(env, comodel, [id]), { [inverse]: rec.id });
        break;
      case 5:
        detach(childIds(env, comodel.name, inverse, rec.id));
        break;
      case 6: {
        const wanted = new Set(Array.isArray(payload) ? (payload as number[]) : []);
        const current = childIds(env, comodel.name, inverse, rec.id);
        const gone = current.filter((c) => !wanted.has(c));
        if (gone.length) detach(gone);
        const added = [...wanted].filter((w) => !current.includes(w));
        if (added.length) writeRecords(env, comodel, browseExisting(env, comodel, added), { [inverse]: rec.id });
        break;
      }
    }
  }
}

function applyMany2many(env: Env, def: ModelDef, comodel: ModelDef, rec: Rec, field: FieldDef, commands: Command[]): void {
  let ids = ((rec[field.name] as number[] | undefined) ?? []).slice();
  for (const [code, id, payload] of commands) {
    switch (code) {
      case 0:
        ids.push(createRecords(env, comodel, [payload])[0].id);
        break;
      case 1:
        writeRecords(env, comodel, browseExisting(env, comodel, [id]), payload);
        break;
      case 2:
        unlinkRecords(env, comodel, browseExisting(env, comodel, [id]));
        ids = ids.filter((x) => x !== id);
        break;
      case 3:
        ids = ids.filter((x) => x !== id);
        break;
      case 4:
        browseExisting(env, comodel, [id]);
        if (!ids.includes(id)) ids.push(id);
        break;
      case 5:
        ids = [];
        break;
      case 6:
        ids = [...new Set(Array.isArray(payload) ? (payload as number[]) : [])];
        browseExisting(env, comodel, ids);
        break;
    }
  }
  applyUpdate(env, def, rec, { [field.name]: ids });
}
