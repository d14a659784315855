/**
 * Rebuild report projections from the whole log, in parallel: the calling
 * thread streams the global log in batches and deals each event to a worker
 * thread by its stream's hash (`partition.ts`), each worker folds its
 * dossiers, and the partial snapshots are merged (`merge.ts`) and saved as
 * the projections' checkpoints at the head position, where a runner
 * (`createProjectionRunner`) picks them up and follows live. The states are
 * those of the corrected view (docs/security.md): the corrections up to the
 * head are read first, once, and every partition's fold applies them
 * (`corrections.ts`), whatever the events are read from.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, ValidationError } from '@motcua/core';
import { sharedStrings } from './chunks';
import { readCorrections } from './corrections';
import { partitionFold } from './fold';
import { assignMerges, MERGE_WEIGHTS, type MergeEmit, mergedFile, mergedTextFile, takeSpilled } from './exchange';
import { partitionOf } from './partition';
import { progressAt, type RebuildProgress } from './progress';
import { readPartition, type PartitionSource } from './source';
import { REBUILD_COMMON_METADATA_KEYS, REBUILD_KINDS, REBUILD_METADATA_KEYS_BY_TYPE, rebuildable, type Rebuildable, type RebuildSpec } from './specs';
import { startReadingThread, startRebuildThread, type RebuildThread } from './threads';

/**
 * Default rows per query of a partitioned read (`source`): a batch's rows and
 * decoded events are alive until the batch is folded, and each young-generation
 * collection copies the live ones — 5,000 (the default before session 8) kept
 * several MB alive, and the two workers of the 5M-event file spent ~9 s each in
 * scavenges; with 1,000, ~3.5 s (docs/performance.md, "Session 8: rebuild speed").
 * @example const options: Partial<RebuildOptions> = { batchSize: DEFAULT_PARTITION_BATCH * 2 };
 */
export const DEFAULT_PARTITION_BATCH = 1000;

/**
 * Default old-generation cap of a reading worker's heap (MB): 256. V8 lets a heap grow to a few times its live
 * size before a full collection; the cap bounds that slack. On a province's history (Lạng Sơn, 13.6M events, two
 * workers, session 14) a partition's state of all five projections is 101 MB after a forced collection, and a
 * worker's used heap at the end of its read 135–177 MB; runs
 * with caps 192, 224, 256 and 448 all finished, with peak RSS of the whole process 865, 908–909, 918–942 and
 * 960–975 MB and no difference in time beyond the runs' spread (docs/performance.md, "Session 14"). A worker
 * that outgrows it fails the rebuild with `REBUILD_OUT_OF_MEMORY`, which says what to change (a larger
 * `workerHeapMb`, or more workers). Only applies when the process has no `--max-old-space-size` flag: V8's
 * flag is process-wide and overrides every worker's `resourceLimits`.
 */
export const DEFAULT_WORKER_HEAP_MB = 256;

/** Options of {@link rebuildProjections}. */
export interface RebuildOptions {
  /**
   * The store to read and to save the checkpoints in. Its corrections (`EventCorrected`) up to the head are
   * applied to every event folded, so the checkpoints are those of the corrected view, the ones a runner over
   * `correctedLog(log)` builds (docs/security.md); a `log` that is already a `correctedLog` gives the same.
   */
  log: EventStore;
  /** The projections to rebuild (default: every report projection with default options). */
  projections?: readonly RebuildSpec[];
  /** Worker threads (default: the machine's cores); 0 folds in the calling thread (no threads). */
  workers?: number;
  /**
   * Events per read batch (default {@link DEFAULT_PARTITION_BATCH} with a
   * `source`, 5,000 otherwise).
   */
  batchSize?: number;
  /** Batches a worker may have queued before the reader waits for it (default 4). */
  inFlight?: number;
  /** Save each rebuilt state as its projection's checkpoint (default true). */
  save?: boolean;
  /**
   * Keep each merged snapshot in the result (default true). With `false`, each
   * projection is merged, saved (with `save`) and let go before the next one is
   * merged, so the end phase holds one projection at a time — what a province's
   * whole history needs to stay within memory (`pnpm run rebuild` passes it). The
   * result's `snapshot` is then undefined and reading `state` throws.
   */
  keep?: boolean;
  /**
   * Read the log in parallel: each worker (or, with 0 workers, this thread)
   * opens its own partition of this source and decodes only the metadata keys
   * the report projections read (`REBUILD_METADATA_KEYS`, type by type: `REBUILD_METADATA_KEYS_BY_TYPE`), instead of this
   * thread reading `log` and copying every event to the workers. E.g.
   * `sqlitePartitionSource(file)` of `@motcua/store-sqlite` for the file `log` is on.
   * `log` still gives the head position and keeps the checkpoints.
   */
  source?: PartitionSource;
  /**
   * Old-generation cap of each reading worker's V8 heap, MB (default
   * {@link DEFAULT_WORKER_HEAP_MB}): V8 otherwise lets a heap grow to a few
   * times its live size before collecting. Raise it if a partition's state does
   * not fit (the rebuild fails with the worker's out-of-memory error), or use
   * more workers. Ignored when the process runs with `--max-old-space-size`
   * (a process-wide V8 flag that overrides every worker's own limits).
   */
  workerHeapMb?: number;
  /**
   * Young generation of each reading worker, MB (default `YOUNG_GENERATION_MB`, 96): a larger one
   * collects less often and promotes less (less CPU), for more committed memory per worker.
   */
  workerYoungMb?: number;
  /** Called after each batch and at each phase (see `progressBar`). */
  onProgress?: (progress: RebuildProgress) => void;
}

