/**
 * A rebuild's snapshots written straight from a projection's state (ảnh chụp ghi dần): the snapshot's skeleton as
 * the projection's `toSnapshot` makes it, but with its long arrays — a tracker's per-dossier records, the counter
 * rows, the timeliness cube's rows and intake counts — given as {@link StreamedEntries} read from the state as
 * they are written (`forEachSnapshotPiece` in `chunks.ts`, `spillText` in `snapshot-text.ts`). So the owner of a
 * merged projection (`exchange.ts`) writes its checkpoint without ever holding the snapshot beside the state (on
 * the Lạng Sơn history, TT 01's snapshot is ≈ 110 MB of JSON text and several times that as JS objects).
 *
 * `JSON.stringify(streamedSnapshot(kind, state))` is `JSON.stringify(projection.toSnapshot(state))`, byte for byte
 * (property-tested against the projections' own `toSnapshot` in `test/rebuild-streamed.test.ts`).
 */
import type { SatisfactionState } from '../satisfaction/projection';
import type { Tracked } from '../tracker';
import type { TimelinessState } from '../timeliness/state';
import { LAYOUT_HASH } from '../timeliness/layout';
import type { Tt01State } from '../tt01/projection';
import { StreamedEntries } from './chunks';
import type { RebuildSpec } from './specs';

/** A map's entries (`[key, value]`, in its order), as `[...map]` gives them, one at a time. */
const mapEntries = (map: Map<unknown, unknown>): StreamedEntries =>
  new StreamedEntries((push) => {
    for (const entry of map) push(entry);
  });

/** A tracker as `trackedToJson` writes it, its records streamed. */
const streamedTracked = (tracker: Tracked<{ closedDay: number }, { closedDay: number }>) => ({
  open: mapEntries(tracker.open),
  tail: mapEntries(tracker.tail),
  maxDay: tracker.maxDay,
  unattributed: tracker.unattributed,
});

/** The TT 01/2018 snapshot of `state` (`tt01Projection().toSnapshot`), its records and counter rows streamed. */
function streamedTt01(state: Tt01State): unknown {
  return {
    t: streamedTracked(state.t),
    officials: new StreamedEntries((push) => state.officials.forEachEntry(push)),
    agencies: new StreamedEntries((push) => state.agencies.forEachEntry(push)),
  };
}

/** The satisfaction snapshot of `state` (`satisfactionProjection().toSnapshot`), its records and counter rows streamed. */
function streamedSatisfaction(state: SatisfactionState): unknown {
  return { t: streamedTracked(state.t), counters: new StreamedEntries((push) => state.counters.forEachEntry(push)) };
}

/** The timeliness snapshot of `state` (`timelinessProjection().toSnapshot`), its cube rows, records and intake counts streamed. */
function streamedTimeliness(state: TimelinessState): unknown {
  const cube = new StreamedEntries((push) => {
    for (const [key, counters] of state.cube) {
      const row = [key];
      for (let i = 0; i < counters.length; i++) if (counters[i] !== 0) row.push(i, counters[i]!);
      if (row.length > 1) push(row);
    }
  });
  return { v: 2, layout: LAYOUT_HASH, dims: state.dims, cube, ...streamedTracked(state), intake: mapEntries(state.intake) };
}

/**
 * The snapshot of a state of projection `kind`, its long arrays streamed from the state ({@link StreamedEntries}),
 * or undefined for a kind whose snapshot is taken whole (reception, late agencies: a few MB). The state must not
 * change until the snapshot is written.
 * @example
 * ```ts
 * const tt01 = tt01Projection();
 * const state = tt01.init();
 * JSON.stringify(streamedSnapshot('tt01', state)) === JSON.stringify(tt01.toSnapshot(state)); // true
 * ```
 */
export function streamedSnapshot(kind: RebuildSpec['kind'], state: unknown): unknown {
  if (kind === 'tt01') return streamedTt01(state as Tt01State);
  if (kind === 'satisfaction') return streamedSatisfaction(state as SatisfactionState);
  if (kind === 'timeliness') return streamedTimeliness(state as TimelinessState);
  return undefined;
}
