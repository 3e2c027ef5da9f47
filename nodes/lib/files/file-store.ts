import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * A name to write under before the rename: unique per write, so two writes of one file at once (two
 * acknowledgments of one duplicated interchange) never share it; readers skip it by its .tmp ending.
 */
export function temporaryName(file: string): string {
  return `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** Where exchange files live: a local folder or an SFTP server, with the few operations the profile needs. */
export interface FileStore {
  list(dir: string): Promise<string[]>;
  read(file: string): Promise<Buffer>;
  /** When the file was last written (epoch ms). */
  modifiedAt(file: string): Promise<number>;
  /** Writes under a temporary name, then renames, so a reader never sees half a file. */
  writeAtomic(file: string, data: Buffer | string): Promise<void>;
  /** Renames; claiming a file by moving it means only one reader processes it. */
  move(from: string, to: string): Promise<void>;
  /** The file's size in bytes, without reading it. */
  size(file: string): Promise<number>;
  /** Removes a file; one already gone is fine. */
  remove(file: string): Promise<void>;
  exists(file: string): Promise<boolean>;
  mkdir(dir: string): Promise<void>;
  close(): Promise<void>;
}

export class LocalFileStore implements FileStore {
  async list(dir: string): Promise<string[]> {
    try {
      return (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  read(file: string): Promise<Buffer> {
    return fs.readFile(file);
  }

  async writeAtomic(file: string, data: Buffer | string): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = temporaryName(file);
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  }

  async move(from: string, to: string): Promise<void> {
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rename(from, to);
  }

  async size(file: string): Promise<number> {
    return (await fs.stat(file)).size;
  }

  async modifiedAt(file: string): Promise<number> {
    return (await fs.stat(file)).mtimeMs;
  }

  async remove(file: string): Promise<void> {
    await fs.rm(file, { force: true });
  }

  async exists(file: string): Promise<boolean> {
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }

  async mkdir(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
  }

  async close(): Promise<void> {
    return undefined;
  }
}

export interface SftpOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
}

/** The same operations over SFTP (ssh2-sftp-client); renames are POSIX renames where the server offers them. */
export class SftpFileStore implements FileStore {
  private client?: Promise<import('ssh2-sftp-client')>;

  constructor(private readonly options: SftpOptions) {}

  private connected(): Promise<import('ssh2-sftp-client')> {
    this.client ??= (async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when an SFTP transport is used
      const Client = require('ssh2-sftp-client') as typeof import('ssh2-sftp-client');
      const client = new Client();
      await client.connect({ ...this.options, readyTimeout: 20_000 });
      return client;
    })().catch((err: unknown) => {
      this.client = undefined;
      throw err;
    });
    return this.client;
  }

  async list(dir: string): Promise<string[]> {
    const client = await this.connected();
    if (!(await client.exists(dir))) return [];
    return (await client.list(dir)).filter((e) => e.type === '-').map((e) => e.name);
  }

  async read(file: string): Promise<Buffer> {
    return (await (await this.connected()).get(file)) as Buffer;
  }

  async writeAtomic(file: string, data: Buffer | string): Promise<void> {
    const client = await this.connected();
    const temporary = temporaryName(file);
    await client.put(Buffer.isBuffer(data) ? data : Buffer.from(data), temporary);
    await client.posixRename(temporary, file).catch(() => client.rename(temporary, file));
  }

  async move(from: string, to: string): Promise<void> {
    const client = await this.connected();
    await client.mkdir(path.posix.dirname(to), true).catch(() => undefined);
    await client.posixRename(from, to).catch(() => client.rename(from, to));
  }

  async exists(file: string): Promise<boolean> {
    return !!(await (await this.connected()).exists(file));
  }

  async size(file: string): Promise<number> {
    return (await (await this.connected()).stat(file)).size;
  }

  async modifiedAt(file: string): Promise<number> {
    return (await (await this.connected()).stat(file)).modifyTime;
  }

  async remove(file: string): Promise<void> {
    const client = await this.connected();
    if (await client.exists(file)) await client.delete(file);
  }

  async mkdir(dir: string): Promise<void> {
    await (await this.connected()).mkdir(dir, true).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.client) await (await this.client).end().catch(() => undefined);
    this.client = undefined;
  }
}
