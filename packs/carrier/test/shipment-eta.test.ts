import { contracts } from 'planbridge/contracts';
import '../nodes/contract';
import { toShipmentEta } from '../nodes/map/shipment-eta';

const shipment = {
  id: 'SH-1',
  tracking_number: '1Z999',
  status: 'IN_TRANSIT',
  estimated_delivery: '2026-12-10T15:00:00+01:00',
  references: { purchase_order: ' P00042 ' },
  updated_at: '2026-12-07T08:00:00Z',
};

describe('a carrier shipment as shipment_eta@1', () => {
  it('carries the purchase order, the status and the ETA in UTC, and planbridge knows the contract', () => {
    const eta = toShipmentEta(shipment, 0, 'acme');
    expect(eta).toEqual({
      shipment_id: 'SH-1',
      carrier: 'acme',
      tracking_number: '1Z999',
      po_reference: 'P00042',
      status: 'in_transit',
      eta: '2026-12-10T14:00:00.000Z',
      delivered_at: null,
      updated_at: '2026-12-07T08:00:00.000Z',
    });
    expect(contracts().get('shipment_eta@1').check(eta)).toEqual([]);
    expect(contracts().refs()).toContain('shipment_eta@1');
  });

  it('has no ETA once delivered, only the delivery time', () => {
    const eta = toShipmentEta({ ...shipment, status: 'DELIVERED', delivered_at: '2026-12-09T10:00:00Z' }, 0, 'acme');
    expect([eta.status, eta.eta, eta.delivered_at]).toEqual(['delivered', null, '2026-12-09T10:00:00.000Z']);
  });

  it('refuses a shipment without a purchase order, an unknown status or an unreadable date, with stable codes', () => {
    expect(() => toShipmentEta({ ...shipment, references: {} }, 0, 'acme')).toThrow(expect.objectContaining({ code: 'CARRIER_SHIPMENT_NO_PO' }));
    expect(() => toShipmentEta({ ...shipment, status: 'LOST_IN_SPACE' }, 0, 'acme')).toThrow(expect.objectContaining({ code: 'CARRIER_SHIPMENT_INVALID' }));
    expect(() => toShipmentEta({ ...shipment, estimated_delivery: 'soon' }, 0, 'acme')).toThrow(expect.objectContaining({ code: 'CARRIER_SHIPMENT_INVALID' }));
  });
});
