/**
 * The JSON text of a snapshot built from its pieces (`chunks.ts`) without
 * assembling the snapshot: each piece is serialised as it comes and let go,
 * and the skeleton is written around the pieces' texts. A rebuild that only
 * saves (`pnpm run rebuild`) writes each merged checkpoint this way
 * (`saveProjectionText`), instead of parsing the whole merged snapshot in the
 * calling thread and serialising it again (the province's TT 01 checkpoint:
 * ≈ 140 MB of text; the parsed snapshot and its text together took the
 * calling thread past 1 GB). The text is the one `JSON.stringify` gives for
 * the assembled snapshot (property-tested in `test/rebuild-chunks.test.ts`).
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { CHUNK_ENTRIES, pieceConsumer, type SnapshotPiece, StreamedEntries } from './chunks';
import { spillPieces } from './spill';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `JSON.stringify` of the snapshot the pieces assemble to (the skeleton first, then slices of its long arrays).
 * @example
 * ```ts
 * const text = snapshotText([{ skeleton: { t: { open: [] }, n: 1 } }, { path: ['t', 'open'], items: [['s1', 1]] }, { path: ['t', 'open'], items: [['s2', 2]] }]);
 * // '{"t":{"open":[["s1",1],["s2",2]]},"n":1}'
 * ```
 */
export function snapshotText(pieces: Iterable<SnapshotPiece>): string {
  const builder = snapshotTextBuilder();
  for (const piece of pieces) builder.add(piece);
  return builder.result();
}

/**
 * {@link snapshotText} one piece at a time: each piece is serialised when added and can then be let go.
 * @example const builder = snapshotTextBuilder(); builder.add({ skeleton: { a: [] } }); builder.add({ path: ['a'], items: [1, 2] }); builder.result(); // '{"a":[1,2]}'
 */
export function snapshotTextBuilder(): { add(piece: SnapshotPiece): void; result(): string } {
  // Path (keys joined by NUL) → the texts of its slices' items, each without its brackets.
  const slices = new Map<string, string[]>();
  const add = (_skeleton: unknown, path: string[], items: unknown[]): void => {
    if (items.length === 0) return;
    const key = path.join('\u0000');
    let texts = slices.get(key);
    if (texts === undefined) slices.set(key, (texts = []));
    texts.push(JSON.stringify(items).slice(1, -1));
  };
  const text = (skeleton: unknown): string => {
    const out: string[] = [];
    const write = (value: unknown, path: string | undefined): boolean => {
      const texts = path === undefined ? undefined : slices.get(path);
      if (texts !== undefined && Array.isArray(value)) {
        // The skeleton's own entries of that array (none when it was cut), then the slices.
        const own = JSON.stringify(value).slice(1, -1);
        out.push(`[${[...(own === '' ? [] : [own]), ...texts].join(',')}]`);
        return true;
      }
      if (isObject(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
        out.push('{');
        let first = true;
        for (const [key, field] of Object.entries(value)) {
          const mark = out.length;
          out.push(`${first ? '' : ','}${JSON.stringify(key)}:`);
          if (write(field, path === undefined ? key : `${path}\u0000${key}`)) first = false;
          else out.length = mark; // undefined, a function: JSON.stringify leaves the key out
        }
        out.push('}');
        return true;
      }
      const json = JSON.stringify(value);
      if (json === undefined) return false;
      out.push(json);
      return true;
    };
    write(skeleton, undefined);
    slices.clear();
    return out.join('');
  };
  return pieceConsumer(add, text);
}

/**
 * The JSON text of the one snapshot spilled in `file` (`spillSnapshots(file, 1, …)`), built piece by piece; the
 * file is removed.
 * @example const text = spilledText('/tmp/motcua-rebuild-x/merged-1.jsonl');
 */
export function spilledText(file: string): string {
  try {
    const builder = snapshotTextBuilder();
    spillPieces(file, (piece) => builder.add(piece));
    return builder.result();
  } finally {
    rmSync(file, { force: true });
  }
}

/** A value whose JSON text is written part by part: a plain object (no `toJSON`), an array, streamed entries. */
const isPlain = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
};

