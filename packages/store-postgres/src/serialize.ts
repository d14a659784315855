import { ValidationError } from '@motcua/core';
import type { NewEvent } from '@motcua/core';

/** A batch as parallel arrays for one `INSERT … SELECT FROM unnest(…)`; JSON produced up front, so a bad event fails before any write. */
export interface SerializedBatch {
  types: string[];
  eventIds: string[];
  data: string[];
  metadata: string[];
}

/**
 * Serialise a batch to JSON text. A value JSON (or PostgreSQL jsonb) cannot
 * hold — BigInt, a cycle, a `\u0000` character — throws `ValidationError`
 * naming the event, and nothing is written.
 */
export function serializeBatch(events: readonly NewEvent[]): SerializedBatch {
  const out: SerializedBatch = { types: [], eventIds: [], data: [], metadata: [] };
  events.forEach((e, i) => {
    if (typeof e.type !== 'string' || e.type === '') invalid(i, ['type'], 'type must be a non-empty string');
    const eventId = e.metadata?.eventId;
    if (typeof eventId !== 'string' || eventId === '') invalid(i, ['metadata', 'eventId'], 'eventId must be a non-empty string');
    out.types.push(e.type);
    out.eventIds.push(eventId);
    out.data.push(toJson(e.data, i, 'data'));
    out.metadata.push(toJson(e.metadata, i, 'metadata'));
  });
  return out;
}

/** JSON text of a value for a jsonb column; `ValidationError` at `path` when it cannot be stored. */
export function toJson(value: unknown, index: number, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    invalid(index, [field], `not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (text === undefined) return 'null';
  if (text.includes('\\u0000')) invalid(index, [field], 'PostgreSQL jsonb cannot store the character U+0000');
  return text;
}

function invalid(index: number, path: (string | number)[], message: string): never {
  throw new ValidationError('Event is not storable', [{ code: 'not_serialisable', path: ['events', index, ...path], message }]);
}
