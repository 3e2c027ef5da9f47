import { contractSchemas } from './contracts';

type Schema = { [key: string]: unknown };

const UNIT_TEXT: Record<string, string> = {
  uom: "quantity in the record's `uom`",
  days: 'days',
  currency: "amount in the record's `currency`",
  fraction: 'fraction 0..1',
  utc: 'UTC timestamp',
};

function typeText(schema: Schema): string {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => (v === null ? 'null' : `\`${String(v)}\``)).join(' \\| ');
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(Boolean) as string[];
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return types.map((t) => (t === 'null' ? 'null' : `${t}${t === 'string' ? format : ''}`)).join(' \\| ') || 'any';
}

function unitText(schema: Schema): string {
  const unit = schema['x-unit'];
  return typeof unit === 'string' ? (UNIT_TEXT[unit] ?? unit) : '';
}

function rows(schema: Schema, prefix = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const out: string[] = [];
  for (const [name, field] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const isArray = (Array.isArray(field.type) ? field.type : [field.type]).includes('array');
    const description = String(field.description ?? '').replace(/\|/g, '\\|');
    out.push(
      `| \`${path}${isArray ? '[]' : ''}\` | ${required.has(name) ? 'yes' : ''} | ${isArray ? 'array' : typeText(field)} | ${unitText(field)} | ${description} |`,
    );
    if (isArray && field.items) out.push(...rows(field.items as Schema, `${path}[].`));
    else if (field.properties) out.push(...rows(field, `${path}.`));
  }
  return out;
}

/** docs/contracts.md, generated from the schemas so the two cannot drift (a test compares them). */
export function renderContractsDoc(): string {
  const parts = [
    '# Data contracts',
    '',
    '<!-- Generated from nodes/canonical/schemas by `npm run docs:contracts`; edit the schemas, not this file. -->',
    '',
    'Every record that crosses systems has a versioned JSON Schema (draft 2020-12). A message names its',
    'contract in `msg.event.dataschema` as `<name>@<version>` or `urn:planbridge:<name>@<version>`; an unknown',
    'name or version is refused (`CONTRACT_UNKNOWN`, `CONTRACT_VERSION_UNKNOWN`), never guessed.',
    '',
    "Conventions: the business key is `sku` + `location`. Quantities are decimals in the record's `uom`, the",
    "item's stock unit of measure, given as a UN/ECE Recommendation 20 code (`EA`, `KGM`, ...). Timestamps are",
    "ISO-8601 in UTC (ending in `Z` or `+00:00`); dates are `YYYY-MM-DD`. Amounts are in the record's",
    '`currency` (ISO 4217). No contract accepts fields it does not list.',
    '',
    'Messages use CloudEvents 1.0 attribute names in `msg.event` (`id`, `source`, `type`, `subject`, `time`,',
    '`dataschema`, `correlationid`); batch work moves pages of records with `msg.batch = {id, seq, last, count}`',
    '(`seq` from 1; `last` on the final page; `count` = records in the page).',
    '',
    '## Contents',
    '',
    ...Object.entries(contractSchemas).map(([ref, schema]) => `- [\`${ref}\`](#${ref.replace('@', '')}): ${schema.description}`),
  ];
  for (const [ref, schema] of Object.entries(contractSchemas)) {
    const s = schema as unknown as Schema;
    parts.push(
      '',
      `## ${ref}`,
      '',
      String(s.description),
      '',
      `Schema id: \`${String(s.$id)}\``,
      '',
      '| field | required | type | unit | meaning |',
      '|---|---|---|---|---|',
      ...rows(s),
    );
    if (Array.isArray(s.allOf)) parts.push('', 'Conditional rules: ' + conditionalText(ref));
    parts.push('', 'Example:', '', '```json', JSON.stringify((s.examples as unknown[])[0], null, 2), '```');
  }
  return `${parts.join('\n')}\n`;
}

function conditionalText(ref: string): string {
  switch (ref) {
    case 'replenishment_recommendation@1':
      return 'a `purchase` needs `supplier`; a `transfer` needs `source_location`.';
    case 'approval_decision@1':
      return '`approved` and `edited` decisions need `approved_qty`.';
    default:
      return 'see the schema.';
  }
}
