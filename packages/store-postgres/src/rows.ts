import type { StoredEvent } from '@motcua/core';
import { eventFromJsonRow } from '@motcua/core/store-kit';

/** Raw row (rowMode 'array') of every event SELECT: position (int8 as text), stream_id, version, type, data::text, metadata::text. */
export type EventRow = [position: string, streamId: string, version: number, type: string, data: string, metadata: string];

/** Column list matching {@link EventRow}. */
export const EVENT_COLUMNS = 'position, stream_id, version, type, data::text, metadata::text';

/** Turn a stored row into a deeply frozen {@link StoredEvent}; a row that does not parse is `STORE_CORRUPTED`, naming its position. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return eventFromJsonRow(Number(row[0]), row[1], row[2], row[3], row[4], row[5]);
}
