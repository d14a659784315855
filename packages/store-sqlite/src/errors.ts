import type { ExpectedVersion } from '@motcua/core';
import { StoreError } from '@motcua/core';
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

/** Wrap an unexpected driver error as a typed store error (I/O, corrupt file, cannot open). */
export function wrapDriverError(error: unknown, what: string): unknown {
  const code = sqliteCode(error) ?? '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError('STORE_CORRUPTED', `${what}: the SQLite file is corrupted (${code}): ${(error as Error).message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_FULL' || code === 'SQLITE_PERM') {
    return new StoreError('STORE_CONNECTION', `${what}: cannot use the SQLite file (${code}): ${(error as Error).message}`, { cause: error });
  }
  return error;
}
