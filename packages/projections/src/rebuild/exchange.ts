/**
 * The end phase of a rebuild with reading workers, in the workers themselves
 * (trao đổi giữa các luồng, session 9): each projection is merged by one
 * worker, its owner ({@link assignMerges}). Once a worker has read its
 * partition, it writes to files (`spill.ts`) only the snapshots of the
 * projections other workers own, releasing each state as it goes
 * ({@link spillForeign}); once every worker has, each owner merges its
 * projections one at a time: its own part straight from its fold (never
 * written nor parsed), the other partitions' parts from their files
 * ({@link mergeOwned}). The calling thread only saves, or keeps, what the
 * owners write back — and with neither, does nothing. So the merge runs on
 * every core, and half of the parts (with two workers) are never serialised.
 * Session 10: the compact states (TT 01, satisfaction, timeliness) take the
 * other parts in (`absorb.ts`) and are written straight from the state
 * (`streamed-states.ts`), foreign parts and merged checkpoints alike; for a
 * save-only rebuild the owner writes the checkpoint's JSON text itself
 * (`'text'`, {@link mergedTextFile}), so no snapshot of a compact state is
 * ever held whole, in a worker or in the calling thread.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { absorberOf, absorbPieces } from './absorb';
import type { PartitionFold } from './fold';
import { spilledReader, spillPieces, spillSnapshots } from './spill';
import { spillText } from './snapshot-text';
import { rebuildable, type RebuildSpec } from './specs';
import { streamedSnapshot } from './streamed-states';

/**
 * Relative cost of merging each kind of projection (its parts' sizes and the
 * merge's work; session 8/9 single-projection runs on the Lạng Sơn history:
 * timeliness ≈ tt01 > satisfaction > reception ≈ late agencies).
 * @example const heaviest = MERGE_WEIGHTS.timeliness; // 3
 */
export const MERGE_WEIGHTS: Readonly<Record<RebuildSpec['kind'], number>> = Object.freeze({
  timeliness: 3,
  tt01: 3,
  satisfaction: 2,
  reception: 1,
  'late-agencies': 1,
});

/**
 * The owner (worker 0 … `workers - 1`) of each projection, by weight: heaviest
 * first (ties by index), each to the least loaded worker so far (ties: the
 * lowest worker) — the longest-processing-time rule, so no worker's total
 * exceeds the mean by more than the heaviest weight.
 * @example assignMerges([3, 3, 2, 1, 1], 2); // [0, 1, 0, 1, 1]
 */
export function assignMerges(weights: readonly number[], workers: number): number[] {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`assignMerges: ${workers} workers`);
  const load = new Array<number>(workers).fill(0);
  const owners = new Array<number>(weights.length).fill(0);
  const order = weights.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]! || a - b);
  for (const index of order) {
    let least = 0;
    for (let worker = 1; worker < workers; worker++) if (load[worker]! < load[least]!) least = worker;
    owners[index] = least;
    load[least]! += weights[index]!;
  }
  return owners;
}

/** The file partition `partition` writes its part of projection `index` to. */
export const partFile = (folder: string, partition: number, index: number): string => join(folder, `part-${partition}-${index}.jsonl`);
/** The file the owner of projection `index` writes the merged snapshot to, in pieces (when the caller keeps it, or saves it as a snapshot). */
export const mergedFile = (folder: string, index: number): string => join(folder, `merged-${index}.jsonl`);
/** The file the owner of projection `index` writes the merged snapshot's JSON text to (when the caller saves it as text, `saveProjectionText`). */
export const mergedTextFile = (folder: string, index: number): string => join(folder, `merged-${index}.json`);

/**
 * What an owner writes of each merged projection: nothing (`false`), its snapshot in pieces to {@link mergedFile}
 * (`true`, read back with `takeSpilled`), or its JSON text to {@link mergedTextFile} (`'text'`, the checkpoint as
 * `saveProjectionText` takes it: `JSON.stringify` of the merged snapshot, byte for byte).
 * @example const emit: MergeEmit = 'text';
 */
export type MergeEmit = boolean | 'text';

/**
 * Write the snapshot of projection `index` of `fold` with `write`, then release its state: streamed from the state
 * where its kind has a streamed snapshot (`streamed-states.ts`: TT 01, satisfaction, timeliness), so the snapshot
 * is never held whole beside the state; else taken whole.
 */
function writeFromState(fold: PartitionFold, spec: RebuildSpec, index: number, write: (snapshot: unknown) => void): void {
  const streamed = streamedSnapshot(spec.kind, fold.state(index));
  if (streamed === undefined) write(fold.take(index));
  else {
    write(streamed);
    fold.drop(index);
  }
}

