import { InternalError, MotcuaError, StoreError, ValidationError } from '@motcua/core';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
// admin/crash shutdown, cannot connect now, database dropped, too many connections, idle-in-transaction / idle session timeout (FATAL)
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '57P04', '53300', '25P03', '57P05']);
/** A schema object the store needs is gone: schema, table, function (`append_one` …), column. */
const SCHEMA_MISSING = new Set(['3F000', '42P01', '42883', '42703']);

/** SQLSTATE (or Node network code) of a driver error. */
export function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The constraint named by a PostgreSQL error, if any. */
export function pgConstraint(error: unknown): string | undefined {
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}

/** Is this "cannot reach / lost the server"? */
export function isConnectionError(error: unknown): boolean {
  const code = pgCode(error);
  if (code && (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|connection error|Client was closed|Cannot use a pool after calling end/i.test(message);
}

/** Is this "the schema, or an object of it, is gone" (a connection that saw it is not reused: `STORE_SCHEMA_MISSING`)? */
export function isSchemaMissing(error: unknown): boolean {
  const code = pgCode(error);
  return code !== undefined && SCHEMA_MISSING.has(code);
}

/** A PostgreSQL server error (an SQLSTATE of five characters and a severity), as pg's `DatabaseError` carries it. */
function isServerError(error: unknown): boolean {
  const code = pgCode(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) && typeof (error as { severity?: unknown }).severity === 'string';
}

/**
 * The typed store error of a driver error, so that none reaches the caller as it is:
 *
 * - the server cannot be reached or the connection was lost → `STORE_CONNECTION`;
 * - the server will not do it now: a statement cancelled (`statement_timeout`, 57014), a lock not granted
 *   (`lock_timeout`, 55P03), a deadlock or serialisation failure (class 40), a session or server that may not write
 *   (`default_transaction_read_only`, a standby: 25006), the caller's transaction aborted (25P02), a missing
 *   privilege (42501), no resources (class 53: disk full, out of memory), a system error (class 58) → `STORE_CONNECTION`;
 * - the schema or a table, function, column of it missing → `STORE_SCHEMA_MISSING`;
 * - a damaged page or index (XX001, XX002) → `STORE_CORRUPTED`;
 * - a value the server cannot take (class 22, data exception; class 54, a limit) → `VALIDATION_FAILED`;
 * - any other server error → `INTERNAL` (the driver error is its `cause`).
 *
 * A `MotcuaError`, and any error that is neither the server's nor a connection's (e.g. thrown by a caller's own
 * iterable during an import), is returned unchanged.
 */
export function mapPgError(error: unknown, what: string): unknown {
  if (error instanceof MotcuaError) return error;
  const message = (error as Error | null)?.message;
  if (isConnectionError(error)) return new StoreError('STORE_CONNECTION', `${what}: cannot reach PostgreSQL: ${message}`, { cause: error });
  if (!isServerError(error)) return error;
  const code = pgCode(error)!;
  const refused = (reason: string) => new StoreError('STORE_CONNECTION', `${what}: PostgreSQL ${reason} (${code}): ${message}`, { cause: error });
  if (isSchemaMissing(error)) {
    return new StoreError('STORE_SCHEMA_MISSING', `${what}: the motcua schema or one of its tables is missing: ${message}`, { cause: error });
  }
  if (code === '57014') return refused('cancelled the statement (statement_timeout or a cancel request)');
  if (code === '55P03' || code === '55006') return refused('did not grant a lock in time (lock_timeout, or the object is in use)');
  if (code.startsWith('40')) return refused('rolled the transaction back (a deadlock or a serialisation failure): try again');
  if (code === '25006') return refused('refuses to write here (a read-only transaction, default_transaction_read_only, or a standby)');
  if (code === '25P02') return refused("cannot run the statement: the client's transaction is aborted (roll it back first)");
  if (code.startsWith('25')) return refused('cannot run the statement in the state of the transaction');
  if (code === '42501') return refused('refused a privilege the store needs (grant it to the user: docs/storage.md)');
  if (code.startsWith('53') || code.startsWith('58')) return refused('lacks a resource or failed (disk full, out of memory, an I/O error)');
  if (code === 'XX001' || code === 'XX002') return new StoreError('STORE_CORRUPTED', `${what}: PostgreSQL reports damaged data (${code}): ${message}`, { cause: error });
  if (code.startsWith('22') || code.startsWith('54'))
    return new ValidationError(`${what}: PostgreSQL cannot store a value`, [{ code: 'invalid_value', path: [], message: `${message} (${code})` }]);
  return new InternalError(`${what}: unexpected PostgreSQL error (${code}): ${message}`, error);
}
