/**
 * The calling thread's half of a two-thread bulk import (`import-thread.ts`):
 * every event of a run of import items serialised into one block for the
 * writing thread (`import-writer.mjs`) — the checks, the canonical JSON of
 * data and metadata ({@link eventParts}) and the compact metadata
 * (`codec.ts`), i.e. everything of `importChunk` that needs no database. The
 * writer links the events (it reads versions and chain heads under its lock).
 * Linking a share of the streams here instead was measured slower: this
 * thread is the busier one (docs/performance.md).
 *
 * A block is a list of strings and a list of numbers: arrays of strings
 * cross to the other thread several times cheaper than one long string built
 * by concatenation (measured: 0.6–1.0 against 2.5–3.3 µs per event on the
 * sending thread).
 */
import { encodeMetadata, shapeMemo, uuidHex, type MetadataDictionary } from './codec';
import { dictionaryId } from './codec-rows';
import { eventParts, type ImportStream } from './import';

/** What one block carries: see `writeBlock` in `import-writer-core.mjs` for the layout of `numbers` and `strings`. */
export interface ImportBlock {
  numbers: number[];
  strings: string[];
  /** Type names first used in this block, in index order. */
  types: string[];
  /** Dictionary entries first used in this block: id, text, id, text, … */
  entries: (number | string)[];
  /** Stream names that have events, in order (the writer answers a first and last position for each). */
  written: string[];
}

/**
 * Serialisation state of one import: type indexes and the metadata
 * dictionary. Dictionary ids are content-addressed (`dictionaryId`), so they
 * are computed here without the database; the writer stores each entry and
 * reports a collision (an id held by another text), which sends the chunk back to the one-thread path.
 */
export interface BlockEncoder {
  encode(items: readonly ImportStream[]): ImportBlock;
}

/** The link given to the metadata encoder: only its presence shapes the metadata (the writer computes the real one). */
const SOME_LINK = '0'.repeat(64);
const EXPECTED_KIND: Record<string, number> = { any: 0, no_stream: 1, stream_exists: 2 };

/**
 * A block encoder for one import.
 *
 * @example
 * ```ts
 * declare const items: ImportStream[];
 * const block = blockEncoder().encode(items);
 * ```
 */
export function blockEncoder(): BlockEncoder {
  const typeIndex = new Map<string, number>();
  const ids = new Map<string, number>();
  let entries: (number | string)[] = [];
  const dictionary: MetadataDictionary = {
    shapes: shapeMemo(),
    store(text) {
      let id = ids.get(text);
      if (id === undefined) {
        ids.set(text, (id = dictionaryId(text)));
        entries.push(id, text);
      }
      return id;
    },
    text() {
      throw new Error('the import encoder never decodes');
    },
  };
  return {
    encode(items) {
      entries = [];
      const numbers: number[] = [];
      const types: string[] = [];
      const written: string[] = [];
      const strings: string[] = [];
      for (const { streamId, events, expectedVersion } of items) {
        const expected = expectedVersion ?? 'any';
        // expected version as kind 0 any · 1 no stream · 2 stream exists · 3 this number · 4 a value no version matches
        numbers.push(typeof expected === 'number' ? 3 : (EXPECTED_KIND[expected] ?? 4), typeof expected === 'number' ? expected : 0, events.length);
        strings.push(streamId);
        if (events.length > 0) written.push(streamId);
        for (let i = 0; i < events.length; i++) {
          const event = events[i]!;
          const [eventId, type, data, canonical] = eventParts(event, i);
          let index = typeIndex.get(type);
          if (index === undefined) {
            typeIndex.set(type, (index = typeIndex.size));
            types.push(type);
          }
          // The metadata is encoded from the caller's object, its hash added last, as `importChunk` does.
          const { meta } = encodeMetadata(event.metadata as unknown as Record<string, unknown>, eventId, dictionary, SOME_LINK);
          numbers.push(index);
          strings.push(uuidHex(eventId) ?? `~${eventId}`, data, meta, canonical);
        }
      }
      return { numbers, strings, types, entries, written };
    },
  };
}
