/**
 * The COPY rows of `importEvents`, encoded straight into bytes (session 8). Each event's canonical JSON is written
 * once as UTF-8 into a scratch buffer laid out as the content digest's input and hashed there (`import-json.ts`);
 * the chain link is hashed from a reused buffer; the row is then written into a byte chunk handed to the COPY
 * stream whole. No per-row strings, no rope of rows for the driver to flatten and convert, far less garbage.
 *
 * Two formats: COPY's binary format (the default, what `importEvents` sends: length-prefixed fields, no escapes,
 * and the server skips the text format's line parsing) and COPY's text format, whose bytes are exactly those of the
 * session-7 string encoder. `test/import-encode.test.ts` checks both against that encoder for random events (text:
 * the same bytes; binary: the same fields) and the typed errors of bad events.
 */
import type { ExpectedVersion, NewEvent } from '@motcua/core';
import { canonicalJson, checkEventId, checkType, linkHash, metadataWithoutHash, uniqueViolation } from '@motcua/core/store-kit';
import { digestInput, input, json, put, sha256 } from './import-json';

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
  /** COPY's format of the rows (`FORMAT binary` or the default text). */
  readonly format: 'binary' | 'text';
  /** Called once after the last stream (the binary format's trailer). */
  finish(): void;
  /** One stream's rows after its stored `version` and last hash `previous`; throws the typed error of a bad event. */
  encode(streamId: string, events: readonly NewEvent[], version: number, previous: string | null, seen: Set<string>, expected: ExpectedVersion): EncodedStream;
  /** The encoded bytes, handed over. */
  take(): Buffer;
}

/**
 * COPY rows (`stream_id, version, type, event_id, data, metadata`) of `importEvents`, in one growing byte chunk
 * handed over with {@link CopyRowEncoder.take}; the binary format's header opens the first chunk, and
 * {@link CopyRowEncoder.finish} adds its trailer.
 *
 * @example
 * ```ts
 * const encoder = new CopyRowEncoder();
 * const seen = new Set<string>();
 * const { hash } = encoder.encode('dossier-1', legacyDossiers[0]!.events, 0, null, seen, 'no_stream');
 * encoder.finish();
 * const bytes = encoder.take(); // for `COPY … FROM STDIN (FORMAT binary)`
 * ```
 */
export class CopyRowEncoder implements RowEncoder {
  private chunk: Buffer;
  private size = 0;
  private readonly binary: boolean;

  /**
   * @param format `'binary'` (the default, what `importEvents` sends: length-prefixed fields, no escapes; the
   *   server skips the text format's parsing) or `'text'` (COPY's text format, the session-7 bytes).
   * @param capacity first size of a chunk (bytes; it grows for a larger stream).
   */
  constructor(
    readonly format: 'binary' | 'text' = 'binary',
    private readonly capacity = 1 << 21,
  ) {
    this.binary = format === 'binary';
    this.chunk = Buffer.allocUnsafe(capacity);
    if (this.binary) this.size = put(this.chunk, 0, BINARY_HEADER);
  }

  /** The end of the data: the binary format's trailer (nothing in the text format). */
  finish(): void {
    if (!this.binary) return;
    this.room(2);
    this.chunk[this.size++] = 0xff;
    this.chunk[this.size++] = 0xff;
  }

  /** Bytes encoded and not yet taken. */
  get length(): number {
    return this.size;
  }

