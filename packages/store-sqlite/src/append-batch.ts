import type { AppendManyOutcome, AppendRequest, AppendResult, ExpectedVersion, NewEvent } from '@motcua/core';
import { assertDistinctIds, batchDigests, serializeEvents } from '@motcua/core/store-kit';
import type { SerializedEvent } from '@motcua/core/store-kit';
import { MotcuaError } from '@motcua/core';
import type { SqliteDatabase } from './driver';
import { sqliteCode, wrapDriverError } from './errors';
import type { Statements } from './statements';

/** One request of a group commit, serialised and digested before the write lock (or refused already). */
export type PreparedAppend =
  | { ok: true; streamId: string; events: readonly NewEvent[]; rows: SerializedEvent[]; expected: ExpectedVersion; digests: string[] }
  | { ok: false; error: unknown };

/**
 * Serialise a request and compute its content digests (the costly part of the
 * hash chain) outside the transaction. A value that cannot be stored, or an
 * event id repeated in the request, refuses this request only.
 */
export function prepareAppend(request: AppendRequest): PreparedAppend {
  try {
    const rows = serializeEvents(request.events);
    assertDistinctIds(rows.map((r) => r.eventId));
    const digests = batchDigests(request.streamId, request.events);
    return { ok: true, streamId: request.streamId, events: request.events, rows, expected: request.options?.expectedVersion ?? 'any', digests };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Group commit on SQLite, synchronously (nothing else runs on this connection
 * meanwhile): `BEGIN IMMEDIATE`, each request in its own `SAVEPOINT` (a
 * one-row request needs none: one statement is atomic) — a refused request is
 * rolled back alone and `onRefused` is told (the caller's version/hash caches
 * are then stale) — then one `COMMIT` (one fsync under `synchronous=FULL`).
 * Any other failure (the lock, the commit, a request failing with anything but a
 * typed refusal — a full disk, an I/O error, after which SQLite may already
 * have rolled the transaction back) rolls everything back and throws: no
 * request is written outside the transaction. The caller retries the whole
 * call on `SQLITE_BUSY`.
 *
 * @example
 * ```ts
 * import type { Statements } from './statements';
 * declare const statements: Statements, db: SqliteDatabase, prepared: PreparedAppend[];
 * declare function appendOne(request: Extract<PreparedAppend, { ok: true }>): AppendResult;
 * const outcomes = commitGroup(statements, db, prepared, appendOne, () => undefined);
 * ```
 */
export function commitGroup(
  statements: Statements,
  db: SqliteDatabase,
  prepared: readonly PreparedAppend[],
  appendOne: (request: Extract<PreparedAppend, { ok: true }>) => AppendResult,
  onRefused: () => void,
): AppendManyOutcome[] {
  statements.begin.run();
  try {
    const outcomes = prepared.map((request): AppendManyOutcome => {
      if (!request.ok) return request;
      const savepoint = request.rows.length > 1;
      if (savepoint) statements.savepoint.run();
      try {
        const result = appendOne(request);
        if (savepoint) statements.release.run();
        return { ok: true, result };
      } catch (error) {
        // A refusal of this request (a conflict, a duplicate: typed errors) is rolled back alone. Anything else is the
        // transaction's failure (a full disk, an I/O error, a damaged file; SQLite may have rolled the whole transaction
        // back already): the whole group fails, so no request is written outside the transaction or acknowledged.
        if (!(error instanceof MotcuaError || sqliteCode(error) === 'SQLITE_TOOBIG') || !db.inTransaction) throw error;
        if (savepoint) {
          statements.rollbackTo.run();
          statements.release.run();
        }
        onRefused();
        return { ok: false, error: wrapDriverError(error, 'append') };
      }
    });
    statements.commit.run();
    return outcomes;
  } catch (error) {
    try {
      if (db.open && db.inTransaction) statements.rollback.run();
    } catch {
      // SQLite ends the transaction itself when it cannot roll it back; the error that led here is the one to report.
    }
    throw error;
  }
}

/**
 * Inside an open `store.batch`: each request through the store's own append
 * (its savepoint), one after another; outcomes as `appendMany`'s.
 */
export async function appendEach(requests: readonly AppendRequest[], append: (request: AppendRequest) => Promise<AppendResult>): Promise<AppendManyOutcome[]> {
  const outcomes: AppendManyOutcome[] = [];
  for (const request of requests) {
    try {
      outcomes.push({ ok: true, result: await append(request) });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
