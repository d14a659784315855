/**
 * The COPY rows of `importEvents`, encoded straight into bytes (session 8): each event's canonical JSON is written
 * once as UTF-8 into a scratch buffer laid out as the content digest's input (`[stream,type,data,metadata]`, hashed
 * there in one shot), then copied into the chunk of COPY text sent to the server. No per-row strings, no rope of
 * rows to flatten and convert when it is written, far less garbage. The bytes are exactly those of the session-7
 * encoder (template strings, `copyText`, the driver's UTF-8 conversion): `test/import-encode.test.ts` checks it
 * for random events. Anything unusual — a character JSON escapes (quote, backslash, controls, lone surrogates), a
 * BigInt, a cycle — takes the string path (`canonicalField`) for that field, so the texts and the typed errors stay
 * those of the string encoder.
 */
import type { NewEvent } from '@motcua/core';
import * as crypto from 'node:crypto';
import { canonicalJson, checkEventId, checkType, eventJson, linkHash, metadataWithoutHash, uniqueViolation } from '@motcua/core/store-kit';
import type { ExpectedVersion } from '@motcua/core';

/** jsonb cannot hold `\u0000` (as `serialize.ts`). */
const noNul = (json: string): string | undefined => (json.includes('\\u0000') ? 'PostgreSQL jsonb cannot store the character U+0000' : undefined);

/**
 * The canonical JSON of an event's data or metadata (without `hash`), checked as `eventJson` checks it: the same
 * text serves as the row's jsonb input and inside the content digest. A value that does not serialise, or holds
 * U+0000, gets `eventJson`'s typed error.
 */
export function canonicalField(value: unknown, index: number, field: string): string {
  let text: string | undefined;
  try {
    text = canonicalJson(value);
  } catch {
    text = undefined;
  }
  if (text === undefined || noNul(text) !== undefined) return eventJson(value, index, field, noNul); // throws the typed error
  return text;
}

const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'hex') => string }).hash;
/** SHA-256 hex of bytes (the one-shot `crypto.hash` where Node has it). */
const sha256 = oneShot ? (bytes: Uint8Array): string => oneShot('sha256', bytes, 'hex') : (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Thrown inside the byte writer when a value needs the string path (rare: escapes, BigInt…). */
const BAIL = new Error('needs the string path');

// The scratch buffer of the JSON writer (one event at a time; synchronous, so module state is safe).
let json = Buffer.allocUnsafe(1 << 16);
let at = 0;

function room(bytes: number): void {
  if (at + bytes <= json.length) return;
  const bigger = Buffer.allocUnsafe(Math.max(json.length * 2, at + bytes));
  json.copy(bigger, 0, 0, at);
  json = bigger;
  jsonViews.clear();
}

/** Views `json[0, length)`, remembered by length (hashing one needs a view; lengths repeat). */
const jsonViews = new Map<number, Buffer>();
function jsonView(length: number): Buffer {
  let view = jsonViews.get(length);
  if (view === undefined) {
    if (jsonViews.size >= 4096) jsonViews.clear();
    view = json.subarray(0, length);
    jsonViews.set(length, view);
  }
  return view;
}

/** A JSON string literal that needs no escape, as UTF-8; BAIL on a character `JSON.stringify` would escape. */
function jsonString(text: string): void {
  const n = text.length;
  room(n * 3 + 2);
  const b = json;
  let i = at;
  b[i++] = 0x22;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x22 || c === 0x5c) throw BAIL;
      b[i++] = c;
    } else if (c < 0x800) {
      b[i++] = 0xc0 | (c >> 6);
      b[i++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[i++] = 0xe0 | (c >> 12);
      b[i++] = 0x80 | ((c >> 6) & 0x3f);
      b[i++] = 0x80 | (c & 0x3f);
    } else {
      const d = k + 1 < n ? text.charCodeAt(k + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) throw BAIL; // a lone surrogate: JSON.stringify escapes it
      k++;
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      b[i++] = 0xf0 | (cp >> 18);
      b[i++] = 0x80 | ((cp >> 12) & 0x3f);
      b[i++] = 0x80 | ((cp >> 6) & 0x3f);
      b[i++] = 0x80 | (cp & 0x3f);
    }
  }
  b[i++] = 0x22;
  at = i;
}

