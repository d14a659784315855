/**
 * The compact row encoding of schema version 4 (mã hoá gọn): what the
 * metadata of an event costs on disk. Pure: no database here; dictionary
 * entries go through {@link MetadataDictionary}.
 *
 * - event ids that are canonical lowercase UUIDs are stored as 16-byte BLOBs
 *   (others as text);
 * - the stream hash (64 hex digits) is a 32-byte BLOB column;
 * - the metadata object becomes a JSON array `[shape, value, …]`: its key
 *   list, in order, and how each value is written, is a dictionary entry
 *   (the shape), and only the values that cannot be derived follow:
 *   `eventId` equal to the event's id and `hash` are not repeated; a string
 *   equal to an earlier key's value (`correlationId`/`causationId` =
 *   `commandId`) is a back reference; instants are integers (epoch ms) when
 *   writing them back gives the same text; UUIDs are 22 base64url
 *   characters; the `actor` object is a dictionary entry.
 *
 * Decoding gives back exactly the object `JSON.parse` gave for the old
 * layout's metadata text: the same keys in the same order with the same
 * values (property-tested in `codec.test.ts`).
 */

/** Content-addressed dictionary of shapes and repeated values (ids derived from the text). */
export interface MetadataDictionary {
  /** The id under which `text` is (or is now) stored, or undefined if its id holds another text (then the value is written inline). */
  store(text: string): number | undefined;
  /** The text of an id; throws if unknown (a damaged file). */
  text(id: number): string;
  /** The parsed JSON of an id's text, deeply frozen and shared by every event that uses it (default: `JSON.parse(text(id))`). */
  value?(id: number): unknown;
  /** The decoded shape of an id, cached by the caller (default: parsed each time). */
  shape?(id: number): Shape;
  /** Shape ids already stored through this dictionary, by key and code (see {@link ShapeMemo}); optional. */
  readonly shapes?: ShapeMemo;
}

/**
 * A trie of the shapes an encoder has stored (one level per entry: key, then
 * code), so that a shape seen before is found by a few look-ups of short,
 * already-hashed strings instead of writing its JSON text and looking that up.
 * Only for a dictionary whose stored ids cannot go away while the memo lives
 * (an import chunk: one transaction).
 */
export interface ShapeMemo {
  readonly next: Map<string, Map<Code, ShapeMemo>>;
  /** The stored id of the shape ending here; null: its id holds another text; undefined: not stored yet. */
  id?: number | null;
}

/** An empty {@link ShapeMemo}. */
export const shapeMemo = (): ShapeMemo => ({ next: new Map() });

/** How a value of a shape is written (second element of each shape entry). */
type Code =
  | 'v' // the JSON value itself
  | 'i' // the event id (not stored)
  | 'h' // the hash column, hex (not stored)
  | 'd' // a dictionary id of the value's JSON
  | 'u' // a UUID as 22 base64url characters
  | 'z' // an instant `…T…:…:…​.sssZ` as epoch ms
  | `o${string}` // an instant with this offset (`+07:00`) and milliseconds, as epoch ms
  | `s${string}` // an instant with this offset, no milliseconds, as epoch ms
  | number; // a string equal to the value of the key at this index

