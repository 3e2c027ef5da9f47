/**
 * The supplier's answer to one received file, without any file system: read it, judge it, plan each
 * accepted order and write the answer files in the order a real partner sends them (functional
 * acknowledgment, order acknowledgment, then per shipment a ship notice and its invoice). Control
 * numbers come from one counter, one number per file.
 */
import { contrl, desadv, invoic, ordrsp } from './answers-edifact';
import { x12FunctionalAcks, x12_810, x12_855, x12_856 } from './answers-x12';
import { planOrder, type OrderPlan, type Rates, type Shipment } from './decide';
import { readEdifact } from './syntax/edifact-read';
import { writeEdifact } from './syntax/edifact-write';
import { readX12 } from './syntax/x12-read';
import { writeX12 } from './syntax/x12-write';
import type { Interchange, Party, SegmentOut } from './syntax/types';
import { judge, type Verdict } from './verdict';

export type Standard = 'x12' | 'edifact';
export type DocumentKind = 'functional_ack' | 'po_acknowledgment' | 'asn' | 'invoice';

export interface SupplierConfig {
  standard: Standard;
  /** '004010' | '005010' for X12, 'D96A' | 'D01B' for EDIFACT. */
  version: string;
  /** The supplier's own interchange id (the receiver of the orders). */
  supplier: Party;
  /** planbridge's interchange id, as the supplier knows it. */
  buyer: Party;
  seed: number;
  rates: Rates;
  /** Used when the order names no currency. */
  currency: string;
  /** Envelope date and time; by default each document's own date, so answers are reproducible. */
  now?: () => Date;
  firstControlNumber: number;
}

export interface SentFile {
  name: string;
  kind: DocumentKind;
  control: number;
  text: string;
  /** The order it answers; null for the acknowledgment of a file that held none. */
  poNumber: string | null;
  /** For ship notices and invoices: the shipment they describe. */
  shipment: Shipment | null;
}

export interface Answer {
  interchange: Interchange;
  verdict: Verdict;
  plans: OrderPlan[];
  files: SentFile[];
  /** The file held only functional acknowledgments of what this supplier sent: kept, never answered. */
  acknowledgment: boolean;
}

/** A functional acknowledgment is never acknowledged (X12.6; CONTRL likewise), or two partners would answer each other forever. */
function onlyFunctionalAcks(interchange: Interchange): boolean {
  const messages = interchange.groups.flatMap((g) => g.messages);
  return interchange.errors.length === 0 && messages.length > 0 && messages.every((m) => m.type === '997' || m.type === '999' || m.type === 'CONTRL');
}

const TYPES: Record<Standard, Record<DocumentKind, string>> = {
  x12: { functional_ack: '997', po_acknowledgment: '855', asn: '856', invoice: '810' },
  edifact: { functional_ack: 'CONTRL', po_acknowledgment: 'ORDRSP', asn: 'DESADV', invoice: 'INVOIC' },
};
const GROUP_IDS: Record<string, string> = { '997': 'FA', '855': 'PR', '856': 'SH', '810': 'IN' };

const noon = (iso: string) => new Date(`${iso}T12:00:00Z`);
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

export class Supplier {
  private next: number;

  constructor(private readonly config: SupplierConfig) {
    this.next = config.firstControlNumber;
  }

  /** The next control number; numbers are never reused, even for files that fail to write. */
  private control(): number {
    return this.next++;
  }

  answer(text: string): Answer {
    const { standard } = this.config;
    // Data that is neither is read as this partner's own standard, whose reader says what is missing.
    const start = text.replace(/^[\uFEFF\s]+/, '').slice(0, 3);
    const x12 = start === 'ISA' || (standard === 'x12' && start !== 'UNA' && start !== 'UNB');
    const interchange = x12 ? readX12(text) : readEdifact(text);
    if (onlyFunctionalAcks(interchange))
      return { interchange, verdict: { interchange: null, groups: [], messages: [], orders: [], reasons: [] }, plans: [], files: [], acknowledgment: true };
    const verdict = judge(interchange, standard);
    const plans = verdict.orders.map((o) => planOrder(o, this.config.seed, this.config.rates));
    const files: SentFile[] = [];
    const ackAt = plans[0] ? noon(plans[0].ackDate) : new Date();
    files.push(this.file('functional_ack', null, null, ackAt, standard === 'x12' ? x12FunctionalAcks(interchange, verdict) : [contrl(interchange, verdict)]));
    for (const plan of plans) {
      const po = plan.order.poNumber;
      const currency = plan.order.currency ?? this.config.currency;
      const { buyer, supplier } = this.config;
      files.push(this.file('po_acknowledgment', po, null, noon(plan.ackDate), [standard === 'x12' ? x12_855(plan) : ordrsp(plan, buyer, supplier)]));
      for (const s of plan.shipments) {
        files.push(this.file('asn', po, s, noon(s.shipDate), [standard === 'x12' ? x12_856(plan, s) : desadv(plan, s, buyer, supplier)]));
        files.push(
          this.file('invoice', po, s, noon(s.invoiceDate), [standard === 'x12' ? x12_810(plan, s, currency) : invoic(plan, s, currency, buyer, supplier)]),
        );
      }
    }
    return { interchange, verdict, plans, files, acknowledgment: false };
  }

  private file(kind: DocumentKind, poNumber: string | null, shipment: Shipment | null, documentAt: Date, sets: SegmentOut[][]): SentFile {
    const { standard, version, supplier, buyer } = this.config;
    const control = this.control();
    const type = TYPES[standard][kind];
    const at = this.config.now?.() ?? documentAt;
    let text: string;
    if (standard === 'x12') {
      text = writeX12({
        sender: supplier,
        receiver: buyer,
        control,
        at,
        version,
        functionalId: GROUP_IDS[type],
        sets: sets.map((segments) => ({ type, segments })),
      });
    } else {
      // Directories from D.01A on (years 00..89) go with syntax 4 envelopes; D.9xx with syntax 3.
      const syntax4 = version.slice(1, 3) < '90';
      // CONTRL has its own version: D:3 under syntax 3, 4:1 under syntax 4.
      const [v, release] = kind === 'functional_ack' ? (syntax4 ? ['4', '1'] : ['D', '3']) : [version.slice(0, 1), version.slice(1)];
      const association = kind === 'functional_ack' ? undefined : syntax4 ? 'EAN010' : 'EAN008';
      text = writeEdifact({
        sender: supplier,
        receiver: buyer,
        control,
        at,
        syntax: { identifier: 'UNOC', version: syntax4 ? '4' : '3' },
        messages: sets.map((segments) => ({ type, version: v, release, association, segments })),
      });
    }
    const name = `${String(control).padStart(9, '0')}-${type}${poNumber ? `-${safe(poNumber)}` : ''}.${standard === 'x12' ? 'x12' : 'edi'}`;
    return { name, kind, control, text, poNumber, shipment };
  }
}
