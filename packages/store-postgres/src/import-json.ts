/**
 * Canonical JSON (`integrity/canonical.ts`) written straight as UTF-8 bytes into one reused scratch buffer, for the
 * COPY rows of `importEvents` (`import-encode.ts`): an event's content-digest input is laid out there and hashed in
 * one shot, and the row copies its data and metadata from it. Strings that need no JSON escape (nearly all) are
 * encoded by a loop; anything else — a character JSON escapes (quote, backslash, controls, lone surrogates), a
 * BigInt, a cycle — makes the field take the string path (`canonicalField`), so texts and typed errors are those of
 * `canonicalJson` and `eventJson`.
 */
import * as crypto from 'node:crypto';
import { canonicalJson, eventJson } from '@motcua/core/store-kit';

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
export const sha256 = oneShot
  ? (bytes: Uint8Array): string => oneShot('sha256', bytes, 'hex')
  : (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Thrown inside the byte writer when a value needs the string path (rare: escapes, BigInt…). */
const BAIL = new Error('needs the string path');

// The scratch buffer of the JSON writer (one event at a time; synchronous, so module state is safe).
export let json = Buffer.allocUnsafe(1 << 16);
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

/** `bytes` into `b` at `o` (a loop: short, and no view to allocate); returns the new offset. */
export function put(b: Buffer, o: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) b[o++] = bytes[k]!;
  return o;
}

/** The largest scratch buffer kept from one event to the next (bytes). */
const SCRATCH_KEPT = 1 << 22;

/** Where the fields of the last {@link digestInput} lie in {@link json}, and whether their text holds a backslash. */
export const input = { dataStart: 0, dataEnd: 0, dataSlash: false, metaStart: 0, metaEnd: 0, metaSlash: false };

/**
 * The content digest of `integrity/chain.ts` — SHA-256 of `[stream,type,data,metadata without hash]` in canonical
 * JSON — written into {@link json} (`prefix` = `[<stream>,`, `typeJson` = `<type>,`) and hashed there; the fields'
 * places are left in {@link input} for the row. Typed errors as `canonicalField`.
 */
export function digestInput(prefix: Uint8Array, typeJson: Uint8Array, data: unknown, metadata: unknown, index: number): string {
  if (json.length > SCRATCH_KEPT) {
    // A huge event grew the scratch buffer: not kept for the rest of the process.
    json = Buffer.allocUnsafe(1 << 16);
    jsonViews.clear();
  }
  at = 0;
  room(prefix.length + typeJson.length);
  at = put(json, 0, prefix);
  at = put(json, at, typeJson);
  input.dataStart = at;
  input.dataSlash = jsonField(data, index, 'data');
  input.dataEnd = at;
  room(1);
  json[at++] = 0x2c;
  input.metaStart = at;
  input.metaSlash = jsonField(metadata, index, 'metadata');
  input.metaEnd = at;
  room(1);
  json[at++] = 0x5d;
  return sha256(jsonView(at));
}
