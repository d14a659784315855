/**
 * A snapshot sent in pieces (src/rebuild/chunks.ts) is rebuilt equal to the
 * snapshot: random snapshot-shaped objects (long and short arrays at the top
 * level and one level down, nested records, typed values), every piece
 * structured-cloned as a worker's message would be, against a deep copy taken
 * before the split (the oracle; the split must leave the original as it is).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachSnapshotPiece, type SnapshotPiece, sharedStrings, snapshotAssembler } from '../src/rebuild/chunks';
import { writeSnapshotText } from '../src/rebuild/snapshot-text';

/** The pieces of a snapshot, in order. */
const snapshotPieces = (snapshot: unknown, size = 8192): SnapshotPiece[] => {
  const pieces: SnapshotPiece[] = [];
  forEachSnapshotPiece(snapshot, size, (piece) => pieces.push(piece));
  return pieces;
};

const entry = fc.tuple(fc.string({ maxLength: 6 }), fc.record({ closedDay: fc.integer({ min: -1, max: 30_000 }), dim: fc.nat(50), flags: fc.nat(511) }));
const list = fc.array(entry, { maxLength: 60 });
const tracker = fc.record({ open: list, tail: list, maxDay: fc.nat(), unattributed: fc.nat() });
const snapshot = fc.record({
  v: fc.constant(2),
  dims: fc.array(fc.record({ unit: fc.string(), channel: fc.constantFrom('direct', 'online') }), { maxLength: 5 }),
  cube: fc.array(fc.array(fc.integer(), { maxLength: 6 }), { maxLength: 40 }),
  t: tracker,
  counters: fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.array(fc.nat(), { maxLength: 5 })), { maxLength: 40 }),
});

describe('snapshot pieces (worker → calling thread)', () => {
  it('the text written part by part is JSON.stringify of the snapshot, for any slice size (property)', () => {
    fc.assert(
      fc.property(snapshot, fc.integer({ min: 1, max: 70 }), fc.jsonValue({ maxDepth: 2 }), (original, size, extra) => {
        // Odd values in the skeleton too: any JSON (an own `__proto__` key among them: CI found it lost), and keys JSON.stringify leaves out (undefined).
        const withExtra = { ...original, extra, gone: undefined, t: { ...original.t, note: structuredClone(extra), none: undefined } };
        const oracle = JSON.stringify(withExtra);
        const parts: string[] = [];
        expect(writeSnapshotText(withExtra, (text) => parts.push(text), size)).toBe(true);
        expect(parts.join('')).toBe(oracle);
      }),
      { numRuns: 300 },
    );
    const proto = JSON.parse('{"t":{"__proto__":"x","open":[[1],[2]]}}') as unknown;
    const parts: string[] = [];
    writeSnapshotText(proto, (text) => parts.push(text), 1);
    expect(parts.join('')).toBe(JSON.stringify(proto));
  });

  it('the assembled pieces equal the snapshot, for any piece size; each piece holds at most that many entries', () => {
    fc.assert(
      fc.property(snapshot, fc.integer({ min: 1, max: 70 }), fc.boolean(), (original, size, share) => {
        const oracle = structuredClone(original);
        const strings = share ? sharedStrings() : undefined;
        const assembler = snapshotAssembler(strings);
        let pieces = 0;
        for (const piece of snapshotPieces(original, size)) {
          pieces++;
          if ('items' in piece) expect(piece.items.length).toBeLessThanOrEqual(size);
          assembler.add(structuredClone(piece));
        }
        expect(assembler.result()).toEqual(oracle);
        // A long array is sent in ⌈length / size⌉ slices after the one skeleton.
        const long = [oracle.cube, oracle.t.open, oracle.t.tail, oracle.counters, oracle.dims].filter((array) => array.length > size);
        expect(pieces).toBe(1 + long.reduce((sum, array) => sum + Math.ceil(array.length / size), 0));
      }),
      { numRuns: 300 },
    );
  });

  it('with a table of shared strings, equal stream ids and codes of different pieces and snapshots are one string', () => {
    const strings = sharedStrings();
    const records = [0, 1].map(() => {
      const assembler = snapshotAssembler(strings);
      const original = { t: { tail: [0, 1, 2].map((i) => [`dossier-${i}`, { closedDay: i, unit: `unit-${i % 2}` }]) } };
      for (const piece of snapshotPieces(original, 1)) assembler.add(structuredClone(piece));
      return (assembler.result() as typeof original).t.tail;
    });
    const [first, second] = records as [[string, { unit: string }][], [string, { unit: string }][]];
    expect(first.map(([id]) => id)).toEqual(['dossier-0', 'dossier-1', 'dossier-2']);
    // Same text, same table → the very same string, across pieces and snapshots (Object.is cannot tell strings apart: a Set of the table's look-ups can).
    const shared = new Set([...first, ...second].map(([, record]) => strings.share(record.unit)));
    expect(shared.size).toBe(2);
    expect(first[0]![1].unit).toBe(strings.share('unit-0'));
  });

  it("the snapshot is left as it is (a streamed snapshot's plain arrays are the state's own)", () => {
    const original = {
      t: {
        open: [
          ['a', 1],
          ['b', 2],
          ['c', 3],
        ],
        maxDay: 1,
      },
      cube: [[1], [2], [3]],
    };
    const oracle = structuredClone(original);
    expect(snapshotPieces(original, 2)).toHaveLength(1 + 2 + 2);
    expect(original).toEqual(oracle);
  });

  it('a piece before the skeleton is refused; a non-object snapshot is its own skeleton', () => {
    expect(() => snapshotAssembler().add({ path: ['a'], items: [1] })).toThrow(RangeError);
    const assembler = snapshotAssembler();
    for (const piece of snapshotPieces(null)) assembler.add(piece);
    expect(assembler.result()).toBeNull();
  });
});

