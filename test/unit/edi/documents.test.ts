import { contracts } from '../../../nodes/canonical/registry';
import {
  build997Response,
  buildContrlResponse,
  buildDocuments,
  buildPurchaseOrder,
  findMap,
  parseEdi,
  parseEdifact,
  parseX12,
  readDocuments,
  supplierOrderFromOpenPurchaseOrders,
  toStockSnapshots,
  TRANSACTION_MAPS,
  type EdiInterchange,
  type FunctionalAck,
  type OpenPurchaseOrder,
  type ParseResult,
  type SupplierStockReport,
  type TransactionMap,
} from '../../../nodes/edi/codec';
import {
  EXAMPLE_EDIFACT_D01B,
  EXAMPLE_EDIFACT_D96A,
  EXAMPLE_PROFILES,
  EXAMPLE_X12_4010,
  EXAMPLE_X12_5010,
  type PartnerProfile,
} from '../../../nodes/edi/partners';
import { AT, fixture } from './helpers';

const RECEIVED_AT = '2026-11-26T08:30:00Z';

function parsed(file: string): ParseResult {
  const r = parseEdi(fixture(file));
  if (r.standard === null) throw new Error(`${file} not detected`);
  return r;
}

function documents(file: string, profiles: readonly PartnerProfile[] = EXAMPLE_PROFILES) {
  return readDocuments(parsed(file), { profiles, receivedAt: RECEIVED_AT });
}

const CONTRACT: Record<string, string> = { asn: 'asn@1', po_acknowledgment: 'po_acknowledgment@1', invoice: 'invoice@1' };

/** Fixtures per map whose documents map without errors. */
const MAPPABLE: [string, string][] = [
  ['850', 'x12/850/node-x12_850.edi'],
  ['850', 'x12/850/stedi_5010_850.edi'],
  ['855', 'x12/855/node-x12_855.edi'],
  ['855', 'x12/855/stedi_5010_855.edi'],
  ['855', 'x12/855/oopfactory_855_adobe.txt'],
  ['856', 'x12/856/oopfactory_856_example1.txt'],
  ['856', 'x12/856/oopfactory_856_gregarican.txt'],
  ['810', 'x12/810/staedi_simple810.edi'],
  ['810', 'x12/810/edinet_x12.810a.edi'],
  ['846', 'x12/846/oopfactory_846_example1.txt'],
  ['846', 'x12/846/oopfactory_846_example2.txt'],
  ['997', 'x12/997/staedi_simple997.edi'],
  ['ORDERS', 'edifact/ORDERS/pydifact_order.edi'],
  ['ORDERS', 'edifact/ORDERS/staedi_orders_with_group.edi'],
  ['ORDERS', 'edifact/ORDERS/pydifact_wikipedia_de.edi'],
  ['ORDRSP', 'edifact/ORDRSP/handwritten_ordrsp_d96a.edi'],
  ['ORDRSP', 'edifact/ORDRSP/edinet_ORDRSP.edi'],
  ['DESADV', 'edifact/DESADV/php-edifact_D96ADESADV.edi'],
  ['DESADV', 'edifact/DESADV/handwritten_desadv_d01b.edi'],
  ['INVOIC', 'edifact/INVOIC/pydifact_invoice1.edi'],
  ['INVOIC', 'edifact/INVOIC/edinet_Issue256_INVOIC.edi'],
  ['INVOIC', 'edifact/INVOIC/staedi_invoic_d97b_una.edi'],
  ['INVRPT', 'edifact/INVRPT/handwritten_invrpt_d96a.edi'],
  ['INVRPT', 'edifact/INVRPT/handwritten_invrpt_d01b_syntax4.edi'],
  ['CONTRL', 'edifact/CONTRL/jacobemcken_nordea_contrl.edi'],
  ['CONTRL', 'edifact/CONTRL/handwritten_contrl_accept.edi'],
];

