import { type DestroyedKey, type ErasureRecord, type PersonalDataKeyStore, type SubjectKey, newKeyBytes } from '@motcua/core';
import { erasureFromRow, keyFromRow, type KeyRow } from '@motcua/core/store-kit';
import type { Pool } from 'pg';
import { mapPgError } from './errors';
import { quoteSchema } from './schema';

/** Options of {@link createPostgresKeyStore}. */
export interface PostgresKeyStoreOptions {
  /** Your `pg.Pool` (the event store's; never ended here). */
  pool: Pool;
  /** The schema of the event store (default `motcua`): the key table lives beside the events. */
  schema?: string;
  /** `VACUUM` the key table after each erasure, so the destroyed key's old row version is pruned at once (default true). */
  vacuum?: boolean;
}

/**
 * The subjects' keys in a table of the event store's PostgreSQL schema
 * (`personal_keys`: subject, version, key — 32 random bytes as
 * `bytea`, NULL once destroyed — and the erasure's time, reason, author).
 * Created at the first call if missing. An erasure sets the key to NULL and
 * (by default) vacuums the table, pruning the old row version; the server's
 * write-ahead log and base backups still hold the key until they are
 * recycled — keep them no longer than the retention period, or keep the keys
 * in an external KMS behind `PersonalDataKeyStore` (docs/security.md).
 *
 * @example
 * ```ts
 * import { protectPersonalData } from '@motcua/core';
 * const store = await createPostgresEventStore({ pool, schema: 'motcua' });
 * const protectedStore = protectPersonalData(store, { keys: await createPostgresKeyStore({ pool, schema: 'motcua' }) });
 * ```
 */
export async function createPostgresKeyStore(options: PostgresKeyStoreOptions): Promise<PersonalDataKeyStore> {
  const { pool } = options;
  const schema = quoteSchema(options.schema ?? 'motcua');
  const table = `${schema}.personal_keys`;
  const vacuum = options.vacuum ?? true;
  const run = async <R extends object = KeyRow>(what: string, text: string, values: unknown[] = []) => {
    try {
      return await pool.query<R>(text, values);
    } catch (error) {
      throw mapPgError(error, `PostgreSQL key store: ${what}`);
    }
  };
  await run('creating the key table', `CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(() => undefined); // may race another process: the table statement decides
  await run(
    'creating the key table',
    `CREATE TABLE IF NOT EXISTS ${table} (
      subject text PRIMARY KEY,
      version integer NOT NULL,
      key bytea,
      created_at timestamptz NOT NULL DEFAULT now(),
      erased_at text,
      reason text,
      erased_by text
    )`,
  ).catch(async (error: unknown) => {
    // two processes creating it at once: one wins, the other sees a unique violation on the catalog
    const again = await pool.query(`SELECT to_regclass('${table.replace(/'/g, "''")}') AS t`).catch(() => undefined);
    if (!again?.rows[0]?.t) throw error;
  });
  const cols = 'subject, version, key, erased_at, reason, erased_by';
  return {
    async keyFor(subject) {
      await run('keyFor', `INSERT INTO ${table} (subject, version, key) VALUES ($1, 1, $2) ON CONFLICT (subject) DO NOTHING`, [subject, Buffer.from(newKeyBytes())]);
      const { rows } = await run('keyFor', `SELECT ${cols} FROM ${table} WHERE subject = $1`, [subject]);
      return keyFromRow(rows[0]!);
    },
    async getKeys(subjects) {
      const out = new Map<string, SubjectKey | DestroyedKey>();
      if (subjects.length === 0) return out;
      const { rows } = await run('getKeys', `SELECT ${cols} FROM ${table} WHERE subject = ANY($1::text[])`, [[...new Set(subjects)]]);
      for (const row of rows) out.set(row.subject, keyFromRow(row));
      return out;
    },
    async destroyKey(record: ErasureRecord) {
      const by = record.by ?? null;
      // One statement: a tombstone for a subject without a key, or the live key set to NULL. Two statements (UPDATE,
      // then INSERT … DO NOTHING) lost to another process's keyFor creating the key in between: the erasure answered
      // false ("already erased") and the key lived on. ON CONFLICT locks the row another transaction inserted and
      // checks `key IS NOT NULL` on its committed version, so only an erasure of an already destroyed key answers false.
      const erased = await run(
        'destroyKey',
        `INSERT INTO ${table} AS k (subject, version, key, erased_at, reason, erased_by) VALUES ($1, 0, NULL, $2, $3, $4)
         ON CONFLICT (subject) DO UPDATE SET key = NULL, erased_at = excluded.erased_at, reason = excluded.reason, erased_by = excluded.erased_by
         WHERE k.key IS NOT NULL`,
        [record.subject, record.erasedAt, record.reason, by],
      );
      const done = (erased.rowCount ?? 0) > 0;
      if (done && vacuum) await run('vacuum', `VACUUM ${table}`);
      return done;
    },
    async erasures() {
      const { rows } = await run('erasures', `SELECT ${cols} FROM ${table} WHERE key IS NULL ORDER BY erased_at, subject`);
      return rows.map(erasureFromRow);
    },
  };
}
