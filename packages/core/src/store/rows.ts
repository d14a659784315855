import { StoreError } from '../errors';
import { freezeParsed, storedEvent } from './frozen';
import type { EventMetadata, StoredEvent } from './types';

/**
 * Build a deeply frozen {@link StoredEvent} from a stored row whose data and
 * metadata are JSON text (the SQL adapters). A row that does not parse, or
 * whose metadata has no event id, is `STORE_CORRUPTED`, naming its position.
 *
 * @example
 * ```ts
 * eventFromJsonRow(1, 'dossier-1', 1, 'DossierAccepted', '{"due":{}}', '{"eventId":"…"}');
 * ```
 */
export function eventFromJsonRow(position: number, streamId: string, version: number, type: string, dataText: string, metadataText: string): StoredEvent {
  let data: unknown;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(dataText);
    metadata = JSON.parse(metadataText) as EventMetadata;
  } catch (error) {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} (stream ${streamId}, version ${version}) has invalid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (metadata === null || typeof metadata !== 'object' || typeof metadata.eventId !== 'string') {
    throw new StoreError('STORE_CORRUPTED', `Event at position ${position} (stream ${streamId}, version ${version}) has no valid metadata`);
  }
  return storedEvent(streamId, version, position, type, freezeParsed(data), freezeParsed(metadata));
}
