/**
 * Which worker folds a stream: FNV-1a of the stream id modulo the number of
 * workers. Every event of a stream (a dossier) lands in the same partition,
 * so each worker holds whole dossiers and the partial states merge by adding
 * counters and joining disjoint per-dossier records (`merge.ts`).
 */

/**
 * Partition (0 … `partitions - 1`) of a stream id; deterministic across processes and threads.
 * @example const worker = partitionOf('dossier-000.00.06.H56-240301-0001', 4); // 0 … 3
 */
export function partitionOf(streamId: string, partitions: number): number {
  if (partitions <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < streamId.length; i++) {
    hash ^= streamId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
