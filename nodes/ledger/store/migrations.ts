import type { Db } from './db';

export interface Migration {
  version: number;
  description: string;
  /** Statements in SQL both engines take; `{{serial}}` is an auto-incrementing primary key. */
  up: string[];
}

/** Append new versions; never edit one that has shipped. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'messages, transitions, idempotency keys, dead letters, cursors, KPI counters',
    up: [
      `CREATE TABLE pb_message (
        id TEXT PRIMARY KEY,
        flow_id TEXT,
        start_node TEXT NOT NULL,
        source_system TEXT,
        correlation_id TEXT,
        schema_ref TEXT,
        idempotency_key TEXT,
        status TEXT NOT NULL,
        attempt INTEGER NOT NULL DEFAULT 1,
        record_count INTEGER NOT NULL DEFAULT 1,
        body TEXT NOT NULL,
        owner TEXT,
        lease_until BIGINT,
        received_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        completed_at BIGINT
      )`,
      'CREATE INDEX pb_message_open ON pb_message (start_node, lease_until) WHERE completed_at IS NULL',
      'CREATE INDEX pb_message_owner ON pb_message (owner) WHERE completed_at IS NULL',
      'CREATE INDEX pb_message_completed ON pb_message (completed_at)',
      `CREATE TABLE pb_transition (
        id {{serial}},
        message_id TEXT NOT NULL,
        status TEXT NOT NULL,
        node_id TEXT,
        at BIGINT NOT NULL,
        detail TEXT
      )`,
      'CREATE INDEX pb_transition_message ON pb_transition (message_id)',
      `CREATE TABLE pb_idempotency (
        key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        owner TEXT,
        outcome TEXT,
        claimed_at BIGINT NOT NULL,
        lease_until BIGINT,
        completed_at BIGINT
      )`,
      'CREATE INDEX pb_idempotency_completed ON pb_idempotency (completed_at)',
      `CREATE TABLE pb_dead_letter (
        id TEXT PRIMARY KEY,
        message_id TEXT,
        start_node TEXT,
        flow_id TEXT,
        node_id TEXT,
        node_type TEXT,
        error_code TEXT NOT NULL,
        error_message TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        body TEXT NOT NULL,
        idempotency_key TEXT,
        first_failed_at BIGINT NOT NULL,
        last_failed_at BIGINT NOT NULL,
        state TEXT NOT NULL,
        replay_count INTEGER NOT NULL DEFAULT 0,
        resolved_by TEXT,
        resolved_at BIGINT,
        note TEXT
      )`,
      'CREATE INDEX pb_dead_letter_state ON pb_dead_letter (state, first_failed_at)',
      'CREATE INDEX pb_dead_letter_message ON pb_dead_letter (message_id)',
      `CREATE TABLE pb_cursor (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE pb_kpi (
        day TEXT NOT NULL,
        flow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        count BIGINT NOT NULL,
        PRIMARY KEY (day, flow_id, node_id, outcome)
      )`,
    ],
  },
  {
    version: 2,
    description: 'approvals of recommendations, alerts',
    up: [
      `CREATE TABLE pb_approval (
        recommendation_id TEXT NOT NULL,
        plan_version INTEGER NOT NULL,
        plan_id TEXT NOT NULL,
        type TEXT NOT NULL,
        sku TEXT NOT NULL,
        location TEXT NOT NULL,
        supplier TEXT,
        source_location TEXT,
        quantity DOUBLE PRECISION NOT NULL,
        uom TEXT NOT NULL,
        unit_cost DOUBLE PRECISION,
        value DOUBLE PRECISION,
        currency TEXT,
        need_by TEXT NOT NULL,
        valid_until BIGINT NOT NULL,
        reason TEXT NOT NULL,
        record TEXT NOT NULL,
        status TEXT NOT NULL,
        approved_qty DOUBLE PRECISION,
        reason_code TEXT,
        note TEXT,
        decided_by TEXT,
        decided_at BIGINT,
        auto INTEGER NOT NULL DEFAULT 0,
        received_at BIGINT NOT NULL,
        executed_at BIGINT,
        execution TEXT,
        PRIMARY KEY (recommendation_id, plan_version)
      )`,
      'CREATE INDEX pb_approval_status ON pb_approval (status, valid_until)',
      `CREATE TABLE pb_alert (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT NOT NULL,
        sku TEXT,
        location TEXT,
        supplier TEXT,
        owner TEXT,
        details TEXT,
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        count BIGINT NOT NULL,
        due BIGINT,
        acknowledged_by TEXT,
        acknowledged_at BIGINT,
        resolved_by TEXT,
        resolved_at BIGINT,
        note TEXT
      )`,
      // At most one alert per key is not resolved: repeats update it instead of adding another.
      "CREATE UNIQUE INDEX pb_alert_open_key ON pb_alert (key) WHERE status <> 'resolved'",
      'CREATE INDEX pb_alert_status ON pb_alert (status, severity, first_seen)',
    ],
  },
  {
    version: 3,
    description: 'EDI control numbers per partner',
    up: [
      `CREATE TABLE pb_edi_sequence (
        partner_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        last_value BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (partner_id, scope)
      )`,
      `CREATE TABLE pb_edi_control (
        partner_id TEXT NOT NULL,
        scope TEXT NOT NULL,
        business_key TEXT NOT NULL,
        number BIGINT NOT NULL,
        assigned_at BIGINT NOT NULL,
        PRIMARY KEY (partner_id, scope, business_key)
      )`,
      // A number is never given twice, whatever happens to the sequence row.
      'CREATE UNIQUE INDEX pb_edi_control_number ON pb_edi_control (partner_id, scope, number)',
    ],
  },
  {
    version: 4,
    description: 'stock snapshots for reconciliation: runs, batches, pages, rows, kept snapshots',
    // Self-contained: touches only pb_snapshot_* tables, so it applies whatever version 3 does.
    up: [
      // One row per owner of runs (a pb-reconcile node, or a kept snapshot name): the run being
      // filled and the complete snapshot kept. Pages of one scope lock this row, so two last pages
      // committing together cannot both miss each other.
      `CREATE TABLE pb_snapshot_scope (
        scope TEXT PRIMARY KEY,
        current_run BIGINT,
        kept_run BIGINT,
        updated_at BIGINT NOT NULL
      )`,
      `CREATE TABLE pb_snapshot_run (
        id {{serial}},
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        sides TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      )`,
      'CREATE UNIQUE INDEX pb_snapshot_run_name ON pb_snapshot_run (scope, name)',
      'CREATE INDEX pb_snapshot_run_state ON pb_snapshot_run (scope, state, created_at)',
      `CREATE TABLE pb_snapshot_page (
        run_id BIGINT NOT NULL,
        source TEXT NOT NULL,
        page INTEGER NOT NULL,
        is_last INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        received_at BIGINT NOT NULL,
        PRIMARY KEY (run_id, source, page)
      )`,
      // The batches (msg.batch.id) a side delivered into a run: the current one, and those a newer
      // delivery superseded, so a late page of an old batch is recognised and ignored.
      `CREATE TABLE pb_snapshot_batch (
        run_id BIGINT NOT NULL,
        source TEXT NOT NULL,
        batch TEXT NOT NULL,
        superseded INTEGER NOT NULL,
        PRIMARY KEY (run_id, source, batch)
      )`,
      'CREATE INDEX pb_snapshot_batch_id ON pb_snapshot_batch (source, batch)',
      `CREATE TABLE pb_snapshot_row (
        run_id BIGINT NOT NULL,
        source TEXT NOT NULL,
        page INTEGER NOT NULL,
        sku TEXT NOT NULL,
        location TEXT NOT NULL,
        quantity DOUBLE PRECISION NOT NULL,
        unit_cost DOUBLE PRECISION,
        category TEXT
      )`,
      'CREATE INDEX pb_snapshot_row_key ON pb_snapshot_row (run_id, sku, location)',
      'CREATE INDEX pb_snapshot_row_page ON pb_snapshot_row (run_id, source, page)',
    ],
  },
  {
    version: 5,
    description: 'outbox of broker messages (MQTT events and alerts) waiting for the broker',
    // Self-contained: touches only pb_outbox, so it applies whatever other versions do.
    up: [
      `CREATE TABLE pb_outbox (
        id {{serial}},
        broker TEXT NOT NULL,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        encoding TEXT NOT NULL,
        qos INTEGER NOT NULL,
        retain INTEGER NOT NULL,
        producer TEXT NOT NULL,
        owner TEXT NOT NULL,
        lease_until BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      'CREATE INDEX pb_outbox_queue ON pb_outbox (broker, owner, id)',
      'CREATE INDEX pb_outbox_owner ON pb_outbox (owner)',
    ],
  },
  {
    version: 6,
    description: 'runs: batch work as the business sees it, with the parts it owes',
    up: [
      `CREATE TABLE pb_run (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        flow_id TEXT,
        start_node TEXT NOT NULL,
        parts TEXT NOT NULL,
        body TEXT NOT NULL,
        owner TEXT NOT NULL,
        lease_until BIGINT NOT NULL,
        opened_at BIGINT NOT NULL,
        due_at BIGINT,
        state TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        parts_done_at BIGINT,
        closed_at BIGINT,
        outcome TEXT,
        overdue_at BIGINT
      )`,
      'CREATE INDEX pb_run_open ON pb_run (state, start_node, lease_until)',
      'CREATE INDEX pb_run_opened ON pb_run (opened_at)',
      `CREATE TABLE pb_run_part (
        run_id TEXT NOT NULL,
        part TEXT NOT NULL,
        done_at BIGINT NOT NULL,
        detail TEXT,
        PRIMARY KEY (run_id, part)
      )`,
    ],
  },
  {
    version: 7,
    description: 'releases: the bundles an instance took, what happened to them, and which release handled each message',
    up: [
      `CREATE TABLE pb_release (
        checksum TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        bundle TEXT NOT NULL,
        received_at BIGINT NOT NULL
      )`,
      'CREATE INDEX pb_release_version ON pb_release (version)',
      `CREATE TABLE pb_release_event (
        id {{serial}},
        at BIGINT NOT NULL,
        kind TEXT NOT NULL,
        checksum TEXT,
        version TEXT,
        user_name TEXT NOT NULL,
        environment TEXT NOT NULL,
        detail TEXT NOT NULL
      )`,
      'CREATE INDEX pb_release_event_checksum ON pb_release_event (checksum, kind)',
      'ALTER TABLE pb_message ADD COLUMN release TEXT',
      'ALTER TABLE pb_transition ADD COLUMN release TEXT',
    ],
  },
];

const SERIAL = { sqlite: 'INTEGER PRIMARY KEY AUTOINCREMENT', postgres: 'BIGSERIAL PRIMARY KEY' };
// Any constant: several instances starting at once take turns migrating.
const MIGRATION_LOCK = 7_162_026;

/** Brings the schema to the newest version; returns the version now in place. */
export async function migrate(db: Db, migrations: Migration[] = MIGRATIONS): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS pb_schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)');
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK]);
    const rows = await tx.all<{ version: number | null }>('SELECT MAX(version) AS version FROM pb_schema_version');
    let current = Number(rows[0]?.version ?? 0);
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      for (const statement of migration.up) await tx.run(statement.replace('{{serial}}', SERIAL[tx.dialect]));
      await tx.run('INSERT INTO pb_schema_version (version, description, applied_at) VALUES (?, ?, ?)', [migration.version, migration.description, Date.now()]);
      current = migration.version;
    }
    return current;
  });
}
