import type { StoredEvent } from '../store/types';
import { CORRECTABLE, type CorrectableType } from './correctable';

/** What a correction event says, read without trusting its shape (reports never throw on bad input). */
function correctionOf(event: StoredEvent): { type: CorrectableType; to: string } | undefined {
  if (event.type !== 'EventCorrected') return undefined;
  const data = event.data as { target?: { type?: unknown }; field?: unknown; to?: unknown } | null;
  const type = data?.target?.type;
  if (typeof type !== 'string' || !Object.hasOwn(CORRECTABLE, type) || data?.field !== 'occurredAt' || typeof data.to !== 'string') return undefined;
  return { type: type as CorrectableType, to: data.to };
}

const keyOf = (streamId: string, type: string) => `${streamId}\u0000${type}`;

/** The corrections in some events: by stream and target type, the latest one (in log order) with its position. */
export function collectCorrections(events: Iterable<StoredEvent>, into = new Map<string, { to: string; position: number }>()) {
  for (const event of events) {
    const correction = correctionOf(event);
    if (correction) into.set(keyOf(event.streamId, correction.type), { to: correction.to, position: event.position });
  }
  return into;
}

/** `e` with the corrections that apply to it (an earlier event of a corrected type), else `e` itself. */
export function correctedEvent<E extends StoredEvent>(event: E, corrections: ReadonlyMap<string, { to: string; position: number }>): E {
  if (!Object.hasOwn(CORRECTABLE, event.type)) return event;
  const correction = corrections.get(keyOf(event.streamId, event.type));
  if (!correction || correction.position <= event.position || correction.to === event.metadata.occurredAt) return event;
  return Object.freeze({ ...event, metadata: Object.freeze({ ...event.metadata, occurredAt: correction.to }) });
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
