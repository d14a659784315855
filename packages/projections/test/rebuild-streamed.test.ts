/**
 * Snapshots written straight from a projection's state (src/rebuild/streamed-states.ts, the writers of chunks.ts
 * and snapshot-text.ts): what the owner of a merged projection writes in a rebuild's end phase. The oracle is the
 * projection's own `toSnapshot` of the same state (independent code: the streamed snapshot re-states it with its
 * long arrays read lazily) — states built by the projections' own folds of random histories through the real
 * engine, some of them then absorbed from other partitions as the owner does. For any piece size:
 * - the JSON text written to a file is `JSON.stringify(projection.toSnapshot(state))`, byte for byte;
 * - the pieces, assembled, equal that snapshot, and each holds at most that many entries.
 * And the text writer on its own: any snapshot-shaped object, its arrays plain or streamed, gives `JSON.stringify`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { type partitionFold, rebuildable, REBUILD_KINDS, type RebuildSpec } from '@motcua/projections';
import { absorberOf, absorbPieces } from '../src/rebuild/absorb';
import { forEachSnapshotPiece, type SnapshotPiece, snapshotAssembler, StreamedEntries } from '../src/rebuild/chunks';
import { spillText, writeSnapshotText } from '../src/rebuild/snapshot-text';
import { streamedSnapshot } from '../src/rebuild/streamed-states';
import { historyArb, runHistory } from './support/generate';
import { foldPartitions } from './support/partition-folds';

const dir = mkdtempSync(join(tmpdir(), 'motcua-streamed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const specs: RebuildSpec[] = REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);
const STREAMED = ['tt01', 'satisfaction', 'timeliness'] as const;

/**
 * The states of every report projection after folding `events` (as a rebuild partition folds them); with more
 * partitions, partition 0's TT 01, satisfaction and timeliness states after absorbing the others' parts piece by
 * piece (what their owner does), the others' pieces cut from their own streamed snapshots.
 */
function states(events: readonly StoredEvent[], partitions: number, size: number): { fold: ReturnType<typeof partitionFold>; index: number }[] {
  const folds = foldPartitions(events, partitions, specs);
  const [own, ...others] = folds;
  for (const [index, spec] of specs.entries()) {
    const absorb = absorberOf(spec.kind);
    if (!absorb) continue;
    for (const other of others) {
      const pieces = absorbPieces(own!.state(index), absorb());
      forEachSnapshotPiece(streamedSnapshot(spec.kind, other.state(index)), size, (piece) => pieces.add(structuredClone(piece)));
      pieces.finish();
    }
  }
  return specs.map((_, index) => ({ fold: own!, index }));
}

let round = 0;

describe('streamed snapshots of the report projections, straight from their states', () => {
  it('the text written to a file is JSON.stringify of toSnapshot; the pieces assemble to it, each of at most `size` entries; any piece size, 1–3 partitions absorbed (property)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 3 }), fc.constantFrom(1, 2, 3, 5, 8192), async (scripts, partitions, size) => {
        const { events } = await runHistory(scripts);
        for (const { fold, index } of states(events, partitions, size)) {
          const spec = specs[index]!;
          const { projection } = rebuildable(spec);
          const state = fold.state(index);
          const oracle = JSON.stringify(projection.toSnapshot(state));
          // Kinds without a streamed snapshot are written whole (as the owner does): the same writer, the same text.
          const streamed = streamedSnapshot(spec.kind, state);
          expect(streamed === undefined, spec.kind).toBe(!(STREAMED as readonly string[]).includes(spec.kind));
          const snapshot = () => streamedSnapshot(spec.kind, state) ?? projection.toSnapshot(state);
          const file = join(dir, `text-${round++}.json`);
          spillText(file, snapshot(), size);
          expect(readFileSync(file, 'utf8'), spec.kind).toBe(oracle);
          rmSync(file);
          const assembler = snapshotAssembler();
          forEachSnapshotPiece(snapshot(), size, (piece: SnapshotPiece) => {
            if ('items' in piece) expect(piece.items.length).toBeLessThanOrEqual(size);
            assembler.add(structuredClone(piece));
          });
          expect(assembler.result(), spec.kind).toEqual(JSON.parse(oracle));
          // JSON.stringify of a streamed snapshot reads its entries whole (StreamedEntries.toJSON): the same text.
          expect(JSON.stringify(snapshot()), spec.kind).toBe(oracle);
        }
      }),
      { numRuns: 30 },
    );
  }, 180_000);
});

// Snapshot-shaped values with odd skeleton values: any JSON (an own `__proto__` key among them), undefined fields.
const entry = fc.tuple(fc.string({ maxLength: 6 }), fc.record({ closedDay: fc.integer({ min: -1, max: 30_000 }), unit: fc.string(), flags: fc.nat(511) }));
const list = fc.array(entry, { maxLength: 40 });
const shaped = fc.record({
  v: fc.constant(2),
  dims: fc.array(fc.record({ unit: fc.string(), channel: fc.constantFrom('direct', 'online') }), { maxLength: 5 }),
  cube: fc.array(fc.array(fc.integer(), { maxLength: 6 }), { maxLength: 30 }),
  t: fc.record({ open: list, tail: list, maxDay: fc.nat(), unattributed: fc.nat(), note: fc.jsonValue({ maxDepth: 2 }) }),
  counters: fc.array(fc.tuple(fc.string({ maxLength: 8 }), fc.array(fc.nat(), { maxLength: 5 })), { maxLength: 30 }),
  extra: fc.jsonValue({ maxDepth: 3 }),
  none: fc.constant(undefined),
  when: fc.constant(new Date(Date.UTC(2025, 6, 1))),
});

/** `value` with each array (at any depth of plain objects) replaced, where `stream` says so, by streamed entries giving its items. */
function streamArrays(value: unknown, stream: () => boolean): unknown {
  if (Array.isArray(value)) {
    const items = value;
    return stream() ? new StreamedEntries((push) => items.forEach((item) => push(item))) : value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value))
      Object.defineProperty(copy, key, { value: streamArrays(field, stream), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return value;
}

describe('writeSnapshotText', () => {
  it('gives JSON.stringify of the snapshot, its arrays plain or streamed, for any slice size (property)', () => {
    fc.assert(
      fc.property(shaped, fc.integer({ min: 1, max: 50 }), fc.infiniteStream(fc.boolean()), (snapshot, size, coins) => {
        const oracle = JSON.stringify(snapshot);
        const parts: string[] = [];
        expect(
          writeSnapshotText(
            streamArrays(snapshot, () => coins.next().value as boolean),
            (text) => parts.push(text),
            size,
          ),
        ).toBe(true);
        expect(parts.join('')).toBe(oracle);
        // No part holds more than `size` entries of a long array: the array of a slice is never the whole one.
        if (snapshot.cube.length > size) expect(parts).not.toContain(JSON.stringify(snapshot.cube));
      }),
      { numRuns: 300 },
    );
    const proto = JSON.parse('{"t":{"__proto__":"x","open":[[1],[2]]}}') as unknown;
    const parts: string[] = [];
    writeSnapshotText(proto, (text) => parts.push(text), 1);
    expect(parts.join('')).toBe(JSON.stringify(proto));
    // Nothing JSON.stringify can write: false, nothing written; spillText refuses it.
    expect(writeSnapshotText(undefined, () => expect.unreachable())).toBe(false);
    expect(() => spillText(join(dir, 'none.json'), () => 1)).toThrow(RangeError);
  });
});
