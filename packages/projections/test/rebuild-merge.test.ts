/**
 * The rebuild's merge (src/rebuild/merge.ts) against the oracle of a single
 * fold: random dossier histories through the real engine, the log dealt to
 * 2–5 partitions by stream hash, each partition folded on its own, the
 * partial snapshots merged; the merged state must equal one fold over the
 * whole log — the snapshot (up to map-entry order and dimension numbering)
 * and every report read from it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import {
  decision766,
  foldProjection,
  lateAgencies,
  partitionOf,
  rebuildable,
  receptionReport,
  report06a,
  satisfactionReport,
  tt01Report,
  type RebuildSpec,
} from '@motcua/projections';
import { mergeCounterEntries } from '../src/rebuild/merge-parts';
import { historyArb, runHistory, testCatalog } from './support/generate';

const catalog = testCatalog();
const period = { from: '2024-02-01', to: '2024-12-31' };

type Entry = [string, unknown];
const byKey = (entries: readonly Entry[]): Entry[] => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

/** A snapshot with map entries in key order and timeliness dimensions named instead of numbered. */
function canonical(kind: RebuildSpec['kind'], snapshot: Record<string, unknown>): unknown {
  if (kind === 'timeliness') {
    const dims = snapshot.dims as Record<string, string>[];
    const name = (index: number) => JSON.stringify(dims[index]);
    const PAGES = 1 << 15;
    const cube: Entry[] = [];
    for (const row of snapshot.cube as number[][]) {
      const dim = Math.floor(row[0]! / PAGES);
      for (let i = 1; i + 1 < row.length; i += 2) cube.push([`${name(dim)}|${row[0]! % PAGES}|${row[i]}`, row[i + 1]]);
    }
    const records = (list: [string, { dim: number }][]) => byKey(list.map(([id, record]) => [id, { ...record, dim: name(record.dim) }]));
    return {
      dims: dims.map((dim) => JSON.stringify(dim)).sort(),
      cube: byKey(cube),
      open: records(snapshot.open as never),
      tail: records(snapshot.tail as never),
      maxDay: snapshot.maxDay,
      unattributed: snapshot.unattributed,
      intake: byKey(snapshot.intake as Entry[]),
    };
  }
  const sortAll = (value: unknown): unknown => {
    if (Array.isArray(value) && value.every((item) => Array.isArray(item) && typeof item[0] === 'string')) return byKey(value as Entry[]);
    if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortAll(v)]));
    return value;
  };
  return sortAll(snapshot);
}

/** Every report of a state, as the desk and the province read them. */
function reports(kind: RebuildSpec['kind'], projection: never, state: never): unknown {
  switch (kind) {
    case 'timeliness':
      return {
        r06a: report06a(state, { projection, catalog, ...period, groupBy: ['unit', 'procedure'] }),
        total: report06a(state, { projection, catalog, ...period }),
        d766: decision766(state, { projection, catalog, ...period, groupBy: ['unit'] }),
      };
    case 'tt01':
      return { official: tt01Report(state, { catalog, ...period, by: 'official' }), agency: tt01Report(state, { catalog, ...period, by: 'agency' }) };
    case 'satisfaction':
      return satisfactionReport(state, { catalog, ...period, groupBy: ['unit', 'official'] });
    case 'reception':
      return receptionReport(state, { projection, ...period, groupBy: ['unit', 'procedure'] });
    case 'late-agencies':
      return lateAgencies(state, { at: '2024-12-31T17:00:00.000+07:00' });
  }
}

function mergedAgainstSingle(spec: RebuildSpec, events: readonly StoredEvent[], partitions: number, partitionOfStream = partitionOf): void {
  const { projection, merge } = rebuildable(spec);
  const single = foldProjection(projection, events);
  const dealt: StoredEvent[][] = Array.from({ length: partitions }, () => []);
  for (const event of events) dealt[partitionOfStream(event.streamId, partitions)]!.push(event);
  const partials = dealt.map((part) => projection.toSnapshot(foldProjection(projection, part)));
  // What the rebuild does: the parts cloned (as from worker threads), merged taking over their records.
  const reused = merge(structuredClone(partials), { reuse: true });
  const merged = merge(partials);
  expect(canonical(spec.kind, merged as never), spec.kind).toEqual(canonical(spec.kind, projection.toSnapshot(single)));
  expect(canonical(spec.kind, reused as never), `${spec.kind} (reuse)`).toEqual(canonical(spec.kind, projection.toSnapshot(single)));
  expect(reports(spec.kind, projection as never, projection.fromSnapshot(merged) as never), spec.kind).toEqual(reports(spec.kind, projection as never, single as never));
}

const WIDE = 100_000;
const wideSpecs: RebuildSpec[] = [
  { kind: 'timeliness', options: { lateEventWindowDays: WIDE } },
  { kind: 'tt01', options: { lateEventWindowDays: WIDE } },
  { kind: 'satisfaction', options: { lateEventWindowDays: WIDE } },
  { kind: 'reception', options: { windowDays: WIDE } },
  { kind: 'late-agencies' },
];