  /** The encoded bytes (a fresh chunk starts: the returned one may be queued on a socket). */
  take(): Buffer {
    const out = this.chunk.subarray(0, this.size);
    this.chunk = Buffer.allocUnsafe(this.capacity); // a chunk grown for a huge stream is not kept
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
    const streamBytes = this.binary ? binaryField(streamId) : copyBytes(streamId);
    let prev = previous;
    // A stored previous hash that is not 64 ASCII characters (written by hand, tampered) is linked by the string path.
    let fastLink = previous === null || ASCII64.test(previous);
    let duplicate: string | undefined;
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const eventId = checkEventId(event, i);
      const type = checkType(event, i);
      const typed = typeBytes(type);
      const digest = digestInput(prefix, typed.json, event.data, metadataWithoutHash(event.metadata), i);
      const { dataStart, dataEnd, dataSlash, metaStart, metaEnd, metaSlash } = input;
      const hash = fastLink ? link(prev, version + i + 1, digest) : linkHash(prev, version + i + 1, digest);
      prev = hash;
      fastLink = true;
      if (duplicate === undefined) {
        if (seen.has(eventId)) duplicate = eventId;
        else seen.add(eventId);
      }
      // The row.
      this.room(streamBytes.length + 24 + type.length * 6 + eventId.length * 6 + 2 * (dataEnd - dataStart + metaEnd - metaStart) + 100);
      this.size = this.binary
        ? binaryRow(this.chunk, this.size, streamBytes, version + i + 1, typed.binary, eventId, dataStart, dataEnd, metaStart, metaEnd, hash)
        : textRow(this.chunk, this.size, streamBytes, version + i + 1, typed.copy, eventId, dataStart, dataEnd, dataSlash, metaStart, metaEnd, metaSlash, hash);
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

/** An event type's bytes: `"type",` for the digest input, its COPY text for the row (types repeat: remembered). */
const types = new Map<string, { json: Buffer; copy: Buffer; binary: Buffer }>();
function typeBytes(type: string): { json: Buffer; copy: Buffer; binary: Buffer } {
  let found = types.get(type);
  if (found === undefined) {
    if (types.size >= 10_000) types.clear();
    found = { json: Buffer.from(`${canonicalJson(type)},`, 'utf8'), copy: copyBytes(type), binary: binaryField(type) };
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

/**
 * Raw text (stream id, type, event id) as UTF-8 (a lone surrogate as U+FFFD, as `Buffer.from`); for COPY's text
 * format (`escaped`) with `\\`, tab, LF, CR escaped.
 */
function writeCopyText(b: Buffer, o: number, text: string, escaped = true): number {
  const n = text.length;
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) {
      if (escaped && (c === 0x5c || c === 0x09 || c === 0x0a || c === 0x0d)) {
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

/** The binary format's signature, flags (0) and header extension length (0). */
const BINARY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);

/** Raw text as a binary-format field: its UTF-8 length (int32) and bytes. */
function binaryField(text: string): Buffer {
  const b = Buffer.allocUnsafe(4 + text.length * 3);
  const end = writeCopyText(b, 4, text, false);
  b.writeInt32BE(end - 4, 0);
  return b.subarray(0, end);
}

/** `value` as a big-endian int32 at `o`. */
function int32(b: Buffer, o: number, value: number): number {
  b[o] = value >>> 24;
  b[o + 1] = (value >>> 16) & 0xff;
  b[o + 2] = (value >>> 8) & 0xff;
  b[o + 3] = value & 0xff;
  return o + 4;
}

/** The metadata's text with `"hash"` as its last key (`metadataJsonWithHash`), from the scratch buffer's bytes. */
function metadataWithHash(c: Buffer, o: number, metaStart: number, metaEnd: number, hash: string, doubling: boolean): number {
  if (metaEnd - metaStart === 2 && json[metaStart] === 0x7b && json[metaStart + 1] === 0x7d) o += c.write('{"hash":"', o, 'latin1');
  else {
    o = doubling ? copyDoubling(c, o, metaStart, metaEnd - 1) : o + json.copy(c, o, metaStart, metaEnd - 1);
    o += c.write(',"hash":"', o, 'latin1');
  }
  o += c.write(hash, o, 'latin1');
  c[o++] = 0x22;
  c[o++] = 0x7d;
  return o;
}

/** One row in COPY's text format: tab-separated, escaped, LF-terminated (the session-7 bytes). */
function textRow(
  c: Buffer,
  o: number,
  stream: Buffer,
  version: number,
  type: Buffer,
  eventId: string,
  dataStart: number,
  dataEnd: number,
  dataSlash: boolean,
  metaStart: number,
  metaEnd: number,
  metaSlash: boolean,
  hash: string,
): number {
  o = put(c, o, stream);
  c[o++] = 0x09;
  o = writeInt(c, o, version);
  c[o++] = 0x09;
  o = put(c, o, type);
  c[o++] = 0x09;
  o = writeCopyText(c, o, eventId);
  c[o++] = 0x09;
  o = dataSlash ? copyDoubling(c, o, dataStart, dataEnd) : o + json.copy(c, o, dataStart, dataEnd);
  c[o++] = 0x09;
  o = metadataWithHash(c, o, metaStart, metaEnd, hash, metaSlash);
  c[o++] = 0x0a;
  return o;
}

/**
 * One row in COPY's binary format: 6 fields, each its length (int32) and bytes — text as UTF-8, `version` as
 * int4, jsonb as its format version (1) and the JSON text. No escapes.
 */
function binaryRow(
  c: Buffer,
  o: number,
  stream: Buffer,
  version: number,
  type: Buffer,
  eventId: string,
  dataStart: number,
  dataEnd: number,
  metaStart: number,
  metaEnd: number,
  hash: string,
): number {
  c[o++] = 0;
  c[o++] = 6;
  o = put(c, o, stream);
  o = int32(c, o, 4);
  o = int32(c, o, version);
  o = put(c, o, type);
  const idAt = o;
  o = writeCopyText(c, o + 4, eventId, false);
  int32(c, idAt, o - idAt - 4);
  o = int32(c, o, dataEnd - dataStart + 1);
  c[o++] = 1;
  o += json.copy(c, o, dataStart, dataEnd);
  const metaAt = o;
  c[metaAt + 4] = 1;
  o = metadataWithHash(c, o + 5, metaStart, metaEnd, hash, false);
  int32(c, metaAt, o - metaAt - 4);
  return o;
}