/** A metadata shape: its keys in order, each with how its value is written. */
export type Shape = readonly (readonly [key: string, code: Code])[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?(Z|[+-]\d{2}:\d{2})$/;
/** Keys whose object values repeat across events and go to the dictionary. */
const DICTIONARY_KEYS = new Set(['actor']);

/**
 * The 32 hex digits of a canonical lowercase UUID event id (stored as 16 bytes), or undefined (stored as text).
 *
 * @example
 * ```ts
 * uuidHex('01a22d87-13fe-7188-9acf-daf8c2188b55'); // '01a22d8713fe71889acfdaf8c2188b55'
 * ```
 */
export function uuidHex(eventId: string): string | undefined {
  if (eventId.length !== 36 || !UUID.test(eventId)) return undefined;
  return `${eventId.slice(0, 8)}${eventId.slice(9, 13)}${eventId.slice(14, 18)}${eventId.slice(19, 23)}${eventId.slice(24)}`;
}

/**
 * The stored form of an event id: 16 bytes for a canonical lowercase UUID, else the text.
 *
 * @example
 * ```ts
 * encodeEventId('01a22d87-13fe-7188-9acf-daf8c2188b55'); // Buffer of 16 bytes
 * ```
 */
export function encodeEventId(eventId: string): Buffer | string {
  return UUID.test(eventId) ? Buffer.from(eventId.replace(/-/g, ''), 'hex') : eventId;
}

/**
 * The event id of a stored value (see {@link encodeEventId}).
 *
 * @example
 * ```ts
 * decodeEventId(encodeEventId('01a22d87-13fe-7188-9acf-daf8c2188b55')); // the same text
 * ```
 */
export function decodeEventId(stored: Buffer | Uint8Array | string): string {
  if (typeof stored === 'string') return stored;
  const hex = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Epoch ms of an instant string if writing it back in the same form gives the same text (remembered: instants repeat across a log's events). */
function instantCode(text: string): [Code, number] | undefined {
  let found = instants.get(text);
  if (found === undefined) {
    found = parseInstant(text) ?? null;
    if (instants.size >= 4096) instants.clear();
    instants.set(text, found);
  }
  return found ?? undefined;
}

const instants = new Map<string, [Code, number] | null>();

function parseInstant(text: string): [Code, number] | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const ms = Date.parse(text);
  if (!Number.isSafeInteger(ms)) return undefined;
  const offset = match[2]!;
  const code: Code = offset === 'Z' ? (match[1] ? 'z' : `sZ`) : match[1] ? `o${offset}` : `s${offset}`;
  return formatInstant(code, ms) === text ? [code, ms] : undefined;
}

/** Offset suffix (`+07:00`, `Z`) → minutes east of UTC. */
const offsets = new Map<string, number>();

export function formatInstant(code: string, ms: number): string | undefined {
  if (code === 'z') return isoOf(ms, true, 'Z');
  const offset = code.slice(1);
  let minutes = offsets.get(offset);
  if (minutes === undefined) {
    minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
    if (offsets.size < 1000) offsets.set(offset, minutes);
  }
  return isoOf(ms + minutes * 60_000, code.charCodeAt(0) === 111 /* o: with milliseconds */, offset);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `YYYY-MM-DDTHH:MM:SS[.sss]` of epoch ms (local time already shifted by the
 * offset) followed by `suffix`, for years 0–9999; undefined outside. Integer
 * arithmetic (days → civil date, H. Hinnant's algorithm) instead of
 * `Date#toISOString`, which is several times slower; the encoder only uses a
 * code when this gives the original text back.
 */
function isoOf(ms: number, millis: boolean, suffix: string): string | undefined {
  const days = Math.floor(ms / 86_400_000);
  let rest = ms - days * 86_400_000;
  let date = dates.get(days);
  if (date === undefined) {
    date = civilDate(days);
    if (dates.size >= 4096) dates.clear();
    dates.set(days, date);
  }
  if (date === null) return undefined;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const milli = rest - seconds * 1000;
  const time = `${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return `${date}T${time}${millis ? `.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}` : ''}${suffix}`;
}

/** `YYYY-MM-DD` of days since 1970-01-01 (null outside years 0–9999), by day: events of a log cluster on few days. */
const dates = new Map<number, string | null>();

function civilDate(days: number): string | null {
  const era = Math.floor((days + 719_468) / 146_097);
  const dayOfEra = days + 719_468 - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return null;
  return `${year < 1000 ? `${year}`.padStart(4, '0') : `${year}`}-${pad2(month)}-${pad2(day)}`;
}

const uuidToBase64 = (uuid: string): string => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
export const base64ToUuid = (text: string): string => decodeEventId(Buffer.from(text, 'base64url'));

/**
 * Encode an event's metadata (a JSON object, as parsed from its JSON text,
 * or the caller's object: what JSON leaves out is left out) into the compact
 * `meta` text and the hash (hex, for the BLOB column; null if none).
 * `newHash` replaces the value of a `hash` key, or is added as the last key.
 *
 * @example
 * ```ts
 * declare const dictionary: MetadataDictionary;
 * const { meta, hash } = encodeMetadata({ eventId: 'e-1', hash: 'ab'.repeat(32) }, 'e-1', dictionary);
 * ```
 */
export function encodeMetadata(metadata: Record<string, unknown>, eventId: string, dictionary: MetadataDictionary, newHash?: string): { meta: string; hash: string | null } {
  const keys = Object.keys(metadata);
  if (newHash !== undefined && !Object.hasOwn(metadata, 'hash')) keys.push('hash');
  const shapeKeys: string[] = [];
  const codes: Code[] = [];
  let node = dictionary.shapes;
  const raw: unknown[] = []; // the value of each shape entry, for back references
  const values: unknown[] = [0];
  let hash: string | null = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const value = key === 'hash' && newHash !== undefined ? newHash : metadata[key];
    // What JSON leaves out of an object (the caller's object, not yet a JSON round trip) is left out here too.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    const k = raw.length;
    raw.push(value);
    let code: Code = 'v';
    if (typeof value === 'string') {
      let earlier: number;
      let instant: [Code, number] | undefined;
      if (key === 'eventId' && value === eventId) code = 'i';
      else if (key === 'hash' && hash === null && HEX64.test(value)) {
        hash = value;
        code = 'h';
      } else if ((earlier = findEarlier(raw, value, k)) >= 0) code = earlier;
      else if (value.length === 36 && UUID.test(value)) {
        code = 'u';
        values.push(uuidToBase64(value));
      } else if (value.length >= 20 && (instant = instantCode(value)) !== undefined) {
        code = instant[0];
        values.push(instant[1]);
      } else values.push(value);
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && DICTIONARY_KEYS.has(key)) {
      const id = dictionary.store(JSON.stringify(value));
      if (id !== undefined) code = 'd';
      values.push(id ?? value);
    } else values.push(value);
    shapeKeys.push(key);
    codes.push(code);
    if (node) {
      let byCode = node.next.get(key);
      if (byCode === undefined) node.next.set(key, (byCode = new Map()));
      let child = byCode.get(code);
      if (child === undefined) byCode.set(code, (child = shapeMemo()));
      node = child;
    }
  }
  let shapeId: number | undefined;
  if (node && node.id !== undefined) shapeId = node.id ?? undefined;
  else {
    // The shape's JSON text: what `JSON.stringify` writes for its `[key, code][]` array.
    let shapeText = '[';
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k]!;
      shapeText += `${k === 0 ? '' : ','}[${jsonString(shapeKeys[k]!)},${typeof code === 'number' ? code : jsonString(code)}]`;
    }
    shapeId = dictionary.store(`${shapeText}]`);
    if (node) node.id = shapeId ?? null;
  }
  // A shape whose id is taken by another text (a collision of its 24-bit id): the plain JSON object, which starts with '{'.
  if (shapeId === undefined) return { meta: JSON.stringify(newHash === undefined ? metadata : { ...metadata, hash: newHash }), hash: null };
  values[0] = shapeId;
  return { meta: JSON.stringify(values), hash };
}

/** `JSON.stringify` of a key or code, remembered (metadata keys and codes are few and repeat on every event). */
const jsonStrings = new Map<string, string>();
function jsonString(text: string): string {
  let found = jsonStrings.get(text);
  if (found === undefined) {
    found = JSON.stringify(text);
    if (jsonStrings.size >= 4096) jsonStrings.clear();
    jsonStrings.set(text, found);
  }
  return found;
}

/** Index of an earlier shape entry whose value is the same string, or -1. */
function findEarlier(raw: readonly unknown[], value: string, k: number): number {
  if (value.length < 8) return -1; // not worth a back reference
  const found = raw.indexOf(value);
  return found < k ? found : -1;
}

/**
 * Decode a compact `meta` text (see {@link encodeMetadata}) back into the metadata object.
 *
 * @example
 * ```ts
 * declare const dictionary: MetadataDictionary, meta: string, hash: Buffer | null;
 * const metadata = decodeMetadata(meta, 'e-1', hash, dictionary);
 * ```
 */
export function decodeMetadata(meta: string, eventId: string, hash: Uint8Array | string | null, dictionary: MetadataDictionary): Record<string, unknown> {
  const parsed = JSON.parse(meta) as unknown;
  if (!Array.isArray(parsed)) return parsed as Record<string, unknown>; // written inline (a dictionary collision)
  const shape = dictionary.shape ? dictionary.shape(parsed[0] as number) : (JSON.parse(dictionary.text(parsed[0] as number)) as Shape);
  const out: Record<string, unknown> = {};
  const decoded: unknown[] = new Array(shape.length);
  let next = 1;
  for (let k = 0; k < shape.length; k++) {
    const [key, code] = shape[k]!;
    let value: unknown;
    if (code === 'v') value = parsed[next++];
    else if (code === 'i') value = eventId;
    else if (code === 'h') value = typeof hash === 'string' ? hash : hash ? Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength).toString('hex') : undefined;
    else if (typeof code === 'number') value = decoded[code];
    else if (code === 'd') value = dictionary.value ? dictionary.value(parsed[next++] as number) : JSON.parse(dictionary.text(parsed[next++] as number));
    else if (code === 'u') value = base64ToUuid(parsed[next++] as string);
    else value = formatInstant(code, parsed[next++] as number);
    decoded[k] = value;
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}
