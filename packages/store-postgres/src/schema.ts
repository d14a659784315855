/**
 * Versioned, idempotent migrations inside the store's own PostgreSQL schema
 * (default `motcua`), run under a transaction-level advisory lock so that
 * several processes starting at once migrate exactly once.
 */
import { StoreError, ValidationError } from '@motcua/core';
import type { PoolClient } from 'pg';
import { APPEND_FUNCTION_SQL } from './append-function';
import { APPEND_FUNCTION_6_SQL } from './append-function-6';
import { APPEND_ONE_SQL } from './append-one';
import { APPEND_PLANS_SQL } from './append-plans';
import { PARTITION_FUNCTION_SQL, PARTITIONED_EVENTS_SQL } from './partition-sql';

/**
 * One step of the schema history. Steps are never edited once released.
 *
 * @example
 * ```ts
 * for (const m of PG_MIGRATIONS) console.log(m.version, m.description);
 * ```
 */
export interface PgMigration {
  version: number;
  description: string;
  /** SQL with `$schema` standing for the quoted schema name. */
  sql: string;
}

/**
 * The schema history, oldest first.
 *
 * @example
 * ```ts
 * const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1]!.version; // === PG_SCHEMA_VERSION
 * ```
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'events (with xid8 transaction ids), sequences, projections',
    sql: `
      CREATE TABLE $schema.events (
        position       bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8    NOT NULL DEFAULT pg_current_xact_id(),
        stream_id      text    NOT NULL,
        version        integer NOT NULL,
        type           text    NOT NULL,
        event_id       text    NOT NULL,
        data           jsonb   NOT NULL,
        metadata       jsonb   NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version UNIQUE (stream_id, version),
        CONSTRAINT events_event_id UNIQUE (event_id)
      );
      CREATE TABLE $schema.sequences (
        key   text   PRIMARY KEY,
        value bigint NOT NULL
      );
      CREATE TABLE $schema.projections (
        name       text   PRIMARY KEY,
        state      jsonb  NOT NULL,
        position   bigint NOT NULL,
        tag        text,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 2,
    description: 'append-only triggers on events',
    sql: `
      CREATE FUNCTION $schema.events_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        RAISE EXCEPTION 'motcua events are append-only: % is not allowed on %.%', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'integrity_constraint_violation';
      END
      $fn$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON $schema.events
        FOR EACH ROW EXECUTE FUNCTION $schema.events_append_only();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON $schema.events
        FOR EACH STATEMENT EXECUTE FUNCTION $schema.events_append_only();
    `,
  },
  {
    version: 3,
    description: 'transactional outbox: messages and relay cursors (createPostgresOutboxStore)',
    sql: `
      CREATE TABLE $schema.outbox (
        id              text    COLLATE "C" PRIMARY KEY,
        destination     text    COLLATE "C" NOT NULL,
        stream_id       text    COLLATE "C" NOT NULL,
        position        bigint  NOT NULL,
        idx             integer NOT NULL,
        event_type      text    NOT NULL,
        kind            text    NOT NULL,
        payload         jsonb   NOT NULL,
        created_at      text    COLLATE "C" NOT NULL,
        attempts        integer NOT NULL,
        status          text    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead', 'skipped')),
        next_attempt_at text    COLLATE "C" NOT NULL,
        last_error      text,
        delivered_at    text,
        lease_owner     text,
        lease_until     text    COLLATE "C"
      );
      CREATE INDEX outbox_queue ON $schema.outbox (destination, stream_id, position, idx) WHERE status IN ('pending', 'dead');
      CREATE INDEX outbox_order ON $schema.outbox (status, position, idx);
      CREATE TABLE $schema.outbox_cursors (
        name     text   PRIMARY KEY,
        position bigint NOT NULL
      );
    `,
  },
  { version: 4, description: 'create_monthly_partitions(from, to): month partitions of an events table created partitioned (partition.ts)', sql: PARTITION_FUNCTION_SQL },
  { version: 5, description: 'append_batch: the one-round-trip append and group commit (append-function.ts)', sql: APPEND_FUNCTION_SQL },
  { version: 6, description: 'append_batch without a subtransaction, readable flag in in-transaction notices (append-function-6.ts)', sql: APPEND_FUNCTION_6_SQL },
  { version: 7, description: 'append_batch plans by index only, made once per connection (append-plans.ts)', sql: APPEND_PLANS_SQL },
  { version: 8, description: 'append_one: the append of one event with scalar arguments (append-one.ts)', sql: APPEND_ONE_SQL },
  {
    version: 9,
    description: 'integrity: the position from which every event is hashed, recorded once; verifyHistory requires hashes from there on',
    // Every build that runs migration 5 or later hashes every event it writes (append_batch, append_one,
    // importEvents), so unhashed events are those written before hashing, all in front. The first hashed position
    // (found by walking positions in order: instant on a log hashed from its start); for a log without any hash,
    // the position after its last event (identity values only grow); 1 for an empty one. One row, never changed.
    sql: `
      CREATE TABLE IF NOT EXISTS $schema.integrity (
        id          integer PRIMARY KEY CHECK (id = 1),
        hashed_from bigint  NOT NULL CHECK (hashed_from >= 1),
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO $schema.integrity (id, hashed_from) VALUES (1, coalesce(
        (SELECT position FROM $schema.events WHERE jsonb_typeof(metadata->'hash') = 'string' ORDER BY position LIMIT 1),
        (SELECT max(position) + 1 FROM $schema.events),
        1))
        ON CONFLICT (id) DO NOTHING;
      DROP TRIGGER IF EXISTS integrity_append_only ON $schema.integrity;
      DROP TRIGGER IF EXISTS integrity_no_truncate ON $schema.integrity;
      CREATE TRIGGER integrity_append_only BEFORE UPDATE OR DELETE ON $schema.integrity
        FOR EACH ROW EXECUTE FUNCTION $schema.events_append_only();
      CREATE TRIGGER integrity_no_truncate BEFORE TRUNCATE ON $schema.integrity
        FOR EACH STATEMENT EXECUTE FUNCTION $schema.events_append_only();
    `,
  },
];

/**
 * The schema version this build reads and writes (recorded in `<schema>.schema_version`).
 *
 * @example
 * ```ts
 * const { rows } = await pool.query('SELECT version FROM motcua.schema_version');
 * if (rows[0].version !== PG_SCHEMA_VERSION) console.warn('start with migrate: true');
 * ```
 */
