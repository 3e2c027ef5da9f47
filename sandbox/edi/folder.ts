/**
 * The folder transport as a trading partner sees it: files in the inbox are claimed by renaming them
 * into processing/ (a rename either wins or fails with ENOENT, so two readers never take one file),
 * answers are written under a .tmp name and renamed into the outbox (rename is atomic on one file
 * system, so the reader never sees half a file), and claimed files end in archive/ or rejected/.
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freeName } from '../planning/files/moves';

export const PROCESSING = 'processing';

/** Names of the files waiting in the inbox, oldest name first; .tmp files are still being written. */
export async function waitingFiles(inbox: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of (await readdir(inbox)).sort()) {
    if (name.startsWith('.') || name.endsWith('.tmp')) continue;
    const st = await stat(join(inbox, name)).catch(() => null);
    if (st?.isFile()) names.push(name);
  }
  return names;
}

/** Moves the file into processing/; null when another reader took it first. */
export async function claim(inbox: string, name: string): Promise<string | null> {
  const dir = join(inbox, PROCESSING);
  await mkdir(dir, { recursive: true });
  const target = join(dir, await freeName(dir, name));
  try {
    await rename(join(inbox, name), target);
    return target;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Moves a claimed file to <inbox>/<folder>/ under a name no earlier file holds. */
export async function settle(inbox: string, claimed: string, name: string, folder: 'archive' | 'rejected'): Promise<string> {
  const dir = join(inbox, folder);
  await mkdir(dir, { recursive: true });
  const target = join(dir, await freeName(dir, name));
  await rename(claimed, target);
  return target;
}

/** UTF-8 when the bytes are valid UTF-8, else ISO 8859-1 (what UNOC and most X12 partners send). */
export function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

export async function writeAtomically(outbox: string, name: string, text: string): Promise<void> {
  const tmp = join(outbox, `${name}.tmp`);
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, join(outbox, name));
}