/** ASCII text (numbers, literals) into the scratch buffer. */
function ascii(text: string): void {
  const n = text.length;
  room(n);
  for (let k = 0; k < n; k++) json[at++] = text.charCodeAt(k);
}

/** The value `canonicalJson` writes for `value` at `key`: `toJSON` applied (as `JSON.stringify`). */
function resolved(value: unknown, key: string): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  return value;
}

/** What JSON leaves out of objects and writes `null` in arrays. */
const skipped = (value: unknown): boolean => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * The keys of `object` in sorted order (as `canonical.ts`). Events of one kind repeat their key orders: the last
 * few unsorted orders met are remembered with their sorted copy (compared key by key: no sort, no string compare).
 */
const orders: Array<{ keys: string[]; sorted: string[] }> = [];
let nextOrder = 0;
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  const n = keys.length;
  let i = 1;
  while (i < n && keys[i - 1]! < keys[i]!) i++;
  if (i >= n) return keys;
  search: for (let k = 0; k < orders.length; k++) {
    const known = orders[k]!.keys;
    if (known.length !== n) continue;
    for (let j = 0; j < n; j++) if (known[j] !== keys[j]) continue search;
    return orders[k]!.sorted;
  }
  const sorted = [...keys].sort();
  orders[nextOrder] = { keys, sorted };
  nextOrder = (nextOrder + 1) % 16;
  return sorted;
}

/** A resolved, not skipped value as canonical JSON bytes (as `canonical.ts`'s `write`). */
function jsonValue(value: unknown): void {
  switch (typeof value) {
    case 'string':
      jsonString(value);
      return;
    case 'number':
      ascii(Number.isFinite(value) ? `${value}` : 'null');
      return;
    case 'boolean':
      ascii(value ? 'true' : 'false');
      return;
    case 'object': {
      if (value === null) {
        ascii('null');
        return;
      }
      room(1);
      if (Array.isArray(value)) {
        json[at++] = 0x5b;
        for (let i = 0; i < value.length; i++) {
          if (i > 0) {
            room(1);
            json[at++] = 0x2c;
          }
          const item = resolved(value[i], String(i));
          if (skipped(item)) ascii('null');
          else jsonValue(item);
        }
        room(1);
        json[at++] = 0x5d;
        return;
      }
      json[at++] = 0x7b;
      const record = value as Record<string, unknown>;
      let first = true;
      for (const key of sortedKeys(record)) {
        const item = resolved(record[key], key);
        if (skipped(item)) continue;
        if (!first) {
          room(1);
          json[at++] = 0x2c;
        }
        first = false;
        jsonString(key);
        room(1);
        json[at++] = 0x3a;
        jsonValue(item);
      }
      room(1);
      json[at++] = 0x7d;
      return;
    }
    default:
      throw BAIL; // bigint: the string path throws the typed error
  }
}

/**
 * A field's canonical JSON into the scratch buffer at `at`; returns true when its text holds a backslash (COPY
 * doubles them). Fast path: bytes written directly. Otherwise the string path's text (or its typed error).
 */
function jsonField(value: unknown, index: number, field: string): boolean {
  const start = at;
  try {
    const top = resolved(value, '');
    if (skipped(top)) ascii('null');
    else jsonValue(top);
    return false;
  } catch {
    at = start;
    const text = canonicalField(value, index, field);
    room(text.length * 3);
    at += json.write(text, at, 'utf8');
    return text.includes('\\');
  }
}

/** What one stream's rows changed: its new last hash. */
export interface EncodedStream {
  hash: string;
}

/**
 * What `importEvents` needs of a row encoder (the byte encoder below; the session-7 string encoder in the bench).
 * @example const encoder: RowEncoder = new CopyRowEncoder();
 */
export interface RowEncoder {
  /** Bytes encoded and not yet taken. */
  readonly length: number;
  /** One stream's rows after its stored `version` and last hash `previous`; throws the typed error of a bad event. */
  encode(streamId: string, events: readonly NewEvent[], version: number, previous: string | null, seen: Set<string>, expected: ExpectedVersion): EncodedStream;
  /** The encoded bytes, handed over. */
  take(): Buffer;
}

/**
 * COPY text rows (`stream_id, version, type, event_id, data, metadata`) of `importEvents`, in one growing byte
 * chunk handed over with {@link CopyRowEncoder.take}.
 *
 * @example
 * ```ts
 * const encoder = new CopyRowEncoder();
 * const seen = new Set<string>();
 * const { hash } = encoder.encode('dossier-1', legacyDossiers[0]!.events, 0, null, seen, 'no_stream');
 * const bytes = encoder.take(); // COPY text, one row per event
 * ```
 */
