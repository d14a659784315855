/**
 * The worker threads of a rebuild: start them on the worker entry (built or
 * source), feed them batches with a bounded number in flight, collect their
 * snapshots. A worker that fails or exits fails the whole rebuild.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InternalError, MotcuaError, type StoredEvent } from '@motcua/core';
import type { RebuildCorrections } from './corrections';
import type { MergeEmit } from './exchange';
import type { PartitionRead, PartitionSource } from './source';
import type { RebuildSpec } from './specs';
import type { FedWorkerData, FromWorker, ReadingWorkerData, ToWorker } from './worker';

/**
 * The worker entry next to this module: `rebuild/worker.js` when bundled into
 * `dist/index.js`, `worker.js` beside an unbundled build, else the source
 * shim `worker-dev.mjs` (registers tsx, then loads `worker.ts`).
 */
export function workerEntry(base: string | URL = import.meta.url): URL {
  const candidates = [new URL('./rebuild/worker.js', base), new URL('./worker.js', base), new URL('./worker-dev.mjs', base)];
  const found = candidates.find((url) => existsSync(fileURLToPath(url)));
  if (!found) throw new Error(`rebuild worker entry not found next to ${String(base)}`);
  return found;
}

/**
 * The error a failed worker fails the rebuild with: a worker that outgrew its
 * heap cap gives `REBUILD_OUT_OF_MEMORY` (what to change, in its message), any
 * other failure an `INTERNAL` error with the worker's error as its cause.
 * @example const error = workerFailure(Object.assign(new Error('JS heap out of memory'), { code: 'ERR_WORKER_OUT_OF_MEMORY' }), 448); // error.code === 'REBUILD_OUT_OF_MEMORY'
 */
