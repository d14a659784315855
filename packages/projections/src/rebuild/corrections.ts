/**
 * The corrected view in a rebuild (đính chính, docs/security.md): reports are computed from the corrected view,
 * whatever `log` the rebuild is given. A correction (`EventCorrected`) comes after the event it corrects, so a fold
 * that reads in position order cannot wait for it: the corrections up to the head are read once, before anything is
 * folded ({@link readCorrections}), passed to every partition as plain data (worker threads receive them with their
 * specs), and each partition's fold applies them to every event before folding it ({@link batchCorrector}, with
 * `collectCorrections` and `correctedEvent` of `@motcua/core`). Applying a correction twice changes nothing (an
 * event that already carries the corrected time is passed through), so a `log` that is a `correctedLog` gives the
 * same checkpoints. With no correction in the log, nothing is applied: the fold checks once per batch.
 */
import { collectCorrections, correctedEvent, InternalError, MotcuaError, type EventStore, type StoredEvent } from '@motcua/core';
import { readPartition, type PartitionSource } from './source';

/**
 * The corrections of a log as plain data (what a worker thread receives): its `EventCorrected` events, in log order
 * (any other event is ignored).
 * @example const corrections: RebuildCorrections = events.filter((event) => event.type === 'EventCorrected');
 */
export type RebuildCorrections = readonly StoredEvent[];

/** The type of a correction event (`EventCorrected` of `@motcua/core`). */
const CORRECTION_TYPE = 'EventCorrected';

/** Correction events read per query (there are few). */
const CORRECTION_BATCH = 5000;

/**
 * The corrections recorded up to `head` (`EventCorrected` events, in log order), read once: from `source` when the
 * rebuild reads partitions (partition 0 of 1, no metadata decoded; a SQLite file that never recorded a correction
 * answers without scanning its events), else from `log`. Only the streams under `streamPrefix`, when given.
 * @example const corrections = await readCorrections(store, { head: await store.headPosition() }); // [] on a log without corrections
 */
export async function readCorrections(log: Pick<EventStore, 'readBatches'>, read: { head: number; source?: PartitionSource; streamPrefix?: string }): Promise<RebuildCorrections> {
  if (read.head <= 0) return [];
  const filter = {
    after: 0,
    to: read.head,
    types: [CORRECTION_TYPE],
    batchSize: CORRECTION_BATCH,
    ...(read.streamPrefix !== undefined ? { streamPrefix: read.streamPrefix } : {}),
  };
  const corrections: StoredEvent[] = [];
  try {
    const batches = read.source ? await readPartition(read.source, { ...filter, partition: 0, partitions: 1, metadataKeys: [] }) : log.readBatches(filter);
    // A source may give other types too (`PartitionRead.types` is a hint): only the corrections are kept.
    for await (const batch of batches) for (const event of batch) if (event.type === CORRECTION_TYPE) corrections.push(event);
  } catch (error) {
    // A source that cannot be read fails the rebuild as its reading workers would (`INTERNAL`, the cause's message).
    if (error instanceof MotcuaError || !read.source) throw error;
    throw new InternalError(`A rebuild could not read the corrections from its source: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  return corrections;
}

/**
 * What a fold applies to each batch: the batch in the corrected view (each event a correction targets replaced by a
 * copy with the corrected time, the latest correction winning; the batch itself when none is touched), or
 * `undefined` when `corrections` correct nothing. Only the events of a corrected stream are looked at closely (a
 * set look-up per event), so a province's history with a few corrections is folded at nearly the cost of one with
 * none.
 * @example const correct = batchCorrector(events.filter((event) => event.type === 'EventCorrected')); const corrected = correct ? correct(events) : events;
 */
export function batchCorrector(corrections: RebuildCorrections | undefined): ((batch: readonly StoredEvent[]) => readonly StoredEvent[]) | undefined {
  if (corrections === undefined || corrections.length === 0) return undefined;
  const targets = collectCorrections(corrections);
  if (targets.size === 0) return undefined;
  const streams = new Set(corrections.filter((event) => event.type === CORRECTION_TYPE).map((event) => event.streamId));
  return (batch) => {
    let corrected: StoredEvent[] | undefined;
    for (let i = 0; i < batch.length; i++) {
      const event = batch[i]!;
      if (!streams.has(event.streamId)) continue;
      const fixed = correctedEvent(event, targets);
      if (fixed !== event) (corrected ??= batch.slice())[i] = fixed;
    }
    return corrected ?? batch;
  };
}
