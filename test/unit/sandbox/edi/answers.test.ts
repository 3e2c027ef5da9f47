/**
 * The cross-check: every file the sandbox supplier writes (with its own X12/EDIFACT writer) must
 * parse cleanly in planbridge's codec and map to exactly the canonical documents the supplier meant.
 */
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { contracts } from '../../../../nodes/canonical/registry';
import type { Asn, FunctionalAck, Invoice, PoAcknowledgment } from '../../../../nodes/edi/codec';
import { EXAMPLE_EDIFACT_D01B, EXAMPLE_EDIFACT_D96A, EXAMPLE_X12_4010, EXAMPLE_X12_5010, type PartnerProfile } from '../../../../nodes/edi/partners';
import type { LinePlan, OrderPlan, SentFile, Shipment } from '../../../../sandbox/edi';
import { codecRead, drop, folders, order, outboxFiles, purchaseOrder, readOut, RECEIVED_AT, sandboxFor } from './helpers';

const PROFILES = [EXAMPLE_X12_4010, EXAMPLE_X12_5010, EXAMPLE_EDIFACT_D96A, EXAMPLE_EDIFACT_D01B];
const CONTRACT = { po_acknowledgment: 'po_acknowledgment@1', asn: 'asn@1', invoice: 'invoice@1' } as const;

/** The canonical unit the order line was placed in (the order's SKU-000.. lines: every fifth is CT). */
const uomOf = (l: LinePlan) => (Number(l.line.lineId) % 5 === 4 ? 'CT' : 'EA');
const skuOf = (l: LinePlan) => `SKU-${String(Number(l.line.lineId) - 900).padStart(3, '0')}`;
const money = (n: number) => Math.round(n * 100) / 100;

function expectedAck(plan: OrderPlan, profile: PartnerProfile, ref: string): PoAcknowledgment {
  return {
    po_id: plan.order.poNumber,
    ack_id: plan.ackId,
    supplier: profile.id,
    ack_date: plan.ackDate,
    status: plan.status,
    received_at: RECEIVED_AT,
    interchange_ref: ref,
    lines: plan.lines.map((l) => ({
      po_line_id: l.line.lineId,
      sku: skuOf(l),
      ordered_qty: l.line.quantity,
      quantity: l.confirmedQty,
      uom: uomOf(l),
      status: l.status,
      promised_date: l.status === 'rejected' ? null : l.promisedDate,
    })),
  };
}

function expectedAsn(plan: OrderPlan, s: Shipment, profile: PartnerProfile, ref: string): Asn {
  return {
    asn_id: s.asnId,
    supplier: profile.id,
    po_id: plan.order.poNumber,
    ship_to: 'WH-BER',
    shipped_at: `${s.shipDate}T08:00:00Z`,
    expected_at: `${s.expectedDate}T10:00:00Z`,
    carrier: s.carrier,
    tracking: s.tracking,
    interchange_ref: ref,
    lines: s.lines.map((l, i) => ({
      // X12 item lines are HL levels after shipment (1) and order (2); EDIFACT numbers its LINs.
      line_id: String(profile.standard === 'x12' ? i + 3 : i + 1),
      po_line_id: l.line.lineId,
      sku: skuOf(l),
      quantity: l.shippedQty,
      uom: uomOf(l),
      lot: null,
      expiry: null,
    })),
  };
}

function expectedInvoice(plan: OrderPlan, s: Shipment, profile: PartnerProfile, ref: string): Invoice {
  return {
    invoice_id: s.invoiceId,
    supplier: profile.id,
    po_id: plan.order.poNumber,
    invoice_date: s.invoiceDate,
    due_date: s.dueDate,
    currency: 'EUR',
    interchange_ref: ref,
    lines: s.lines.map((l, i) => ({
      line_id: String(i + 1),
      po_line_id: l.line.lineId,
      sku: skuOf(l),
      quantity: l.invoicedQty,
      uom: uomOf(l),
      unit_price: l.invoicedPrice,
      amount: money(l.invoicedQty * l.invoicedPrice),
    })),
    tax_amount: null,
    total_amount: s.invoiceTotal,
  };
}

