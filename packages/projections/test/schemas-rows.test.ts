/**
 * The published report-row JSON Schemas (schemas/reports/, `pnpm schemas`)
 * hold for real rows: random histories run through a real engine
 * (support/generate), folded by the real projections, reported over random
 * periods, groupings and options; every row of 06a, Decision 766, TT 01/2018
 * (per official and per agency), satisfaction and the reception SLA is
 * validated with ajv (JSON Schema 2020-12), as a Java or .NET consumer would
 * read the JSON export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import {
  decision766,
  foldProjection,
  GROUP_DIMENSIONS,
  receptionProjection,
  receptionReport,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  tt01Projection,
  tt01Report,
} from '@motcua/projections';
import { historyArb, runHistory, testCatalog } from './support/generate';

const dir = join(import.meta.dirname, '..', '..', '..', 'schemas', 'reports');
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const schema = (name: string): ValidateFunction => ajv.compile(JSON.parse(readFileSync(join(dir, `${name}.schema.json`), 'utf8')));
const V = {
  r06a: schema('report-06a-row'),
  r766: schema('decision-766-row'),
  tt01: schema('tt01-row'),
  satisfaction: schema('satisfaction-row'),
  reception: schema('reception-row'),
};

/** Rows as they leave in a JSON export (undefined fields dropped). */
const asJson = (rows: readonly unknown[]) => JSON.parse(JSON.stringify(rows)) as unknown[];
const failures = (v: ValidateFunction, rows: readonly unknown[]) =>
  asJson(rows).flatMap((r, i) => (v(r) ? [] : [`row ${i}: ${ajv.errorsText(v.errors)} in ${JSON.stringify(r).slice(0, 200)}`]));

const catalog = testCatalog();
const cal = vietnamCalendar();
const dayArb = fc.integer({ min: 0, max: 150 }).map((n) => new Date(Date.UTC(2024, 1, 20 + n)).toISOString().slice(0, 10));

describe('report rows validate against schemas/reports/*.schema.json', () => {
  it('06a, 766, TT 01, satisfaction and reception rows of random histories, periods and groupings', async () => {
    const timeliness = timelinessProjection({ calendar: cal });
    const tt01 = tt01Projection({ calendar: cal, lateEventWindowDays: 100_000 });
    const satisfaction = satisfactionProjection();
    const reception = receptionProjection({ calendar: cal });
    let rows = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        dayArb,
        dayArb,
        fc.subarray([...GROUP_DIMENSIONS]),
        fc.constantFrom(undefined, 'month' as const),
        fc.constantFrom('national' as const, 'thanhHoa' as const),
        async (scripts, a, b, groupBy, splitBy, convention) => {
          const { events } = await runHistory(scripts);
          const period = { from: a < b ? a : b, to: a < b ? b : a };
          const split = splitBy ? { splitBy } : {};
          const t = foldProjection(timeliness, events);
          const r06a = report06a(t, { projection: timeliness, catalog, ...period, groupBy, ...split, convention });
          const r766 = decision766(t, { projection: timeliness, catalog, ...period, groupBy, ...split });
          const tState = foldProjection(tt01, events);
          const rTt01 = [...tt01Report(tState, { catalog, ...period, by: 'official' }), ...tt01Report(tState, { catalog, ...period, by: 'agency' })];
          const rSat = [
            ...satisfactionReport(foldProjection(satisfaction, events), { catalog, ...period, groupBy: ['agency', 'criterion'] }),
            ...satisfactionReport(foldProjection(satisfaction, events), { catalog, ...period }),
          ];
          const rRec = receptionReport(foldProjection(reception, events), { ...period, groupBy: ['unit', 'procedure'], projection: reception });
          rows += r06a.length + r766.length + rTt01.length + rSat.length + rRec.length;
          expect(failures(V.r06a, r06a)).toEqual([]);
          expect(failures(V.r766, r766)).toEqual([]);
          expect(failures(V.tt01, rTt01)).toEqual([]);
          expect(failures(V.satisfaction, rSat)).toEqual([]);
          expect(failures(V.reception, rRec)).toEqual([]);
        },
      ),
      { numRuns: 25, seed: 13_06 },
    );
    expect(rows).toBeGreaterThan(100);
  });

  it('the row schemas refuse a row that is not one: a missing column, a negative count, an unknown group, a rate above 1', () => {
    const row = {
      group: { agency: 'SKHDT' },
      received: { total: 1, online: 1, directOrPostal: 0, carriedOver: 0 },
      resolved: { total: 1, early: 0, onTime: 1, late: 0 },
      pending: { total: 0, withinTime: 0, overdue: 0 },
      other: { total: 0, refused: 0, withdrawn: 0, stopped: 0, closed: 0, waitingForCitizen: 0 },
      onTimeRate: 1,
      estimatedCalendarDays: 0,
    };
    expect(V.r06a(row)).toBe(true);
    // The closed bucket (NĐ 118/2025 Đ19.5) is a required column.
    const { closed: _c, ...otherWithoutClosed } = row.other;
    expect(V.r06a({ ...row, other: otherWithoutClosed })).toBe(false);
    const { pending: _p, ...noPending } = row;
    expect(V.r06a(noPending)).toBe(false);
    expect(V.r06a({ ...row, received: { ...row.received, online: -1 } })).toBe(false);
    expect(V.r06a({ ...row, group: { colour: 'red' } })).toBe(false);
    expect(V.r06a({ ...row, onTimeRate: 1.5 })).toBe(false);
  });
});
