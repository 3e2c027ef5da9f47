import path from 'node:path';
import { decodeInput } from '../codec/input';
import { parseEdi } from '../codec';
import type { FileStore } from '../../lib/files/file-store';
import { Inbox } from '../../lib/files/inbox';

export interface InboundFile {
  name: string;
  /** Where the file lies while the flow handles it. */
  path: string;
  text: string;
}

export interface InboundRun {
  handled: number;
  quarantined: Array<{ file: string; reason: string }>;
}

/**
 * One pass over a partner's inbound folder: each claimed file goes to `handle` and is archived once
 * handle resolves; a file that is no EDI at all (empty, unknown standard) is quarantined with its
 * reason instead. A failing `handle` leaves the file in processing/, so the next pass offers it again.
 */
export async function receiveFiles(store: FileStore, dir: string, handle: (file: InboundFile) => Promise<void>): Promise<InboundRun> {
  const inbox = new Inbox(store, dir);
  const run: InboundRun = { handled: 0, quarantined: [] };
  for (const claimed of await inbox.claim()) {
    const text = decodeInput(await inbox.read(claimed.name));
    const parsed = parseEdi(text);
    if (parsed.standard === null) {
      const reason = `${parsed.problems[0]?.rule ?? 'INPUT_EMPTY'}: ${parsed.problems[0]?.message ?? 'no EDI data'}`;
      await inbox.quarantine(claimed.name, reason);
      run.quarantined.push({ file: claimed.name, reason });
      continue;
    }
    await handle({ name: claimed.name, path: claimed.path, text });
    await inbox.settle(claimed.name, 'archive');
    run.handled += 1;
  }
  return run;
}

/** A name for a file received over HTTP: unique, sortable by arrival, never ending in .tmp. */
export function receivedFileName(at: Date, suffix: string): string {
  return `http-${at.toISOString().replace(/[-:.]/g, '')}-${suffix.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}.edi`;
}

export function inboundPath(dir: string, name: string): string {
  return path.join(dir, path.basename(name));
}
