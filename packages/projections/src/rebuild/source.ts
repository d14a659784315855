/**
 * A log that each rebuild partition can read by itself (lecture parallèle):
 * plain data naming a module and the function it exports, which every worker
 * thread imports and calls with its partition — so each worker opens its own
 * connection and reads only its streams' events, instead of one reader
 * copying every event to the threads. `@motcua/store-sqlite` gives one
 * (`sqlitePartitionSource(file)`).
 */
import type { StoredEvent } from '@motcua/core';

/**
 * Where to read a partition: `import(module)[export](options + partition)`
 * must give the events of the streams of that partition (all of a stream's
 * events in one partition), in position order, in batches.
 * @example const source: PartitionSource = { module: import.meta.url, export: 'readMyPartition', options: { file: 'log.db' } };
 */
export interface PartitionSource {
  /** URL or specifier of the module. */
  module: string;
  /** Name of the exported reader. */
  export: string;
  /** Plain-data options passed through (e.g. the file name). */
  options: Record<string, unknown>;
}

/** What the reader is called with: the source's options and these. */
export interface PartitionRead {
  partition: number;
  partitions: number;
  after: number;
  to: number;
  batchSize: number;
  streamPrefix?: string;
  /**
   * Only events of these types are wanted (every projection of the rebuild applies a known list of types): a
   * source may leave the others out. The fold filters by type anyway, so a source that ignores it is still right.
   */
  types?: readonly string[];
  metadataKeys: readonly string[];
  /** For an event of a type named here, these keys instead of `metadataKeys`. */
  metadataKeysByType?: Readonly<Record<string, readonly string[]>>;
}

type Reader = (options: Record<string, unknown>) => AsyncIterable<StoredEvent[]>;

/**
 * Open one partition of a source.
 * @example
 * ```ts
 * const fold = partitionFold([{ kind: 'tt01' }]);
 * const partition = { partition: 0, partitions: 2, after: 0, to: await store.headPosition(), batchSize: 5000, metadataKeys: REBUILD_METADATA_KEYS };
 * for await (const batch of await readPartition(sqlitePartitionSource('./data/motcua.db'), partition)) fold.apply(batch);
 * ```
 */
export async function readPartition(source: PartitionSource, read: PartitionRead): Promise<AsyncIterable<StoredEvent[]>> {
  const loaded = (await import(source.module)) as Record<string, unknown>;
  const reader = loaded[source.export];
  if (typeof reader !== 'function') throw new TypeError(`${source.module} exports no function ${source.export}`);
  return (reader as Reader)({ ...source.options, ...read });
}
