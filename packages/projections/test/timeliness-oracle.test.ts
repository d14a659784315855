/**
 * Oracle tests: for random histories generated through the real engine,
 * report 06a equals the brute-force recomputation (test/support/oracle.ts)
 * for every clock variant, convention, grouping and period.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { foldProjection, report06a, timelinessProjection, type Report06aRow } from '@motcua/projections';
import { historyArb, testCatalog, runHistory } from './support/generate';
import { oracle06a, type Clock, type GroupDim } from './support/oracle';

const catalog = testCatalog();
const cal = vietnamCalendar();
const DIMS: GroupDim[] = ['unit', 'agency', 'procedure', 'field', 'level', 'channel'];

const dayArb = fc.integer({ min: 0, max: 80 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));
const queryArb = fc.record({
  a: dayArb,
  b: dayArb,
  groupBy: fc.subarray(DIMS, { maxLength: 3 }),
  clock: fc.constantFrom<Clock>(
    { clock: 'legal', due: 'original' },
    { clock: 'legal', due: 'rescheduled' },
    { clock: 'kpi', due: 'original' },
    { clock: 'kpi', due: 'rescheduled' },
  ),
  convention: fc.constantFrom<'national' | 'thanhHoa'>('national', 'thanhHoa'),
  refusedAsResolved: fc.boolean(),
});

const strip = (r: Report06aRow | ReturnType<typeof oracle06a>[number]) => ({ group: r.group, received: r.received, resolved: r.resolved, pending: r.pending, other: r.other });
const sortRows = <T extends { group: Record<string, string | undefined> }>(rows: T[]) => [...rows].sort((x, y) => JSON.stringify(x.group).localeCompare(JSON.stringify(y.group)));

function checkInvariants(rows: Report06aRow[]) {
  for (const r of rows) {
    expect(r.received.total).toBe(r.received.online + r.received.directOrPostal + r.received.carriedOver);
    expect(r.resolved.total).toBe(r.resolved.early + r.resolved.onTime + r.resolved.late);
    expect(r.pending.total).toBe(r.pending.withinTime + r.pending.overdue);
    // Brief §7.4: c3 = c7 + c11 + other.
    expect(r.received.total).toBe(r.resolved.total + r.pending.total + r.other.total);
    expect(r.other.total).toBeLessThanOrEqual(r.other.refused + r.other.withdrawn + r.other.stopped + r.other.closed);
    expect(r.other.waitingForCitizen).toBeLessThanOrEqual(r.pending.total);
    for (const n of [...Object.values(r.received), ...Object.values(r.resolved), ...Object.values(r.pending)]) expect(n).toBeGreaterThanOrEqual(0);
  }
}

for (const policy of ['byLimit', 'day', 'minute'] as const) {
  describe(`report 06a equals the brute-force oracle (policy ${policy})`, () => {
    it('for random histories, periods, groupings, clocks and conventions', async () => {
      const projection = timelinessProjection({ calendar: cal, policy });
      await fc.assert(
        fc.asyncProperty(historyArb, fc.array(queryArb, { minLength: 3, maxLength: 6 }), async (scripts, queries) => {
          const { events } = await runHistory(scripts);
          const state = foldProjection(projection, events);
          for (const q of queries) {
            const from = q.a < q.b ? q.a : q.b;
            const to = q.a < q.b ? q.b : q.a;
            const rows = report06a(state, {
              projection,
              catalog,
              from,
              to,
              groupBy: q.groupBy,
              clock: q.clock.clock,
              due: q.clock.due,
              convention: q.convention,
              refusedAsResolved: q.refusedAsResolved,
            });
            checkInvariants(rows);
            const expected = oracle06a(events, { from, to, groupBy: q.groupBy, clock: q.clock, convention: q.convention, refusedAsResolved: q.refusedAsResolved }, catalog, {
              cal,
              policy,
              maxSup: 1,
            });
            expect(sortRows(rows.map(strip))).toEqual(sortRows(expected.map(strip)));
          }
        }),
        { numRuns: policy === 'byLimit' ? 60 : 25 },
      );
    });
  });
}

describe('KPI clock counting intake supplement requests (RulePack.kpiCountIntakeSupplements)', () => {
  it('report 06a on the KPI clock equals the oracle when intake requests count towards ">1 request → late"', async () => {
    const projection = timelinessProjection({ calendar: cal, kpiCountIntakeSupplements: true });
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(queryArb, { minLength: 2, maxLength: 4 }), async (scripts, queries) => {
        const { events } = await runHistory(scripts);
        const state = foldProjection(projection, events);
        for (const q of queries) {
          const from = q.a < q.b ? q.a : q.b;
          const to = q.a < q.b ? q.b : q.a;
          const clock = { clock: 'kpi', due: q.clock.due } as const;
          const rows = report06a(state, { projection, catalog, from, to, groupBy: q.groupBy, clock: 'kpi', due: q.clock.due, convention: q.convention });
          checkInvariants(rows);
          const expected = oracle06a(events, { from, to, groupBy: q.groupBy, clock, convention: q.convention }, catalog, { cal, policy: 'byLimit', maxSup: 1, countIntake: true });
          expect(sortRows(rows.map(strip))).toEqual(sortRows(expected.map(strip)));
        }
      }),
      { numRuns: 25 },
    );
  });
});
