import { buildPurchaseOrder } from '../../../nodes/edi/codec';
import { matchDocument, toOrderLines } from '../../../nodes/edi/match';
import { EXAMPLE_X12_4010 } from '../../../nodes/edi/partners';
import { areOpenOrderLines, ordersForPartner } from '../../../nodes/edi/run/build';

const openLines = [
  {
    po_id: 'P00231',
    line_id: '901',
    supplier: 'SUP-A',
    sku: 'BOLT',
    location: 'WH',
    ordered_qty: 100,
    received_qty: 0,
    in_transit_qty: 100,
    uom: 'EA',
    order_date: '2026-11-10',
    expected_date: '2026-11-20',
    status: 'confirmed',
  },
  {
    po_id: 'P00231',
    line_id: '902',
    supplier: 'SUP-A',
    sku: 'NUT',
    location: 'WH',
    ordered_qty: 50,
    received_qty: 10,
    in_transit_qty: 40,
    uom: 'EA',
    order_date: '2026-11-10',
    expected_date: '2026-11-20',
    status: 'partially_received',
  },
  {
    po_id: 'P00231',
    line_id: '903',
    supplier: 'SUP-A',
    sku: 'WASHER',
    location: 'WH',
    ordered_qty: 20,
    received_qty: 0,
    in_transit_qty: 20,
    uom: 'EA',
    order_date: '2026-11-10',
    expected_date: '2026-11-20',
    status: 'confirmed',
  },
];
const odooLines = [
  {
    id: 901,
    product_id: [7, '[BOLT] Bolt M8'],
    product_qty: 100,
    qty_received: 100,
    price_unit: 0.5,
    date_planned: '2026-11-20 08:00:00',
    date_order: '2026-11-10 09:00:00',
  },
  { id: 902, product_id: [8, '[NUT] Nut M8'], product_qty: 50, qty_received: 40, price_unit: 0.2, date_planned: '2026-11-20 08:00:00' },
];
const tolerance = { pricePercent: 1, quantity: 0 };

describe('order lines', () => {
  it('reads canonical open PO lines and Odoo purchase.order.line records alike', () => {
    expect(toOrderLines(openLines)[1]).toEqual({
      lineId: '902',
      sku: 'NUT',
      ordered: 50,
      received: 10,
      unitPrice: null,
      expectedDate: '2026-11-20',
      orderDate: '2026-11-10',
      uom: 'EA',
    });
    expect(toOrderLines(odooLines)[0]).toEqual({
      lineId: '901',
      sku: 'BOLT',
      ordered: 100,
      received: 100,
      unitPrice: 0.5,
      expectedDate: '2026-11-20',
      orderDate: '2026-11-10',
      uom: null,
    });
    expect(toOrderLines([{ unrelated: true }, null, 'x'])).toEqual([]);
  });
});

describe('Odoo order lines in their purchase unit', () => {
  it('turns quantities and price into the stock unit and leaves section and note lines out', () => {
    const lines = toOrderLines([
      { id: 1, product_id: [7, '[BOLT] Bolt'], product_qty: 2, product_uom_qty: 24, qty_received: 1, price_unit: 12, date_planned: '2026-11-20 08:00:00' },
      { id: 2, product_id: false, display_type: 'line_note', product_qty: 0, name: 'deliver to gate 3' },
    ]);
    expect(lines).toEqual([{ lineId: '1', sku: 'BOLT', ordered: 24, received: 12, unitPrice: 1, expectedDate: '2026-11-20', orderDate: null, uom: null }]);
  });
});

