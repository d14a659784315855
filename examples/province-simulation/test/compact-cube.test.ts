/**
 * The compact cube of the report projection: it must behave as the plain
 * `Map` of pages the timeliness projection was written for. Oracle: the same
 * operations on a plain `Map` (fast-check), and the reports of a simulated
 * run projected with the projections package's own (plain) state.
 */
import { vietnamCalendar } from '@motcua/calendar';
import { createEngine, InMemoryEventStore } from '@motcua/core';
import { createProjectionRunner, timelinessProjection } from '@motcua/projections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulationCatalog } from '../src/catalog';
import { CompactCube, compactCube, MIN_PLAIN_PAGES } from '@motcua/projections';
import { queryReport, reportProjection, type ReportState } from '../src/report';
import { runSimulation } from '../src/run';
import { GIA_LAM } from '../src/workload';

const LENGTH = 24;
/** Pages as plain arrays by key, sorted: what a reader of the map sees. */
const contents = (map: Map<number, Int32Array>) => [...map].map(([key, page]) => [key, [...page]] as const).sort((a, b) => a[0] - b[0]);

type Op = { kind: 'bump'; key: number; cell: number; by: number } | { kind: 'delete'; key: number } | { kind: 'read'; key: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('bump' as const), key: fc.nat(300), cell: fc.nat(LENGTH - 1), by: fc.integer({ min: -3, max: 5 }) }) },
  // Sums past the 16 bits of a narrow packed page (±32,767), both ways.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('bump' as const), key: fc.nat(300), cell: fc.nat(LENGTH - 1), by: fc.integer({ min: -70_000, max: 70_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.nat(300) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const), key: fc.nat(300) }) },
);

/** What the timeliness projection does with its cube: get the page or create it, then add to one cell. */
function apply(map: Map<number, Int32Array>, o: Op): unknown {
  if (o.kind === 'delete') return map.delete(o.key);
  if (o.kind === 'read') return map.get(o.key) ? [...map.get(o.key)!] : undefined;
  let page = map.get(o.key);
  if (!page) map.set(o.key, (page = new Int32Array(LENGTH)));
  page[o.cell]! += o.by;
  return page[o.cell];
}

describe('CompactCube', () => {
  it('gives the same pages, sizes and answers as a plain Map, whatever the order of writes, reads and deletes (few plain pages: constant packing)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 400, maxLength: 2000 }), (ops) => {
        const plain = new Map<number, Int32Array>();
        const compact = new CompactCube(0); // raised to MIN_PLAIN_PAGES: 300 keys ≫ 64, so most pages get packed and unpacked
        for (const o of ops) expect(apply(compact, o)).toEqual(apply(plain, o));
        expect(compact.size).toBe(plain.size);
        expect(contents(compact)).toEqual(contents(plain));
        expect([...compact.keys()].sort((a, b) => a - b)).toEqual([...plain.keys()].sort((a, b) => a - b));
        expect([...compact.values()].map((p) => p.reduce((n, x) => n + x, 0)).sort()).toEqual([...plain.values()].map((p) => p.reduce((n, x) => n + x, 0)).sort());
        for (const key of plain.keys()) expect(compact.has(key)).toBe(true);
        expect(compact.plainPages).toBeLessThanOrEqual(MIN_PLAIN_PAGES);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a page it handed out plain while fewer than its capacity of other pages are used (the projection holds ≤ 3)', () => {
    const cube = new CompactCube(MIN_PLAIN_PAGES);
    for (let k = 0; k < 500; k++) cube.set(k, new Int32Array(LENGTH));
    const held = cube.get(3)!;
    for (let k = 100; k < 100 + MIN_PLAIN_PAGES - 1; k++) cube.get(k);
    held[1]! += 7; // still the live page
    expect(cube.get(3)![1]).toBe(7);
    expect(compactCube(cube).get(3)![1]).toBe(7);
  });

  it('rejects a page of another length', () => {
    const cube = new CompactCube();
    cube.set(1, new Int32Array(LENGTH));
    expect(() => cube.set(2, new Int32Array(LENGTH + 1))).toThrow(RangeError);
  });

  it('the reports of a simulated run are those of the plain projection state (64 plain pages: most of the cube packed)', async () => {
    const calendar = vietnamCalendar();
    const catalog = simulationCatalog();
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog, calendar, cacheSize: 1000, policy: 'none' });
    const period = { from: '2021-01-04', to: '2021-04-30' };
    await runSimulation({ engine, scale: GIA_LAM, dossiers: 2500, ...period, seed: 11 });
    const previous = process.env.MOTCUA_DEMO_CUBE_PAGES;
    process.env.MOTCUA_DEMO_CUBE_PAGES = '64';
    try {
      const compact = createProjectionRunner({ store, projection: reportProjection(calendar), batchSize: 500, persist: false });
      await compact.catchUp();
      const state = compact.state as ReportState;
      expect(state.t.cube).toBeInstanceOf(CompactCube);
      expect(state.t.cube.size).toBeGreaterThan(MIN_PLAIN_PAGES); // packing happened
      // Oracle: the projections package's timeliness state with its own plain Map, and the same satisfaction state.
      const plain = createProjectionRunner({ store, projection: timelinessProjection({ calendar }), batchSize: 500, persist: false });
      await plain.catchUp();
      expect(plain.state.cube).not.toBeInstanceOf(CompactCube);
      expect(contents(state.t.cube)).toEqual(contents(plain.state.cube));
      const query = { catalog, calendar, ...period };
      expect(JSON.stringify(queryReport(state, query))).toBe(JSON.stringify(queryReport({ t: plain.state, s: state.s }, query)));
    } finally {
      if (previous === undefined) delete process.env.MOTCUA_DEMO_CUBE_PAGES;
      else process.env.MOTCUA_DEMO_CUBE_PAGES = previous;
    }
    await store.close();
  }, 120_000);
});
