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
import { rmSync } from 'node:fs';
import { pieceConsumer, type SnapshotPiece } from './chunks';
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
