/**
 * The rule packs a report projection counts with, and the reports' check that
 * they are the catalog's (`src/rule-packs.ts`). A province's own pack, with a
 * former id, pinned on the dossiers of random histories from the real engine:
 * the projections built with the catalog's packs equal the brute-force
 * oracles with that pack's settings; built without them, a report given the
 * catalog refuses to answer instead of returning the defaults' figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { createCatalog, DEFAULT_RULE_PACKS, MotcuaError, packLookup, type RulePack, type StoredEvent } from '@motcua/core';
import { decision766, foldProjection, receptionProjection, receptionReport, report06a, timelinessProjection, type Report06aRow } from '@motcua/projections';
import { historyArb, runHistory, testCatalog } from './support/generate';
import { oracle06a } from './support/oracle';
import { oracleReception } from './support/oracle-reception';

const cal = vietnamCalendar();
const base = DEFAULT_RULE_PACKS[0]!;
/** A province's pack for the histories' dates (2024), renamed once: dossiers pinned to the former id. */
const provincePack = (settings: Partial<RulePack>): RulePack => ({ ...base, id: 'tinh-x', formerIds: ['tinh-x-cu'], ...settings });
const catalogWith = (packs: readonly RulePack[]) => createCatalog({ procedures: testCatalog().list(), rulePacks: packs });

/** The events with every pinned rule pack id replaced by `id` (as if the engine had run on a catalog with that pack). */
const pinnedTo = (events: readonly StoredEvent[], id: string): StoredEvent[] =>
  events.map((event) => {
    const data = event.data as { rulePack?: string };
    return data !== null && typeof data === 'object' && 'rulePack' in data ? { ...event, data: { ...data, rulePack: id } } : event;
  });

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MotcuaError);
    expect((error as MotcuaError).code).toBe('VALIDATION_FAILED');
    return (error as MotcuaError).issues;
  }
  throw new Error('expected the report to refuse');
};

const strip = (r: Report06aRow | ReturnType<typeof oracle06a>[number]) => ({ group: r.group, received: r.received, resolved: r.resolved, pending: r.pending, other: r.other });
const sortRows = <T extends { group: Record<string, string | undefined> }>(rows: T[]) => [...rows].sort((x, y) => JSON.stringify(x.group).localeCompare(JSON.stringify(y.group)));

