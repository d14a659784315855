import { MotcuaError, StoreError } from '@motcua/core';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']); // admin/crash shutdown, cannot connect now, too many connections

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

/**
 * Map a driver error to a typed store error where one fits: connection
 * problems → `STORE_CONNECTION`; a missing schema/table → `STORE_SCHEMA_MISSING`.
 * Anything else is returned unchanged.
 */
export function mapPgError(error: unknown, what: string): unknown {
  if (error instanceof MotcuaError) return error;
  if (isConnectionError(error)) return new StoreError('STORE_CONNECTION', `${what}: cannot reach PostgreSQL: ${(error as Error).message}`, { cause: error });
  const code = pgCode(error);
  if (code === '3F000' || code === '42P01') {
    return new StoreError('STORE_SCHEMA_MISSING', `${what}: the motcua schema or one of its tables is missing: ${(error as Error).message}`, { cause: error });
  }
  return error;
}
