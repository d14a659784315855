/**
 * Projection checkpoints in the SQLite file: the `projections` row of a
 * snapshot and back, and the transaction handle that saves one together with
 * the caller's own tables.
 */
import { StoreError } from '@motcua/core';
import type { ProjectionSnapshot } from '@motcua/core';
import { packCheckpoint, unpackCheckpoint } from './checkpoint-codec';
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

/** A `motcua_projections` row as `loadProjection` reads it: state JSON ('' when packed), position, tag, packed JSON (or null). */
export type ProjectionRow = [string, number, string | null, Uint8Array | null];

/**
 * The `saveProjection` statement's values for a snapshot; a state that is not JSON-serialisable is `STORE_CORRUPTED`.
 * Text longer than `packAbove` characters is stored packed (`checkpoint-codec.ts`); the default never packs (the
 * transaction-scoped save of inline projections: no deflate on the command path).
 */
export function projectionArgs(name: string, snapshot: ProjectionSnapshot<unknown>, packAbove = Number.POSITIVE_INFINITY): unknown[] {
  let state: string;
  try {
    state = JSON.stringify(snapshot.state) ?? 'null';
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Projection ${name}: state is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  return projectionTextArgs(name, { state, position: snapshot.position, tag: snapshot.tag }, packAbove);
}

/** The `saveProjection` statement's values for a state already in JSON text, packed when longer than `packAbove` characters. */
export function projectionTextArgs(name: string, snapshot: { state: string; position: number; tag?: string | undefined }, packAbove: number): unknown[] {
  const packed = packCheckpoint(snapshot.state, packAbove) ?? null;
  return [name, packed ? '' : snapshot.state, snapshot.position, snapshot.tag ?? null, new Date().toISOString(), packed];
}

/** A snapshot from its `projections` row; a damaged packed state or invalid JSON state is `STORE_CORRUPTED`. */
export function projectionFromRow<State>(name: string, row: ProjectionRow): ProjectionSnapshot<State> {
  const text = row[3] === null || row[3] === undefined ? row[0] : unpackCheckpoint(name, row[3]);
  let state: State;
  try {
    state = JSON.parse(text) as State;
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Projection ${name} has invalid JSON state: ${(error as Error).message}`, { cause: error });
  }
  return row[2] === null ? { state, position: row[1] } : { state, position: row[1], tag: row[2] };
}
