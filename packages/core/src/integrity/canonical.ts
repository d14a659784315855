/**
 * Canonical JSON (JSON chuẩn hoá): the text `JSON.stringify` would write,
 * with every object's keys sorted (UTF-16 code-unit order) and no spaces.
 * The same value gives the same text after any JSON round trip — through
 * SQLite text, PostgreSQL `jsonb` (which reorders keys) or a file — so a
 * hash over it can be recomputed from what a store hands back.
 *
 * Follows `JSON.stringify` exactly for what it keeps and drops: `toJSON` is
 * called, `undefined`, functions and symbols are left out of objects and
 * written `null` in arrays, non-finite numbers are `null`.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, undefined] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, '') ?? 'null';
}

/** Characters `JSON.stringify` escapes in a string (quote, backslash, controls, lone surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal: most text (Vietnamese included) needs no escape and skips `JSON.stringify`. */
const quote = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/** Quoted object keys, remembered: the keys of events repeat on every event (bounded). */
const quotedKeys = new Map<string, string>();
function quoteKey(key: string): string {
  let found = quotedKeys.get(key);
  if (found === undefined) {
    found = quote(key);
    if (quotedKeys.size >= 10_000) quotedKeys.clear();
    quotedKeys.set(key, found);
  }
  return found;
}

/** The keys of `o` in sorted order (most objects are small and already sorted or nearly). */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

function write(value: unknown, key: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null'; // a finite number's JSON is its string (ECMA-262 SerializeJSONProperty)
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      // JSON.stringify throws here too: stores refuse such an event before hashing.
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += `${i > 0 ? ',' : ''}${write(value[i], String(i)) ?? 'null'}`;
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      const keys = sortedKeys(record);
      let out = '{';
      let first = true;
      for (const field of keys) {
        const text = write(record[field], field);
        if (text === undefined) continue;
        out += `${first ? '' : ','}${quoteKey(field)}:${text}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      return undefined; // undefined, function, symbol
  }
}
