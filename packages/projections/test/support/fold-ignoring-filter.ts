/** A report projection folded over every event with its filter ignored (`projection.apply` on each), for the filter properties. */
import type { StoredEvent } from '@motcua/core';
import { type REBUILD_KINDS, rebuildable, type RebuildSpec } from '@motcua/projections';

/** One of the report projections a rebuild knows. */
export type Kind = (typeof REBUILD_KINDS)[number];

/** Every event through `apply`, filter ignored; a throw leaves the event out, as the fold does. The snapshot as plain JSON. */
export function foldIgnoringFilter(kind: Kind, events: readonly StoredEvent[]): unknown {
  const { projection } = rebuildable({ kind } as RebuildSpec);
  let state = projection.init();
  for (const event of events) {
    try {
      state = projection.apply(state, event);
    } catch {
      // skipped, as partitionFold does
    }
  }
  return JSON.parse(JSON.stringify(projection.toSnapshot(state)));
}
