/**
 * Packed projection checkpoints (schema version 5): a checkpoint whose JSON
 * text is longer than {@link PACK_THRESHOLD} characters is stored deflated in
 * `motcua_projections.packed` (with `state` = ''), smaller ones stay JSON
 * text in `state`. The report checkpoints of a province (the TT 01/2018
 * tables, satisfaction, timeliness: 60–110 MB of JSON each) shrink 3.3–8×.
 *
 * A packed value is an 11-byte header and a raw deflate stream:
 *
 * | bytes | content |
 * |---|---|
 * | 0 | format, 1 |
 * | 1–4 | CRC-32 of the JSON text's UTF-8 bytes (big-endian) |
 * | 5–10 | length of those bytes (48-bit big-endian) |
 * | 11– | raw deflate (RFC 1951) of those bytes |
 *
 * The text is deflated in slices ({@link PACK_SLICE} characters), each by its
 * own compressor ending in a sync flush, the last one finishing the stream:
 * their concatenation is one valid raw deflate stream (as `pigz` does), and
 * no UTF-8 copy of the whole text is ever made. Raw deflate detects some
 * damage but not all; the length and CRC-32 detect the damage that changes
 * the text, so a damaged value is `STORE_CORRUPTED` or, when the damage
 * changed nothing inflate reads (an unused bit), the same text: never a
 * wrong state.
 */
import { constants, crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { StoreError } from '@motcua/core';

/**
 * Checkpoints whose JSON text is longer than this many characters (64 KiB) are stored packed.
 *
 * @example
 * ```ts
 * const packed = JSON.stringify(state).length > PACK_THRESHOLD;
 * ```
 */
export const PACK_THRESHOLD = 65_536;

/**
 * The deflate level of packed checkpoints: 1 (the fastest). On the five Lạng Sơn
 * report checkpoints (257.5 MB of JSON) level 1 gives 46.9 MB in 1.3 s of CPU,
 * level 6 34.5 MB in 5.0 s: 0.9 bytes per event less for 3.8× the time of the save
 * (docs/storage.md).
 *
 * @example
 * ```ts
 * import { deflateRawSync } from 'node:zlib';
 * deflateRawSync(Buffer.from('{}'), { level: PACK_LEVEL });
 * ```
 */
export const PACK_LEVEL = 1;

/** Characters of JSON text deflated per compressor (at most 3 MiB of UTF-8). */
export const PACK_SLICE = 1 << 20;

const FORMAT = 1;
const HEADER = 11;

/** Settings of {@link packCheckpoint} (tests use small slices). */
export interface PackSettings {
  level?: number;
  slice?: number;
}

/**
 * The packed form of a checkpoint's JSON text (header + raw deflate), or
 * `undefined` when the text is not longer than `threshold` (store it as text).
 *
 * @example
 * ```ts
 * const packed = packCheckpoint('{"a":1}', 0); // packed even though short
 * unpackCheckpoint('x', packed!); // '{"a":1}'
 * ```
 */
export function packCheckpoint(text: string, threshold: number = PACK_THRESHOLD, settings: PackSettings = {}): Buffer | undefined {
  if (text.length <= threshold) return undefined;
  const level = settings.level ?? PACK_LEVEL;
  const slice = Math.max(2, settings.slice ?? PACK_SLICE);
  const parts: Buffer[] = [Buffer.alloc(HEADER)];
  let crc = 0;
  let bytes = 0;
  let from = 0;
  do {
    let to = Math.min(text.length, from + slice);
    // Never cut a surrogate pair: each slice is encoded to UTF-8 on its own.
    if (to < text.length && isHighSurrogate(text.charCodeAt(to - 1))) to--;
    const utf8 = Buffer.from(text.slice(from, to), 'utf8');
    crc = crc32(utf8, crc);
    bytes += utf8.length;
    const last = to === text.length;
    parts.push(deflateRawSync(utf8, { level, finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH }));
    from = to;
  } while (from < text.length);
  const header = parts[0]!;
  header[0] = FORMAT;
  header.writeUInt32BE(crc >>> 0, 1);
  header.writeUIntBE(bytes, 5, 6);
  return Buffer.concat(parts);
}

/**
 * The JSON text of a packed checkpoint. A value that is not a packed
 * checkpoint, or whose bytes were damaged (inflate fails, or the length or
 * CRC-32 differ), is `STORE_CORRUPTED`; a damaged bit that inflate never reads
 * changes nothing, and the text comes back whole.
 *
 * @example
 * ```ts
 * const text = unpackCheckpoint('tt01', packCheckpoint(JSON.stringify({ a: 1 }), 0)!); // '{"a":1}'
 * ```
 */
export function unpackCheckpoint(name: string, packed: Uint8Array): string {
  const damaged = (why: string, cause?: unknown): StoreError =>
    new StoreError('STORE_CORRUPTED', `Projection ${name}: the packed checkpoint is damaged (${why})`, cause === undefined ? undefined : { cause });
  const blob = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
  if (blob.length < HEADER + 1 || blob[0] !== FORMAT) throw damaged(blob.length < HEADER + 1 ? 'too short' : `unknown format ${blob[0]}`);
  const crc = blob.readUInt32BE(1);
  const bytes = blob.readUIntBE(5, 6);
  const deflated = blob.subarray(HEADER);
  let utf8: Buffer;
  let read: number;
  try {
    // One byte more than announced: a longer output is damage, not a truncated read.
    const inflated = inflateRawSync(deflated, { maxOutputLength: bytes + 1, info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    utf8 = inflated.buffer;
    read = inflated.engine.bytesWritten;
  } catch (error) {
    throw damaged((error as Error).message, error);
  }
  if (read !== deflated.length) throw damaged(`${deflated.length - read} bytes after the end of the deflate stream`);
  if (utf8.length !== bytes) throw damaged(`${utf8.length} bytes, ${bytes} expected`);
  if (crc32(utf8) >>> 0 !== crc) throw damaged('CRC-32 mismatch');
  return utf8.toString('utf8');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