/**
 * Write `JSON.stringify(snapshot)` to `write`, part by part, without making the whole text nor, for streamed entries
 * ({@link StreamedEntries}), the array of them: plain objects key by key, arrays (and streamed entries) in slices of
 * at most `size` entries, each slice's text made by `JSON.stringify` (so an entry's `toJSON` is called with its index
 * in the slice, not in the array: no snapshot has one). Returns false, writing nothing, when `JSON.stringify` gives
 * undefined (a function, `undefined`).
 * @example
 * ```ts
 * const out: string[] = [];
 * writeSnapshotText({ t: { open: [['s1', 1], ['s2', 2]] }, n: 1 }, (text) => out.push(text), 1);
 * out.join(''); // '{"t":{"open":[["s1",1],["s2",2]]},"n":1}'
 * ```
 */
export function writeSnapshotText(snapshot: unknown, write: (text: string) => void, size = CHUNK_ENTRIES): boolean {
  const slice = Math.max(1, size);
  const value = (item: unknown): boolean => {
    if (item instanceof StreamedEntries) {
      write('[');
      let batch: unknown[] = [];
      let first = true;
      const flush = (): void => {
        const text = JSON.stringify(batch).slice(1, -1);
        write(first ? text : `,${text}`);
        first = false;
        batch = [];
      };
      item.forEach((entry) => {
        batch.push(entry);
        if (batch.length >= slice) flush();
      });
      if (batch.length > 0) flush();
      write(']');
      return true;
    }
    if (Array.isArray(item)) {
      if (item.length <= slice) write(JSON.stringify(item));
      else {
        write('[');
        for (let start = 0; start < item.length; start += slice) {
          const text = JSON.stringify(item.slice(start, start + slice)).slice(1, -1);
          write(start === 0 ? text : `,${text}`);
        }
        write(']');
      }
      return true;
    }
    if (isPlain(item)) {
      write('{');
      let first = true;
      for (const [key, field] of Object.entries(item)) {
        const name = `${first ? '' : ','}${JSON.stringify(key)}:`;
        if (field instanceof StreamedEntries || Array.isArray(field) || isPlain(field)) {
          write(name);
          value(field);
        } else {
          const json = JSON.stringify(field);
          if (json === undefined) continue; // undefined, a function: JSON.stringify leaves the key out
          write(name + json);
        }
        first = false;
      }
      write('}');
      return true;
    }
    const json = JSON.stringify(item);
    if (json === undefined) return false;
    write(json);
    return true;
  };
  return value(snapshot);
}

/** Characters of text gathered before a write to a file ({@link spillText}). */
const WRITE_CHARS = 1 << 20;

/**
 * Write `JSON.stringify(snapshot)` to `file` (its UTF-8 bytes, nothing else), part by part (`writeSnapshotText`):
 * neither the text nor, for streamed entries, the snapshot's arrays are ever made whole. What a rebuild's owner
 * writes for a checkpoint saved from its text (`saveProjectionText`). A snapshot `JSON.stringify` makes nothing
 * of (undefined) is a `RangeError`.
 * @example spillText('/tmp/merged-0.json', { a: [1, 2] }); // the file holds {"a":[1,2]}
 */
export function spillText(file: string, snapshot: unknown, entries = CHUNK_ENTRIES): void {
  const fd = openSync(file, 'w');
  try {
    let parts: string[] = [];
    let chars = 0;
    const flush = (): void => {
      if (parts.length > 0) writeSync(fd, parts.join(''));
      parts = [];
      chars = 0;
    };
    const written = writeSnapshotText(
      snapshot,
      (text) => {
        parts.push(text);
        chars += text.length;
        if (chars >= WRITE_CHARS) flush();
      },
      entries,
    );
    if (!written) throw new RangeError(`spillText: the snapshot has no JSON text (${typeof snapshot})`);
    flush();
  } finally {
    closeSync(fd);
  }
}
