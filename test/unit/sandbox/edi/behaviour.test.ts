import { once } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Asn, FunctionalAck, Invoice, PoAcknowledgment } from '../../../../nodes/edi/codec';
import { EXAMPLE_EDIFACT_D96A, EXAMPLE_X12_4010, type PartnerProfile } from '../../../../nodes/edi/partners';
import type { EdiSandbox, Order, OrderPlan, ReceivedFile, SentFile } from '../../../../sandbox/edi';
import { codecRead, drop, folders, order, purchaseOrder, sandboxFor, type Folders } from './helpers';

const cleanups: Folders[] = [];
const running: EdiSandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await Promise.all(cleanups.splice(0).map((f) => rm(dirname(f.inbox), { recursive: true, force: true })));
});

async function start(profile: PartnerProfile, extra: Parameters<typeof sandboxFor>[2] = {}): Promise<{ sandbox: EdiSandbox; f: Folders }> {
  const f = await folders();
  cleanups.push(f);
  const sandbox = await sandboxFor(profile, f, extra);
  running.push(sandbox);
  return { sandbox, f };
}

function documentsOf<T>(sent: SentFile[], kind: SentFile['kind']): T[] {
  return sent.filter((s) => s.kind === kind).map((s) => codecRead(s.text).documents[0].document?.value as T);
}

describe('what the supplier does with orders', () => {
  it('accepts, changes and rejects lines, ships some late and some short, and invoices some wrong: a three-way match finds each', async () => {
    const { sandbox, f } = await start(EXAMPLE_X12_4010);
    const o = order('P00900', EXAMPLE_X12_4010.id, 60);
    await drop(f.inbox, 'po.x12', purchaseOrder(o, EXAMPLE_X12_4010));
    await sandbox.control.poll();
    const sent = sandbox.control.sent();
    const [ack] = documentsOf<PoAcknowledgment>(sent, 'po_acknowledgment');
    const asns = documentsOf<Asn>(sent, 'asn');
    const invoices = documentsOf<Invoice>(sent, 'invoice');
    const ordered = new Map(o.lines.map((l) => [l.line_id, l]));
    const acked = new Map(ack.lines.map((l) => [l.po_line_id, l]));

    expect(new Set(ack.lines.map((l) => l.status))).toEqual(new Set(['accepted', 'changed', 'rejected']));
    const changed = ack.lines.filter((l) => l.status === 'changed');
    expect(changed.some((l) => l.quantity < (l.ordered_qty as number))).toBe(true);
    expect(changed.some((l) => l.quantity === l.ordered_qty && l.promised_date! > (ordered.get(l.po_line_id)!.need_by ?? '9999'))).toBe(true);

    const shippedLines = asns.flatMap((a) => a.lines.map((l) => ({ ...l, expected: a.expected_at.slice(0, 10) })));
    const rejected = ack.lines.filter((l) => l.status === 'rejected').map((l) => l.po_line_id);
    expect(shippedLines.map((l) => l.po_line_id).sort()).toEqual(
      ack.lines
        .map((l) => l.po_line_id)
        .filter((id) => !rejected.includes(id))
        .sort(),
    );
    expect(shippedLines.some((l) => l.quantity < acked.get(l.po_line_id!)!.quantity)).toBe(true);
    expect(shippedLines.some((l) => l.expected > (acked.get(l.po_line_id!)!.promised_date as string))).toBe(true);
    expect(shippedLines.some((l) => l.expected <= (acked.get(l.po_line_id!)!.promised_date as string))).toBe(true);

    expect(invoices.map((i) => i.po_id)).toEqual(asns.map(() => 'P00900'));
    const shipped = new Map(shippedLines.map((l) => [l.po_line_id, l.quantity]));
    const invoiced = invoices.flatMap((i) => i.lines);
    expect(invoiced.map((l) => l.po_line_id).sort()).toEqual([...shipped.keys()].sort());
    const priced = invoiced.filter((l) => ordered.get(l.po_line_id!)!.unit_price != null);
    expect(priced.some((l) => l.unit_price !== ordered.get(l.po_line_id!)!.unit_price)).toBe(true);
    expect(priced.some((l) => l.unit_price === ordered.get(l.po_line_id!)!.unit_price)).toBe(true);
    expect(invoiced.some((l) => l.quantity > shipped.get(l.po_line_id)!)).toBe(true);
    for (const inv of invoices)
      expect(inv.total_amount).toBeCloseTo(
        inv.lines.reduce((a, l) => a + l.amount, 0),
        2,
      );
  });

  it('answers the same order with the same bytes for the same seed, and differently for another seed', async () => {
    const text = purchaseOrder(order('P00901', EXAMPLE_EDIFACT_D96A.id, 30), EXAMPLE_EDIFACT_D96A);
    const runs: SentFile[][] = [];
    for (const seed of [11, 11, 12]) {
      const { sandbox, f } = await start(EXAMPLE_EDIFACT_D96A, { seed });
      await drop(f.inbox, 'orders.edi', text);
      await sandbox.control.poll();
      runs.push(sandbox.control.sent());
    }
    expect(runs[1].map((s) => s.text)).toEqual(runs[0].map((s) => s.text));
    expect(runs[2].slice(1).map((s) => s.text)).not.toEqual(runs[0].slice(1).map((s) => s.text));
  });

  it('decides each order by its own content, whatever came before; control numbers keep counting across files', async () => {
    const a = purchaseOrder(order('P-A', EXAMPLE_X12_4010.id, 12), EXAMPLE_X12_4010, 1);
    const b = purchaseOrder(order('P-B', EXAMPLE_X12_4010.id, 12), EXAMPLE_X12_4010, 2);
    const plans = async (files: [string, string][]): Promise<{ plans: Map<string, OrderPlan>; controls: number[] }> => {
      const { sandbox, f } = await start(EXAMPLE_X12_4010);
      for (const [name, text] of files) await drop(f.inbox, name, text);
      const received = await sandbox.control.poll();
      return { plans: new Map(received.flatMap((r) => r.plans).map((p) => [p.order.poNumber, p])), controls: sandbox.control.sent().map((s) => s.control) };
    };
    const ab = await plans([
      ['1.x12', a],
      ['2.x12', b],
    ]);
    const ba = await plans([
      ['1.x12', b],
      ['2.x12', a],
    ]);
    expect(ba.plans.get('P-A')).toEqual(ab.plans.get('P-A'));
    expect(ba.plans.get('P-B')).toEqual(ab.plans.get('P-B'));
    expect(ab.controls).toEqual(ab.controls.map((_, i) => i + 1));
  });

  it('reads an EDIFACT order whose values hold separators and release characters, and echoes them escaped', async () => {
    const { sandbox, f } = await start(EXAMPLE_EDIFACT_D96A, { rates: { rejected: 0 } });
    const o = order('P?+1', EXAMPLE_EDIFACT_D96A.id, 2);
    o.lines[0].sku = "BOLT+M8:40?X'Y";
    await drop(f.inbox, 'orders.edi', purchaseOrder(o, EXAMPLE_EDIFACT_D96A));
    const [received] = await sandbox.control.poll();
    expect(received.orders[0].poNumber).toBe('P?+1');
    expect(received.orders[0].lines[0].ids[0]).toEqual({ id: "BOLT+M8:40?X'Y", qualifier: 'IN' });
    const [ack] = documentsOf<PoAcknowledgment>(sandbox.control.sent(), 'po_acknowledgment');
    expect(ack.po_id).toBe('P?+1');
    expect(ack.lines[0].sku).toBe("BOLT+M8:40?X'Y");
  });
});

