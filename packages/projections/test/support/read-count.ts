/**
 * The oracle of how many events a rebuild reads: the log's events (the store's own `readAll`) under the prefix every
 * projection shares, if one, and of a type some projection applies, when each names its types (`filter.types`).
 */
import type { EventStore } from '@motcua/core';
import { rebuildable, type RebuildSpec } from '@motcua/projections';

export async function eventsARebuildReads(store: EventStore, specs: readonly RebuildSpec[]): Promise<number> {
  const filters = specs.map((spec) => rebuildable(spec).projection.filter);
  const prefixes = new Set(filters.map((filter) => filter?.streamPrefix));
  const prefix = prefixes.size === 1 ? [...prefixes][0] : undefined;
  const types = filters.every((filter) => filter?.types !== undefined) ? new Set(filters.flatMap((filter) => [...filter!.types!])) : undefined;
  let count = 0;
  for await (const event of store.readAll()) if ((prefix === undefined || event.streamId.startsWith(prefix)) && (types === undefined || types.has(event.type))) count++;
  return count;
}