describe('rebuild merge = one fold over the whole log (fast-check, random histories through the engine)', () => {
  it('every report projection, when the late-event window covers the history: snapshot and reports equal', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 2, max: 5 }), async (scripts, partitions) => {
        const { events } = await runHistory(scripts);
        for (const spec of wideSpecs) mergedAgainstSingle(spec, events, partitions);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('every report projection with its default options (90-day windows)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 2, max: 5 }), async (scripts, partitions) => {
        const { events } = await runHistory(scripts);
        for (const kind of ['timeliness', 'tt01', 'satisfaction', 'reception', 'late-agencies'] as const) mergedAgainstSingle({ kind }, events, partitions);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("narrow late-event windows (0–5 days): the reports equal — a late event is attributed by its own day and its dossier's end day, not by how far each partition got", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 5 }), async (scripts, partitions, window) => {
        const { events } = await runHistory(scripts);
        const specs: RebuildSpec[] = [
          { kind: 'timeliness', options: { lateEventWindowDays: window } },
          { kind: 'timeliness', options: { lateEventWindowDays: window, kpiCountIntakeSupplements: true, name: 'timeliness-intake' } },
          { kind: 'tt01', options: { lateEventWindowDays: window } },
          { kind: 'satisfaction', options: { lateEventWindowDays: window } },
          { kind: 'reception', options: { windowDays: window } },
        ];
        for (const spec of specs) {
          const { projection, merge } = rebuildable(spec);
          const single = foldProjection(projection, events);
          const dealt: StoredEvent[][] = Array.from({ length: partitions }, () => []);
          for (const event of events) dealt[partitionOf(event.streamId, partitions)]!.push(event);
          const merged = projection.fromSnapshot(merge(dealt.map((part) => projection.toSnapshot(foldProjection(projection, part)))));
          expect(reports(spec.kind, projection as never, merged as never), `${spec.kind}, window ${window}`).toEqual(reports(spec.kind, projection as never, single as never));
          if (spec.kind !== 'reception') {
            const tracker = (state: unknown) => (spec.kind === 'timeliness' ? state : (state as { t: unknown }).t) as { open: Map<string, unknown>; unattributed: number };
            expect(tracker(merged).unattributed, `${spec.kind} unattributed`).toBe(tracker(single).unattributed);
            expect(byKey([...tracker(merged).open] as Entry[]).length).toBe(tracker(single).open.size);
          }
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);

  it('a history and its copy under other stream ids, one per partition: every counter cell collides and must add up', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.boolean(), async (scripts, wide) => {
        const { events } = await runHistory(scripts);
        // Each event followed by its copy (same data and instants, stream id + '~copy'), positions renumbered.
        const doubled = events.flatMap((event) => [event, { ...event, streamId: `${event.streamId}~copy` }]).map((event, index) => ({ ...event, position: index + 1 }));
        const copyOrNot = (streamId: string) => (streamId.endsWith('~copy') ? 1 : 0);
        const specs = wide ? wideSpecs : (['timeliness', 'tt01', 'satisfaction', 'reception', 'late-agencies'] as const).map((kind) => ({ kind }) as RebuildSpec);
        for (const spec of specs) mergedAgainstSingle(spec, doubled, 2, copyOrNot);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it('a partition may be empty, or the whole log (1 partition): the merge of one snapshot is that snapshot', async () => {
    const { events } = await runHistory(fc.sample(historyArb, { numRuns: 1, seed: 7 })[0]!);
    for (const spec of wideSpecs) {
      mergedAgainstSingle(spec, events, 1);
      mergedAgainstSingle(spec, events, 64);
    }
  }, 60_000);
});

describe('mergeCounterEntries: counter rows summed by key', () => {
  it('rows of a part may share one array (TT 01 snapshots do): the sums are right, with reuse or not, and without reuse the parts are unchanged (property)', () => {
    const row = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 3, maxLength: 3 });
    const part = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), row, fc.boolean()), { maxLength: 8 });
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), fc.boolean(), (specs, reuse) => {
        // Each key once in a part; a row flagged `true` shares the previous row's array (equal values, as TT 01 writes them).
        const parts = specs.map((spec) => {
          const seen = new Set<string>();
          const entries: [string, number[]][] = [];
          for (const [key, values, share] of spec) {
            if (seen.has(key)) continue;
            seen.add(key);
            const previous = entries.at(-1);
            entries.push([key, share && previous ? previous[1] : [...values]]);
          }
          return entries;
        });
        // The oracle: sums by key over deep copies, keys in first-seen order.
        const expected = new Map<string, number[]>();
        for (const entries of parts)
          for (const [key, values] of entries) {
            const sum = expected.get(key) ?? [0, 0, 0];
            expected.set(
              key,
              sum.map((value, i) => value + values[i]!),
            );
          }
        const before = JSON.stringify(parts);
        const merged = mergeCounterEntries(parts, reuse);
        expect(JSON.parse(JSON.stringify(merged))).toEqual([...expected]);
        if (!reuse) expect(JSON.stringify(parts)).toBe(before);
      }),
      { numRuns: 500 },
    );
  });
});