describe('packLookup (core), what the catalog and the projections resolve a pinned id with', () => {
  it('by id first, else the first pack in force naming it as a former id; none otherwise — against a brute-force scan, and the catalog agrees', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const packArb = fc.record({
      id: fc.constantFrom(...ids.slice(0, 4)),
      formerIds: fc.subarray(ids),
      validFrom: fc.constantFrom('2018-10-21', '2025-07-01', '2026-01-01'),
      kpiCountIntakeSupplements: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(packArb, { maxLength: 5 }), (settings) => {
        const packs = settings.map((s) => ({ ...base, ...s }));
        // The rule, scanned: packs in force order (a stable sort by validFrom), an id before any former id.
        const inOrder = packs.map((pack, i) => ({ pack, i })).sort((x, y) => (x.pack.validFrom < y.pack.validFrom ? -1 : x.pack.validFrom > y.pack.validFrom ? 1 : x.i - y.i));
        const scan = (id: string) => (inOrder.find((x) => x.pack.id === id) ?? inOrder.find((x) => x.pack.formerIds?.includes(id)))?.pack;
        const lookup = packLookup(packs);
        const catalog = createCatalog({ procedures: [], rulePacks: packs });
        for (const id of [...ids, 'unknown']) {
          expect(lookup(id)).toBe(scan(id));
          if (scan(id) === undefined) expect(() => catalog.rulePack(id)).toThrow(MotcuaError);
          else expect(catalog.rulePack(id)).toBe(scan(id));
        }
        expect(lookup(undefined)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('timeliness: the KPI clock counts intake requests by the pinned pack', () => {
  const dayArb = fc.integer({ min: 0, max: 80 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));

  it('built with the catalog’s packs, a pack known by its former id: report 06a on the KPI clock equals the oracle counting intake requests', async () => {
    const pack = provincePack({ kpiCountIntakeSupplements: true });
    const catalog = catalogWith([pack]);
    const projection = timelinessProjection({ calendar: cal, rulePacks: catalog.rulePacks });
    await fc.assert(
      fc.asyncProperty(historyArb, dayArb, dayArb, fc.subarray(['unit', 'procedure', 'channel'] as const, { maxLength: 2 }), async (scripts, a, b, groupBy) => {
        const events = pinnedTo((await runHistory(scripts)).events, 'tinh-x-cu');
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const state = foldProjection(projection, events);
        const rows = report06a(state, { projection, catalog, from, to, groupBy, clock: 'kpi' });
        const expected = oracle06a(events, { from, to, groupBy, clock: { clock: 'kpi', due: 'original' }, convention: 'national' }, catalog, {
          cal,
          policy: 'byLimit',
          maxSup: 1,
          countIntake: true,
        });
        expect(sortRows(rows.map(strip))).toEqual(sortRows(expected.map(strip)));
        expect(() => decision766(state, { projection, catalog, from, to })).not.toThrow();
      }),
      { numRuns: 25 },
    );
  });

  it('built without them, a KPI-clock report given the catalog refuses (rule_pack_mismatch); the legal clock, a forced setting and agreeing packs answer', async () => {
    const counting = catalogWith([provincePack({ kpiCountIntakeSupplements: true })]);
    const notCounting = catalogWith([provincePack({ kpiCountIntakeSupplements: false })]);
    const defaults = timelinessProjection({ calendar: cal });
    const forced = timelinessProjection({ calendar: cal, kpiCountIntakeSupplements: false });
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const events = pinnedTo((await runHistory(scripts)).events, 'tinh-x-cu');
        const state = foldProjection(defaults, events);
        const pinned = state.dims.some((dim) => dim.rulePack === 'tinh-x-cu');
        // Only dossiers that reached acceptance have a group (and a pinned pack) in the state.
        fc.pre(pinned);
        accepted++;
        const query = { projection: defaults, catalog: counting, from: '2024-02-01', to: '2024-06-30' } as const;
        for (const run of [() => report06a(state, { ...query, clock: 'kpi' }), () => decision766(state, query)]) {
          expect(issuesOf(run)).toEqual([
            { code: 'rule_pack_mismatch', path: ['catalog', 'rulePacks', 'tinh-x-cu', 'kpiCountIntakeSupplements'], message: expect.stringContaining("rule pack 'tinh-x-cu'") },
          ]);
        }
        expect(() => report06a(state, { ...query, clock: 'legal' })).not.toThrow();
        expect(() => report06a(state, query)).not.toThrow();
        expect(() => decision766(state, { ...query, catalog: notCounting })).not.toThrow();
        expect(() => decision766(foldProjection(forced, events), { ...query, projection: forced })).not.toThrow();
        // A catalog that does not know the pack is not judged.
        expect(() => decision766(state, { ...query, catalog: catalogWith(DEFAULT_RULE_PACKS) })).not.toThrow();
      }),
      { numRuns: 15 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

describe('reception: the limit of the pinned pack', () => {
  const dayArb = fc.integer({ min: 0, max: 80 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));
  const two = { unit: 'workingHours', value: 2 } as const;

  it('built with the catalog’s packs (a former id pinned): equals the oracle on that limit, and counts the clocks per pinned pack', async () => {
    const catalog = catalogWith([provincePack({ receptionLimit: two })]);
    const projection = receptionProjection({ calendar: cal, rulePacks: catalog.rulePacks });
    await fc.assert(
      fc.asyncProperty(historyArb, dayArb, dayArb, async (scripts, a, b) => {
        const events = pinnedTo((await runHistory(scripts)).events, 'tinh-x-cu');
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const state = foldProjection(projection, events);
        const rows = receptionReport(state, { from, to, groupBy: ['unit'], projection, catalog });
        const expected = oracleReception(events, { from, to, groupBy: ['unit'] }, cal, two, 'minute');
        for (const r of rows) {
          const ex = expected.get(JSON.stringify([r.group.unit]))!;
          expect(r.handled).toMatchObject({ onTime: ex.onTime, late: ex.late });
          expect(r.pending).toMatchObject({ withinTime: ex.within, overdue: ex.overdue });
        }
        // Clocks started (the oracle's submissions and resubmissions over all time), all pinned to the former id.
        const started = [...oracleReception(events, { from: '2000-01-01', to: '2099-12-31', groupBy: ['unit'] }, cal, two, 'minute').values()].reduce(
          (sum, x) => sum + x.submitted,
          0,
        );
        expect([...state.packs]).toEqual(started > 0 ? [['tinh-x-cu', started]] : []);
        expect(projection.fromSnapshot(JSON.parse(JSON.stringify(projection.toSnapshot(state)))).packs).toEqual(state.packs);
      }),
      { numRuns: 25 },
    );
  });

  it('built without them, the report given the catalog refuses (rule_pack_mismatch); without a catalog, with a forced limit or agreeing packs it answers', async () => {
    const catalog = catalogWith([provincePack({ receptionLimit: two })]);
    const defaults = receptionProjection({ calendar: cal });
    const forced = receptionProjection({ calendar: cal, receptionLimit: two });
    let started = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const events = pinnedTo((await runHistory(scripts)).events, 'tinh-x-cu');
        const state = foldProjection(defaults, events);
        fc.pre(state.packs.size > 0);
        started++;
        const query = { from: '2024-02-01', to: '2024-06-30', projection: defaults, catalog } as const;
        expect(issuesOf(() => receptionReport(state, query))).toEqual([
          { code: 'rule_pack_mismatch', path: ['catalog', 'rulePacks', 'tinh-x-cu', 'receptionLimit'], message: expect.stringContaining('{"unit":"workingHours","value":8}') },
        ]);
        const { catalog: _, ...withoutCatalog } = query;
        expect(() => receptionReport(state, withoutCatalog)).not.toThrow();
        expect(() => receptionReport(foldProjection(forced, events), { ...query, projection: forced })).not.toThrow();
        // The catalog's pack without a limit: reports use 8 working hours, as the projection did.
        expect(() => receptionReport(state, { ...query, catalog: catalogWith([provincePack({})]) })).not.toThrow();
      }),
      { numRuns: 15 },
    );
    expect(started).toBeGreaterThan(0);
  });
});
