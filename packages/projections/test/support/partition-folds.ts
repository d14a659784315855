import type { StoredEvent } from '@motcua/core';
import { type PartitionFold, partitionFold, partitionOf, type RebuildSpec } from '@motcua/projections';

/** `events` dealt by stream hash to `partitions` partitions (as a rebuild deals them), each folded on its own. */
export function foldPartitions(events: readonly StoredEvent[], partitions: number, specs: readonly RebuildSpec[]): PartitionFold[] {
  const dealt: StoredEvent[][] = Array.from({ length: partitions }, () => []);
  for (const event of events) dealt[partitionOf(event.streamId, partitions)]!.push(event);
  return dealt.map((part) => {
    const fold = partitionFold(specs);
    fold.apply(part);
    return fold;
  });
}