export class CopyRowEncoder implements RowEncoder {
  private chunk: Buffer;
  private size = 0;

  constructor(private readonly capacity = 1 << 21) {
    this.chunk = Buffer.allocUnsafe(capacity);
  }

  /** Bytes encoded and not yet taken. */
  get length(): number {
    return this.size;
  }

  /** The encoded bytes (a fresh chunk starts: the returned one may be queued on a socket). */
  take(): Buffer {
    const out = this.chunk.subarray(0, this.size);
    this.chunk = Buffer.allocUnsafe(Math.max(this.capacity, this.size));
    this.size = 0;
    return out;
  }

  /**
   * The rows of `events` appended to `streamId` after its stored `version` whose last hash is `previous`; each
   * event checked and chained exactly as the string encoder did (types and ids, then duplicates against `seen`).
   * A refused stream (typed error) leaves the chunk as it was.
   */
  encode(streamId: string, events: readonly NewEvent[], version: number, previous: string | null, seen: Set<string>, expected: ExpectedVersion): EncodedStream {
    const start = this.size;
    try {
      return this.rows(streamId, events, version, previous, seen, expected);
    } catch (error) {
      this.size = start; // nothing of a refused stream stays in the chunk
      throw error;
    }
  }

  private rows(streamId: string, events: readonly NewEvent[], version: number, previous: string | null, seen: Set<string>, expected: ExpectedVersion): EncodedStream {
    const prefix = Buffer.from(`[${canonicalJson(streamId)},`, 'utf8'); // the digest input's start
    const streamBytes = copyBytes(streamId);
    let prev = previous;
    // A stored previous hash that is not 64 ASCII characters (written by hand, tampered) is linked by the string path.
    let fastLink = previous === null || ASCII64.test(previous);
    let duplicate: string | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const eventId = checkEventId(event, i);
      const type = checkType(event, i);
      // The content digest's input: [stream,type,data,metadata without hash] in canonical JSON.
      at = 0;
      const typed = typeBytes(type);
      room(prefix.length + typed.json.length);
      at = put(json, 0, prefix);
      at = put(json, at, typed.json);
      const dataStart = at;
      const dataSlash = jsonField(event.data, i, 'data');
      const dataEnd = at;
      room(1);
      json[at++] = 0x2c;
      const metaStart = at;
      const metaSlash = jsonField(metadataWithoutHash(event.metadata), i, 'metadata');
      const metaEnd = at;
      room(1);
      json[at++] = 0x5d;
      const digest = sha256(jsonView(at));
      const hash = fastLink ? link(prev, version + i + 1, digest) : linkHash(prev, version + i + 1, digest);
      prev = hash;
      fastLink = true;
      if (duplicate === undefined) {
        if (seen.has(eventId)) duplicate = eventId;
        else seen.add(eventId);
      }
      // The row.
      this.room(streamBytes.length + 12 + type.length * 6 + eventId.length * 6 + 2 * (dataEnd - dataStart + metaEnd - metaStart) + 100);
      const c = this.chunk;
      let o = this.size;
      o = put(c, o, streamBytes);
      c[o++] = 0x09;
      o = writeInt(c, o, version + i + 1);
      c[o++] = 0x09;
      o = put(c, o, typed.copy);
      c[o++] = 0x09;
      o = writeCopyText(c, o, eventId);
      c[o++] = 0x09;
      o = dataSlash ? copyDoubling(c, o, dataStart, dataEnd) : o + json.copy(c, o, dataStart, dataEnd);
      c[o++] = 0x09;
      if (metaEnd - metaStart === 2 && json[metaStart] === 0x7b && json[metaStart + 1] === 0x7d) o += c.write('{"hash":"', o, 'latin1');
      else {
        o = metaSlash ? copyDoubling(c, o, metaStart, metaEnd - 1) : o + json.copy(c, o, metaStart, metaEnd - 1);
        o += c.write(',"hash":"', o, 'latin1');
      }
      o += c.write(hash, o, 'latin1');
      c[o++] = 0x22;
      c[o++] = 0x7d;
      c[o++] = 0x0a;
      this.size = o;
    }
    // As the string encoder: every event checked first, then the first id met twice (this import, or this stream).
    if (duplicate !== undefined) throw uniqueViolation('event_id', { streamId, expected, actual: version, eventId: duplicate });
    return { hash: prev! };
  }

  private room(bytes: number): void {
    if (this.size + bytes <= this.chunk.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.chunk.length * 2, this.size + bytes));
    this.chunk.copy(bigger, 0, 0, this.size);
    this.chunk = bigger;
  }
}