describe.each(PROFILES.map((p) => [p.name, p] as const))('sandbox supplier for %s', (_name, profile) => {
  let sent: SentFile[];
  let plans: OrderPlan[];
  let written: string[];
  let texts: Map<string, string>;
  let storedAs: string;

  beforeAll(async () => {
    const f = await folders();
    const sandbox = await sandboxFor(profile, f);
    try {
      await drop(f.inbox, 'po-P00231.edi', purchaseOrder(order('P00231', profile.id, 24), profile));
      const [received] = await sandbox.control.poll();
      plans = received.plans;
      storedAs = received.storedAs;
      sent = sandbox.control.sent();
      written = await outboxFiles(f.outbox);
      texts = new Map(await Promise.all(written.map(async (n) => [n, await readOut(f.outbox, n)] as const)));
    } finally {
      await sandbox.stop();
      await rm(dirname(f.inbox), { recursive: true, force: true });
    }
  });

  it('claims the order and answers with acknowledgment, order response, then a ship notice and invoice per shipment, each file whole', () => {
    expect(storedAs).toMatch(/archive[\\/]po-P00231\.edi$/);
    expect(plans).toHaveLength(1);
    const kinds = sent.map((s) => s.kind);
    expect(kinds.slice(0, 2)).toEqual(['functional_ack', 'po_acknowledgment']);
    expect(kinds.slice(2)).toEqual(plans[0].shipments.flatMap(() => ['asn', 'invoice']));
    expect(written).toEqual(sent.map((s) => s.name).sort());
    expect(written.some((n) => n.endsWith('.tmp'))).toBe(false);
    for (const s of sent) expect(texts.get(s.name)).toBe(s.text);
  });

  it('writes files planbridge parses without a single problem, from the supplier to planbridge, in the partner version', () => {
    for (const s of sent) {
      const { parsed } = codecRead(s.text);
      expect({ file: s.name, problems: parsed.problems }).toEqual({ file: s.name, problems: [] });
      const ic = parsed.interchanges[0];
      expect(ic.sender).toEqual(profile.partner);
      expect(ic.receiver).toEqual(profile.us);
      if (s.kind !== 'functional_ack') expect(ic.groups[0].sets[0].version).toBe(profile.version);
    }
  });

  it('acknowledges the order group or interchange as accepted', () => {
    const { documents } = codecRead(sent[0].text);
    expect(documents).toHaveLength(1);
    const ack = documents[0].document?.value as FunctionalAck;
    expect(ack.status).toBe('accepted');
    expect(ack.sets).toEqual([
      expect.objectContaining({
        type: profile.standard === 'x12' ? '850' : 'ORDERS',
        control_ref: profile.standard === 'x12' ? '0001' : '1',
        status: 'accepted',
      }),
    ]);
    if (profile.standard === 'x12') expect(ack.group_ref).toBe('731');
    else expect(ack.interchange_ref).toBe('731');
  });

  it('sends documents that map to the po_acknowledgment@1, asn@1 and invoice@1 records it meant, valid by contract', () => {
    const plan = plans[0];
    const shipments = [...plan.shipments];
    for (const s of sent.slice(1)) {
      // The two EDIFACT example profiles share one interchange id: read with the profile under test.
      const { parsed, documents } = codecRead(s.text, [profile]);
      expect(documents).toHaveLength(1);
      const d = documents[0];
      expect(d.problems.filter((p) => p.severity === 'error')).toEqual([]);
      const ref = parsed.interchanges[0].controlReference;
      expect(d.document).not.toBeNull();
      const kind = d.document!.kind as keyof typeof CONTRACT;
      expect(kind).toBe(s.kind);
      expect(contracts().get(CONTRACT[kind]).check(d.document!.value)).toEqual([]);
      if (kind === 'po_acknowledgment') expect(d.document!.value).toEqual(expectedAck(plan, profile, ref));
      if (kind === 'asn') expect(d.document!.value).toEqual(expectedAsn(plan, s.shipment as Shipment, profile, ref));
      if (kind === 'invoice') expect(d.document!.value).toEqual(expectedInvoice(plan, s.shipment as Shipment, profile, ref));
    }
    expect(sent.filter((s) => s.kind === 'asn').map((s) => s.shipment)).toEqual(shipments);
  });

  it('numbers files with increasing control numbers', () => {
    const refs = sent.map((s) => Number(codecRead(s.text).parsed.interchanges[0].controlReference));
    expect(refs).toEqual(refs.map((_, i) => i + 1));
  });
});
