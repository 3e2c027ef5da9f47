import path from 'node:path';
import type { FileStore } from './file-store';

// Beside a file in processing/: how many times handling it started without ending.
const STARTS = '.starts';

/** How long a file must lie unchanged before a reader takes it: PLANBRIDGE_INBOX_SETTLE_MS, else 2 s. */
export function inboxSettleMs(env: NodeJS.ProcessEnv): number {
  const value = Number(env.PLANBRIDGE_INBOX_SETTLE_MS);
  return env.PLANBRIDGE_INBOX_SETTLE_MS !== undefined && env.PLANBRIDGE_INBOX_SETTLE_MS !== '' && Number.isFinite(value) && value >= 0 ? value : 2000;
}

export interface ClaimedFile {
  name: string;
  /** Where the file lies while it is being handled: `<inbox>/processing/<name>`. */
  path: string;
}

/**
 * An inbound folder several readers may share. A file is claimed by moving it into processing/,
 * so only one reader handles it; it stays there until settled into archive/ or quarantine/, so a
 * crash before then hands it over again on the next claim. Files still being written are never
 * touched: *.tmp ones (written, then renamed), and any file written within the last `settleMs` (a
 * sender that writes in place: taken half-written, the rest of it would arrive in a file already
 * refused as truncated). A pass that skips a fresh file leaves it to the next one.
 */
export class Inbox {
  constructor(
    private readonly store: FileStore,
    readonly dir: string,
    private readonly accepts: (name: string) => boolean = () => true,
    private readonly settleMs = inboxSettleMs(process.env),
    private readonly now: () => number = Date.now,
  ) {}

  private at(folder: 'processing' | 'archive' | 'quarantine', name: string): string {
    return path.posix.join(this.dir, folder, name);
  }

  private handled(name: string): boolean {
    return this.accepts(name) && !name.endsWith('.tmp') && !name.endsWith(STARTS);
  }

  /** Files left in processing/ (a crash came between claim and settle) first, then new ones, by name. */
  async claim(): Promise<ClaimedFile[]> {
    const names = (await this.store.list(path.posix.join(this.dir, 'processing'))).filter((n) => this.handled(n));
    for (const name of await this.store.list(this.dir)) {
      if (!this.handled(name) || (await this.stillWritten(name))) continue;
      try {
        await this.store.move(path.posix.join(this.dir, name), this.at('processing', name));
        names.push(name);
      } catch {
        // Another reader claimed it first.
      }
    }
    return [...new Set(names)].sort().map((name) => ({ name, path: this.at('processing', name) }));
  }

  private async stillWritten(name: string): Promise<boolean> {
    if (this.settleMs <= 0) return false;
    const modified = await this.store.modifiedAt(path.posix.join(this.dir, name)).catch(() => undefined);
    // Gone meanwhile (another reader claimed it): the move below finds out.
    return modified !== undefined && this.now() - modified < this.settleMs;
  }

  read(name: string): Promise<Buffer> {
    return this.store.read(this.at('processing', name));
  }

  size(name: string): Promise<number> {
    return this.store.size(this.at('processing', name));
  }

  /**
   * How many times handling this file started and never ended: only a process that died while
   * handling it leaves the count behind (an ending, settled or failed, removes it).
   */
  async unfinishedStarts(name: string): Promise<number> {
    const marker = this.at('processing', `${name}${STARTS}`);
    if (!(await this.store.exists(marker))) return 0;
    return Number((await this.store.read(marker)).toString('utf8').trim()) || 0;
  }

  /** Counts one more start of handling a claimed file, before handing it over. */
  async started(name: string): Promise<void> {
    const starts = (await this.unfinishedStarts(name)) + 1;
    await this.store.writeAtomic(this.at('processing', `${name}${STARTS}`), `${starts}\n`);
  }

  /** Handling ended without settling the file (it failed, and stays for the next pass): it was no crash. */
  async ended(name: string): Promise<void> {
    await this.store.remove(this.at('processing', `${name}${STARTS}`));
  }

  /**
   * Moves a claimed file out of processing/ into archive/ (done) or quarantine/ (refused) and
   * returns its new name: a file of the same name already there is kept, the newcomer gets -1, -2…
   */
  async settle(name: string, to: 'archive' | 'quarantine'): Promise<string> {
    const ext = path.posix.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let target = name;
    for (let n = 1; await this.store.exists(this.at(to, target)); n++) target = `${stem}-${n}${ext}`;
    await this.store.move(this.at('processing', name), this.at(to, target));
    await this.ended(name);
    return target;
  }

  /** Quarantines a claimed file with `<name>.reason.txt` beside it, for whoever looks at it next. */
  async quarantine(name: string, reason: string): Promise<string> {
    const kept = await this.settle(name, 'quarantine');
    await this.store.writeAtomic(this.at('quarantine', `${kept}.reason.txt`), `${reason}\n`);
    return kept;
  }
}
