import { StoreError, ValidationError } from '@motcua/core';
import { retryBusy } from './busy';
import type { SqliteDatabase } from './driver';
import { wrapDriverError } from './errors';
import { ensureSchema } from './schema';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * Options shared by both ways of opening a store.
 *
 * @example
 * ```ts
 * const options: SqliteStoreOptions = { synchronous: 'NORMAL', pollIntervalMs: 500 };
 * ```
 */
export interface SqliteStoreOptions {
  /**
   * `'FULL'` (default): a committed append survives power loss (WAL fsync on
   * every commit). `'NORMAL'`: faster; a crash of the OS (not of the process)
   * may lose the last transactions, never corrupting the file.
   */
  synchronous?: 'FULL' | 'NORMAL';
  /** Migrate an older schema on open (default true). A newer schema is always an error. */
  migrate?: boolean;
  /** SQLite `busy_timeout` in ms: how long one attempt waits for a lock inside SQLite (default 50). */
  busyTimeoutMs?: number;
  /** Total time to keep retrying a locked file before `STORE_CONNECTION` (default 30,000 ms). */
  lockTimeoutMs?: number;
  /** SQLite page cache of this connection in KiB (default 32,768 = 32 MiB; SQLite's own default is 2 MiB). Bigger helps bulk imports. */
  cacheSizeKiB?: number;
  /** Default `readBatches` batch size (default 1,000). */
  readBatchSize?: number;
  /** Poll for other processes' appends every N ms and announce them on `notifications` (default 0 = off). */
  pollIntervalMs?: number;
  /**
   * SQLite page size in bytes of a NEW file (a power of two from 512 to 65,536; default {@link DEFAULT_PAGE_SIZE}).
   * An existing file keeps the page size it was created with (changing it needs a `VACUUM` outside WAL mode).
   */
  pageSize?: number;
}

/**
 * The page size of a new SQLite file: 16,384 bytes (SQLite's own default is 4,096). The rows of the event table
 * are ~360 bytes; on 4 KiB pages each page leaves ~6 % unused (the row that did not fit), on 16 KiB pages a
 * quarter of that: 459.7 → 439.3 bytes per event on a 200,000-dossier demo file. A lone commit writes ~3.5× the
 * WAL bytes; durable appends were not slower (docs/storage.md "Page size", docs/performance.md "Session 10").
 *
 * @example
 * ```ts
 * await createSqliteEventStore({ filename: 'motcua.db', pageSize: DEFAULT_PAGE_SIZE * 2 });
 * ```
 */
export const DEFAULT_PAGE_SIZE = 16_384;

/**
 * Open by file name; the store owns the connection and closes it. `':memory:'` works for tests.
 *
 * @example
 * ```ts
 * await createSqliteEventStore({ filename: './data/motcua.db' } satisfies SqliteFileOptions);
 * ```
 */
export interface SqliteFileOptions extends SqliteStoreOptions {
  filename: string;
  database?: never;
}

/**
 * Use your own better-sqlite3 `Database`; the store never closes it.
 *
 * @example
 * ```ts
 * await createSqliteEventStore({ database: new Database('./data/motcua.db') } satisfies SqliteDatabaseOptions);
 * ```
 */
export interface SqliteDatabaseOptions extends SqliteStoreOptions {
  database: SqliteDatabase;
  filename?: never;
}

/**
 * Open (creating or migrating the schema) a SQLite event store. Sets WAL
 * mode, `synchronous` and `busy_timeout` on the connection.
 *
 * @example
 * ```ts
 * import { createSqliteEventStore } from '@motcua/store-sqlite';
 * const store = await createSqliteEventStore({ filename: './data/motcua.db' });
 *
 * // or with your own driver object (not closed by store.close()):
 * import Database from 'better-sqlite3';
 * const db = new Database('./data/motcua.db');
 * const shared = await createSqliteEventStore({ database: db, synchronous: 'NORMAL' });
 * ```
 */
export async function createSqliteEventStore(options: SqliteFileOptions | SqliteDatabaseOptions): Promise<SqliteEventStore> {
  const lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  // Checked before the file is opened (SQLite would silently ignore such a value and keep 4,096).
  if (!Number.isInteger(pageSize) || pageSize < 512 || pageSize > 65_536 || (pageSize & (pageSize - 1)) !== 0)
    throw new ValidationError('Invalid SQLite store options', [
      { code: 'invalid_value', path: ['pageSize'], message: `must be a power of two from 512 to 65536 (SQLite ignores any other value), got ${String(pageSize)}` },
    ]);
  const ownsDatabase = options.database === undefined;
  const db = options.database ?? (await openFile(options.filename));
  try {
    if (db.inTransaction) throw new StoreError('STORE_CONNECTION', 'The database passed to createSqliteEventStore is inside a transaction');
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL')
      throw new ValidationError('Invalid SQLite store options', [
        { code: 'invalid_value', path: ['synchronous'], message: `must be 'FULL' or 'NORMAL', got ${String(synchronous)}` },
      ]);
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 50))}`);
    await retryBusy(() => {
      // Before anything is written (WAL mode writes the header): a file without pages takes it, others keep theirs.
      if ((db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count === 0) db.exec(`PRAGMA page_size = ${pageSize}`);
      return db.prepare('PRAGMA journal_mode = WAL').get();
    }, lockTimeoutMs);
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    db.exec(`PRAGMA cache_size = -${Math.max(1, Math.floor(options.cacheSizeKiB ?? 32_768))}`);
    await retryBusy(() => ensureSchema(db, options.migrate ?? true), lockTimeoutMs);
    return new SqliteEventStore(db, {
      lockTimeoutMs,
      readBatchSize: options.readBatchSize ?? 1_000,
      pollIntervalMs: options.pollIntervalMs ?? 0,
      ownsDatabase,
      // A file the store opened itself can get a second connection: bulk imports may write on a worker thread.
      importWriter:
        ownsDatabase && options.filename !== undefined && isFileName(options.filename)
          ? { filename: options.filename, synchronous, cacheSizeKiB: Math.max(1, Math.floor(options.cacheSizeKiB ?? 32_768)), lockTimeoutMs }
          : undefined,
    });
  } catch (error) {
    const typed = wrapDriverError(error, 'Opening the SQLite event store', db);
    if (ownsDatabase && db.open) db.close();
    throw typed;
  }
}

/** A name SQLite opens as a file a second connection can share (not `:memory:`, not a temporary database, not a memory URI). */
function isFileName(filename: string): boolean {
  return filename !== '' && filename !== ':memory:' && !/^file:.*(mode=memory|:memory:)/.test(filename);
}

async function openFile(filename: string): Promise<SqliteDatabase> {
  const { default: Database } = await import('better-sqlite3');
  try {
    return new Database(filename) as unknown as SqliteDatabase;
  } catch (error) {
    const wrapped = wrapDriverError(error, `Opening ${filename}`);
    if (wrapped instanceof StoreError) throw wrapped;
    throw new StoreError('STORE_CONNECTION', `Cannot open the SQLite file ${filename}: ${(error as Error).message}`, { cause: error });
  }
}
