import { StoreError } from '@motcua/core';
import type { Pool } from 'pg';
import { isConnectionError, isSchemaMissing, mapPgError } from './errors';
import { PostgresEventStore } from './postgres-event-store';
import { ensurePgSchema, quoteSchema } from './schema';

/**
 * Options of {@link createPostgresEventStore}.
 *
 * @example
 * ```ts
 * const options: PostgresStoreOptions = { pool, schema: 'hanoi', pollIntervalMs: 2000 };
 * ```
 */
export interface PostgresStoreOptions {
  /** Your `pg.Pool`; the store borrows clients and never ends it. */
  pool: Pool;
  /** PostgreSQL schema holding the store's tables (default `motcua`); one per province/tenant if you like. */
  schema?: string;
  /** Migrate an older schema on start (default true). A newer schema is always an error. */
  migrate?: boolean;
  /**
   * LISTEN on a dedicated pool client for other processes' appends (default true), from the first
   * `'appended'` listener on `store.notifications` (a runner, a follower, `waitUntilReadable`) until `close()`.
   */
  listen?: boolean;
  /** Safety-net poll for missed notices, ms (default 1,000; 0 = off). */
  pollIntervalMs?: number;
  /** Default `readBatches` batch size (default 1,000). */
  readBatchSize?: number;
  /**
   * Layout of the events table when this call creates the schema: `'monthly'`
   * partitions it by month of `recorded_at` (partition.ts, docs/storage.md);
   * default `'none'`. On an existing schema, `'monthly'` requires it to be
   * partitioned already (`STORE_SCHEMA_OUTDATED` otherwise).
   */
  partitioning?: 'none' | 'monthly';
  /**
   * Where NOTIFY is sent (see docs/storage.md): `'auto'` (default) inside the append's own
   * transaction when it is the store's only append committing (no second transaction), else
   * after the commit; `'after-commit'` always from a separate small transaction (keeps group
   * commit); `'in-transaction'` always inside the append's transaction.
   */
  notify?: 'auto' | 'after-commit' | 'in-transaction';
}

/**
 * Connect a PostgreSQL event store (PostgreSQL ≥ 13): checks/migrates the
 * schema under an advisory lock, then starts the poll safety net (LISTEN
 * starts once something in the process follows the store: `listen`).
 * Connection failures throw `StoreError` `STORE_CONNECTION`.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresEventStore } from '@motcua/store-postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
 * const store = await createPostgresEventStore({ pool, schema: 'motcua' });
 * // …
 * await store.close();
 * await pool.end();
 * ```
 */
export async function createPostgresEventStore(options: PostgresStoreOptions): Promise<PostgresEventStore> {
  const schema = options.schema ?? 'motcua';
  quoteSchema(schema);
  let client;
  try {
    client = await options.pool.connect();
  } catch (error) {
    throw mapPgError(error, 'Connecting the PostgreSQL event store');
  }
  let failure: Error | undefined;
  try {
    const { rows } = await client.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
    if ((rows[0]?.v ?? 0) < 130000) throw new StoreError('STORE_CONNECTION', `@motcua/store-postgres needs PostgreSQL 13 or newer (xid8 snapshots); server is ${rows[0]?.v}`);
    await ensurePgSchema(client, schema, options.migrate ?? true, options.partitioning ?? 'none');
  } catch (error) {
    failure = error as Error;
    throw mapPgError(error, 'Opening the PostgreSQL event store');
  } finally {
    // A client whose connection broke, or that saw the schema vanish, is not given back to the pool.
    client.release(failure && (isConnectionError(failure) || isSchemaMissing(failure)) ? failure : undefined);
  }
  const store = new PostgresEventStore(options.pool, {
    schema,
    listen: options.listen ?? true,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    readBatchSize: options.readBatchSize ?? 1_000,
    notify: options.notify ?? 'auto',
  });
  try {
    await store.start();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw mapPgError(error, 'Starting the PostgreSQL event store');
  }
  return store;
}
