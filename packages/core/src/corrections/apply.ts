import type { StoredEvent } from '../store/types';
import { CORRECTABLE, type CorrectableType } from './correctable';

/** What a correction event says, read without trusting its shape (reports never throw on bad input). */
function correctionOf(e: StoredEvent): { type: CorrectableType; to: string } | undefined {
  if (e.type !== 'EventCorrected') return undefined;
  const d = e.data as { target?: { type?: unknown }; field?: unknown; to?: unknown } | null;
  const type = d?.target?.type;
  if (typeof type !== 'string' || !Object.hasOwn(CORRECTABLE, type) || d?.field !== 'occurredAt' || typeof d.to !== 'string') return undefined;
  return { type: type as CorrectableType, to: d.to };
}

const keyOf = (streamId: string, type: string) => `${streamId}\u0000${type}`;

/** The corrections in some events: by stream and target type, the latest one (in log order) with its position. */
export function collectCorrections(events: Iterable<StoredEvent>, into = new Map<string, { to: string; position: number }>()) {
  for (const e of events) {
    const c = correctionOf(e);
    if (c) into.set(keyOf(e.streamId, c.type), { to: c.to, position: e.position });
  }
  return into;
}

/** `e` with the corrections that apply to it (an earlier event of a corrected type), else `e` itself. */
export function correctedEvent<E extends StoredEvent>(e: E, corrections: ReadonlyMap<string, { to: string; position: number }>): E {
  if (!Object.hasOwn(CORRECTABLE, e.type)) return e;
  const c = corrections.get(keyOf(e.streamId, e.type));
  if (!c || c.position <= e.position || c.to === e.metadata.occurredAt) return e;
  return Object.freeze({ ...e, metadata: Object.freeze({ ...e.metadata, occurredAt: c.to }) });
}

/**
 * The corrected view of some events (pure): every event a later
 * `EventCorrected` targets is replaced by a copy carrying the corrected field
 * (the latest correction wins); everything else, the corrections included,
 * is passed through unchanged and in order. The stored events are never
 * modified. Reports are computed from this view (docs/security.md).
 *
 * @example
 * ```ts
 * const events = applyCorrections(await engine.history(dossierId));
 * controlSlip(events); // the resolution row at its corrected time
 * ```
 */
export function applyCorrections<E extends StoredEvent>(events: readonly E[]): E[] {
  const corrections = collectCorrections(events);
  if (corrections.size === 0) return [...events];
  return events.map((e) => correctedEvent(e, corrections));
}
