/**
 * The few parts of a better-sqlite3 `Database` this adapter uses, as a
 * structural type (Kysely-style): pass your own `new Database(file)` and the
 * adapter never needs to import the driver itself.
 */

/**
 * Result of `Statement.run()`.
 *
 * @example
 * ```ts
 * const { lastInsertRowid }: SqliteRunResult = db.prepare('INSERT INTO t VALUES (1)').run();
 * ```
 */
export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * A prepared statement (better-sqlite3 `Statement`).
 *
 * @example
 * ```ts
 * const stmt: SqliteStatement = db.prepare('SELECT 1');
 * ```
 */
export interface SqliteStatement {
  run(...params: unknown[]): SqliteRunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /** Return rows as arrays (better-sqlite3 `raw(true)`). */
  raw(toggle?: boolean): SqliteStatement;
}

/**
 * A better-sqlite3 `Database` (or anything with the same synchronous API).
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * const db: SqliteDatabase = new Database('motcua.db');
 * const store = await createSqliteEventStore({ database: db });
 * ```
 */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
  readonly open: boolean;
}
