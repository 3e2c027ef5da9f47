import { id, location, optionalDate, optionalText, quantity, sku, text, timestamp, uom } from '../fields';

export const asnV1 = {
  $id: 'urn:planbridge:asn@1',
  title: 'asn',
  description: 'An advance ship notice from a supplier (X12 856, EDIFACT DESADV).',
  type: 'object',
  additionalProperties: false,
  required: ['asn_id', 'supplier', 'shipped_at', 'expected_at', 'lines'],
  properties: {
    asn_id: id('Shipment id given by the supplier'),
    supplier: text('Supplier code'),
    po_id: { ...id('Purchase order the shipment fills, when it fills one'), type: ['string', 'null'] },
    ship_to: { ...location, type: ['string', 'null'], description: 'Receiving location code' },
    shipped_at: timestamp('When the goods left the supplier'),
    expected_at: timestamp('When the goods are expected to arrive'),
    carrier: optionalText('Carrier name or SCAC'),
    tracking: optionalText('Tracking or bill-of-lading number'),
    interchange_ref: optionalText('EDI interchange control reference it came in'),
    lines: {
      type: 'array',
      minItems: 1,
      description: 'Shipped lines',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['sku', 'quantity', 'uom'],
        properties: {
          line_id: { ...id('Line number in the notice'), type: ['string', 'null'] },
          po_line_id: { ...id('Purchase order line it fills'), type: ['string', 'null'] },
          sku,
          quantity: { ...quantity('Quantity shipped'), minimum: 0 },
          uom,
          lot: optionalText('Lot or batch'),
          expiry: optionalDate('Best-before or expiry date'),
        },
      },
    },
  },
  examples: [
    {
      asn_id: 'ASN-88410',
      supplier: 'SUP-WUERTH',
      po_id: 'P00231',
      ship_to: 'WH-BER',
      shipped_at: '2026-11-24T09:00:00Z',
      expected_at: '2026-11-27T10:00:00Z',
      carrier: 'DHL',
      tracking: 'JJD0001234567',
      interchange_ref: '000000731',
      lines: [{ line_id: '1', po_line_id: '902', sku: 'BOLT-M8-40', quantity: 2000, uom: 'EA', lot: null, expiry: null }],
    },
  ],
} as const;
