import { ConfigError } from '../../lib/errors';
import { DEFAULT_RULES, type RuleOptions } from '../../canonical/rules';

/** The editor fields of pb-validate, as Node-RED stores them. */
export interface ValidateFields {
  contract?: string;
  uomKnown?: boolean;
  knownUnits?: string;
  quantityNonNegative?: boolean;
  leadTimePresent?: boolean;
  datePlausible?: boolean;
  maxPastDays?: string | number;
  maxFutureDays?: string | number;
}

function flag(value: boolean | undefined, fallback: boolean): boolean {
  return value === undefined ? fallback : value === true;
}

function days(value: string | number | undefined, fallback: number, field: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${field} must be a whole number of days, got "${value}"`);
  return n;
}

/** Editor fields to rule options; a blank unit list means the default list. */
export function ruleOptionsFrom(fields: ValidateFields): RuleOptions {
  const units = (fields.knownUnits ?? '')
    .split(/[\s,;]+/)
    .map((u) => u.trim())
    .filter(Boolean);
  return {
    uomKnown: flag(fields.uomKnown, DEFAULT_RULES.uomKnown),
    knownUnits: units.length ? units : DEFAULT_RULES.knownUnits,
    quantityNonNegative: flag(fields.quantityNonNegative, DEFAULT_RULES.quantityNonNegative),
    leadTimePresent: flag(fields.leadTimePresent, DEFAULT_RULES.leadTimePresent),
    datePlausible: flag(fields.datePlausible, DEFAULT_RULES.datePlausible),
    maxPastDays: days(fields.maxPastDays, DEFAULT_RULES.maxPastDays, 'Days back'),
    maxFutureDays: days(fields.maxFutureDays, DEFAULT_RULES.maxFutureDays, 'Days ahead'),
  };
}
