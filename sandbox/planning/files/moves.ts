import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';

/** A free name in dir: file.csv, else file-1.csv, file-2.csv, ... so an earlier copy is never overwritten. */
export async function freeName(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? name : `${stem}-${n}${ext}`;
    if (!(await exists(join(dir, candidate)))) return candidate;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Moves a file into <inbox>/archive/ after a delivery was loaded. */
export async function archive(inbox: string, file: string): Promise<string> {
  const dir = join(inbox, 'archive');
  await mkdir(dir, { recursive: true });
  const target = join(dir, await freeName(dir, basename(file)));
  await rename(file, target);
  return target;
}

/** Moves a file into <inbox>/quarantine/ and writes <name>.reason.txt next to it. */
export async function quarantine(inbox: string, file: string, reason: string): Promise<string> {
  const dir = join(inbox, 'quarantine');
  await mkdir(dir, { recursive: true });
  const name = await freeName(dir, basename(file));
  const target = join(dir, name);
  if (await exists(file)) await rename(file, target);
  await writeFile(`${target}.reason.txt`, `${reason}\n`, 'utf8');
  return target;
}
