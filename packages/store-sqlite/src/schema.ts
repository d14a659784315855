/**
 * Schema and migrations. The version lives in the one-row table
 * `motcua_schema` (not `PRAGMA user_version`, which belongs to the
 * application when it passes its own database).
 */
import { StoreError } from '@motcua/core';
import type { SqliteDatabase } from './driver';
import { HASHED_FROM_SQL, recordHashedFrom } from './hashed-from';
import { migrateToCompactRows } from './schema-v4';

/**
 * One step of the schema history. Steps are never edited once released.
 *
 * @example
 * ```ts
 * for (const m of MIGRATIONS) console.log(m.version, m.description);
 * ```
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** A step SQL alone cannot do (rewriting rows through a codec), run after `sql` in the same transaction. */
  migrate?: (db: SqliteDatabase) => void;
}

/**
 * The schema history, oldest first.
 *
 * @example
 * ```ts
 * const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version; // === SCHEMA_VERSION
 * ```
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'events, sequences, projections',
    sql: `
      CREATE TABLE motcua_events (
        position  INTEGER PRIMARY KEY,
        stream_id TEXT    NOT NULL,
        version   INTEGER NOT NULL,
        type      TEXT    NOT NULL,
        event_id  TEXT    NOT NULL,
        data      TEXT    NOT NULL,
        metadata  TEXT    NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX motcua_events_stream_version ON motcua_events (stream_id, version);
      CREATE UNIQUE INDEX motcua_events_event_id ON motcua_events (event_id);
      CREATE TABLE motcua_sequences (
        key   TEXT    PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE motcua_projections (
        name       TEXT    PRIMARY KEY,
        state      TEXT    NOT NULL,
        position   INTEGER NOT NULL,
        tag        TEXT,
        updated_at TEXT    NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    description: 'append-only triggers on motcua_events',
    sql: `
      CREATE TRIGGER motcua_events_no_update BEFORE UPDATE ON motcua_events
      BEGIN SELECT RAISE(ABORT, 'motcua_events is append-only: UPDATE is not allowed'); END;
      CREATE TRIGGER motcua_events_no_delete BEFORE DELETE ON motcua_events
      BEGIN SELECT RAISE(ABORT, 'motcua_events is append-only: DELETE is not allowed'); END;
    `,
  },
  {
    version: 3,
    description: 'transactional outbox: messages and relay cursors (createSqliteOutboxStore)',
    sql: `
      CREATE TABLE motcua_outbox (
        id              TEXT    PRIMARY KEY,
        destination     TEXT    NOT NULL,
        stream_id       TEXT    NOT NULL,
        position        INTEGER NOT NULL,
        idx             INTEGER NOT NULL,
        event_type      TEXT    NOT NULL,
        kind            TEXT    NOT NULL,
        payload         TEXT    NOT NULL,
        created_at      TEXT    NOT NULL,
        attempts        INTEGER NOT NULL,
        status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'skipped')),
        next_attempt_at TEXT    NOT NULL,
        last_error      TEXT,
        delivered_at    TEXT,
        lease_owner     TEXT,
        lease_until     TEXT
      ) STRICT;
      CREATE INDEX motcua_outbox_queue ON motcua_outbox (destination, stream_id, position, idx) WHERE status IN ('pending', 'dead');
      CREATE INDEX motcua_outbox_order ON motcua_outbox (status, position, idx);
      CREATE TABLE motcua_outbox_cursors (
        name     TEXT    PRIMARY KEY,
        position INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 4,
    description: 'compact event rows: stream/type dictionaries, binary ids and hashes, metadata shapes (schema-v4.ts, codec.ts)',
    sql: '',
    migrate: migrateToCompactRows,
  },
  {
    version: 5,
    description: "packed projection checkpoints: motcua_projections.packed (deflated JSON, state '') above 64 KiB (checkpoint-codec.ts)",
    // One column, no rewrite: existing checkpoints stay text and are packed when next saved.
    sql: 'ALTER TABLE motcua_projections ADD COLUMN packed BLOB',
  },
  {
    version: 6,
    description: 'motcua_integrity: the position from which every event is hashed, recorded once (hashed-from.ts); verifyHistory requires hashes from there on',
    // One row; finding the first hashed position stops at it (instant on a file hashed from its start).
    sql: HASHED_FROM_SQL,
    migrate: recordHashedFrom,
  },
];

/**
 * The schema version this build of the adapter reads and writes (row `id = 1` of `motcua_schema`).
 *
 * @example
 * ```ts
 * const { version } = db.prepare('SELECT version FROM motcua_schema').get() as { version: number };
 * if (version < SCHEMA_VERSION) console.log('will migrate on open');
 * ```
 */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Current schema version of the file (0 = no motcua tables yet). */
