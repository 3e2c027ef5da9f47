import { DEFAULT_UNITS } from './units';
import { NO_PROBLEMS, type Contract, type Problem } from './registry';

/** Business rules checked on top of a contract's schema; each can be switched off per node. */
export interface RuleOptions {
  /** Every unit of measure field holds a known unit. */
  uomKnown: boolean;
  knownUnits: readonly string[];
  /** No quantity (a number in the record's unit) is below zero. */
  quantityNonNegative: boolean;
  /** A supplier's lead time is given. */
  leadTimePresent: boolean;
  /** Dates lie within maxPastDays before and maxFutureDays after today. */
  datePlausible: boolean;
  maxPastDays: number;
  maxFutureDays: number;
}

export const DEFAULT_RULES: RuleOptions = {
  uomKnown: true,
  knownUnits: DEFAULT_UNITS,
  quantityNonNegative: true,
  leadTimePresent: true,
  datePlausible: true,
  maxPastDays: 3 * 366,
  maxFutureDays: 2 * 366,
};

export const RULE_IDS = ['uom-known', 'quantity-non-negative', 'lead-time-present', 'date-plausible'] as const;

type Schema = { [key: string]: unknown };
type Segment = string | typeof EACH;
const EACH = Symbol('each array item');

interface FieldCheck {
  path: readonly Segment[];
  rule: (typeof RULE_IDS)[number];
  /** A message when the value breaks the rule, undefined when it passes. */
  test(value: unknown, bounds: DateBounds): string | undefined;
}

interface DateBounds {
  earliest: string;
  latest: string;
}

function typesOf(schema: Schema): unknown[] {
  return Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** Walks a contract schema and yields each leaf field with its path (arrays as EACH). */
function* fields(schema: Schema, path: Segment[] = []): Generator<{ name: string; path: Segment[]; schema: Schema }> {
  const properties = schema.properties as Record<string, Schema> | undefined;
  if (!properties) return;
  for (const [name, child] of Object.entries(properties)) {
    const childPath = [...path, name];
    if (typesOf(child).includes('array') && child.items) {
      yield* fields(child.items as Schema, [...childPath, EACH]);
    } else if (typesOf(child).includes('object')) {
      yield* fields(child, childPath);
    } else {
      yield { name, path: childPath, schema: child };
    }
  }
}

function fieldChecks(contract: Contract, options: RuleOptions): FieldCheck[] {
  const units = new Set(options.knownUnits);
  const checks: FieldCheck[] = [];
  for (const field of fields(contract.schema)) {
    const unit = field.schema['x-unit'];
    if (options.uomKnown && (field.name === 'uom' || field.name === 'purchase_uom')) {
      checks.push({
        path: field.path,
        rule: 'uom-known',
        test: (v) => (typeof v === 'string' && !units.has(v) ? `unit of measure "${v}" is not a known unit` : undefined),
      });
    }
    if (options.quantityNonNegative && unit === 'uom') {
      checks.push({
        path: field.path,
        rule: 'quantity-non-negative',
        test: (v) => (typeof v === 'number' && v < 0 ? `quantity ${v} is negative` : undefined),
      });
    }
    if (options.leadTimePresent && field.name === 'lead_time_days') {
      checks.push({
        path: field.path,
        rule: 'lead-time-present',
        test: (v) => (v === null || v === undefined ? 'supplier lead time is missing' : undefined),
      });
    }
    const format = field.schema.format;
    if (options.datePlausible && (format === 'date' || format === 'date-time')) {
      // ISO dates compare correctly as text, so a record costs two string comparisons, no parsing.
      checks.push({
        path: field.path,
        rule: 'date-plausible',
        test: (v, b) => {
          if (typeof v !== 'string') return undefined;
          const day = v.slice(0, 10);
          if (day < b.earliest) return `date ${v} is before ${b.earliest}`;
          if (day > b.latest) return `date ${v} is after ${b.latest}`;
          return undefined;
        },
      });
    }
  }
  return checks;
}

function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function visit(
  value: unknown,
  path: readonly Segment[],
  at: number,
  trail: (string | number)[],
  check: FieldCheck,
  bounds: DateBounds,
  out: Problem[],
): void {
  if (at === path.length) {
    const message = check.test(value, bounds);
    if (message) out.push({ path: pointer(trail), rule: check.rule, message });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const segment = path[at];
  if (segment === EACH) {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) visit(value[i], path, at + 1, [...trail, i], check, bounds, out);
  } else {
    visit((value as Record<string, unknown>)[segment], path, at + 1, [...trail, segment], check, bounds, out);
  }
}

export interface RecordChecker {
  readonly contract: Contract;
  /** Schema problems and rule problems of one record; NO_PROBLEMS when it passes. */
  check(record: unknown, bounds: DateBounds): readonly Problem[];
  /** Today's date window; compute once per page, not per record. */
  bounds(now?: number): DateBounds;
}

const DAY_MS = 86_400_000;

/** Schema plus the business rules that apply to the contract's fields, compiled once. */
export function compileChecker(contract: Contract, options: RuleOptions = DEFAULT_RULES): RecordChecker {
  const checks = fieldChecks(contract, options);
  const flat = checks.filter((c) => c.path.length === 1).map((c) => ({ name: c.path[0] as string, check: c }));
  const nested = checks.filter((c) => c.path.length > 1);
  return {
    contract,
    bounds(now = Date.now()) {
      return {
        earliest: new Date(now - options.maxPastDays * DAY_MS).toISOString().slice(0, 10),
        latest: new Date(now + options.maxFutureDays * DAY_MS).toISOString().slice(0, 10),
      };
    },
    check(record, bounds) {
      const schemaProblems = contract.check(record);
      if (record === null || typeof record !== 'object' || Array.isArray(record)) return schemaProblems;
      let problems: Problem[] | undefined;
      const fields = record as Record<string, unknown>;
      for (const { name, check } of flat) {
        const message = check.test(fields[name], bounds);
        if (message) (problems ??= []).push({ path: pointer([name]), rule: check.rule, message });
      }
      for (const check of nested) {
        const found: Problem[] = [];
        visit(record, check.path, 0, [], check, bounds, found);
        if (found.length) (problems ??= []).push(...found);
      }
      if (!problems) return schemaProblems;
      return schemaProblems.length ? [...schemaProblems, ...problems] : problems;
    },
  };
}

export { NO_PROBLEMS };
