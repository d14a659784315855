/**
 * What a bulk import computes for each event before inserting it, in one
 * place so that the importing thread and the import worker
 * (`import-worker.ts`) compute the same thing: the canonical JSON of data and
 * metadata (stored text and hash input at once), the one-hash link
 * (`motcua-event/2`) and the compact metadata (`codec.ts`).
 */
import { ValidationError } from '@motcua/core';
import { canonicalPart, contentText, linkHash2, metadataWithoutHash } from '@motcua/core/store-kit';
import { encodeMetadata, shapeMemo, type MetadataDictionary } from './codec';
import { dictionaryId } from './codec-rows';

export type { MetadataDictionary } from './codec';

/** The link to an event's predecessor: the number (in the chunk) of an earlier event, or the stream's stored head (hex; null for none). */
export type PreviousLink = number | string | null;

/** One event as stored: data text, compact metadata text, its link hash (hex) and the hash column (null only when the metadata had to be written inline). */
export interface EncodedEvent {
  data: string;
  meta: string;
  hash: string;
  column: string | null;
}

/**
 * Encode one event of an import: `previous` is the hash of the stream's
 * previous event (null for none), `index` its index in its stream item (for
 * error paths). A value JSON cannot write is a `ValidationError`.
 *
 * @example
 * ```ts
 * declare const dictionary: MetadataDictionary;
 * const { data, meta, hash, column } = encodeImportEvent(null, 1, '"dossier-1"', '"T"', { a: 1 }, { eventId: 'e-1' }, 0, dictionary);
 * ```
 */
export function encodeImportEvent(
  previous: string | null,
  version: number,
  streamJson: string,
  typeJson: string,
  data: unknown,
  metadata: Record<string, unknown>,
  index: number,
  dictionary: MetadataDictionary,
): EncodedEvent {
  return encodeImportEventText(previous, version, streamJson, typeJson, canonicalData(data, index), metadata, index, dictionary);
}

/**
 * The canonical JSON of an event's data (its stored text), or `ValidationError` naming the event.
 *
 * @example
 * ```ts
 * canonicalData({ b: 1, a: 2 }, 0); // '{"a":2,"b":1}'
 * ```
 */
export function canonicalData(data: unknown, index: number): string {
  return canonicalPart(data, (message) => invalid(index, 'data', message));
}

/**
 * {@link encodeImportEvent} with the data already written as canonical JSON (`dataText`).
 *
 * @example
 * ```ts
 * declare const dictionary: MetadataDictionary;
 * const { meta, hash } = encodeImportEventText(null, 1, '"dossier-1"', '"T"', '{"a":1}', { eventId: 'e-1' }, 0, dictionary);
 * ```
 */
export function encodeImportEventText(
  previous: string | null,
  version: number,
  streamJson: string,
  typeJson: string,
  dataText: string,
  metadata: Record<string, unknown>,
  index: number,
  dictionary: MetadataDictionary,
): EncodedEvent {
  const metadataText = canonicalPart(metadataWithoutHash(metadata), (message) => invalid(index, 'metadata', message));
  const hash = linkHash2(previous, version, contentText(streamJson, typeJson, dataText, metadataText));
  // The metadata is encoded from the given object (JSON's omissions applied), its hash replaced or added last.
  const { meta, hash: column } = encodeMetadata(metadata, metadata.eventId as string, dictionary, hash);
  return { data: dataText, meta, hash, column };
}

function invalid(index: number, field: string, message: string): never {
  throw new ValidationError('Event is not storable', [{ code: 'not_serialisable', path: ['events', index, field], message }]);
}

/**
 * A dictionary for a thread that cannot reach the database (the import
 * worker): an id is the content id the database would give
 * ({@link dictionaryId}), and each text is reported once per chunk through
 * `added`, for the importing thread to store — and to find a collision
 * (another text under the same id), in which case it encodes the block again
 * itself.
 *
 * @example
 * ```ts
 * const added: (number | string)[] = [];
 * const dictionary = offlineDictionary(added);
 * dictionary.store('[["eventId","i"]]'); // its content id; added = [id, text]
 * ```
 */
export function offlineDictionary(added: (number | string)[]): MetadataDictionary {
  const ids = new Map<string, number>();
  return {
    shapes: shapeMemo(),
    store(text) {
      let id = ids.get(text);
      if (id === undefined) {
        ids.set(text, (id = dictionaryId(text)));
        added.push(id, text);
      }
      return id;
    },
    text() {
      throw new Error('the import worker reads no dictionary text');
    },
  };
}