export function workerFailure(error: unknown, heapMb?: number): MotcuaError {
  if (error instanceof MotcuaError) return error;
  if ((error as { code?: unknown } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const cap = heapMb !== undefined ? `its ${heapMb} MB heap cap` : 'its heap';
    const message = `A rebuild worker ran out of ${cap}: run it again with a larger workerHeapMb (pnpm run rebuild --worker-heap MB) or more workers`;
    return new MotcuaError('REBUILD_OUT_OF_MEMORY', message, [{ code: 'out_of_memory', path: ['workerHeapMb'], message }], 500, { cause: error });
  }
  return new InternalError(`A rebuild worker failed: ${error instanceof Error ? error.message : String(error)}`, error);
}

/** One running worker. */
export interface RebuildThread {
  /** Post a batch; resolves once fewer than `inFlight` batches are unacknowledged. */
  send(events: StoredEvent[]): Promise<void>;
  /** Ask for the snapshots (after the last batch), then end the thread. */
  finish(): Promise<{ snapshots: unknown[]; applied: number; skipped: number }>;
  terminate(): Promise<void>;
  /** Peak RSS this thread's process reported is the process's; threads share it. */
  readonly threadId: number;
}

/**
 * Start a worker thread folding `specs`, with the log's `corrections` applied to every event (`corrections.ts`).
 * @example const thread = startRebuildThread([{ kind: 'timeliness' }]); await thread.send(events); const { snapshots } = await thread.finish();
 */
export function startRebuildThread(specs: readonly RebuildSpec[], inFlight = 4, corrections: RebuildCorrections = []): RebuildThread {
  const worker = new Worker(workerEntry(), { workerData: { specs: [...specs], corrections } satisfies FedWorkerData });
  let pending = 0;
  let wakeSender: (() => void) | undefined;
  let failure: Error | undefined;
  let finished: { resolve: (value: { snapshots: unknown[]; applied: number; skipped: number }) => void; reject: (error: Error) => void } | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    wakeSender?.();
    finished?.reject(failure);
  };
  worker.on('message', (message: FromWorker) => {
    if ('ack' in message) {
      pending--;
      const wake = wakeSender;
      wakeSender = undefined;
      wake?.();
    } else if ('error' in message) fail(workerFailure(new Error(message.error)));
    else if ('snapshots' in message) finished?.resolve(message);
  });
  worker.on('error', (error) => fail(workerFailure(error)));
  worker.on('exit', (code) => fail(workerFailure(new Error(`rebuild worker exited (code ${code})`))));
  return {
    threadId: worker.threadId,
    async send(events) {
      if (failure) throw failure;
      pending++;
      worker.postMessage({ events } satisfies ToWorker);
      while (pending >= inFlight && !failure) await new Promise<void>((resolve) => (wakeSender = resolve));
      if (failure) throw failure;
    },
    async finish() {
      if (failure) throw failure;
      const result = new Promise<{ snapshots: unknown[]; applied: number; skipped: number }>((resolve, reject) => (finished = { resolve, reject }));
      worker.postMessage({ finish: true } satisfies ToWorker);
      try {
        return await result;
      } finally {
        worker.removeAllListeners('exit');
        await worker.terminate();
      }
    },
    async terminate() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * Young generation of a reading worker (MB): decoding allocates a short-lived
 * object per event, and V8's default (16 MB semi-spaces) spent ~⅓ of the
 * read's CPU in scavenges (`rebuild-costs.bench.ts`: 8.8 → 5.8 µs CPU per
 * event with `--max-semi-space-size=64`). 96 MB (≈ 32 MB semi-spaces) in
 * session 6; 48 MB (16 MB semi-spaces, V8's default) in sessions 7–12, for the rebuild's 1 GB budget (two
 * workers' young generations are committed memory); 96 MB again since session 13, once the state and the
 * reads had shrunk: on the Lạng Sơn file (13.6M events, 2 workers) 60.0–60.8 s → 53.7–56.9 s, peak RSS
 * 874–895 → 961–1,011 MB (docs/performance.md, "Session 13").
 */
export const YOUNG_GENERATION_MB = 96;

/** A reading worker (see {@link startReadingThread}). */
export interface ReadingThread {
  /** Resolves when the worker has read and folded its partition. */
  readonly read: Promise<{ applied: number; skipped: number }>;
  /**
   * Write the snapshots of the projections other workers own (`owners`, see `exchange.ts`) to files in
   * `folder`, releasing each state; resolves once written.
   */
  exchange(folder: string, owners: readonly number[]): Promise<void>;
  /**
   * Once every worker has exchanged: merge the projections this worker owns, one at a time, with the other
   * workers' parts from `folder` (with `emit`, each merged snapshot written to `mergedFile(folder, index)`, or its
   * JSON text to `mergedTextFile(folder, index)` with `'text'`);
   * `merged(index)` after each; resolves once all are merged.
   */
  merge(folder: string, owners: readonly number[], emit: MergeEmit, merged?: (index: number) => void): Promise<void>;
  terminate(): Promise<void>;
}

/**
 * Start a worker thread that reads its own partition of `source` and folds
 * `specs`, with the log's `corrections` applied to every event (`corrections.ts`);
 * `onBatch(events, lastPosition)` after each of its batches. Its V8
 * old generation is capped at `heapMb` (garbage collected before the heap
 * grows past it; a partition whose live state does not fit fails the
 * rebuild with the worker's out-of-memory error). Any failure rejects `read`
 * and a pending `spill`.
 * @example
 * ```ts
 * const read = { partition: 0, partitions: 2, after: 0, to: await store.headPosition(), batchSize: 5000, metadataKeys: REBUILD_METADATA_KEYS };
 * const thread = startReadingThread([{ kind: 'tt01' }], sqlitePartitionSource('./data/motcua.db'), read);
 * await thread.read;
 * const folder = mkdtempSync(join(tmpdir(), 'rebuild-'));
 * await thread.exchange(folder, [0]); // the only worker owns the only projection: nothing to write
 * await thread.merge(folder, [0], true); // its snapshot in mergedFile(folder, 0) (exchange.ts)
 * await thread.terminate();
 * ```
 */
export function startReadingThread(
  specs: readonly RebuildSpec[],
  source: PartitionSource,
  read: PartitionRead,
  onBatch?: (events: number, position: number) => void,
  heapMb?: number,
  youngMb = YOUNG_GENERATION_MB,
  corrections: RebuildCorrections = [],
): ReadingThread {
  const worker = new Worker(workerEntry(), {
    workerData: { specs: [...specs], source, read, corrections } satisfies ReadingWorkerData,
    resourceLimits: { maxYoungGenerationSizeMb: youngMb, ...(heapMb !== undefined ? { maxOldGenerationSizeMb: heapMb } : {}) },
  });
  let failure: Error | undefined;
  let readDone: { resolve: (value: { applied: number; skipped: number }) => void; reject: (error: Error) => void } | undefined;
  // The pending exchange or merge (one at a time).
  let step: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let onMerged: ((index: number) => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    readDone?.reject(failure);
    step?.reject(failure);
  };
  const ask = (message: ToWorker): Promise<void> => {
    if (failure) return Promise.reject(failure);
    const answered = new Promise<void>((resolve, reject) => (step = { resolve, reject }));
    worker.postMessage(message);
    return answered;
  };
  const readPromise = new Promise<{ applied: number; skipped: number }>((resolve, reject) => (readDone = { resolve, reject }));
  readPromise.catch(() => undefined); // observed through `read`; never an unhandled rejection
  worker.on('message', (message: FromWorker) => {
    if ('progress' in message) onBatch?.(message.progress, message.position);
    else if ('error' in message) fail(workerFailure(new Error(message.error)));
    else if ('read' in message) readDone?.resolve({ applied: message.applied, skipped: message.skipped });
    else if ('exchanged' in message || 'mergedAll' in message) step?.resolve();
    else if ('merged' in message) {
      try {
        onMerged?.(message.merged);
      } catch (error) {
        fail(error as Error);
      }
    }
  });
  worker.on('error', (error) => fail(workerFailure(error, heapMb)));
  worker.on('exit', (code) => fail(workerFailure(new Error(`rebuild worker exited (code ${code})`), heapMb)));
  return {
    read: readPromise,
    exchange(folder, owners) {
      return ask({ exchange: folder, owners: [...owners] });
    },
    merge(folder, owners, emit, merged) {
      onMerged = merged;
      return ask({ merge: folder, owners: [...owners], emit });
    },
    async terminate() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
