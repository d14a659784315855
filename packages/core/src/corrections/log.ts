import type { EventLog, ReadAllOptions, StoredEvent } from '../store/types';
import { collectCorrections, correctedEvent } from './apply';

type Log = Pick<EventLog, 'readAll' | 'readBatches' | 'readStream'>;

/** What {@link correctedLog} reports when a correction comes after its target was already read uncorrected. */
export interface LateCorrection {
  /** The `EventCorrected` event. */
  correction: StoredEvent;
  /** The corrected event, as stored (read before, uncorrected). */
  target: StoredEvent;
}

/**
 * A store whose global log reads as the corrected view (`applyCorrections`):
 * `readAll` and `readBatches` return every event a later `EventCorrected`
 * targets with the corrected field; everything else is the store itself. Give
 * it to `createProjectionRunner` so reports are computed from corrected
 * events. The corrections are read once and then incrementally (only
 * `EventCorrected` events, by type).
 *
 * A projection that already applied the target cannot take it back: when a
 * read starting after position `after` meets a correction whose target lies
 * at or before `after`, `onLateCorrection` is called before the read yields
 * anything. Throw there to abort the catch-up (nothing is applied or saved
 * past the correction, so a crash cannot leave a checkpoint that hides it),
 * then rebuild the runner (`runner.rebuild()`; corrections are rare).
 *
 * @example
 * ```ts nocheck
 * class Late extends Error {}
 * const log = correctedLog(store, { onLateCorrection: () => { throw new Late(); } });
 * const runner = createProjectionRunner({ store: log, projection: timelinessProjection({ calendar }) });
 * await runner.catchUp().catch(async (error) => { if (!(error instanceof Late)) throw error; await runner.rebuild(); });
 * ```
 */
export function correctedLog<S extends Log>(store: S, options: { onLateCorrection?: (late: LateCorrection) => void } = {}): S {
  const corrections = new Map<string, { to: string; position: number }>();
  const seen: StoredEvent[] = [];
  let scanned = 0;

  /** Read the corrections recorded after the last scan, up to `to`; report those that come late for a read after `after`. */
  async function refresh(to: number | undefined, after: number): Promise<void> {
    const fresh: StoredEvent[] = [];
    for await (const event of store.readAll({ after: scanned, types: ['EventCorrected'], ...(to !== undefined ? { to } : {}) })) {
      fresh.push(event);
      scanned = Math.max(scanned, event.position);
    }
    collectCorrections(fresh, corrections);
    seen.push(...fresh);
    if (!options.onLateCorrection || after <= 0) return;
    for (const correction of seen.filter((x) => x.position > after)) {
      const type = (correction.data as { target?: { type?: string } }).target?.type;
      const { events } = await store.readStream(correction.streamId);
      const target = events.find((e) => e.type === type && e.position < correction.position);
      if (target && target.position <= after) options.onLateCorrection({ correction, target });
    }
  }

  async function* readBatches(readOptions: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    await refresh(readOptions.to, readOptions.after ?? 0);
    for await (const batch of store.readBatches(readOptions)) yield batch.map((e) => correctedEvent(e, corrections));
  }
  async function* readAll(readOptions: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    for await (const batch of readBatches(readOptions)) yield* batch;
  }

  return new Proxy(store, {
    get(target, key) {
      if (key === 'readBatches') return readBatches;
      if (key === 'readAll') return readAll;
      const member = Reflect.get(target, key, target);
      return typeof member === 'function' ? member.bind(target) : member;
    },
  });
}
