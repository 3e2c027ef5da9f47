import { createReadStream, promises as fs } from 'node:fs';
import { buildPurchaseOrder, summarize, summarizeStream, type EdiSummary, type SupplierOrder } from '../nodes/edi/codec';

// Files up to this size are checked whole (with node-x12's second opinion on X12); larger ones by chunks.
const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
import { EXAMPLE_PROFILES, validatePartnerProfile, type PartnerProfile } from '../nodes/edi/partners';

const USAGE = `planbridge edi parse <file> [--json]          check an X12 or EDIFACT file; exit 0 valid, 1 problems or not EDI, 2 unreadable
planbridge edi build <order.json> --partner <profile.json | example id> [--control N]
                                                  write an 850 or ORDERS for a canonical supplier order`;

/** `edi parse`: one JSON object on stdout (with --json) or a readable report; never a stack trace. */
async function parseCommand(args: string[], out: (text: string) => void): Promise<number> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    out(USAGE);
    return 2;
  }
  let summary: EdiSummary;
  try {
    const { size } = await fs.stat(file);
    // A large file is read and checked set by set, so memory stays flat whatever its size; a small one
    // whole, which adds the checks that need the complete text.
    // The readable report lists no sets, so they are not kept; --json lists them all.
    summary =
      size > WHOLE_FILE_BYTES
        ? await summarizeStream(createReadStream(file, { highWaterMark: 1 << 16 }), { sets: args.includes('--json') })
        : summarize(await fs.readFile(file));
  } catch (err) {
    out(JSON.stringify({ error: { code: 'FILE_UNREADABLE', message: (err as Error).message } }));
    return 2;
  }
  if (args.includes('--json')) {
    out(JSON.stringify(summary, null, 2));
  } else {
    out(`${summary.standard}: ${summary.valid ? 'valid' : 'has problems'}, ${summary.interchanges.length} interchange(s)`);
    for (const p of summary.problems) out(`  segment ${p.segmentPosition} ${p.segmentTag ?? ''} ${p.rule}: ${p.message}`);
  }
  return summary.valid ? 0 : 1;
}

async function profileFrom(value: string): Promise<PartnerProfile> {
  const example = EXAMPLE_PROFILES.find((p) => p.id === value);
  if (example) return example;
  const profile = JSON.parse(await fs.readFile(value, 'utf8')) as PartnerProfile;
  const check = validatePartnerProfile(profile);
  if (!check.ok) throw new Error(`The partner profile is not valid: ${check.problems.map((p) => p.message).join('; ')}`);
  return profile;
}

/** `edi build`: the interchange on stdout; problems on stderr and exit 1. */
async function buildCommand(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--partner' && args[i - 1] !== '--control');
  const partnerAt = args.indexOf('--partner');
  if (!file || partnerAt < 0 || !args[partnerAt + 1]) {
    err(USAGE);
    return 2;
  }
  const controlAt = args.indexOf('--control');
  const control = controlAt >= 0 ? Number(args[controlAt + 1]) : 1;
  try {
    const order = JSON.parse(await fs.readFile(file, 'utf8')) as SupplierOrder;
    const result = buildPurchaseOrder(order, await profileFrom(args[partnerAt + 1]), { interchange: control });
    for (const p of result.problems) err(`${p.rule}: ${p.message}`);
    if (!result.ok) return 1;
    out(result.text);
    return 0;
  } catch (e) {
    err((e as Error).message);
    return 2;
  }
}

export async function ediCommand(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const out = (text: string): void => void process.stdout.write(`${text}\n`);
  const err = (text: string): void => void process.stderr.write(`${text}\n`);
  if (verb === 'parse') return parseCommand(rest, out);
  if (verb === 'build') return buildCommand(rest, out, err);
  err(USAGE);
  return 2;
}
