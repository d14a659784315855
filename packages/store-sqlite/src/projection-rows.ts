/**
 * Projection checkpoints in the SQLite file: the `projections` row of a
 * snapshot and back, and the transaction handle that saves one together with
 * the caller's own tables.
 */
import { StoreError } from '@motcua/core';
import type { ProjectionSnapshot } from '@motcua/core';
import type { SqliteDatabase } from './driver';

/**
 * Operations allowed inside {@link SqliteEventStore.transaction}.
 *
 * @example
 * ```ts
 * await store.transaction((tx: SqliteTransaction) => tx.saveProjection('list', { state: {}, position: 10 }));
 * ```
 */
export interface SqliteTransaction {
  /** The driver, for the caller's own tables (e.g. a SQL read model) in the same transaction. */
  readonly db: SqliteDatabase;
  /** Save a projection's state + checkpoint as part of the transaction. */
  saveProjection<State = unknown>(name: string, snapshot: ProjectionSnapshot<State>): void;
}

/** The `saveProjection` statement's values for a snapshot; a state that is not JSON-serialisable is `STORE_CORRUPTED`. */
export function projectionArgs(name: string, snapshot: ProjectionSnapshot<unknown>): unknown[] {
  let state: string;
  try {
    state = JSON.stringify(snapshot.state) ?? 'null';
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Projection ${name}: state is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  return [name, state, snapshot.position, snapshot.tag ?? null, new Date().toISOString()];
}

/** A snapshot from its `projections` row (state JSON, position, tag); invalid JSON state is `STORE_CORRUPTED`. */
export function projectionFromRow<State>(name: string, row: [string, number, string | null]): ProjectionSnapshot<State> {
  let state: State;
  try {
    state = JSON.parse(row[0]) as State;
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Projection ${name} has invalid JSON state: ${(error as Error).message}`, { cause: error });
  }
  return row[2] === null ? { state, position: row[1] } : { state, position: row[1], tag: row[2] };
}