describe('malformed files', () => {
  const x12 = purchaseOrder(order('P00950', EXAMPLE_X12_4010.id, 3), EXAMPLE_X12_4010);
  const edifact = purchaseOrder(order('P00951', EXAMPLE_EDIFACT_D96A.id, 3), EXAMPLE_EDIFACT_D96A);

  async function answer(profile: PartnerProfile, text: string): Promise<{ received: ReceivedFile; sent: SentFile[]; ack: FunctionalAck; f: Folders }> {
    const { sandbox, f } = await start(profile);
    await drop(f.inbox, 'bad.edi', text);
    const [received] = await sandbox.control.poll();
    const sent = sandbox.control.sent();
    const read = codecRead(sent[0].text);
    expect(read.parsed.problems).toEqual([]);
    return { received, sent, ack: read.documents[0].document?.value as FunctionalAck, f };
  }

  it.each([
    ['not EDI at all', 'hello supplier'],
    ['an ISA that is not fixed width', x12.replace('*ZZ*ACMESUPPLY     *', '*ZZ*ACMESUPPLY*')],
    ['a truncated interchange (no GE, no IEA)', x12.slice(0, x12.indexOf('GE*'))],
    ['an EDIFACT file sent to an X12 partner', edifact],
  ])('X12: %s is answered with a rejecting 997 only, and the file goes to rejected/', async (_what, text) => {
    const { received, sent, ack, f } = await answer(EXAMPLE_X12_4010, text);
    expect(sent.map((s) => s.kind)).toEqual(['functional_ack']);
    expect(ack.status).toBe('rejected');
    expect(received.refusals.length).toBeGreaterThan(0);
    expect(await readdir(join(f.inbox, 'rejected'))).toEqual(['bad.edi']);
  });

  it('X12: a wrong SE01 count rejects that set with AK5 code 4', async () => {
    const { sent, ack } = await answer(
      EXAMPLE_X12_4010,
      x12.replace(/SE\*(\d+)\*/, (_m, n: string) => `SE*${Number(n) + 1}*`),
    );
    expect(sent).toHaveLength(1);
    expect(ack.sets).toEqual([{ type: '850', control_ref: '0001', status: 'rejected', errors: [expect.objectContaining({ code: '4' })] }]);
    expect(ack.status).toBe('rejected');
  });

  it('X12: an order without lines is refused as content (AK5 code 5), the rest of the envelope being fine', async () => {
    const noLines = x12.replace(/PO1\*[^~]*~\n(DTM\*002\*[^~]*~\n)?/g, '').replace(/SE\*\d+\*/, 'SE*6*'); // ST BEG CUR N1 CTT SE
    const { ack } = await answer(EXAMPLE_X12_4010, noLines);
    expect(ack.sets[0]).toEqual(expect.objectContaining({ status: 'rejected', errors: [expect.objectContaining({ code: '5' })] }));
  });

  it('EDIFACT: a wrong UNT count is answered with a CONTRL rejecting the message (UCM action 4, error 29)', async () => {
    const { sent, ack } = await answer(
      EXAMPLE_EDIFACT_D96A,
      edifact.replace(/UNT\+(\d+)\+/, (_m, n: string) => `UNT+${Number(n) - 1}+`),
    );
    expect(sent.map((s) => s.kind)).toEqual(['functional_ack']);
    expect(ack.interchange_ref).toBe('731');
    expect(ack.status).toBe('rejected');
    expect(ack.sets).toEqual([
      expect.objectContaining({ type: 'ORDERS', control_ref: '1', status: 'rejected', errors: [expect.objectContaining({ code: '29' })] }),
    ]);
  });

  it('EDIFACT: data that is not EDI is refused with a CONTRL naming no interchange (error 13: no UNB)', async () => {
    const { received, sent, ack } = await answer(EXAMPLE_EDIFACT_D96A, 'hello supplier');
    expect(sent.map((s) => s.kind)).toEqual(['functional_ack']);
    expect(received.refusals).toEqual(['the interchange does not start with UNB']);
    expect(ack).toEqual(expect.objectContaining({ interchange_ref: null, status: 'rejected', sets: [], errors: [expect.objectContaining({ code: '13' })] }));
  });

  it('EDIFACT: a missing UNZ rejects the interchange (UCI action 4, error 13)', async () => {
    const { ack } = await answer(EXAMPLE_EDIFACT_D96A, edifact.slice(0, edifact.indexOf('UNZ+')));
    expect(ack.status).toBe('rejected');
    expect(ack.errors).toEqual([expect.objectContaining({ code: '13' })]);
  });
});