describe('PO acknowledgment', () => {
  const ack = {
    po_id: 'P00231',
    supplier: 'SUP-A',
    ack_date: '2026-11-11',
    status: 'changed',
    lines: [
      { po_line_id: '901', sku: 'BOLT', quantity: 100, uom: 'EA', status: 'accepted', promised_date: '2026-11-20' },
      { po_line_id: '902', sku: 'NUT', quantity: 30, uom: 'EA', status: 'changed', promised_date: '2026-11-29' },
      { po_line_id: '903', sku: 'WASHER', quantity: 0, uom: 'EA', status: 'rejected' },
    ],
  };

  it('accepts, changes and rejects line by line, and raises delay and short supply', () => {
    const { kind, check } = matchDocument(ack, openLines, 'auto', tolerance);
    expect(kind).toBe('acknowledgment');
    if (kind !== 'acknowledgment') return;
    expect(check.outcome).toBe('changed');
    expect(check.lines.map((l) => [l.po_line_id, l.outcome, l.quantity_change, l.days_late])).toEqual([
      ['901', 'accepted', 0, 0],
      // 40 of 50 were still to come (10 received): the order asked for 40.
      ['902', 'changed', -10, 9],
      ['903', 'rejected', -20, null],
    ]);
    expect(check.findings.filter((f) => !f.clear).map((f) => [f.key, f.severity])).toEqual([
      ['supplier_delay:P00231:NUT', 'critical'],
      ['short_supply:P00231:NUT', 'warning'],
      ['short_supply:P00231:WASHER', 'critical'],
    ]);
    // The line as ordered clears any alert an earlier answer raised.
    expect(check.findings.filter((f) => f.clear).map((f) => f.key)).toEqual(['supplier_delay:P00231:BOLT', 'short_supply:P00231:BOLT']);
    expect(check.unanswered).toEqual([]);
  });

  it('says which order lines went unanswered and which answered lines are not on the order', () => {
    const partial = { ...ack, lines: [{ po_line_id: '999', sku: 'OTHER', quantity: 5, uom: 'EA', status: 'accepted' }, ack.lines[0]] };
    const { check } = matchDocument(partial, openLines, 'acknowledgment', tolerance);
    expect(check.lines[0]).toMatchObject({ sku: 'OTHER', outcome: 'not_on_order' });
    expect('unanswered' in check && check.unanswered).toEqual(['902', '903']);
    expect('outcome' in check && check.outcome).toBe('changed');
  });
});

describe('ship notice', () => {
  it('measures lead time per item, the receipt date and what is short or late', () => {
    const asn = {
      asn_id: 'SH-1',
      supplier: 'SUP-A',
      po_id: 'P00231',
      shipped_at: '2026-11-18T10:00:00Z',
      expected_at: '2026-11-22T08:00:00Z',
      lines: [
        { po_line_id: '901', sku: 'BOLT', quantity: 100, uom: 'EA' },
        { po_line_id: '902', sku: 'NUT', quantity: 25, uom: 'EA' },
      ],
    };
    const { kind, check } = matchDocument(asn, openLines, 'auto', tolerance);
    expect(kind).toBe('ship_notice');
    if (kind !== 'ship_notice') return;
    expect(check.receipt).toEqual({ po_id: 'P00231', scheduled_date: '2026-11-22T08:00:00Z' });
    expect(check.lines.map((l) => [l.sku, l.open_qty, l.short_qty, l.days_late])).toEqual([
      ['BOLT', 100, 0, 2],
      ['NUT', 40, 15, 2],
    ]);
    expect(check.lead_times.map((l) => [l.sku, l.lead_time_days])).toEqual([
      ['BOLT', 12],
      ['NUT', 12],
    ]);
    expect(check.findings.map((f) => f.key)).toEqual(['supplier_delay:P00231:BOLT', 'supplier_delay:P00231:NUT', 'short_supply:P00231:NUT']);
  });
});