export function readSchemaVersion(db: SqliteDatabase): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'motcua_schema'").get();
  if (!table) {
    const events = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'motcua_events'").get();
    if (events) throw new StoreError('STORE_CORRUPTED', 'Table motcua_events exists but motcua_schema does not: this file was not created by motcua or was damaged');
    return 0;
  }
  const row = db.prepare('SELECT version FROM motcua_schema WHERE id = 1').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/**
 * Apply the migrations after `from` up to `to` inside the current
 * transaction and record the new version. Exposed for tests and tools.
 *
 * @example
 * ```ts
 * db.exec('BEGIN IMMEDIATE'); applyMigrations(db, 0, 1); db.exec('COMMIT'); // an "old" file
 * ```
 */
export function applyMigrations(db: SqliteDatabase, from: number, to: number = SCHEMA_VERSION): void {
  if (from === 0) {
    db.exec('CREATE TABLE IF NOT EXISTS motcua_schema (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, migrated_at TEXT NOT NULL) STRICT');
  }
  for (const migration of MIGRATIONS) {
    if (migration.version > from && migration.version <= to) {
      if (migration.sql) db.exec(migration.sql);
      migration.migrate?.(db);
    }
  }
  db.prepare(
    'INSERT INTO motcua_schema (id, version, migrated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, migrated_at = excluded.migrated_at',
  ).run(to, new Date().toISOString());
}

/**
 * Check the file's schema and, when allowed, migrate it (inside
 * `BEGIN IMMEDIATE`, so processes opening the same file at once are safe).
 * Newer than this build → `STORE_SCHEMA_OUTDATED` always; older or missing
 * with `migrate: false` → `STORE_SCHEMA_OUTDATED` / `STORE_SCHEMA_MISSING`.
 * Returns true when it changed the schema. Throws SQLITE_BUSY for the caller to retry.
 */
export function ensureSchema(db: SqliteDatabase, migrate: boolean): boolean {
  const seen = readSchemaVersion(db);
  if (seen === SCHEMA_VERSION) return false;
  checkVersion(seen, migrate);
  db.exec('BEGIN IMMEDIATE');
  try {
    const current = readSchemaVersion(db);
    checkVersion(current, migrate);
    if (current < SCHEMA_VERSION) applyMigrations(db, current);
    db.exec('COMMIT');
    return current < SCHEMA_VERSION;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function checkVersion(version: number, migrate: boolean): void {
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_SCHEMA_OUTDATED',
      `The SQLite file has motcua schema version ${version}, newer than this @motcua/store-sqlite supports (${SCHEMA_VERSION}). Upgrade the library.`,
    );
  }
  if (!migrate && version === 0) throw new StoreError('STORE_SCHEMA_MISSING', 'The SQLite file has no motcua schema and migrate is false');
  if (!migrate && version < SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_SCHEMA_OUTDATED',
      `The SQLite file has motcua schema version ${version}; this library needs ${SCHEMA_VERSION}. Open with migrate: true to upgrade.`,
    );
  }
}
