/**
 * Entry of a rebuild worker thread. Two protocols (`rebuild.ts`):
 * - fed: `workerData` is `{ specs, corrections }`; the parent posts `{ events }`
 *   batches (each acknowledged with `{ ack }` so the parent keeps only a few
 *   in flight), then `{ finish: true }`, answered with `{ snapshots, applied, skipped }`;
 * - reading: `workerData` is `{ specs, source, read, corrections }`; the worker reads its
 *   own partition of the log (`source.ts`), posting `{ progress, position }`
 *   after each batch and `{ read: true, applied, skipped }` at the end; then
 *   the parent asks `{ exchange: folder, owners }`: the snapshots of the
 *   projections other workers own written to files there (`exchange.ts`),
 *   answered with `{ exchanged: true }`; and, once every worker has,
 *   `{ merge: folder, owners, emit }`: the projections this worker owns
 *   merged one at a time, each answered with `{ merged: index }`, then
 *   `{ mergedAll: true }`.
 * Either way the fold applies the log's `corrections` (`corrections.ts`) to
 * every event. Any failure is answered with `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '@motcua/core';
import type { RebuildCorrections } from './corrections';
import { partitionFold } from './fold';
import { type MergeEmit, mergeOwned, spillForeign } from './exchange';
import { readPartition, type PartitionRead, type PartitionSource } from './source';
import type { RebuildSpec } from './specs';

/** A message from the parent (`spill`: a reading worker's snapshots to a file, after `read`). */
export type ToWorker = { events: StoredEvent[] } | { finish: true } | { exchange: string; owners: number[] } | { merge: string; owners: number[]; emit: MergeEmit };
/** A message to the parent. */
export type FromWorker =
  | { ack: number }
  | { progress: number; position: number }
  | { read: true; applied: number; skipped: number }
  | { exchanged: true }
  | { merged: number }
  | { mergedAll: true }
  | { snapshots: unknown[]; applied: number; skipped: number }
  | { error: string };
/** The `workerData` of a fed worker. */
export interface FedWorkerData {
  specs: RebuildSpec[];
  /** The log's corrections, applied to every event before it is folded. */
  corrections: RebuildCorrections;
}
/** The `workerData` of a reading worker. */
export interface ReadingWorkerData extends FedWorkerData {
  source: PartitionSource;
  read: PartitionRead;
}

/** Least time between two progress messages of a reading worker (ms). */
const PROGRESS_MS = 100;

const port = parentPort;
const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));
if (port) {
  try {
    if ('source' in (workerData as FedWorkerData | ReadingWorkerData)) {
      const { specs, source, read, corrections } = workerData as ReadingWorkerData;
      const fold = partitionFold(specs, { corrections });
      // The end phase (exchange.ts): the other workers' projections written to files, then this worker's merged.
      port.on('message', (message: ToWorker) => {
        try {
          if ('exchange' in message) {
            spillForeign(fold, specs, message.exchange, read.partition, message.owners);
            port.postMessage({ exchanged: true } satisfies FromWorker);
          } else if ('merge' in message) {
            mergeOwned(fold, specs, message.merge, read.partition, read.partitions, message.owners, message.emit, (index) =>
              port.postMessage({ merged: index } satisfies FromWorker),
            );
            port.postMessage({ mergedAll: true } satisfies FromWorker);
          }
        } catch (error) {
          port.postMessage({ error: errorText(error) } satisfies FromWorker);
        }
      });
      (async () => {
        // Progress at most every PROGRESS_MS (a message per 1,000-event batch cost ~0.3 ms each in the profile).
        let unreported = 0;
        let position = 0;
        let reportedAt = performance.now();
        for await (const batch of await readPartition(source, read)) {
          fold.apply(batch);
          unreported += batch.length;
          position = batch[batch.length - 1]!.position;
          const now = performance.now();
          if (now - reportedAt >= PROGRESS_MS) {
            port.postMessage({ progress: unreported, position } satisfies FromWorker);
            unreported = 0;
            reportedAt = now;
          }
        }
        if (unreported > 0) port.postMessage({ progress: unreported, position } satisfies FromWorker);
        port.postMessage({ read: true, applied: fold.applied, skipped: fold.skipped } satisfies FromWorker);
      })().catch((error: unknown) => port.postMessage({ error: errorText(error) } satisfies FromWorker));
    } else {
      const { specs, corrections } = workerData as FedWorkerData;
      const fold = partitionFold(specs, { corrections });
      port.on('message', (message: ToWorker) => {
        try {
          if ('events' in message) {
            fold.apply(message.events);
            port.postMessage({ ack: message.events.length } satisfies FromWorker);
          } else {
            port.postMessage({ snapshots: fold.snapshots(), applied: fold.applied, skipped: fold.skipped } satisfies FromWorker);
          }
        } catch (error) {
          port.postMessage({ error: errorText(error) } satisfies FromWorker);
        }
      });
    }
  } catch (error) {
    port.postMessage({ error: errorText(error) } satisfies FromWorker);
  }
}
