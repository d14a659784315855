/**
 * The JSON text of a snapshot written part by part (văn bản JSON ghi dần), never made whole: what the owner of a
 * merged projection writes to a file for a rebuild that only saves (`pnpm run rebuild`), its checkpoint as
 * `saveProjectionText` takes it. With a snapshot streamed from the state (`streamed-states.ts`), neither the text
 * nor the snapshot's long arrays are ever held: session 9 sent the merged snapshot in pieces and rebuilt its text in
 * the calling thread, which took the calling thread past 1 GB on a province's history (TT 01: ≈ 110 MB of text).
 * The text is the one `JSON.stringify` gives (property-tested in `test/rebuild-streamed.test.ts`).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { CHUNK_ENTRIES, StreamedEntries } from './chunks';

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
