import { pyRepr } from '../datetime';
import { indexError, typeError, unprocessableEntity, valueError } from '../errors';
import type { MethodSpec, ParamSpec } from './methods';
import type { Context } from './types';

export interface BoundArgs {
  ids: number[];
  args: Record<string, unknown>;
  extra: Record<string, unknown>;
  context: Context;
}

function toContext(value: unknown): Context {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Context) : {};
}

/** browse(): an id, a list of ids, or nothing. */
export function toIds(value: unknown): number[] {
  if (value === false || value === null || value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const id of list) {
    if (typeof id !== 'number' || !Number.isInteger(id)) throw valueError(`Invalid record id ${pyRepr(id)}`);
  }
  return list as number[];
}

function fill(params: ParamSpec[], args: Record<string, unknown>): string[] {
  const missing: string[] = [];
  for (const p of params) {
    if (p.name in args) continue;
    if (!('default' in p)) missing.push(p.name);
    else args[p.name] = p.default;
  }
  return missing;
}

/**
 * execute_kw semantics (service.model.call_kw): ids come from args[0] unless the method is @api.model, the rest bind
 * positionally, `context` only from kwargs. Binding errors carry Python's TypeError wording.
 */
export function bindPositional(method: string, spec: MethodSpec, rawArgs: unknown, rawKwargs: unknown): BoundArgs {
  const positional = Array.isArray(rawArgs) ? rawArgs.slice() : [];
  const kwargs = { ...toContext(rawKwargs) };
  const context = toContext(kwargs.context);
  delete kwargs.context;
  let ids: number[] = [];
  if (!spec.apiModel) {
    if (positional.length === 0) throw indexError('list index out of range');
    ids = toIds(positional.shift());
  }
  const params = spec.params;
  if (positional.length > params.length) {
    const required = params.filter((p) => !('default' in p)).length + 1;
    const max = params.length + 1;
    const range = required === max ? `${max}` : `from ${required} to ${max}`;
    throw typeError(`${method}() takes ${range} positional arguments but ${positional.length + 1} were given`);
  }
  const args: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  positional.forEach((value, i) => (args[params[i].name] = value));
  for (const [key, value] of Object.entries(kwargs)) {
    if (params.some((p) => p.name === key)) {
      if (key in args) throw typeError(`${method}() got multiple values for argument '${key}'`);
      args[key] = value;
    } else if (spec.varKeywords) extra[key] = value;
    else throw typeError(`${method}() got an unexpected keyword argument '${key}'`);
  }
  const missing = fill(params, args);
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    throw typeError(`${method}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
  }
  return { ids, args, extra, context };
}

/** JSON-2 semantics: `inspect.signature(func).bind(records, **kwargs)`, failures become 422 UnprocessableEntity. */
export function bindNamed(spec: MethodSpec, body: Record<string, unknown>): BoundArgs {
  const { ids: rawIds, context, ...named } = body;
  const args: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(named)) {
    if (spec.params.some((p) => p.name === key)) args[key] = value;
    else if (spec.varKeywords) extra[key] = value;
    else throw unprocessableEntity(`got an unexpected keyword argument '${key}'`);
  }
  const missing = fill(spec.params, args);
  if (missing.length) throw unprocessableEntity(`missing a required argument: '${missing[0]}'`);
  return { ids: toIds(rawIds), args, extra, context: toContext(context) };
}