export const PG_SCHEMA_VERSION = Math.max(...PG_MIGRATIONS.map((m) => m.version));

/** Quote a schema name after checking it is a plain identifier. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ValidationError(`Invalid schema name ${JSON.stringify(schema)}`, [
      { code: 'invalid_string', path: ['schema'], message: 'use lower-case letters, digits and _ (at most 63)' },
    ]);
  }
  return `"${schema}"`;
}

/** Current schema version in `schema` (0 = nothing there yet). */
export async function readPgSchemaVersion(client: PoolClient, schema: string): Promise<number> {
  const quoted = quoteSchema(schema);
  // A plain MVCC read of pg_class (not to_regclass, whose syscache may be stale right after waiting on the advisory lock).
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname IN ('schema_version', 'events')`,
    [schema],
  );
  const tables = new Set(rows.map((r) => r.relname));
  if (!tables.has('schema_version')) {
    if (tables.has('events')) throw new StoreError('STORE_CORRUPTED', `Table ${schema}.events exists but ${schema}.schema_version does not: not created by motcua, or damaged`);
    return 0;
  }
  const stored = await client.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_version WHERE id = 1`);
  return stored.rows[0]?.version ?? 0;
}

/**
 * Apply migrations after `from` up to `to` in the current transaction and
 * record the version. Exposed for tests and tools.
 *
 * @example
 * ```ts
 * await client.query('BEGIN'); await applyPgMigrations(client, 'motcua', 0, 1); await client.query('COMMIT');
 * ```
 */
export async function applyPgMigrations(
  client: PoolClient,
  schema: string,
  from: number,
  to: number = PG_SCHEMA_VERSION,
  partitioning: 'none' | 'monthly' = 'none',
): Promise<void> {
  const quoted = quoteSchema(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, migrated_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const migration of [...PG_MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (migration.version <= from || migration.version > to) continue;
    // A new schema created with time partitioning: migration 1's events table is the partitioned one (partition.ts).
    const sql =
      migration.version === 1 && partitioning === 'monthly'
        ? migration.sql.replace(/CREATE TABLE \$schema\.events \([\s\S]*?\n {6}\);\n/, () => PARTITIONED_EVENTS_SQL)
        : migration.sql;
    await client.query(sql.replaceAll('$schema', quoted));
  }
  if (partitioning === 'monthly' && from === 0 && to >= 4)
    await client.query(`SELECT ${quoted}.create_monthly_partitions((now() - interval '1 month')::date, (now() + interval '12 months')::date)`);
  await client.query(`INSERT INTO ${quoted}.schema_version (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = excluded.version, migrated_at = now()`, [to]);
}

/**
 * Check and (when allowed) migrate the schema. Newer than this build →
 * `STORE_SCHEMA_OUTDATED` always; older/missing with `migrate: false` →
 * `STORE_SCHEMA_OUTDATED` / `STORE_SCHEMA_MISSING`.
 */
export async function ensurePgSchema(client: PoolClient, schema: string, migrate: boolean, partitioning: 'none' | 'monthly' = 'none'): Promise<void> {
  const seen = await readPgSchemaVersion(client, schema);
  if (partitioning === 'monthly' && seen > 0) await checkPartitioned(client, schema);
  if (seen === PG_SCHEMA_VERSION) return;
  checkVersion(schema, seen, migrate);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`motcua-migrate:${schema}`]);
    const current = await readPgSchemaVersion(client, schema);
    checkVersion(schema, current, migrate);
    if (current < PG_SCHEMA_VERSION) await applyPgMigrations(client, schema, current, PG_SCHEMA_VERSION, partitioning);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `partitioning: 'monthly'` on an existing schema: its events table must have been created partitioned (an existing table is never converted in place). */
async function checkPartitioned(client: PoolClient, schema: string): Promise<void> {
  const { rows } = await client.query(`SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass($1)`, [`${quoteSchema(schema)}.events`]);
  if (rows.length === 0)
    throw new StoreError(
      'STORE_SCHEMA_OUTDATED',
      `Schema ${schema} has an unpartitioned events table; partitioning: 'monthly' applies to a new schema only (move the log with importEvents into a new partitioned schema, docs/storage.md)`,
    );
}

function checkVersion(schema: string, version: number, migrate: boolean): void {
  if (version > PG_SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_SCHEMA_OUTDATED',
      `Schema ${schema} has motcua schema version ${version}, newer than this @motcua/store-postgres supports (${PG_SCHEMA_VERSION}). Upgrade the library.`,
    );
  }
  if (!migrate && version === 0) throw new StoreError('STORE_SCHEMA_MISSING', `Schema ${schema} has no motcua tables and migrate is false`);
  if (!migrate && version < PG_SCHEMA_VERSION) {
    throw new StoreError(
      'STORE_SCHEMA_OUTDATED',
      `Schema ${schema} has motcua schema version ${version}; this library needs ${PG_SCHEMA_VERSION}. Start with migrate: true to upgrade.`,
    );
  }
}