const ASCII64 = /^[\x00-\x7f]{64}$/;

// The link's input, `motcua-event/1\n<previous>\n<version>\n<digest>`, in a reused buffer.
const LINK_HEAD = 'motcua-event/1\n';
const linkBytes = Buffer.alloc(LINK_HEAD.length + 64 + 1 + 16 + 1 + 64);
linkBytes.write(LINK_HEAD, 0, 'latin1');

/** `linkHash` of `integrity/chain.ts` over bytes (hex digests and a version are ASCII). */
function link(previous: string | null, version: number, digest: string): string {
  let o = LINK_HEAD.length;
  if (previous !== null) o += linkBytes.write(previous, o, 'latin1');
  linkBytes[o++] = 0x0a;
  o = writeInt(linkBytes, o, version);
  linkBytes[o++] = 0x0a;
  o += linkBytes.write(digest, o, 'latin1');
  let view = linkViews[o];
  if (view === undefined) linkViews[o] = view = linkBytes.subarray(0, o);
  return sha256(view);
}
const linkViews: Buffer[] = [];

/** `bytes` into `b` at `o` (a loop: short, and no view to allocate); returns the new offset. */
function put(b: Buffer, o: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) b[o++] = bytes[k]!;
  return o;
}

/** An event type's bytes: `"type",` for the digest input, its COPY text for the row (types repeat: remembered). */
const types = new Map<string, { json: Buffer; copy: Buffer }>();
function typeBytes(type: string): { json: Buffer; copy: Buffer } {
  let found = types.get(type);
  if (found === undefined) {
    if (types.size >= 10_000) types.clear();
    found = { json: Buffer.from(`${canonicalJson(type)},`, 'utf8'), copy: copyBytes(type) };
    types.set(type, found);
  }
  return found;
}

/** A non-negative integer's decimal digits. */
function writeInt(b: Buffer, o: number, value: number): number {
  if (value < 10) {
    b[o] = 0x30 + value;
    return o + 1;
  }
  return o + b.write(`${value}`, o, 'latin1');
}

/** Raw text (stream id, type, event id) as COPY text: UTF-8 (a lone surrogate as U+FFFD, as `Buffer.from`), with `\\`, tab, LF, CR escaped. */
function writeCopyText(b: Buffer, o: number, text: string): number {
  const n = text.length;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) {
      if (c === 0x5c || c === 0x09 || c === 0x0a || c === 0x0d) {
        b[o++] = 0x5c;
        b[o++] = c === 0x5c ? 0x5c : c === 0x09 ? 0x74 : c === 0x0a ? 0x6e : 0x72;
      } else b[o++] = c;
    } else if (c < 0x800) {
      b[o++] = 0xc0 | (c >> 6);
      b[o++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[o++] = 0xe0 | (c >> 12);
      b[o++] = 0x80 | ((c >> 6) & 0x3f);
      b[o++] = 0x80 | (c & 0x3f);
    } else {
      const d = k + 1 < n ? text.charCodeAt(k + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        b[o++] = 0xef;
        b[o++] = 0xbf;
        b[o++] = 0xbd;
        continue;
      }
      k++;
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      b[o++] = 0xf0 | (cp >> 18);
      b[o++] = 0x80 | ((cp >> 12) & 0x3f);
      b[o++] = 0x80 | ((cp >> 6) & 0x3f);
      b[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return o;
}

/** Raw text's COPY text bytes. */
function copyBytes(text: string): Buffer {
  const b = Buffer.allocUnsafe(text.length * 6);
  return b.subarray(0, writeCopyText(b, 0, text));
}

/** JSON bytes of the scratch buffer into the chunk with every backslash doubled (COPY text; JSON holds no raw tab/LF/CR). */
function copyDoubling(b: Buffer, o: number, start: number, end: number): number {
  for (let k = start; k < end; k++) {
    const c = json[k]!;
    b[o++] = c;
    if (c === 0x5c) b[o++] = 0x5c;
  }
  return o;
}