describe('transaction maps: received files to canonical records', () => {
  it('has a map for every set in the brief', () => {
    expect(TRANSACTION_MAPS.map((m) => m.type).sort()).toEqual([
      '810',
      '846',
      '850',
      '855',
      '856',
      '997',
      'CONTRL',
      'DESADV',
      'INVOIC',
      'INVRPT',
      'ORDERS',
      'ORDRSP',
    ]);
  });

  it.each(MAPPABLE)('%s %s maps without errors and satisfies its contract', (type, file) => {
    const docs = documents(file).filter((d) => d.set.type === type);
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) {
      expect(d.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(d.document).not.toBeNull();
      const contract = d.kind ? CONTRACT[d.kind] : undefined;
      if (contract && d.document) expect(contracts().get(contract).check(d.document.value)).toEqual([]);
      if (d.document?.kind === 'stock_report') {
        for (const row of toStockSnapshots(d.document.value, '0b9d3c52-5b0b-4b8e-9d1f-3a8f1c0e2a71', 'SUPPLIER'))
          expect(contracts().get('stock_snapshot@1').check(row)).toEqual([]);
      }
    }
  });

  it('855 (node-x12): BAK and ACK give the header and line statuses', () => {
    const [d] = documents('x12/855/node-x12_855.edi');
    expect(d.document?.value).toMatchObject({
      po_id: 'POTEST1112',
      ack_id: null,
      ack_date: '2020-10-15',
      status: 'accepted',
      interchange_ref: '000000005',
      supplier: '1556150',
      lines: [
        { po_line_id: '1', sku: '9780446360265', ordered_qty: 3, quantity: 3, uom: 'EA', status: 'accepted' },
        { po_line_id: '2', ordered_qty: 2, quantity: 0, status: 'rejected' },
        { po_line_id: '3', quantity: 0, status: 'rejected' },
        { po_line_id: '4', quantity: 2, status: 'accepted' },
      ],
    });
  });

  it('856 (OopFactory example): hierarchy, dates, units and the order number', () => {
    const [d] = documents('x12/856/oopfactory_856_example1.txt');
    expect(d.document?.value).toMatchObject({
      asn_id: '123456',
      po_id: '123456',
      shipped_at: '2001-04-20T14:21:00Z',
      expected_at: '2001-04-22T08:00:00Z',
      ship_to: '201495124',
      lines: [
        { line_id: '3', po_line_id: '001', sku: '1234-123456', quantity: 16, uom: 'PCE' },
        { line_id: '4', sku: '1234-654321', quantity: 23, uom: 'LBR' },
        { line_id: '5', sku: '1234-223456', quantity: 16, uom: 'PCE' },
      ],
    });
  });

  it('810 (StAEDI): totals from TDS, cases to CT, due date from ITD net days', () => {
    const [first] = documents('x12/810/staedi_simple810.edi');
    expect(first.document?.value).toMatchObject({
      invoice_id: '00001',
      po_id: 'A99999-01',
      invoice_date: '1997-12-11',
      due_date: '1997-12-27',
      currency: 'XXX',
      total_amount: 2554.38,
      tax_amount: null,
    });
    const value = first.document?.value as { lines: { uom: string; amount: number }[] };
    expect(value.lines).toHaveLength(7);
    expect(value.lines[0]).toMatchObject({ uom: 'CT', amount: 197.44 });
    expect(first.problems.map((p) => p.rule)).toContain('DOC_DEFAULTED');
  });

  it('INVOIC (pydifact): price per 100 units, D97A dates, EUR', () => {
    const [d] = documents('edifact/INVOIC/pydifact_invoice1.edi');
    expect(d.document?.value).toMatchObject({
      invoice_id: '1060113800026',
      invoice_date: '1999-10-06',
      currency: 'EUR',
      po_id: 'X18V00003',
      total_amount: 1960.29,
    });
    expect((d.document?.value as { lines: unknown[] }).lines[0]).toMatchObject({
      sku: '090346642',
      quantity: 54,
      uom: 'PCE',
      unit_price: 36.301724,
      amount: 1960.29,
    });
  });

  it('ORDRSP (hand-written D96A): changed header, a reduced and a backordered line', () => {
    const [d] = documents('edifact/ORDRSP/handwritten_ordrsp_d96a.edi');
    expect(d.profile?.id).toBe('SUP-WUERTH');
    expect(d.document?.value).toMatchObject({
      po_id: 'P00231',
      ack_id: 'OC-55102',
      supplier: 'SUP-WUERTH',
      status: 'changed',
      ack_date: '2026-11-15',
      lines: [
        { po_line_id: '902', sku: 'BOLT-M8-40', ordered_qty: 2000, quantity: 2000, status: 'accepted', promised_date: '2026-11-28' },
        { po_line_id: '903', ordered_qty: 5000, quantity: 4000, status: 'changed', promised_date: '2026-12-02' },
        { po_line_id: '904', ordered_qty: 300, quantity: 300, status: 'backordered' },
      ],
    });
  });

  it('DESADV (D01B, syntax 4): carrier, tracking, batch and expiry, ship-to through the profile', () => {
    const [d] = documents('edifact/DESADV/handwritten_desadv_d01b.edi', [EXAMPLE_EDIFACT_D01B]);
    expect(d.document?.value).toMatchObject({
      asn_id: 'ASN-88410',
      po_id: 'P00231',
      ship_to: 'WH-BER',
      carrier: 'DHL',
      tracking: 'JJD0001234567',
      shipped_at: '2026-11-24T09:00:00Z',
      expected_at: '2026-11-27T10:00:00Z',
      lines: [
        { sku: 'BOLT-M8-40', quantity: 2000, uom: 'PCE', po_line_id: '902' },
        { sku: 'NUT-M8', lot: 'L-2611-07', expiry: '2028-11-30', po_line_id: '903' },
      ],
    });
  });

  it('INVRPT and 846: stock figures by quantity qualifier, released characters kept', () => {
    const [inv] = documents('edifact/INVRPT/handwritten_invrpt_d96a.edi');
    const report = inv.document?.value as SupplierStockReport;
    expect(report).toMatchObject({ report_id: 'IR-2026-11-26', as_of: '2026-11-26T02:00:00Z', supplier: 'SUP-WUERTH' });
    expect(report.records.map((r) => [r.sku, r.location, r.on_hand, r.uom, r.lot])).toEqual([
      ['BOLT-M8-40', 'WH-BER', 1840, 'PCE', null],
      ['NUT-M8', 'WH-BER', 12500, 'PCE', null],
      ['WASHER-8', 'WH-BER', 0.5, 'KGM', 'L2611:A'],
    ]);
    const [x12] = documents('x12/846/oopfactory_846_example2.txt');
    expect((x12.document?.value as SupplierStockReport).records).toHaveLength(5);
  });

  it('997 and CONTRL read as functional acknowledgments', () => {
    const [ack] = documents('x12/997/staedi_simple997.edi');
    expect(ack.document?.value).toMatchObject({
      functional_id: 'HC',
      group_ref: '000001',
      status: 'rejected',
      counts: { included: 1, received: 1, accepted: 0 },
    });
    expect((ack.document?.value as FunctionalAck).sets[0]).toMatchObject({ type: '837', control_ref: '0021', status: 'rejected' });
    const [contrl] = documents('edifact/CONTRL/jacobemcken_nordea_contrl.edi');
    expect(contrl.document?.value).toMatchObject({
      interchange_ref: '131',
      status: 'rejected',
      sets: [{ type: 'PAYMUL', control_ref: '1', status: 'rejected' }],
    });
  });

  it('an unknown set is a warning, not a failure', () => {
    const [d] = documents('edifact/other/php-edifact_exampleMulti.edi');
    expect(d.document).toBeNull();
    expect(d.problems.map((p) => p.rule)).toEqual(['DOC_UNSUPPORTED_SET']);
  });
});

