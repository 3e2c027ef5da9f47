import { inList, type Db } from './db';
import type { NewReleaseEvent, ReleaseEvent, ReleaseEventKind, ReleaseStore, StoredRelease } from './release-types';

type Row = Record<string, unknown>;

function toRelease(r: Row): StoredRelease {
  return {
    checksum: String(r.checksum),
    version: String(r.version),
    author: String(r.author),
    message: String(r.message),
    createdAt: String(r.created_at),
    bundle: String(r.bundle ?? ''),
    receivedAt: Number(r.received_at),
  };
}

function toEvent(r: Row): ReleaseEvent {
  return {
    id: Number(r.id),
    at: Number(r.at),
    kind: r.kind as ReleaseEventKind,
    checksum: r.checksum === null ? null : String(r.checksum),
    version: r.version === null ? null : String(r.version),
    user: String(r.user_name),
    environment: String(r.environment),
    detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
  };
}

export class SqlReleases implements ReleaseStore {
  constructor(private readonly db: Db) {}

  async keep(release: StoredRelease): Promise<void> {
    await this.db.run(
      `INSERT INTO pb_release (checksum, version, author, message, created_at, bundle, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (checksum) DO NOTHING`,
      [release.checksum, release.version, release.author, release.message, release.createdAt, release.bundle, release.receivedAt],
    );
  }

  async get(checksum: string): Promise<StoredRelease | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_release WHERE checksum = ?', [checksum]);
    return rows[0] ? toRelease(rows[0]) : undefined;
  }

  async byVersion(version: string): Promise<StoredRelease | undefined> {
    const rows = await this.db.all('SELECT * FROM pb_release WHERE version = ? ORDER BY received_at DESC LIMIT 1', [version]);
    return rows[0] ? toRelease(rows[0]) : undefined;
  }

  async list(limit: number): Promise<Array<Omit<StoredRelease, 'bundle'>>> {
    const rows = await this.db.all(
      'SELECT checksum, version, author, message, created_at, received_at FROM pb_release ORDER BY received_at DESC, checksum LIMIT ?',
      [limit],
    );
    return rows.map((r) => {
      const { bundle: _bundle, ...rest } = toRelease(r);
      return rest;
    });
  }

  async record(event: NewReleaseEvent): Promise<ReleaseEvent> {
    const rows = await this.db.all(
      `INSERT INTO pb_release_event (at, kind, checksum, version, user_name, environment, detail) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [event.at, event.kind, event.checksum, event.version, event.user, event.environment, JSON.stringify(event.detail)],
    );
    return toEvent(rows[0]);
  }

  async events(filter: { checksum?: string; kinds?: ReleaseEventKind[]; limit: number }): Promise<ReleaseEvent[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.checksum) {
      where.push('checksum = ?');
      params.push(filter.checksum);
    }
    if (filter.kinds?.length) {
      where.push(`kind IN ${inList(filter.kinds.length)}`);
      params.push(...filter.kinds);
    }
    const rows = await this.db.all(`SELECT * FROM pb_release_event ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`, [
      ...params,
      filter.limit,
    ]);
    return rows.map(toEvent);
  }
}
