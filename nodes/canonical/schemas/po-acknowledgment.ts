import { date, id, optionalDate, optionalQuantity, optionalText, quantity, sku, text, timestamp, uom } from '../fields';

export const poAcknowledgmentV1 = {
  $id: 'urn:planbridge:po_acknowledgment@1',
  title: 'po_acknowledgment',
  description: "A supplier's answer to a purchase order (X12 855, EDIFACT ORDRSP).",
  type: 'object',
  additionalProperties: false,
  required: ['po_id', 'supplier', 'ack_date', 'status', 'lines'],
  properties: {
    po_id: id('Purchase order acknowledged'),
    ack_id: { ...id("Supplier's acknowledgment number"), type: ['string', 'null'] },
    supplier: text('Supplier code'),
    ack_date: date('Date of the acknowledgment'),
    status: { enum: ['accepted', 'changed', 'rejected'], description: 'accepted as ordered, accepted with changes, or rejected' },
    received_at: timestamp('When planbridge received it'),
    interchange_ref: optionalText('EDI interchange control reference it came in'),
    lines: {
      type: 'array',
      minItems: 1,
      description: 'One entry per order line',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['po_line_id', 'sku', 'quantity', 'uom', 'status'],
        properties: {
          po_line_id: id('Purchase order line'),
          sku,
          ordered_qty: optionalQuantity('Quantity on the order, as the supplier read it'),
          quantity: { ...quantity('Quantity the supplier confirms'), minimum: 0 },
          uom,
          status: { enum: ['accepted', 'changed', 'rejected', 'backordered'], description: 'Line status' },
          promised_date: optionalDate('Date the supplier promises delivery'),
        },
      },
    },
  },
  examples: [
    {
      po_id: 'P00231',
      ack_id: 'OC-55102',
      supplier: 'SUP-WUERTH',
      ack_date: '2026-11-15',
      status: 'changed',
      received_at: '2026-11-15T07:02:11Z',
      interchange_ref: '000000702',
      lines: [{ po_line_id: '902', sku: 'BOLT-M8-40', ordered_qty: 2000, quantity: 2000, uom: 'EA', status: 'changed', promised_date: '2026-11-28' }],
    },
  ],
} as const;
