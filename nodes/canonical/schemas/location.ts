import { company, location, optionalText, source, text, timestamp } from '../fields';

export const locationV1 = {
  $id: 'urn:planbridge:location@1',
  title: 'location',
  description: 'A place that holds stock: a warehouse or a location inside one.',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'type', 'active', 'updated_at'],
  properties: {
    code: location,
    name: text('Location name'),
    type: { enum: ['warehouse', 'internal', 'transit', 'supplier', 'customer', 'virtual'], description: 'Kind of location' },
    warehouse: { ...location, type: ['string', 'null'], description: 'Code of the warehouse the location belongs to; null for a warehouse itself' },
    group: optionalText('Planning group, e.g. a region'),
    active: { type: 'boolean', description: 'False when the location is archived' },
    company,
    source,
    updated_at: timestamp('When the record last changed in the source system'),
  },
  examples: [
    {
      code: 'WH-BER',
      name: 'Berlin DC',
      type: 'warehouse',
      warehouse: null,
      group: 'North',
      active: true,
      company: null,
      source: { system: 'odoo', record_id: '2' },
      updated_at: '2026-11-20T06:00:00Z',
    },
  ],
} as const;
