import { StoreError } from '@motcua/core';
import type { EventMetadata, StoredEvent } from '@motcua/core';
import { eventFromJsonRow, freezeParsed, storedEvent } from '@motcua/core/store-kit';

/**
 * A decoded event row: position, stream id, version, type, data (JSON text),
 * metadata (the parsed object of a compact row — `codec-rows.ts` — or JSON
 * text).
 */
export type EventRow = [position: number, streamId: string, version: number, type: string, data: string, metadata: string | Record<string, unknown>];

/** Turn a decoded row into a deeply frozen {@link StoredEvent}; a row that does not parse is `STORE_CORRUPTED`, naming its position. */
export function toStoredEvent(row: EventRow): StoredEvent {
  const metadata = row[5];
  if (typeof metadata === 'string') return eventFromJsonRow(row[0], row[1], row[2], row[3], row[4], metadata);
  let data: unknown;
  try {
    data = JSON.parse(row[4]);
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${row[0]} (stream ${row[1]}, version ${row[2]}) has invalid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (metadata === null || typeof metadata !== 'object' || typeof metadata.eventId !== 'string') {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${row[0]} (stream ${row[1]}, version ${row[2]}) has no valid metadata`);
  }
  // A compact row's metadata comes deeply frozen from its decoder (`shape-decoder.ts`).
  return storedEvent(row[1], row[2], row[0], row[3], freezeParsed(data), (Object.isFrozen(metadata) ? metadata : freezeParsed(metadata)) as unknown as EventMetadata);
}