/** Write a merged snapshot as `emit` asks (nothing when `false`). */
function emitMerged(folder: string, index: number, emit: MergeEmit, snapshot: () => unknown): void {
  if (emit === 'text') spillText(mergedTextFile(folder, index), snapshot());
  else if (emit) spillSnapshots(mergedFile(folder, index), 1, snapshot);
}

/**
 * Write this partition's snapshots of the projections it does not own, one at a time, lightest first (each state
 * released once taken), in pieces of at most `entries` array entries (default `CHUNK_ENTRIES`).
 * @example
 * ```ts
 * const specs: RebuildSpec[] = [{ kind: 'tt01' }, { kind: 'satisfaction' }];
 * spillForeign(partitionFold(specs), specs, '/tmp/rebuild', 0, [0, 1]); // writes part-0-1.jsonl
 * ```
 */
export function spillForeign(fold: PartitionFold, specs: readonly RebuildSpec[], folder: string, partition: number, owners: readonly number[], entries?: number): void {
  for (const index of lightestFirst(specs, owners, (owner) => owner !== partition))
    writeFromState(fold, specs[index]!, index, (snapshot) => spillSnapshots(partFile(folder, partition, index), 1, () => snapshot, entries));
}

/** The indices whose owner passes `mine`, lightest first (by {@link MERGE_WEIGHTS}, then index): a snapshot is taken while the states after it are still held, so the heaviest goes last. */
function lightestFirst(specs: readonly RebuildSpec[], owners: readonly number[], mine: (owner: number) => boolean): number[] {
  const chosen = [...owners.keys()].filter((index) => mine(owners[index]!));
  return chosen.sort((a, b) => MERGE_WEIGHTS[specs[a]!.kind] - MERGE_WEIGHTS[specs[b]!.kind] || a - b);
}

/** The snapshot in a file of one snapshot (`spillSnapshots(file, 1, …)`); the file is removed. */
export function takeSpilled(file: string, strings?: { share(text: string): string }): unknown {
  const reader = spilledReader(file, 1, strings);
  try {
    return reader.take(0);
  } finally {
    reader.close();
    rmSync(file, { force: true });
  }
}

/**
 * Merge the projections this partition owns, one at a time, lightest first (by {@link MERGE_WEIGHTS}, then
 * index; so the heaviest is merged once the others' states are released). A projection with a compact state
 * (`absorberOf`: TT 01, satisfaction, timeliness) takes the other parts into its own state; any other:
 * its own part from `fold` (released), the other `partitions - 1` parts from
 * their files ({@link spillForeign}, removed once read), in partition order.
 * With `emit`, each merged snapshot is written ({@link MergeEmit}: in pieces
 * to {@link mergedFile}, or as JSON text to {@link mergedTextFile}; a compact
 * state's straight from the state, never held whole); then `done(index)`. The
 * merged snapshot is let go before the next projection.
 * @example
 * ```ts
 * const specs: RebuildSpec[] = [{ kind: 'tt01' }];
 * mergeOwned(partitionFold(specs), specs, '/tmp/rebuild', 0, 2, [0], false, (index) => console.log('merged', index));
 * ```
 */
export function mergeOwned(
  fold: PartitionFold,
  specs: readonly RebuildSpec[],
  folder: string,
  partition: number,
  partitions: number,
  owners: readonly number[],
  emit: MergeEmit,
  done: (index: number) => void,
): void {
  for (const index of lightestFirst(specs, owners, (owner) => owner === partition)) {
    const absorb = absorberOf(specs[index]!.kind);
    if (absorb) {
      // A compact state: the other parts added into it (absorb.ts), its snapshot taken only to be written.
      const state = fold.state(index) as never;
      // Piece by piece: the other part is never held whole.
      for (let p = 0; p < partitions; p++) {
        if (p === partition) continue;
        const pieces = absorbPieces(state, absorb());
        spillPieces(partFile(folder, p, index), (piece) => pieces.add(piece));
        pieces.finish();
        rmSync(partFile(folder, p, index), { force: true });
      }
      // The merged snapshot written straight from the state (streamed-states.ts), never held whole beside it.
      if (emit) writeFromState(fold, specs[index]!, index, (snapshot) => emitMerged(folder, index, emit, () => snapshot));
      else fold.drop(index);
      done(index);
      continue;
    }
    // Own part first: its state is released before the other parts are parsed.
    const own = fold.take(index);
    const parts: unknown[] = [];
    for (let p = 0; p < partitions; p++) parts.push(p === partition ? own : takeSpilled(partFile(folder, p, index)));
    // The parts are this thread's alone (its own state is released, the others were parsed here): the merge may reuse them.
    const merged = parts.length === 1 ? parts[0] : rebuildable(specs[index]!).merge(parts, { reuse: true });
    parts.length = 0;
    emitMerged(folder, index, emit, () => merged);
    done(index);
  }
}
