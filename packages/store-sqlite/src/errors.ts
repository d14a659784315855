import type { ExpectedVersion } from '@motcua/core';
import { InternalError, MotcuaError, StoreError, ValidationError } from '@motcua/core';
import { uniqueViolation } from '@motcua/core/store-kit';

/** The SQLite error code of a driver error (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`, …), if any. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Is this "the database file is locked by another connection" (retryable)? */
export function isBusy(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== undefined && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** Is this a unique-constraint violation on the given index/column text? */
export function isUniqueViolation(error: unknown, column: string): boolean {
  return sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes(column);
}

/**
 * Map an INSERT failure: a clash on `event_id` is `DUPLICATE_EVENT`, on
 * `(stream_id, version)` a `ConcurrencyError` with the stream's real version
 * (read by `actual`); anything else is returned unchanged.
 */
export function insertError(error: unknown, streamId: string, expected: ExpectedVersion, actual: () => number, eventId: string): unknown {
  if (isUniqueViolation(error, 'event_id')) return uniqueViolation('event_id', { streamId, expected, actual: 0, eventId, cause: error });
  if (isUniqueViolation(error, 'stream_id')) return uniqueViolation('stream_version', { streamId, expected, actual: actual() });
  return error;
}

/** The part of a connection the error mapping looks at: whether it is still open. */
interface OpenState {
  readonly open: boolean;
}

/**
 * The typed store error of a driver error (better-sqlite3's `SqliteError`, or its `TypeError` on a closed
 * connection), so that none reaches the caller as it is:
 *
 * - the `Database` closed under the store (`db` given and no longer open) → `STORE_CONNECTION`;
 * - a damaged file (`SQLITE_CORRUPT*`, `SQLITE_NOTADB`) → `STORE_CORRUPTED`;
 * - a file that cannot be used now — cannot be opened, an I/O error, read-only (the file, its directory, the
 *   connection, `query_only`), full (the disk, `max_page_count`), no permission, no memory, locked → `STORE_CONNECTION`;
 * - a table or column of the schema gone (`no such table` …) → `STORE_SCHEMA_MISSING`;
 * - a value larger than SQLite stores (`SQLITE_TOOBIG`) → `VALIDATION_FAILED`;
 * - any other SQLite error → `INTERNAL` (the driver error is its `cause`).
 *
 * A `MotcuaError` and any error that is not the driver's (a caller's own, passed through the store) are returned unchanged.
 */
export function wrapDriverError(error: unknown, what: string, db?: OpenState): unknown {
  if (error instanceof MotcuaError) return error;
  const code = sqliteCode(error);
  const message = (error as Error | null)?.message;
  if (code === undefined) {
    // better-sqlite3 throws a TypeError ("The database connection is not open") for any use of a closed connection.
    if (db !== undefined && db.open === false && error instanceof TypeError)
      return new StoreError('STORE_CONNECTION', `${what}: the SQLite database was closed under the store (the Database passed in was closed): ${message}`, { cause: error });
    return error;
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError('STORE_CORRUPTED', `${what}: the SQLite file is corrupted (${code}): ${message}`, { cause: error });
  }
  if (CANNOT_USE.some((prefix) => code.startsWith(prefix))) {
    return new StoreError('STORE_CONNECTION', `${what}: cannot use the SQLite file (${code}): ${message}`, { cause: error });
  }
  if (code === 'SQLITE_ERROR' && /^no such (table|column)/.test(String(message))) {
    return new StoreError('STORE_SCHEMA_MISSING', `${what}: a table of the motcua schema is missing from the SQLite file (${message})`, { cause: error });
  }
  if (code === 'SQLITE_TOOBIG') {
    return new ValidationError(`${what}: a value is too large for SQLite`, [{ code: 'too_big', path: [], message: `${code}: ${message}` }]);
  }
  return new InternalError(`${what}: unexpected SQLite error (${code}): ${message}`, error);
}

/**
 * Is this a fault of the file or of the connection — damaged, cannot be used now (read-only, full, an I/O error …),
 * closed — rather than of the statement that met it? Such an error is typed even when the caller's own statement met
 * it (inside `store.transaction(fn)`): it says nothing about the caller's SQL.
 */
export function isFileFault(error: unknown, db: OpenState): boolean {
  const code = sqliteCode(error);
  if (code === undefined) return db.open === false && error instanceof TypeError;
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB' || CANNOT_USE.some((prefix) => code.startsWith(prefix));
}

/** SQLite result codes (and their extended codes, by prefix) meaning "the file cannot be used now". */
const CANNOT_USE = [
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_FULL',
  'SQLITE_PERM',
  'SQLITE_NOMEM',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_PROTOCOL',
  'SQLITE_AUTH',
  'SQLITE_NOLFS',
];
