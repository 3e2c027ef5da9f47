import { mkdtemp, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPurchaseOrder, parseEdi, readDocuments, type ParseResult, type ReadDocument, type SupplierOrder } from '../../../../nodes/edi/codec';
import { EXAMPLE_PROFILES, type PartnerProfile } from '../../../../nodes/edi/partners';
import { startEdiSandbox, type EdiSandbox, type EdiSandboxOptions } from '../../../../sandbox/edi';

export const RECEIVED_AT = '2026-11-26T08:30:00Z';
export const AT = new Date(RECEIVED_AT);

/** An order of `n` lines for the given supplier: mixed units, some without price or need-by date. */
export function order(po: string, supplier: string, n: number): SupplierOrder {
  return {
    po_id: po,
    supplier,
    order_date: '2026-11-14',
    currency: 'EUR',
    ship_to: 'WH-BER',
    ship_to_name: 'Berlin DC',
    lines: Array.from({ length: n }, (_, i) => ({
      line_id: String(900 + i),
      sku: `SKU-${String(i).padStart(3, '0')}`,
      supplier_sku: i % 3 === 0 ? `SUP-${i}` : null,
      quantity: 10 + ((i * 37) % 200),
      uom: i % 5 === 4 ? 'CT' : 'EA',
      unit_price: i % 4 === 3 ? null : Number((0.15 + i * 1.3).toFixed(2)),
      need_by: i % 6 === 5 ? null : `2026-11-${String(20 + (i % 9)).padStart(2, '0')}`,
    })),
  };
}

export interface Folders {
  inbox: string;
  outbox: string;
}

export async function folders(): Promise<Folders> {
  const root = await mkdtemp(join(tmpdir(), 'pb-edi-sandbox-'));
  return { inbox: join(root, 'to-supplier'), outbox: join(root, 'from-supplier') };
}

/** Drops a file as planbridge's folder transport does: written under .tmp, then renamed. */
export async function drop(dir: string, name: string, text: string): Promise<void> {
  await writeFile(join(dir, `${name}.tmp`), text);
  await rename(join(dir, `${name}.tmp`), join(dir, name));
}

export function purchaseOrder(o: SupplierOrder, profile: PartnerProfile, control = 731): string {
  const built = buildPurchaseOrder(o, profile, { interchange: control }, { at: AT });
  if (!built.ok) throw new Error(`codec could not build the order: ${JSON.stringify(built.problems)}`);
  return built.text;
}

export async function sandboxFor(profile: PartnerProfile, f: Folders, extra: Partial<EdiSandboxOptions> = {}): Promise<EdiSandbox> {
  return startEdiSandbox({
    ...f,
    standard: profile.standard,
    version: profile.version,
    seed: 7,
    pollIntervalMs: 0,
    supplierId: profile.partner,
    buyerId: profile.us,
    ...extra,
  });
}

export async function outboxFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Parses with planbridge's codec and reads every document, as the inbound flow would. */
export function codecRead(text: string, profiles: readonly PartnerProfile[] = EXAMPLE_PROFILES): { parsed: ParseResult; documents: ReadDocument[] } {
  const parsed = parseEdi(text);
  if (parsed.standard === null) throw new Error(`codec did not recognise: ${text.slice(0, 40)}`);
  return { parsed, documents: readDocuments(parsed, { profiles, receivedAt: RECEIVED_AT }) };
}

export async function readOut(dir: string, name: string): Promise<string> {
  return readFile(join(dir, name), 'utf8');
}