/** One rebuilt projection. */
export interface RebuiltProjection {
  /** Checkpoint name. */
  name: string;
  /** The projection's version (the checkpoint's tag). */
  version: string;
  /** The merged state as a snapshot (what was saved). */
  snapshot: unknown;
  /** The merged state, ready for the projection's queries (made from the snapshot on first read, then kept). */
  readonly state: unknown;
}

/** A rebuilt projection whose state is made from its snapshot only when read (a caller that only saves never pays for it). */
function rebuilt(def: Rebuildable, snapshot: unknown): RebuiltProjection {
  let state: unknown;
  let made = false;
  return {
    name: def.projection.name,
    version: def.projection.version,
    snapshot,
    get state() {
      if (!made) {
        if (snapshot === undefined)
          throw new ValidationError('Rebuilt state not kept', [
            { code: 'not_kept', path: ['keep'], message: `${def.projection.name} was rebuilt with keep: false; load its checkpoint instead` },
          ]);
        state = def.projection.fromSnapshot(snapshot);
        made = true;
      }
      return state;
    },
  };
}

/** What a rebuild did. */
export interface RebuildResult {
  /** Head position the projections were rebuilt to (their checkpoints' position). */
  head: number;
  /** Events read: only those of the types the projections apply, when each names its types (`PartitionRead.types`). */
  events: number;
  /** Events a projection could not apply (skipped, as the runner does by default). */
  skipped: number;
  workers: number;
  /** Read + fold, then merge, then save. */
  timings: { foldMs: number; mergeMs: number; saveMs: number };
  projections: RebuiltProjection[];
}

