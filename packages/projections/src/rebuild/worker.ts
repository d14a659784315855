/**
 * Entry of a rebuild worker thread. Protocol (`rebuild.ts`): `workerData` is
 * the list of specs; the parent posts `{ events }` batches (each acknowledged
 * with `{ ack }` so the parent keeps only a few in flight) and finally
 * `{ finish: true }`; the worker answers `{ snapshots, applied, skipped }`
 * (or `{ error }`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredEvent } from '@motcua/core';
import { partitionFold } from './fold';
import type { RebuildSpec } from './specs';

/** A message from the parent. */
export type ToWorker = { events: StoredEvent[] } | { finish: true };
/** A message to the parent. */
export type FromWorker = { ack: number } | { snapshots: unknown[]; applied: number; skipped: number } | { error: string };

const port = parentPort;
if (port) {
  try {
    const fold = partitionFold(workerData as RebuildSpec[]);
    port.on('message', (message: ToWorker) => {
      try {
        if ('events' in message) {
          fold.apply(message.events);
          port.postMessage({ ack: message.events.length } satisfies FromWorker);
        } else {
          port.postMessage({ snapshots: fold.snapshots(), applied: fold.applied, skipped: fold.skipped } satisfies FromWorker);
        }
      } catch (error) {
        port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies FromWorker);
      }
    });
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies FromWorker);
  }
}
