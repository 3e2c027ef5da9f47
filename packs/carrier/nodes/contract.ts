import { registerContract } from 'planbridge/contracts';

/**
 * shipment_eta@1: when a carrier expects to deliver a shipment, and which purchase order it carries.
 * Registered with planbridge, so pb-validate checks it as any contract of planbridge's own.
 */
export const ShipmentEtaV1 = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:planbridge:shipment_eta@1',
  title: 'Shipment ETA',
  description: "A carrier's expected delivery of a shipment, with the purchase order it carries, for the Odoo receipt of that order.",
  type: 'object',
  additionalProperties: false,
  required: ['shipment_id', 'carrier', 'tracking_number', 'po_reference', 'status', 'eta', 'updated_at'],
  properties: {
    shipment_id: { type: 'string', minLength: 1 },
    carrier: { type: 'string', minLength: 1 },
    tracking_number: { type: 'string', minLength: 1 },
    po_reference: { type: 'string', minLength: 1, description: "The purchase order's name in Odoo (e.g. P00042): the receipt to move." },
    status: { enum: ['booked', 'in_transit', 'out_for_delivery', 'delivered', 'exception'] },
    eta: { type: ['string', 'null'], format: 'date-time', description: 'UTC; null once delivered or while the carrier has none.' },
    delivered_at: { type: ['string', 'null'], format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

export type ShipmentStatus = 'booked' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'exception';

export interface ShipmentEta {
  shipment_id: string;
  carrier: string;
  tracking_number: string;
  po_reference: string;
  status: ShipmentStatus;
  eta: string | null;
  delivered_at?: string | null;
  updated_at: string;
}

registerContract(ShipmentEtaV1);