/**
 * Rebuild report projections from position 0 with `workers` threads, merge,
 * and save their checkpoints (state + head position + version tag, one
 * `saveProjection` each).
 *
 * @example
 * ```ts
 * const result = await rebuildProjections({ log: store, projections: [{ kind: 'timeliness' }, { kind: 'satisfaction' }], workers: 2, onProgress: progressBar() });
 * const timeliness = timelinessProjection();
 * report06a(result.projections[0]!.state as TimelinessState, { projection: timeliness, catalog, from: '2024-01-01', to: '2024-12-31' });
 * ```
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const specs = options.projections ?? REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);
  const workers = options.workers ?? availableParallelism();
  const batchSize = options.batchSize ?? (options.source ? DEFAULT_PARTITION_BATCH : 5000);
  if (!Number.isInteger(workers) || workers < 0 || workers > 256)
    throw new ValidationError('Invalid rebuild options', [{ code: 'invalid_value', path: ['workers'], message: 'an integer from 0 to 256' }]);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new ValidationError('Invalid rebuild options', [{ code: 'invalid_value', path: ['batchSize'], message: 'a positive integer' }]);
  if (specs.length === 0) throw new ValidationError('Invalid rebuild options', [{ code: 'too_small', path: ['projections'], message: 'at least one projection' }]);
  const defs = specs.map((spec) => rebuildable(spec));
  const names = defs.map((def) => def.projection.name as string);
  if (new Set(names).size !== names.length)
    throw new ValidationError('Invalid rebuild options', [{ code: 'custom', path: ['projections'], message: `two projections share a checkpoint name (${names.join(', ')})` }]);
  // Read only what every projection filters on (a common stream prefix), else everything.
  const prefixes = new Set(defs.map((def) => def.projection.filter?.streamPrefix as string | undefined));
  const prefix = prefixes.size === 1 ? [...prefixes][0] : undefined;
  // And only the types some projection applies, when each names its types: the others are never read (the folds filter anyway).
  const typeLists = defs.map((def) => def.projection.filter?.types as readonly string[] | undefined);
  const types = typeLists.every((list) => list !== undefined) ? [...new Set(typeLists.flat() as string[])].sort() : undefined;

  const started = performance.now();
  const head = await options.log.headPosition();
  const report = (position: number, events: number, phase: RebuildProgress['phase']) =>
    options.onProgress?.(progressAt({ position, head, events, elapsedMs: performance.now() - started, phase }));
  // The corrected view (corrections.ts): read once, before anything is folded; every fold applies them.
  const corrections = await readCorrections(options.log, {
    head,
    ...(options.source ? { source: options.source } : {}),
    ...(prefix !== undefined ? { streamPrefix: prefix } : {}),
  });

  let events = 0;
  /** The log read by this thread and dealt to the workers by stream hash (or folded here with 0 workers). */
  async function dealFromOneReader(): Promise<{ snapshots: unknown[]; skipped: number }[]> {
    const threads: RebuildThread[] = [];
    const local = workers === 0 ? partitionFold(specs, { corrections }) : undefined;
    try {
      for (let i = 0; i < workers; i++) threads.push(startRebuildThread(specs, options.inFlight ?? 4, corrections));
      const filter = { ...(prefix !== undefined ? { streamPrefix: prefix } : {}), ...(types !== undefined ? { types } : {}) };
      for await (const batch of options.log.readBatches({ after: 0, to: head, batchSize, ...filter })) {
        if (local) local.apply(batch);
        else if (workers === 1) await threads[0]!.send(batch);
        else {
          const dealt: (typeof batch)[] = Array.from({ length: workers }, () => []);
          for (const event of batch) dealt[partitionOf(event.streamId, workers)]!.push(event);
          for (let i = 0; i < workers; i++) if (dealt[i]!.length > 0) await threads[i]!.send(dealt[i]!);
        }
        events += batch.length;
        report(batch[batch.length - 1]!.position, events, 'read');
      }
      return local ? [{ snapshots: local.snapshots(), skipped: local.skipped }] : await Promise.all(threads.map((thread) => thread.finish()));
    } finally {
      await Promise.all(threads.map((thread) => thread.terminate().catch(() => undefined)));
    }
  }
  const save = options.save ?? true;
  const keep = options.keep ?? true;
  const saved = new Set<number>();
  /** A merged snapshot: saved now and let go when not kept (undefined out), else kept for the end. */
  async function settle(index: number, snapshot: unknown): Promise<unknown> {
    if (keep) return snapshot;
    if (save) {
      const def = defs[index]!;
      await options.log.saveProjection(def.projection.name, { state: snapshot, position: head, tag: def.projection.version });
      saved.add(index);
    }
    return undefined;
  }
  let partials: { snapshots: unknown[]; skipped: number }[];
  // Set when the workers' snapshots were already merged one projection at a time (reading workers).
  let merged: unknown[] | undefined;
  let readAt: number | undefined;
  if (options.source) {
    const read = {
      after: 0,
      to: head,
      batchSize,
      metadataKeys: REBUILD_COMMON_METADATA_KEYS,
      metadataKeysByType: REBUILD_METADATA_KEYS_BY_TYPE,
      ...(prefix !== undefined ? { streamPrefix: prefix } : {}),
      ...(types !== undefined ? { types } : {}),
    };
    if (workers === 0) {
      const local = partitionFold(specs, { corrections });
      for await (const batch of await readPartition(options.source, { ...read, partition: 0, partitions: 1 })) {
        local.apply(batch);
        events += batch.length;
        report(batch[batch.length - 1]!.position, events, 'read');
      }
      partials = [{ snapshots: local.snapshots(), skipped: local.skipped }];
    } else {
      // Each worker scans the whole range and keeps its streams: the position reached is the slowest worker's.
      const reached = new Array<number>(workers).fill(0);
      const running = Array.from({ length: workers }, (_, partition) =>
        startReadingThread(
          specs,
          options.source!,
          { ...read, partition, partitions: workers },
          (count, position) => {
            events += count;
            reached[partition] = position;
            report(Math.min(...reached), events, 'read');
          },
          options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB,
          options.workerYoungMb,
          corrections,
        ),
      );
      try {
        // The end phase in the workers (exchange.ts): a worker that has read its partition writes to files the parts
        // of the projections other workers own (its states of them released); once every worker has, each merges
        // the projections it owns, in parallel, its own part straight from its fold. This thread only saves or
        // keeps what they write back, one projection at a time, and holds nothing with neither.
        const folder = mkdtempSync(join(tmpdir(), 'motcua-rebuild-'));
        const owners = assignMerges(
          specs.map((spec) => MERGE_WEIGHTS[spec.kind]),
          workers,
        );
        // A save-only rebuild into a store that takes text (`saveProjectionText`): each owner writes its merged
        // checkpoint's JSON text itself, straight from its state where the state is compact (exchange.ts), and this
        // thread only reads each file and saves it; else the merged snapshots come back in pieces.
        const asText = save && !keep && options.log.saveProjectionText !== undefined;
        const emit: MergeEmit = asText ? 'text' : save || keep;
        let counts: { applied: number; skipped: number }[];
        // The saves and reads of merged snapshots, one at a time in this thread (awaited before the folder goes, even on a failure).
        let settled = Promise.resolve();
        try {
          let finished = 0;
          counts = await Promise.all(
            running.map(async (thread) => {
              const count = await thread.read;
              if (++finished === workers) {
                readAt = performance.now();
                report(head, events, 'merge');
              }
              await thread.exchange(folder, owners);
              return count;
            }),
          );
          // One table of shared strings for every kept snapshot (the same stream ids and codes come back in each).
          const strings = keep ? sharedStrings() : undefined;
          const results: unknown[] = new Array(defs.length);
          // With `keep`, each merged snapshot is read back (and saved) in turn while the workers merge the next ones.
          // Without it (a save-only rebuild, `pnpm run rebuild`), as the text its owner wrote when the store takes text,
          // once that owner has ended (its heap gone) while the others may still merge; else once every worker has
          // ended. Parsing here while the workers' heaps were still held doubled the peak (lang-son: 2,017,352 kB with
          // save against 955,428 kB without, session 9), and building the text here from pieces took this thread past
          // 1 GB (session 10).
          const deferred: number[] = [];
          const textsBy: number[][] = running.map(() => []);
          const take = async (index: number): Promise<void> => {
            results[index] = await settle(index, emit ? takeSpilled(mergedFile(folder, index), strings) : undefined);
          };
          const saveText = async (index: number): Promise<void> => {
            // The checkpoint's text as its owner wrote it: never parsed nor built here.
            const def = defs[index]!;
            const file = mergedTextFile(folder, index);
            const state = readFileSync(file, 'utf8');
            rmSync(file, { force: true });
            await options.log.saveProjectionText!(def.projection.name, { state, position: head, tag: def.projection.version });
            saved.add(index);
          };
          const queue = (step: () => Promise<void>): void => {
            settled = settled.then(step);
            settled.catch(() => undefined); // observed below, after the workers
          };
          const arrivedFrom =
            (partition: number) =>
            (index: number): void => {
              if (keep) queue(() => take(index));
              else (asText ? textsBy[partition]! : deferred).push(index);
            };
          await Promise.all(
            running.map(async (thread, partition) => {
              if (owners.includes(partition)) await thread.merge(folder, owners, emit, arrivedFrom(partition));
              await thread.terminate();
              for (const index of textsBy[partition]!) queue(() => saveText(index));
            }),
          );
          await settled;
          for (const index of deferred) await take(index);
          merged = results;
        } finally {
          await settled.catch(() => undefined);
          rmSync(folder, { recursive: true, force: true });
        }
        partials = [{ snapshots: merged, skipped: counts.reduce((sum, count) => sum + count.skipped, 0) }];
      } finally {
        await Promise.all(running.map((thread) => thread.terminate().catch(() => undefined)));
      }
    }
  } else partials = await dealFromOneReader();
  const foldMs = (readAt ?? performance.now()) - started;
  if (!merged) report(head, events, 'merge');
  const projections: RebuiltProjection[] = [];
  for (const [index, def] of defs.entries()) {
    let snapshot: unknown;
    if (merged) snapshot = merged[index];
    else {
      const parts = partials.map((partial) => partial.snapshots[index]);
      for (const partial of partials) partial.snapshots[index] = undefined; // let go once merged
      snapshot = await settle(index, parts.length === 1 ? parts[0] : def.merge(parts, { reuse: true }));
    }
    projections.push(rebuilt(def, snapshot));
  }
  const mergeMs = performance.now() - started - foldMs;
  report(head, events, 'save');
  if (save) {
    for (const [index, rebuilt] of projections.entries())
      if (!saved.has(index)) await options.log.saveProjection(rebuilt.name, { state: rebuilt.snapshot, position: head, tag: rebuilt.version });
  }
  const saveMs = performance.now() - started - foldMs - mergeMs;
  report(head, events, 'done');
  return {
    head,
    events,
    skipped: partials.reduce((sum, partial) => sum + partial.skipped, 0),
    workers,
    timings: { foldMs, mergeMs, saveMs },
    projections,
  };
}
