/**
 * Field fragments shared by the contracts. `x-unit` is an annotation keyword (registered with ajv)
 * that names the unit of a number or the time base of a string: the validate rules and the contract
 * docs read it, so units are declared once, here.
 *   uom      a quantity in the record's `uom` (the item's stock unit)
 *   days     a duration in days
 *   currency an amount in the record's `currency`
 *   fraction a ratio between 0 and 1
 *   utc      an ISO-8601 timestamp in UTC
 */

export const sku = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'Item code; with location it is the business key (Odoo product default_code)',
} as const;

export const location = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'Location code: a warehouse or stock location (Odoo warehouse code)',
} as const;

export const uom = {
  type: 'string',
  minLength: 1,
  maxLength: 16,
  description: "Unit of measure code (UN/ECE Rec 20, e.g. EA, KGM); the record's quantities are in this unit, the item's stock unit",
} as const;

export const currency = {
  type: 'string',
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 currency code of the amounts in this record',
} as const;

export const company = {
  type: ['string', 'null'],
  maxLength: 64,
  description: 'Company code in a multi-company ERP; null when there is one company',
} as const;

export const id = (description: string) => ({ type: 'string', minLength: 1, maxLength: 128, description }) as const;

export const text = (description: string) => ({ type: 'string', maxLength: 1000, description }) as const;

export const optionalText = (description: string) => ({ type: ['string', 'null'], maxLength: 1000, description }) as const;

export const quantity = (description: string) => ({ type: 'number', 'x-unit': 'uom', description }) as const;

export const optionalQuantity = (description: string) => ({ type: ['number', 'null'], 'x-unit': 'uom', description }) as const;

export const amount = (description: string) => ({ type: 'number', 'x-unit': 'currency', description }) as const;

export const optionalAmount = (description: string) => ({ type: ['number', 'null'], 'x-unit': 'currency', description }) as const;

export const days = (description: string) => ({ type: 'number', minimum: 0, 'x-unit': 'days', description }) as const;

export const optionalDays = (description: string) => ({ type: ['number', 'null'], minimum: 0, 'x-unit': 'days', description }) as const;

export const UTC_SUFFIX = '(Z|[+-]00:?00)$';

export const timestamp = (description: string) => ({ type: 'string', format: 'date-time', pattern: UTC_SUFFIX, 'x-unit': 'utc', description }) as const;

export const optionalTimestamp = (description: string) =>
  ({ type: ['string', 'null'], format: 'date-time', pattern: UTC_SUFFIX, 'x-unit': 'utc', description }) as const;

export const date = (description: string) => ({ type: 'string', format: 'date', description }) as const;

export const optionalDate = (description: string) => ({ type: ['string', 'null'], format: 'date', description }) as const;

export const positiveInteger = (description: string) => ({ type: 'integer', minimum: 1, description }) as const;

/** Where a record came from, for tracing it back to the system of record. */
export const source = {
  type: 'object',
  additionalProperties: false,
  required: ['system'],
  description: 'Origin of the record: system and the record id there',
  properties: {
    system: { type: 'string', minLength: 1, maxLength: 32, description: 'Source system, e.g. odoo, wms, planning, edi' },
    record_id: { type: ['string', 'null'], maxLength: 128, description: 'Id of the record in the source system' },
  },
} as const;
