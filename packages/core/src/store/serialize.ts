import { ValidationError } from '../errors';
import type { NewEvent } from './types';

/**
 * An event ready for an INSERT: its JSON produced up front, so a bad event
 * fails (`VALIDATION_FAILED`, naming it) before anything is written.
 */
export interface SerializedEvent {
  type: string;
  eventId: string;
  data: string;
  metadata: string;
}

/**
 * Serialise a batch for a SQL adapter. `check` may refuse JSON text the
 * database cannot hold (PostgreSQL: `\u0000`) by returning a message.
 *
 * @example
 * ```ts
 * const rows = serializeEvents(events); // [{ type, eventId, data: '{…}', metadata: '{…}' }]
 * ```
 */
export function serializeEvents(events: readonly NewEvent[], check?: (json: string) => string | undefined): SerializedEvent[] {
  const out = new Array<SerializedEvent>(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    out[i] = {
      type: checkType(event, i),
      eventId: checkEventId(event, i),
      data: eventJson(event.data, i, 'data', check),
      metadata: eventJson(event.metadata, i, 'metadata', check),
    };
  }
  return out;
}

/** The event's type, or `ValidationError` if it is not a non-empty string. */
export function checkType(event: NewEvent, index: number): string {
  if (typeof event.type !== 'string' || event.type === '') invalid(index, ['type'], 'type must be a non-empty string');
  return event.type;
}

/** The event's id, or `ValidationError` if it is not a non-empty string. */
export function checkEventId(event: NewEvent, index: number): string {
  const eventId = (event.metadata as { eventId?: unknown } | undefined)?.eventId;
  if (typeof eventId !== 'string' || eventId === '') invalid(index, ['metadata', 'eventId'], 'eventId must be a non-empty string');
  return eventId;
}

/**
 * JSON text of a value (`null` for `undefined`); `ValidationError` at
 * `['events', index, field]` when JSON (or `check`) cannot hold it.
 */
export function eventJson(value: unknown, index: number, field: string, check?: (json: string) => string | undefined): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    invalid(index, [field], `not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (text === undefined) return 'null';
  const refused = check?.(text);
  if (refused !== undefined) invalid(index, [field], refused);
  return text;
}

function invalid(index: number, path: (string | number)[], message: string): never {
  throw new ValidationError('Event is not storable', [{ code: 'not_serialisable', path: ['events', index, ...path], message }]);
}
