import path from 'node:path';
import { decodeInput } from '../codec/input';
import { detectStandard } from '../codec';
import { EDI_LIMITS } from '../partners/types';
import type { FileStore } from '../../lib/files/file-store';
import { Inbox } from '../../lib/files/inbox';

export interface InboundFile {
  name: string;
  /** Where the file lies while the flow handles it. */
  path: string;
  text: string;
}

/** A file set aside: its stable code, the reason in words (code first, as in `<kept>.reason.txt`), and its name in quarantine/. */
export interface QuarantinedInbound {
  file: string;
  kept: string;
  code: string;
  reason: string;
}

export interface InboundRun {
  handled: number;
  quarantined: QuarantinedInbound[];
}

/** How much of a file's start is looked at to tell text from binary data. */
const SNIFF_BYTES = 8192;

/**
 * Why a file's bytes are not EDI text, or undefined when they may be: a NUL byte (no EDI character set
 * has one; UTF-16 and every archive or image format do), or many control characters. The information
 * separators 0x1C-0x1F are allowed: X12 and EDIFACT (UNOB) may use them as delimiters.
 */
export function binaryReason(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  const nul = head.indexOf(0);
  if (nul >= 0) return `a NUL byte at offset ${nul}: binary data (an archive, an image, a UTF-16 file), not EDI text`;
  let control = 0;
  for (const b of head) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && (b < 0x1c || b > 0x1f)) || b === 0x7f) control++;
  if (head.length && control / head.length > 0.1) return `${control} control characters in its first ${head.length} bytes: binary data, not EDI text`;
  return undefined;
}

/** A file that was being handled this many times when the runtime stopped is set aside: one retry, never a crash loop. */
export const CRASHES_BEFORE_QUARANTINE = 2;

/**
 * One pass over a partner's inbound folder: each claimed file goes to `handle` and is archived once
 * handle resolves. A file is quarantined with its reason instead when it is no EDI at all (empty,
 * binary, unknown standard), over the partner's limits (size, documents: checked before anything parses it),
 * or was being handled twice when the runtime stopped (it may be what stopped it). A failing `handle`
 * leaves the file in processing/, so the next pass offers it again.
 */
export async function receiveFiles(
  store: FileStore,
  dir: string,
  handle: (file: InboundFile) => Promise<void>,
  limits: { fileBytes: number; documents: number } = EDI_LIMITS,
  /** Told of each file set aside as it happens, so a pass that fails later still reports it. */
  onQuarantined: (file: QuarantinedInbound) => void = () => undefined,
): Promise<InboundRun> {
  const inbox = new Inbox(store, dir);
  const run: InboundRun = { handled: 0, quarantined: [] };
  const setAside = async (name: string, code: string, text: string): Promise<void> => {
    const reason = `${code}: ${text}`;
    const kept = await inbox.quarantine(name, reason);
    const file = { file: name, kept, code, reason };
    run.quarantined.push(file);
    onQuarantined(file);
  };
  for (const claimed of await inbox.claim()) {
    const crashes = await inbox.unfinishedStarts(claimed.name);
    if (crashes >= CRASHES_BEFORE_QUARANTINE) {
      await setAside(
        claimed.name,
        'EDI_FILE_CRASHED',
        `the runtime stopped ${crashes} times while handling this file; it is set aside so it cannot stop it again`,
      );
      continue;
    }
    const bytes = await inbox.size(claimed.name);
    if (bytes > limits.fileBytes) {
      await setAside(claimed.name, 'EDI_FILE_TOO_LARGE', `${bytes} bytes, over the partner's limit of ${limits.fileBytes} (limits.fileBytes in its profile)`);
      continue;
    }
    const raw = await inbox.read(claimed.name);
    const binary = binaryReason(raw);
    if (binary) {
      await setAside(claimed.name, 'EDI_FILE_BINARY', binary);
      continue;
    }
    const text = decodeInput(raw);
    const standard = detectStandard(text);
    if (standard === null) {
      const empty = text.replace(/[\s\uFEFF]/g, '') === '';
      if (empty) await setAside(claimed.name, 'EDI_FILE_EMPTY', bytes ? `${bytes} bytes of blanks only: no EDI data` : 'the file is empty (0 bytes)');
      else await setAside(claimed.name, 'DETECT_UNKNOWN_STANDARD', `neither X12 (ISA) nor EDIFACT (UNA/UNB): starts with ${JSON.stringify(text.slice(0, 12))}`);
      continue;
    }
    const documents = countDocuments(text, standard);
    if (documents > limits.documents) {
      await setAside(
        claimed.name,
        'EDI_FILE_TOO_MANY_DOCUMENTS',
        `${documents} documents, over the partner's limit of ${limits.documents} (limits.documents in its profile)`,
      );
      continue;
    }
    await inbox.started(claimed.name);
    try {
      await handle({ name: claimed.name, path: claimed.path, text });
    } catch (err) {
      await inbox.ended(claimed.name);
      throw err;
    }
    await inbox.settle(claimed.name, 'archive');
    run.handled += 1;
  }
  return run;
}

/**
 * How many transaction sets (X12 ST) or messages (EDIFACT UNH) a file holds, counted on the text
 * with the file's own separators, without parsing it.
 */
export function countDocuments(text: string, standard: 'x12' | 'edifact'): number {
  const head = text.replace(/^[\s\uFEFF]+/, '');
  const escape = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  let tag: string;
  let element: string;
  let terminator: string;
  if (standard === 'x12') {
    tag = 'ST';
    element = head.charAt(3);
    terminator = head.charAt(105);
  } else {
    tag = 'UNH';
    const una = head.startsWith('UNA') ? head.slice(3, 9) : '';
    element = una ? una.charAt(1) : '+';
    terminator = una ? una.charAt(5) : "'";
  }
  if (!element || !terminator) return 0;
  return (text.match(new RegExp(`${escape(terminator)}\\s*${tag}${escape(element)}`, 'g')) ?? []).length;
}

/** A name for a file received over HTTP: unique, sortable by arrival, never ending in .tmp. */
export function receivedFileName(at: Date, suffix: string): string {
  return `http-${at.toISOString().replace(/[-:.]/g, '')}-${suffix.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}.edi`;
}

export function inboundPath(dir: string, name: string): string {
  return path.join(dir, path.basename(name));
}