describe('snapshots spilled to a file and read back (src/rebuild/spill.ts)', () => {
  it('every snapshot comes back equal, in index order, for any number of them (property)', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { readSpilled, spillSnapshots } = await import('../src/rebuild/spill');
    const folder = mkdtempSync(join(tmpdir(), 'motcua-spill-test-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(snapshot, { maxLength: 4 }), fc.boolean(), async (snapshots, share) => {
          const oracle = structuredClone(snapshots);
          const file = join(folder, 'part.jsonl');
          spillSnapshots(file, snapshots.length, (index) => snapshots[index]);
          expect(await readSpilled(file, snapshots.length, share ? sharedStrings() : undefined)).toEqual(oracle);
        }),
        { numRuns: 100 },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('spilled files read one snapshot at a time (spilledReader, src/rebuild/spill.ts)', () => {
  it("two files read in turn, snapshot by snapshot, give each file's snapshots; out of order is refused (property)", async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spilledReader, spillSnapshots } = await import('../src/rebuild/spill');
    const folder = mkdtempSync(join(tmpdir(), 'motcua-spill-test-'));
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(snapshot, snapshot), { minLength: 1, maxLength: 4 }), fc.boolean(), async (pairs, share) => {
          const oracle = structuredClone(pairs);
          const files = [join(folder, 'a.jsonl'), join(folder, 'b.jsonl')];
          files.forEach((file, f) => spillSnapshots(file, pairs.length, (index) => pairs[index]![f]));
          const strings = share ? sharedStrings() : undefined;
          const readers = files.map((file) => spilledReader(file, pairs.length, strings));
          for (let index = 0; index < pairs.length; index++) expect(readers.map((reader) => reader.take(index))).toEqual(oracle[index]);
          expect(() => readers[0]!.take(pairs.length)).toThrow(RangeError); // all were read
          for (const reader of readers) reader.close();
          const again = spilledReader(files[0]!, pairs.length);
          expect(() => again.take(pairs.length > 1 ? 1 : 5)).toThrow(RangeError); // 0 must come first
          again.close();
        }),
        { numRuns: 100 },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the lines of a spilled file (linesOf, src/rebuild/spill.ts)', () => {
  it('gives the non-empty lines of the file, for any block size, multi-byte characters cut across blocks included (property)', async () => {
    const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { linesOf } = await import('../src/rebuild/spill');
    const folder = mkdtempSync(join(tmpdir(), 'motcua-lines-test-'));
    try {
      const line = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('Bộ phận Một cửa UBND xã Đình Xuyên', '', '{"i":0}'));
      fc.assert(
        fc.property(fc.array(line, { maxLength: 20 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), (lines, blockBytes, finalNewline) => {
          const text = lines.map((l) => l.replaceAll('\n', ' ')).join('\n') + (finalNewline ? '\n' : '');
          const file = join(folder, 'lines.txt');
          writeFileSync(file, text);
          // Oracle: the file read whole and split.
          const expected = readFileSync(file, 'utf8')
            .split('\n')
            .filter((l) => l !== '');
          expect([...linesOf(file, blockBytes)]).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
