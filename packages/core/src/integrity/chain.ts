/**
 * The per-stream hash chain (chuỗi băm của hồ sơ). Every event a store
 * appends carries `metadata.hash`:
 *
 *   digest = SHA-256(canonicalJson([streamId, type, data, metadata without hash]))
 *   hash   = SHA-256("motcua-event/1\n" + previous hash in the stream ("" for the first) + "\n" + version + "\n" + digest)
 *
 * The digest (the costly part: canonical JSON of the whole event) depends
 * only on the event, so adapters compute it before taking any lock; the link
 * needs the stream's previous hash and the version, read in the same round
 * trip as the stream's version. Position is not hashed: PostgreSQL assigns
 * it inside the insert. The global order is covered by log checkpoints
 * (`checkpoint.ts`).
 */
import * as crypto from 'node:crypto';
import type { NewEvent } from '../store/types';
import { canonicalJson } from './canonical';

/** Tag of the hash format, part of every link. */
export const EVENT_HASH_FORMAT = 'motcua-event/1';

/** SHA-256 hex of UTF-8 text: the one-shot `crypto.hash` (Node ≥ 20.12, half the cost) when there is one. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
export const sha256 = oneShot ? (text: string): string => oneShot('sha256', text, 'hex') : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/**
 * An event's metadata without its `hash` (what the digest covers).
 *
 * @example
 * ```ts
 * metadataWithoutHash({ eventId: 'e-1', hash: 'ab…' }); // { eventId: 'e-1' }
 * ```
 */
export function metadataWithoutHash<M extends object>(metadata: M): Omit<M, 'hash'> {
  if (!Object.hasOwn(metadata, 'hash')) return metadata;
  const { hash: _hash, ...rest } = metadata as M & { hash?: unknown };
  return rest;
}

/**
 * SHA-256 (hex) of an event's content: stream, type, data and metadata
 * (its `hash` left out), in canonical JSON.
 *
 * @example
 * ```ts
 * const d = contentDigest('dossier-1', 'DossierReceived', { a: 1 }, { eventId: 'e-1' }); // 64 hex digits
 * ```
 */
export function contentDigest(streamId: string, type: string, data: unknown, metadata: object): string {
  return sha256(canonicalJson([streamId, type, data, metadataWithoutHash(metadata)]));
}

/**
 * The event hash: its content digest linked to the previous event of the
 * stream (`null` for the first, or after events written before hashing).
 *
 * @example
 * ```ts
 * const h1 = linkHash(null, 1, contentDigest('s', 'T', {}, { eventId: 'a' }));
 * const h2 = linkHash(h1, 2, contentDigest('s', 'T', {}, { eventId: 'b' }));
 * ```
 */
export function linkHash(previous: string | null, version: number, digest: string): string {
  return sha256(`${EVENT_HASH_FORMAT}\n${previous ?? ''}\n${version}\n${digest}`);
}

/**
 * The content digests of a batch about to be appended to `streamId`
 * (before any lock or round trip). For adapters (`@motcua/core/store-kit`).
 *
 * @example
 * ```ts
 * const digests = batchDigests('dossier-1', events);
 * ```
 */
export function batchDigests(streamId: string, events: readonly NewEvent[]): string[] {
  const out = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) out[i] = contentDigest(streamId, events[i]!.type, events[i]!.data, events[i]!.metadata);
  return out;
}

/**
 * The hashes of a batch appended after version `current` of a stream whose
 * last stored hash is `previous` (`null`/`undefined`: an empty stream, or a
 * last event written before hashing).
 *
 * @example
 * ```ts
 * declare const lastHash: string | null;
 * const hashes = chainHashes(batchDigests('dossier-1', events), 3, lastHash);
 * ```
 */
export function chainHashes(digests: readonly string[], current: number, previous: string | null | undefined): string[] {
  const out = new Array<string>(digests.length);
  let prev = previous ?? null;
  for (let i = 0; i < digests.length; i++) {
    prev = linkHash(prev, current + i + 1, digests[i]!);
    out[i] = prev;
  }
  return out;
}

/**
 * Metadata JSON text (an object, as `JSON.stringify` writes it) with
 * `"hash"` added as its last key. A `hash` the caller put in the metadata is
 * overridden: JSON readers (and PostgreSQL `jsonb`) keep the last of
 * duplicate keys.
 *
 * @example
 * ```ts
 * metadataJsonWithHash('{"eventId":"e-1"}', 'ab12'); // '{"eventId":"e-1","hash":"ab12"}'
 * ```
 */
export function metadataJsonWithHash(json: string, hash: string): string {
  if (json === '{}') return `{"hash":"${hash}"}`;
  return `${json.slice(0, -1)},"hash":"${hash}"}`;
}

/**
 * The stored hash of an event, or undefined if it has none (written before
 * hashing, or stripped).
 *
 * @example
 * ```ts
 * declare const e: { metadata: object };
 * const h = storedHash(e.metadata);
 * ```
 */
export function storedHash(metadata: object): string | undefined {
  const hash = (metadata as { hash?: unknown }).hash;
  return typeof hash === 'string' ? hash : undefined;
}
