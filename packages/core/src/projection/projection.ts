import { InvalidHistoryError } from '../errors';
import type { ProjectionSnapshot, StoredEvent } from '../store/types';

/**
 * A projection: pure data and functions. `init()` gives the empty state,
 * `apply(state, event)` folds one event of the global log into it (it may
 * update the state in place and return it: a state belongs to one runner),
 * `toSnapshot` / `fromSnapshot` convert it to and from plain JSON, and
 * queries are plain functions of the state.
 *
 * `version` is stored with the checkpoint as its `tag`; a different tag (the
 * definition or its options changed) makes the runner rebuild from zero,
 * unless `upgrade` reads the older checkpoint.
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
  /**
   * A checkpoint saved under another tag (an older version, or none):
   * return the snapshot to resume from, or `undefined` to rebuild from zero
   * (the default). For projections whose rebuild would repeat side effects
   * (the deadline watcher's alerts).
   */
  upgrade?(saved: ProjectionSnapshot<unknown>): Snapshot | undefined;
}

/**
 * Fold a list of events with a projection, from its initial state (for tests and one-off reports).
 * @example const state = foldProjection(timelinessProjection({ calendar }), events);
 */
export function foldProjection<S>(projection: Projection<S>, events: Iterable<StoredEvent>, from?: S): S {
  let state = from ?? projection.init();
  const types = projection.filter?.types ? new Set(projection.filter.types) : undefined;
  const prefix = projection.filter?.streamPrefix;
  for (const event of events) {
    if (types && !types.has(event.type)) continue;
    if (prefix !== undefined && !event.streamId.startsWith(prefix)) continue;
    state = projection.apply(state, event);
  }
  return state;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProjection = Projection<any, any>;

/** The state of {@link combineProjections}: one state per part, by key. */
export type CombinedState<P extends Record<string, AnyProjection>> = { [K in keyof P]: P[K] extends Projection<infer S, infer _> ? S : never };

/**
 * One projection made of several, for a report that needs two (or more):
 * one runner, one read of the log, one checkpoint (the parts' snapshots
 * side by side, saved together). Each part sees only the events its own
 * `filter` selects. The version combines the parts' versions, so changing
 * any part rebuilds the whole. If a part throws on an event, the other
 * parts still apply it and the event is then reported (the runner skips it
 * or stops, `onApplyError`) with the part's error as `cause`.
 *
 * @example
 * ```ts
 * const timeliness = timelinessProjection({ calendar });
 * const both = combineProjections('desk/quality', { timeliness, rating: satisfactionProjection() });
 * const runner = createProjectionRunner({ store, projection: both });
 * await runner.catchUp();
 * const period = { catalog, from: '2024-01-01', to: '2024-03-31' };
 * report06a(runner.state.timeliness, { projection: timeliness, ...period });
 * satisfactionReport(runner.state.rating, period);
 * ```
 */
export function combineProjections<P extends Record<string, AnyProjection>>(name: string, parts: P): Projection<CombinedState<P>, Record<string, unknown>> {
  const keys = Object.keys(parts) as (keyof P & string)[];
  const list = keys.map((key) => {
    const part = parts[key]!;
    return { key, p: part, types: part.filter?.types ? new Set(part.filter.types) : undefined, prefix: part.filter?.streamPrefix };
  });
  // The union of the parts' filters: a filter only when every part has one.
  const allTypes = list.every((x) => x.types) ? [...new Set(list.flatMap((x) => [...x.types!]))] : undefined;
  const prefixes = new Set(list.map((x) => x.prefix));
  const prefix = prefixes.size === 1 ? [...prefixes][0] : undefined;
  const filter = { ...(allTypes ? { types: allTypes } : {}), ...(prefix !== undefined ? { streamPrefix: prefix } : {}) };
  type S = CombinedState<P>;
  return {
    name,
    version: `combined(${list.map((x) => `${x.key}=${x.p.version}`).join(';')})`,
    ...(allTypes || prefix !== undefined ? { filter } : {}),
    init: () => Object.fromEntries(list.map((x) => [x.key, x.p.init()])) as S,
    apply(state, event) {
      let failed: { key: string; cause: unknown } | undefined;
      const combined = state as Record<string, unknown>;
      for (const entry of list) {
        if (entry.types && !entry.types.has(event.type)) continue;
        if (entry.prefix !== undefined && !event.streamId.startsWith(entry.prefix)) continue;
        try {
          combined[entry.key] = entry.p.apply(combined[entry.key], event);
        } catch (cause) {
          failed ??= { key: entry.key, cause };
        }
      }
      if (failed) {
        const error = new InvalidHistoryError(event.streamId, event.version, `part ${failed.key}: ${(failed.cause as Error)?.message ?? String(failed.cause)}`);
        Object.defineProperty(error, 'cause', { value: failed.cause, enumerable: false, configurable: true, writable: true });
        throw error;
      }
      return state;
    },
    toSnapshot: (state) => Object.fromEntries(list.map((x) => [x.key, x.p.toSnapshot((state as Record<string, unknown>)[x.key])])),
    fromSnapshot: (snap) => Object.fromEntries(list.map((x) => [x.key, x.p.fromSnapshot(snap[x.key])])) as S,
  };
}
