import type { NewEvent } from '@motcua/core';
import { eventJson, serializeEvents } from '@motcua/core/store-kit';

/** A batch as parallel arrays for one `INSERT … SELECT FROM unnest(…)`; JSON produced up front, so a bad event fails before any write. */
export interface SerializedBatch {
  types: string[];
  eventIds: string[];
  data: string[];
  metadata: string[];
}

/** jsonb cannot hold `\u0000`: the problem with a JSON text, if any. */
export const noNul = (json: string): string | undefined => (json.includes('\\u0000') ? 'PostgreSQL jsonb cannot store the character U+0000' : undefined);

/**
 * Serialise a batch to JSON text. A value JSON (or PostgreSQL jsonb) cannot
 * hold — BigInt, a cycle, a `\u0000` character — throws `ValidationError`
 * naming the event, and nothing is written.
 */
export function serializeBatch(events: readonly NewEvent[]): SerializedBatch {
  const rows = serializeEvents(events, noNul);
  return { types: rows.map((r) => r.type), eventIds: rows.map((r) => r.eventId), data: rows.map((r) => r.data), metadata: rows.map((r) => r.metadata) };
}

/** JSON text of a value for a jsonb column; `ValidationError` at `path` when it cannot be stored. */
export function toJson(value: unknown, index: number, field: string): string {
  return eventJson(value, index, field, noNul);
}
