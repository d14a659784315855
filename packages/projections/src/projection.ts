import type { StoredEvent } from '@motcua/core';

/**
 * A projection: pure data and functions. `init()` gives the empty state,
 * `apply(state, event)` folds one event of the global log into it (it may
 * update the state in place and return it: a state belongs to one runner),
 * `toSnapshot` / `fromSnapshot` convert it to and from plain JSON, and
 * queries are plain functions of the state.
 *
 * `version` is stored with the checkpoint; a different version (the
 * definition or its options changed) makes the runner rebuild from zero.
 */
export interface Projection<State, Snapshot = unknown> {
  /** Default checkpoint name. */
  readonly name: string;
  /** Definition version + options that shape the state (e.g. `timeliness/1/day/cal=vn`). */
  readonly version: string;
  init(): State;
  apply(state: State, event: StoredEvent): State;
  toSnapshot(state: State): Snapshot;
  fromSnapshot(snapshot: Snapshot): State;
  /** Only these event types / stream prefix are read (optional speed-up). */
  readonly filter?: { types?: readonly string[]; streamPrefix?: string };
}

/**
 * Fold a list of events with a projection, from its initial state (for tests and one-off reports).
 * @example const state = foldProjection(timeliness, store.allEvents());
 */
export function foldProjection<S>(projection: Projection<S>, events: Iterable<StoredEvent>, from?: S): S {
  let s = from ?? projection.init();
  const types = projection.filter?.types ? new Set(projection.filter.types) : undefined;
  const prefix = projection.filter?.streamPrefix;
  for (const e of events) {
    if (types && !types.has(e.type)) continue;
    if (prefix !== undefined && !e.streamId.startsWith(prefix)) continue;
    s = projection.apply(s, e);
  }
  return s;
}
