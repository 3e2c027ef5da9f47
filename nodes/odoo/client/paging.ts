import type { OdooClient } from './odoo-client';
import type { OdooRecord } from './types';

export interface PagingQuery {
  model: string;
  domain: unknown[];
  fields: string[];
  pageSize: number;
  context?: Record<string, unknown>;
}

/**
 * Every record, page by page, by id (keyset paging: `id > last`), so a page costs the same however
 * deep the sync is and records created meanwhile are not skipped. It asks for one record more than a
 * page to know whether another page follows, so N records cost about N / pageSize calls.
 */
export async function* pagesById(client: OdooClient, query: PagingQuery): AsyncGenerator<{ records: OdooRecord[]; last: boolean }> {
  let lastId = 0;
  for (;;) {
    const rows = await client.searchRead(query.model, {
      domain: [...query.domain, ['id', '>', lastId]],
      fields: query.fields,
      order: 'id asc',
      limit: query.pageSize + 1,
      context: query.context,
    });
    const more = rows.length > query.pageSize;
    const records = more ? rows.slice(0, query.pageSize) : rows;
    yield { records, last: !more };
    if (!more) return;
    lastId = records[records.length - 1].id;
  }
}

/** Where an incremental sync stopped: the last (write_date, id) and the ids seen inside the look-back window. */
export interface SyncCursor {
  writeDate: string;
  id: number;
  /** id → write_date of records already emitted within the look-back window. */
  seen: Record<string, string>;
}

/** Odoo datetimes are UTC "YYYY-MM-DD HH:MM:SS". */
export function odooTime(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

export function formatOdooTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export interface IncrementalQuery extends PagingQuery {
  /** Records committed late with an older write_date are still caught within this window. */
  lookbackSeconds: number;
}

/**
 * Changed records since a cursor, ordered by (write_date, id), the id breaking ties among the many
 * records that share one write_date (Odoo keeps seconds). It starts `lookbackSeconds` before the
 * cursor, to catch records whose transaction committed after the last run passed their write_date,
 * and drops those it already emitted with the same write_date. Each page comes with the cursor to
 * store, so a sync that fails resumes after its last stored page.
 */
export async function* pagesSince(
  client: OdooClient,
  query: IncrementalQuery,
  cursor: SyncCursor | undefined,
): AsyncGenerator<{ records: OdooRecord[]; cursor: SyncCursor | undefined; last: boolean }> {
  const fields = query.fields.length && !query.fields.includes('write_date') ? [...query.fields, 'write_date'] : query.fields;
  const windowMs = query.lookbackSeconds * 1000;
  const start = cursor ? formatOdooTime(odooTime(cursor.writeDate) - windowMs) : undefined;
  let position: { writeDate: string; id: number } | undefined;
  let current = cursor;
  for (;;) {
    const keyset = position
      ? ['|', ['write_date', '>', position.writeDate], '&', ['write_date', '=', position.writeDate], ['id', '>', position.id]]
      : start
        ? [['write_date', '>=', start]]
        : [];
    const rows = await client.searchRead(query.model, {
      domain: [...query.domain, ...keyset],
      fields,
      order: 'write_date asc, id asc',
      limit: query.pageSize + 1,
      context: query.context,
    });
    const more = rows.length > query.pageSize;
    const page = more ? rows.slice(0, query.pageSize) : rows;
    const seen = { ...(current?.seen ?? {}) };
    const fresh = page.filter((r) => seen[String(r.id)] !== r.write_date);
    for (const r of page) seen[String(r.id)] = String(r.write_date);
    if (page.length) {
      const tail = page[page.length - 1];
      position = { writeDate: String(tail.write_date), id: tail.id };
      const horizon = odooTime(position.writeDate) - windowMs;
      for (const [id, writeDate] of Object.entries(seen)) if (odooTime(writeDate) < horizon) delete seen[id];
      current = { writeDate: position.writeDate, id: position.id, seen };
    }
    yield { records: fresh, cursor: current, last: !more };
    if (!more) return;
  }
}