describe('round trips: parse → canonical → build → parse → canonical', () => {
  const profileFor = (ic: EdiInterchange): PartnerProfile => {
    const base =
      ic.standard === 'x12'
        ? ic.groups[0]?.version.startsWith('005')
          ? EXAMPLE_X12_5010
          : EXAMPLE_X12_4010
        : ic.syntax.endsWith(':4')
          ? EXAMPLE_EDIFACT_D01B
          : EXAMPLE_EDIFACT_D96A;
    return { ...base, lineBreaks: true };
  };

  it.each(MAPPABLE)('%s %s', (type, file) => {
    const r = parsed(file);
    const map = findMap(r.standard, type) as TransactionMap<unknown>;
    for (const ic of r.interchanges) {
      for (const group of ic.groups) {
        for (const set of group.sets.filter((s) => s.type === type)) {
          const profile = profileFor(ic);
          const first = map.toCanonical(set, { interchange: ic, group, profile, receivedAt: RECEIVED_AT });
          expect(first.value).not.toBeNull();
          const built = buildDocuments(
            map,
            [first.value],
            profile,
            { interchange: ic.controlReference },
            { at: AT, sender: map.kind === 'supplier_order' ? 'us' : 'partner' },
          );
          expect(built.problems).toEqual([]);
          const again = parsed2(built.text);
          const ic2 = again.interchanges[0];
          const second = map.toCanonical(ic2.groups[0].sets[0], { interchange: ic2, group: ic2.groups[0], profile, receivedAt: RECEIVED_AT });
          expect(second.problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(second.value).toEqual(first.value);
        }
      }
    }
  });

  function parsed2(text: string): ParseResult {
    const r = parseEdi(text);
    if (r.standard === null) throw new Error('not detected');
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    return r;
  }
});

describe('the purchase order we send', () => {
  const lines: OpenPurchaseOrder[] = [
    {
      po_id: 'P00231',
      line_id: '902',
      supplier: 'SUP-WUERTH',
      sku: 'BOLT-M8-40',
      location: 'WH-BER',
      ordered_qty: 2000,
      received_qty: 0,
      in_transit_qty: 2000,
      uom: 'EA',
      order_date: '2026-11-14',
      expected_date: '2026-11-28',
      status: 'confirmed',
    },
    {
      po_id: 'P00231',
      line_id: '903',
      supplier: 'SUP-WUERTH',
      sku: 'NUT-M8',
      location: 'WH-BER',
      ordered_qty: 50,
      received_qty: 10,
      in_transit_qty: 40,
      uom: 'CT',
      order_date: '2026-11-14',
      expected_date: '2026-12-02',
      status: 'partially_received',
    },
  ];
  const order = supplierOrderFromOpenPurchaseOrders(lines, { currency: 'EUR', prices: { '902': 0.15 }, ship_to_name: 'Berlin DC' });

  it.each([EXAMPLE_X12_4010, EXAMPLE_X12_5010, EXAMPLE_EDIFACT_D96A, EXAMPLE_EDIFACT_D01B].map((p) => [p.name, p] as const))(
    '%s: builds, parses clean and reads back',
    (_name, profile) => {
      const out = buildPurchaseOrder(order, profile, { interchange: 731, firstSet: 1 }, { at: AT });
      expect(out.ok).toBe(true);
      const r = parseEdi(out.text) as ParseResult;
      expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(r.interchanges[0].receiver).toEqual(profile.partner);
      expect(r.interchanges[0].groups[0].sets[0].version).toBe(profile.version);
      const map = findMap(profile.standard, profile.standard === 'x12' ? '850' : 'ORDERS') as TransactionMap<unknown>;
      const ic = r.interchanges[0];
      const back = map.toCanonical(ic.groups[0].sets[0], { interchange: ic, group: ic.groups[0], profile });
      expect(back.value).toEqual({ ...order, supplier: profile.id, lines: order.lines.map((l) => ({ ...l, supplier_sku: null })) });
    },
  );

  it('uses the version differences: ISA11 and GS08 for 005010, UNB syntax 4 dates for D01B', () => {
    const x5010 = buildPurchaseOrder(order, EXAMPLE_X12_5010, { interchange: 1 }, { at: AT }).text;
    expect(x5010.slice(0, 106).split('*')[12]).toBe('00501');
    expect(x5010.slice(0, 106).split('*')[11]).toBe('^');
    expect(x5010).toContain('*X*005010~');
    const x4010 = buildPurchaseOrder(order, EXAMPLE_X12_4010, { interchange: 1 }, { at: AT }).text;
    expect(x4010.slice(0, 106).split('*')[11]).toBe('U');
    expect(x4010).toContain('*X*004010~');
    const d01b = buildPurchaseOrder(order, EXAMPLE_EDIFACT_D01B, { interchange: 'PB1' }, { at: AT }).text;
    expect(d01b).toContain("UNB+UNOC:4+4012345000008:14+4012345000009:14+20261126:0830+PB1'");
    expect(d01b).toContain("UNH+1+ORDERS:D:01B:UN:EAN010'");
    const d96a = buildPurchaseOrder(order, EXAMPLE_EDIFACT_D96A, { interchange: 'PB1' }, { at: AT }).text;
    expect(d96a).toContain('+261126:0830+PB1');
    expect(d96a).toContain("NAD+DP+4012345000015::92++Berlin DC'");
  });
});

describe('acknowledging what we receive', () => {
  const reply = (file: string, kind: 'x12' | 'edifact') => {
    const r = parsed(file);
    const built =
      kind === 'x12'
        ? build997Response(r.interchanges[0], r.problems, { interchange: 5001, at: AT })
        : buildContrlResponse(r.interchanges[0], r.problems, { interchange: 'ACK5001', at: AT });
    expect(built.ok).toBe(true);
    const back = kind === 'x12' ? parseX12(built.text) : parseEdifact(built.text);
    expect(back.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const [doc] = readDocuments(back);
    expect(back.interchanges[0].receiver.id).toBe(r.interchanges[0].sender.id);
    return doc.document?.value as FunctionalAck;
  };

  it('997 accepting a clean 850 names the group and every set', () => {
    expect(reply('x12/850/node-x12_850.edi', 'x12')).toMatchObject({
      functional_id: 'PO',
      group_ref: '1421',
      status: 'accepted',
      sets: [{ type: '850', control_ref: '000000010', status: 'accepted' }],
      counts: { included: 1, received: 1, accepted: 1 },
    });
  });

  it('997 rejecting a truncated file (AK5 2 trailer missing, AK9 3 GE missing) and a miscounted set (AK5 4)', () => {
    const truncated = reply('x12/850/derived_truncated_node-x12_850.edi', 'x12');
    expect(truncated).toMatchObject({ status: 'rejected', sets: [{ status: 'rejected', errors: [{ code: '2' }] }], errors: [{ code: '3' }] });
    const miscounted = reply('x12/856/derived_se_count_gregarican.txt', 'x12');
    expect(miscounted).toMatchObject({ status: 'rejected', sets: [{ type: '856', status: 'rejected', errors: [{ code: '4' }] }] });
  });

  it('CONTRL accepting a clean interchange, and rejecting a miscounted message or a truncated interchange', () => {
    expect(reply('edifact/INVOIC/pydifact_invoice1.edi', 'edifact')).toMatchObject({
      interchange_ref: 'PAYO0012101221',
      status: 'accepted',
      sets: [{ type: 'INVOIC', control_ref: '1', status: 'accepted' }],
    });
    const miscounted = reply('edifact/DESADV/derived_unt_count_desadv.edi', 'edifact');
    expect(miscounted).toMatchObject({
      status: 'rejected',
      sets: [{ type: 'DESADV', control_ref: '142', status: 'rejected', errors: [{ code: '29', segment_tag: 'UNT' }] }],
    });
    const truncated = reply('edifact/INVOIC/derived_truncated_invoice1.edi', 'edifact');
    expect(truncated).toMatchObject({ status: 'rejected', errors: [{ code: '13', segment_tag: 'UNZ' }] });
  });
});
