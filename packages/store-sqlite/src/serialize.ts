import { ValidationError } from '@motcua/core';
import type { NewEvent } from '@motcua/core';

/** An event ready for an INSERT: JSON already produced, so a bad event fails before any write. */
export interface SerializedEvent {
  type: string;
  eventId: string;
  data: string;
  metadata: string;
}

/**
 * Serialise a batch to JSON text up front. A value JSON cannot hold (BigInt,
 * a cycle) throws `ValidationError` naming the event, and nothing is written.
 */
export function serializeEvents(events: readonly NewEvent[]): SerializedEvent[] {
  return events.map((e, i) => ({ type: checkType(e, i), eventId: checkEventId(e, i), data: toJson(e.data, i, 'data'), metadata: toJson(e.metadata, i, 'metadata') }));
}

/** The event's type, or `ValidationError` if it is not a non-empty string. */
export function checkType(e: NewEvent, index: number): string {
  if (typeof e.type !== 'string' || e.type === '') {
    throw new ValidationError('Invalid event', [{ code: 'invalid_type', path: ['events', index, 'type'], message: 'type must be a non-empty string' }]);
  }
  return e.type;
}

/** The event's id, or `ValidationError` if it is not a non-empty string. */
export function checkEventId(e: NewEvent, index: number): string {
  const eventId = e.metadata?.eventId;
  if (typeof eventId !== 'string' || eventId === '') {
    throw new ValidationError('Invalid event', [{ code: 'invalid_type', path: ['events', index, 'metadata', 'eventId'], message: 'eventId must be a non-empty string' }]);
  }
  return eventId;
}

/** JSON text of an event's data or metadata; `ValidationError` if JSON cannot hold it. */
export function toJson(value: unknown, index: number, field: 'data' | 'metadata'): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new ValidationError('Event is not JSON-serialisable', [
      { code: 'not_serialisable', path: ['events', index, field], message: error instanceof Error ? error.message : String(error) },
    ]);
  }
}
