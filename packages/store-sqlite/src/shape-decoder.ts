/**
 * Fast path of {@link decodeMetadata} for reads (lecture rapide): one
 * function per metadata shape, generated once and cached by shape id, that
 * builds the metadata object as a single object literal (one hidden class, no
 * per-key loop over the shape) and freezes it — instead of interpreting the
 * shape for every row.
 *
 * Only the keys (as JSON string literals) and value indexes enter the
 * generated code; every other piece (instant codes, the dictionary) is passed
 * in as data. A shape the generator does not handle (a `__proto__` key, an
 * unknown code, a back reference that does not point backwards) is decoded by
 * the interpreting {@link decodeMetadata}. The two are property-tested to give
 * the same object (`codec.test.ts`).
 */
import { freezeParsed } from '@motcua/core/store-kit';
import { base64ToUuid, decodeMetadata, formatInstant, type MetadataDictionary, type Shape } from './codec';

/** Decodes the parsed `meta` array of one shape (element 0 is the shape id). */
type Compiled = (parsed: unknown[], eventId: string, hash: string | undefined) => Record<string, unknown>;

interface Helpers {
  /** Instant codes of the shape, by entry index. */
  readonly codes: readonly string[];
  readonly format: typeof formatInstant;
  readonly uuid: typeof base64ToUuid;
  readonly entry: (id: number) => unknown;
  readonly freeze: typeof freezeParsed;
}

/** The generated body for a shape, or undefined if it is left to the interpreter. */
function generate(shape: Shape): string | undefined {
  const lines: string[] = [];
  const fields: string[] = [];
  let next = 1;
  for (let k = 0; k < shape.length; k++) {
    const entry = shape[k];
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [key, code] = entry as [unknown, unknown];
    if (typeof key !== 'string' || key === '__proto__') return undefined;
    let expression: string;
    if (code === 'v') expression = `h.freeze(p[${next++}])`;
    else if (code === 'i') expression = 'eventId';
    else if (code === 'h') expression = 'hash';
    else if (code === 'd') expression = `h.entry(p[${next++}])`;
    else if (code === 'u') expression = `h.uuid(p[${next++}])`;
    else if (code === 'z' || (typeof code === 'string' && (code[0] === 'o' || code[0] === 's'))) expression = `h.format(h.codes[${k}], p[${next++}])`;
    else if (typeof code === 'number' && Number.isInteger(code) && code >= 0 && code < k) expression = `v${code}`;
    else return undefined;
    lines.push(`const v${k} = ${expression};`);
    fields.push(`${JSON.stringify(key)}: v${k}`);
  }
  return `return function (p, eventId, hash) {\n${lines.join('\n')}\nreturn Object.freeze({ ${fields.join(', ')} });\n};`;
}

/**
 * The metadata decoder of one connection: `decode(meta, eventId, hash)` gives
 * the same object as `decodeMetadata` (deeply frozen), through a generated
 * function per shape id (at most `limit` cached).
 *
 * @example
 * ```ts
 * declare const dictionary: Parameters<typeof shapeDecoder>[0], meta: string;
 * const decode = shapeDecoder(dictionary);
 * const metadata = decode(meta, 'e-1', null);
 * ```
 */
export function shapeDecoder(dictionary: MetadataDictionary, limit = 10_000): (meta: string, eventId: string, hash: string | null) => Record<string, unknown> {
  const compiled = new Map<number, Compiled | null>();
  const entry = (id: number): unknown => (dictionary.value ? dictionary.value(id) : freezeParsed(JSON.parse(dictionary.text(id))));
  const compile = (shape: Shape): Compiled | null => {
    const body = Array.isArray(shape) ? generate(shape) : undefined;
    if (body === undefined) return null;
    const helpers: Helpers = {
      codes: shape.map((item) => (typeof item[1] === 'string' ? item[1] : '')),
      format: formatInstant,
      uuid: base64ToUuid,
      entry,
      freeze: freezeParsed,
    };
    // Generated from the shape's keys as JSON string literals and integer indexes only (see generate)
    return new Function('h', body)(helpers) as Compiled;
  };
  return (meta, eventId, hash) => {
    const parsed = JSON.parse(meta) as unknown;
    const id = Array.isArray(parsed) ? parsed[0] : undefined;
    if (typeof id !== 'number') return freezeParsed(decodeMetadata(meta, eventId, hash, dictionary));
    let decode = compiled.get(id);
    if (decode === undefined) {
      decode = compile(dictionary.shape ? dictionary.shape(id) : (JSON.parse(dictionary.text(id)) as Shape));
      if (compiled.size >= limit) compiled.clear();
      compiled.set(id, decode);
    }
    if (decode === null) return freezeParsed(decodeMetadata(meta, eventId, hash, dictionary));
    return decode(parsed as unknown[], eventId, hash ?? undefined);
  };
}
