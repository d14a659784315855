/**
 * The one-hash link format (`motcua-event/2`), written by bulk imports:
 *
 *   hash = SHA-256("motcua-event/2\n" + previous hash in the stream ("" for the first) + "\n" + version + "\n"
 *                  + canonicalJson([streamId, type, data, metadata without hash]))
 *
 * One SHA-256 per event instead of the two of `motcua-event/1` (content
 * digest, then link), and the canonical JSON of data and metadata is built
 * once: an importer stores that same text as the row's JSON, so each event is
 * serialised once. The content covered is the same as format 1; only the
 * framing differs, and the tag keeps the two apart (a text hashed under one
 * format never starts like a text hashed under the other). `verifyHistory`
 * accepts either format for every event, so logs written before this format,
 * or by appends (still format 1), verify as before.
 */
import { canonicalJson } from './canonical';
import { sha256 } from './chain';

/** Tag of the one-hash link format. */
export const EVENT_HASH_FORMAT_2 = 'motcua-event/2';

/**
 * The canonical content text of an event from the canonical JSON of its
 * parts: exactly `canonicalJson([streamId, type, data, metadataWithoutHash])`
 * (an array is written element by element, so the parts can be serialised
 * separately and reused; property-tested in `integrity-v2.test.ts`).
 *
 * @example
 * ```ts
 * const text = contentText(canonicalJson('dossier-1'), canonicalJson('T'), '{"a":1}', '{"eventId":"e-1"}');
 * // '["dossier-1","T",{"a":1},{"eventId":"e-1"}]'
 * ```
 */
export function contentText(streamIdJson: string, typeJson: string, dataJson: string, metadataJson: string): string {
  return `[${streamIdJson},${typeJson},${dataJson},${metadataJson}]`;
}

/**
 * The format-2 hash of an event whose canonical content text is `content`,
 * linked to the previous event of its stream (`null` for the first).
 *
 * @example
 * ```ts
 * const h1 = linkHash2(null, 1, canonicalJson(['s', 'T', {}, { eventId: 'a' }]));
 * const h2 = linkHash2(h1, 2, canonicalJson(['s', 'T', {}, { eventId: 'b' }]));
 * ```
 */
export function linkHash2(previous: string | null, version: number, content: string): string {
  return sha256(`${EVENT_HASH_FORMAT_2}\n${previous ?? ''}\n${version}\n${content}`);
}

/**
 * Canonical JSON of an event's data or metadata for storage and hashing:
 * `canonicalJson(value)`, with what `JSON.stringify` cannot write (a BigInt)
 * reported through `fail` instead of a bare TypeError.
 *
 * @example
 * ```ts
 * canonicalPart({ b: 1, a: 2 }, (m) => { throw new Error(m); }); // '{"a":2,"b":1}'
 * ```
 */
export function canonicalPart(value: unknown, fail: (message: string) => never): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    return fail(`not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
