import { StoreError } from '@motcua/core';
import type { EventMetadata, StoredEvent } from '@motcua/core';

/** Raw row (rowMode 'array') of every event SELECT: position (int8 as text), stream_id, version, type, data::text, metadata::text. */
export type EventRow = [position: string, streamId: string, version: number, type: string, data: string, metadata: string];

/** Column list matching {@link EventRow}. */
export const EVENT_COLUMNS = 'position, stream_id, version, type, data::text, metadata::text';

/** Turn a stored row into a {@link StoredEvent}; a row that does not parse is `STORE_CORRUPTED`, naming its position. */
export function toStoredEvent(row: EventRow): StoredEvent {
  const position = Number(row[0]);
  const [, streamId, version, type, dataText, metadataText] = row;
  let data: unknown;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(dataText);
    metadata = JSON.parse(metadataText) as EventMetadata;
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} (stream ${streamId}, version ${version}) has invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (metadata === null || typeof metadata !== 'object' || typeof metadata.eventId !== 'string') {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} (stream ${streamId}, version ${version}) has no valid metadata`);
  }
  return { streamId, version, position, type, data, metadata };
}
