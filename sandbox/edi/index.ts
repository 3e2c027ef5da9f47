import { EventEmitter } from 'node:events';
import { mkdir, readFile } from 'node:fs/promises';
import { DEFAULT_RATES, type OrderPlan, type Rates } from './decide';
import { claim, decode, settle, waitingFiles, writeAtomically } from './folder';
import type { Order } from './order';
import { Supplier, type SentFile, type Standard } from './supplier';
import type { Party } from './syntax/types';

export type { Order, OrderLine, ItemId } from './order';
export type { OrderPlan, LinePlan, Shipment, Rates } from './decide';
export type { SentFile, DocumentKind, Standard } from './supplier';
export { DEFAULT_RATES } from './decide';

export interface EdiSandboxOptions {
  /** Where planbridge drops purchase orders for this partner (its outbound folder). */
  inbox: string;
  /** Where the supplier's answers go (planbridge's inbound folder). */
  outbox: string;
  standard?: Standard;
  /** X12 '004010' (default) or '005010'; EDIFACT 'D96A' (default) or 'D01B'. */
  version?: string;
  seed?: number;
  /** Default 1000 ms; 0 turns the timer off (tests call control.poll()). */
  pollIntervalMs?: number;
  /** The supplier's interchange id; defaults match the example partner profiles (ACMESUPPLY/ZZ, 4012345000009/14). */
  supplierId?: Party;
  /** planbridge's interchange id; defaults PLANBRIDGE/ZZ (X12) and 4012345000008/14 (EDIFACT). */
  buyerId?: Party;
  rates?: Partial<Rates>;
  /** For orders without a currency; default USD (X12) or EUR (EDIFACT). */
  currency?: string;
  /** Envelope timestamps; by default each document's own date, so the same order gives the same bytes. */
  now?: () => Date;
  firstControlNumber?: number;
  /** Keep the process alive while the sandbox runs (the command line); by default the poll timer does not. */
  keepAlive?: boolean;
}

export interface ReceivedFile {
  name: string;
  /** Where it was moved: <inbox>/archive/… or <inbox>/rejected/… when anything in it was refused. */
  storedAs: string;
  standard: Standard;
  /** ISA13 / UNB 0020 as written ('' when unreadable). */
  reference: string;
  orders: Order[];
  plans: OrderPlan[];
  /** Why messages or the whole file were refused; empty when all was accepted. */
  refusals: string[];
  answers: string[];
  /** It held only functional acknowledgments of this supplier's files (kept, not answered). */
  acknowledgment: boolean;
}

/**
 * Events: 'order' (order, plan, file name) when an order was read and accepted; 'rejected'
 * (ReceivedFile) when anything in a file was refused; 'file' (SentFile) for each file written;
 * 'answered' (ReceivedFile) once all answers to a file are in the outbox; 'acknowledged' (ReceivedFile)
 * when a file held only functional acknowledgments (997/CONTRL) of its own files, which are kept and
 * never answered; 'poll-error' (Error).
 */
export class EdiSandboxControl extends EventEmitter {
  constructor(
    /** One pass over the inbox now; passes never overlap. */
    readonly poll: () => Promise<ReceivedFile[]>,
    private readonly receivedFiles: ReceivedFile[],
    private readonly sentFiles: SentFile[],
  ) {
    super();
  }

  received(): ReceivedFile[] {
    return [...this.receivedFiles];
  }

  sent(): SentFile[] {
    return [...this.sentFiles];
  }
}

export interface EdiSandbox {
  inbox: string;
  outbox: string;
  standard: Standard;
  version: string;
  supplierId: Party;
  buyerId: Party;
  control: EdiSandboxControl;
  stop(): Promise<void>;
}

const DEFAULT_IDS: Record<Standard, { supplier: Party; buyer: Party; version: string; currency: string }> = {
  x12: { supplier: { id: 'ACMESUPPLY', qualifier: 'ZZ' }, buyer: { id: 'PLANBRIDGE', qualifier: 'ZZ' }, version: '004010', currency: 'USD' },
  edifact: { supplier: { id: '4012345000009', qualifier: '14' }, buyer: { id: '4012345000008', qualifier: '14' }, version: 'D96A', currency: 'EUR' },
};
const VERSIONS: Record<Standard, string[]> = { x12: ['004010', '005010'], edifact: ['D96A', 'D01B'] };

/** Starts the sandbox supplier on the folder transport: it answers every purchase order in its inbox. */
export async function startEdiSandbox(options: EdiSandboxOptions): Promise<EdiSandbox> {
  const standard = options.standard ?? 'x12';
  const defaults = DEFAULT_IDS[standard];
  const version = options.version ?? defaults.version;
  if (!VERSIONS[standard].includes(version)) throw new Error(`version ${version} is not one of ${VERSIONS[standard].join(', ')} for ${standard}`);
  const supplierId = options.supplierId ?? defaults.supplier;
  const buyerId = options.buyerId ?? defaults.buyer;
  const supplier = new Supplier({
    standard,
    version,
    supplier: supplierId,
    buyer: buyerId,
    seed: options.seed ?? 1,
    rates: { ...DEFAULT_RATES, ...options.rates },
    currency: options.currency ?? defaults.currency,
    now: options.now,
    firstControlNumber: options.firstControlNumber ?? 1,
  });
  const { inbox, outbox } = options;
  await mkdir(inbox, { recursive: true });
  await mkdir(outbox, { recursive: true });

  const receivedFiles: ReceivedFile[] = [];
  const sentFiles: SentFile[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  const handle = async (name: string): Promise<ReceivedFile | null> => {
    const claimed = await claim(inbox, name);
    if (claimed === null) return null;
    const answer = supplier.answer(decode(await readFile(claimed)));
    const refusals = answer.verdict.reasons;
    const storedAs = await settle(inbox, claimed, name, refusals.length > 0 ? 'rejected' : 'archive');
    const received: ReceivedFile = {
      name,
      storedAs,
      standard: answer.interchange.standard,
      reference: answer.interchange.reference,
      orders: answer.plans.map((p) => p.order),
      plans: answer.plans,
      refusals,
      answers: answer.files.map((f) => f.name),
      acknowledgment: answer.acknowledgment,
    };
    receivedFiles.push(received);
    for (const plan of answer.plans) control.emit('order', plan.order, plan, name);
    for (const file of answer.files) {
      await writeAtomically(outbox, file.name, file.text);
      sentFiles.push(file);
      control.emit('file', file);
    }
    if (refusals.length > 0) control.emit('rejected', received);
    if (answer.acknowledgment) control.emit('acknowledged', received);
    control.emit('answered', received);
    return received;
  };

  const pass = async (): Promise<ReceivedFile[]> => {
    const done: ReceivedFile[] = [];
    for (const name of await waitingFiles(inbox)) {
      const r = await handle(name);
      if (r) done.push(r);
    }
    return done;
  };

  const poll = (): Promise<ReceivedFile[]> => {
    const run = chain.catch(() => undefined).then(pass);
    chain = run;
    return run;
  };
  const control = new EdiSandboxControl(poll, receivedFiles, sentFiles);

  const interval = options.pollIntervalMs ?? 1000;
  const schedule = (): void => {
    if (stopped || interval <= 0) return;
    timer = setTimeout(() => {
      poll()
        .catch((err: unknown) => control.emit('poll-error', err))
        .finally(schedule);
    }, interval);
    if (!options.keepAlive) timer.unref();
  };
  schedule();

  return {
    inbox,
    outbox,
    standard,
    version,
    supplierId,
    buyerId,
    control,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain.catch(() => undefined);
    },
  };
}
