import { InputError } from 'planbridge/kit';
import type { ShipmentEta, ShipmentStatus } from '../contract';

/** The carrier API's shipment statuses, to the contract's. */
const STATUSES: Record<string, ShipmentStatus> = {
  BOOKED: 'booked',
  PICKED_UP: 'in_transit',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  DELIVERED: 'delivered',
  EXCEPTION: 'exception',
  DELAYED: 'exception',
};

function utc(value: unknown, field: string, index: number): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = new Date(String(value));
  if (Number.isNaN(date.getTime()))
    throw new InputError(`Shipment ${index} has an unreadable ${field} "${String(value)}"`, 'CARRIER_SHIPMENT_INVALID', { index, field });
  return date.toISOString();
}

/**
 * A carrier shipment to shipment_eta@1: pure, so every rule of the mapping is tested without Node-RED.
 * The purchase order comes from the shipment's references (the buyer's order number on the label).
 */
export function toShipmentEta(raw: unknown, index: number, carrier: string): ShipmentEta {
  const s = (raw ?? {}) as Record<string, unknown>;
  const refs = (s.references ?? {}) as Record<string, unknown>;
  const id = s.id ?? s.shipment_id;
  if (typeof id !== 'string' && typeof id !== 'number') throw new InputError(`Shipment ${index} has no id`, 'CARRIER_SHIPMENT_INVALID', { index });
  const po = refs.purchase_order ?? refs.po ?? s.po_reference;
  if (typeof po !== 'string' || !po.trim())
    throw new InputError(`Shipment ${String(id)} names no purchase order`, 'CARRIER_SHIPMENT_NO_PO', { index, shipment: String(id) });
  const status = STATUSES[String(s.status ?? '').toUpperCase()];
  if (!status)
    throw new InputError(`Shipment ${String(id)} has an unknown status "${String(s.status)}"`, 'CARRIER_SHIPMENT_INVALID', { index, field: 'status' });
  const delivered = status === 'delivered';
  return {
    shipment_id: String(id),
    carrier,
    tracking_number: String(s.tracking_number ?? s.tracking ?? id),
    po_reference: po.trim(),
    status,
    eta: delivered ? null : utc(s.estimated_delivery, 'estimated_delivery', index),
    delivered_at: delivered ? utc(s.delivered_at, 'delivered_at', index) : null,
    updated_at: utc(s.updated_at, 'updated_at', index) ?? new Date(0).toISOString(),
  };
}