describe('three-way invoice match', () => {
  const invoice = (lines: Array<{ po_line_id: string | null; sku: string; quantity: number; unit_price: number }>, total?: number) => ({
    invoice_id: 'INV-7',
    supplier: 'SUP-A',
    po_id: 'P00231',
    invoice_date: '2026-11-25',
    currency: 'EUR',
    lines: lines.map((l) => ({ ...l, uom: 'EA', amount: Math.round(l.quantity * l.unit_price * 100) / 100 })),
    total_amount: total ?? Math.round(lines.reduce((s, l) => s + l.quantity * l.unit_price, 0) * 100) / 100,
  });

  it('matches an invoice for what was received at the ordered price, and clears its alert', () => {
    const { check } = matchDocument(
      invoice([
        { po_line_id: '901', sku: 'BOLT', quantity: 100, unit_price: 0.5 },
        { po_line_id: '902', sku: 'NUT', quantity: 40, unit_price: 0.201 },
      ]),
      odooLines,
      'invoice',
      tolerance,
    );
    expect('outcome' in check && check.outcome).toBe('matched');
    expect(check.findings).toEqual([expect.objectContaining({ key: 'invoice_mismatch:SUP-A:INV-7', clear: true })]);
  });

  it('finds a price beyond tolerance, more invoiced than received, a line not ordered and a wrong total', () => {
    const doc = invoice(
      [
        { po_line_id: '901', sku: 'BOLT', quantity: 100, unit_price: 0.55 },
        { po_line_id: '902', sku: 'NUT', quantity: 50, unit_price: 0.2 },
        { po_line_id: null, sku: 'GASKET', quantity: 3, unit_price: 2 },
      ],
      100,
    );
    const { kind, check } = matchDocument(doc, odooLines, 'auto', tolerance);
    if (kind !== 'invoice') throw new Error(`expected an invoice, got ${kind}`);
    expect(check.lines.map((l) => [l.sku, l.outcome, l.amount_at_risk])).toEqual([
      ['BOLT', 'price_mismatch', 5],
      ['NUT', 'not_received', 2],
      ['GASKET', 'not_on_order', 6],
    ]);
    expect(check.total_mismatch).toBe(100 - 71);
    expect(check.amount_at_risk).toBe(13);
    expect(check.findings).toEqual([expect.objectContaining({ key: 'invoice_mismatch:SUP-A:INV-7', type: 'invoice_mismatch', severity: 'warning' })]);
    expect(check.findings[0].message).toContain('BOLT price mismatch');
  });
});

describe('refusals', () => {
  it('refuses a document that breaks its contract and a check without order lines, with stable codes', () => {
    expect(() => matchDocument({ asn_id: 'X', lines: [] }, openLines, 'auto', tolerance)).toThrow(expect.objectContaining({ code: 'EDI_DOCUMENT_INVALID' }));
    expect(() => matchDocument({ hello: 1 }, openLines, 'auto', tolerance)).toThrow(expect.objectContaining({ code: 'EDI_DOCUMENT_INVALID' }));
    expect(() => matchDocument([], openLines, 'auto', tolerance)).toThrow(expect.objectContaining({ code: 'EDI_DOCUMENT_INVALID' }));
    const ack = {
      po_id: 'P1',
      supplier: 'S',
      ack_date: '2026-11-11',
      status: 'accepted',
      lines: [{ po_line_id: '1', sku: 'A', quantity: 1, uom: 'EA', status: 'accepted' }],
    };
    expect(() => matchDocument(ack, undefined, 'auto', tolerance)).toThrow(expect.objectContaining({ code: 'EDI_ORDER_MISSING' }));
  });
});

describe('orders from open PO lines', () => {
  it('groups one partner’s open lines into one order per PO, for what is still to deliver, and leaves the rest out', () => {
    const lines = [
      ...openLines,
      { ...openLines[0], po_id: 'P00232', line_id: '911', supplier: 'SUP-B' },
      { ...openLines[0], po_id: 'P00233', line_id: '921', ordered_qty: 5, received_qty: 5 },
      { ...openLines[1], po_id: 'P00234', line_id: '931' },
    ];
    expect(areOpenOrderLines(lines)).toBe(true);
    expect(areOpenOrderLines([{ po_id: 'P1', supplier: 'S', lines: [] }])).toBe(false);
    const { orders, skipped } = ordersForPartner(lines as never, 'SUP-A');
    expect(skipped).toBe(2);
    expect(orders.map((o) => [o.po_id, o.ship_to, o.order_date, o.lines.map((l) => [l.line_id, l.quantity, l.need_by])])).toEqual([
      [
        'P00231',
        'WH',
        '2026-11-10',
        [
          ['901', 100, '2026-11-20'],
          ['902', 40, '2026-11-20'],
          ['903', 20, '2026-11-20'],
        ],
      ],
      ['P00234', 'WH', '2026-11-10', [['931', 40, '2026-11-20']]],
    ]);
  });
});

describe('building an order that lacks fields', () => {
  it('says which fields are missing instead of failing inside the writer', () => {
    const result = buildPurchaseOrder({ po_id: 'X' } as never, EXAMPLE_X12_4010, { interchange: '1' });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.rule, p.message])).toEqual([
      ['DOC_FIELD_MISSING', '850: order 1: order_date is missing or invalid'],
      ['DOC_FIELD_MISSING', '850: order 1: lines is missing or invalid'],
    ]);
  });
});