describe('the folder transport', () => {
  it('polls on its own, ignores files still being written, and tells tests by events', async () => {
    const { sandbox, f } = await start(EXAMPLE_X12_4010, { pollIntervalMs: 10 });
    const orders: Order[] = [];
    sandbox.control.on('order', (o: Order) => orders.push(o));
    const answered = once(sandbox.control, 'answered') as Promise<[ReceivedFile]>;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(f.inbox, 'half.x12.tmp'), 'ISA*00*');
    await drop(f.inbox, 'po.x12', x12Order());
    const [received] = await answered;
    expect(received.name).toBe('po.x12');
    expect(orders.map((o) => o.poNumber)).toEqual(['P00960']);
    expect((await readdir(f.outbox)).sort()).toEqual(received.answers.slice().sort());
    expect((await readdir(f.inbox)).sort()).toEqual(['archive', 'half.x12.tmp', 'processing']);
    expect(sandbox.control.received()).toEqual([received]);
  });

  it('takes its version and ids from the options and refuses an unknown version', async () => {
    const f = await folders();
    cleanups.push(f);
    await expect(sandboxFor({ ...EXAMPLE_X12_4010, version: '003040' }, f)).rejects.toThrow(/003040/);
  });
});

function x12Order(): string {
  return purchaseOrder(order('P00960', EXAMPLE_X12_4010.id, 4), EXAMPLE_X12_4010);
}
