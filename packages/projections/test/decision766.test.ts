import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { cappedLinear, decision766, DEFAULT_766, foldProjection, report06a, table766, timelinessProjection, toCsv, toJson, type Indicator766 } from '@motcua/projections';
import { historyArb, testCatalog, runHistory } from './support/generate';
import { oracle766 } from './support/oracle-766';
import type { GroupDim } from './support/oracle';

const catalog = testCatalog();
const cal = vietnamCalendar();
const DIMS: GroupDim[] = ['unit', 'agency', 'procedure', 'field', 'level', 'channel'];
const dayArb = fc.integer({ min: 0, max: 80 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));

describe('Decision 766 equals the brute-force oracle', () => {
  it('ratios, and points by the capped-linear rule, for random histories and groupings', async () => {
    const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: 100_000 });
    await fc.assert(
      fc.asyncProperty(historyArb, dayArb, dayArb, fc.subarray(DIMS, { maxLength: 2 }), async (scripts, a, b, groupBy) => {
        const { events } = await runHistory(scripts);
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const state = foldProjection(projection, events);
        const rows = decision766(state, { projection, catalog, from, to, groupBy });
        const expected = oracle766(events, { from, to, groupBy }, catalog, { cal, policy: 'byLimit', maxSup: 1 });
        const key = (g: object) => JSON.stringify(g);
        const byGroup = new Map(rows.map((r) => [key(r.group), r]));
        for (const ex of expected) {
          const got = byGroup.get(key(ex.group));
          if (!got) {
            // A group with only petition events outside any received dossier in the period has all-null ratios.
            expect(Object.values(ex.ratio).every((x) => x === null || x === 0)).toBe(true);
            continue;
          }
          for (const [id, ratio] of Object.entries(ex.ratio)) {
            const v = got.indicators[id as Indicator766];
            if (ratio === null) expect(v.ratio, id).toBeNull();
            else {
              expect(v.ratio, id).toBeCloseTo(ratio, id === '2.2' ? 2 : 3);
              const c = DEFAULT_766[id as Indicator766];
              const pts = c.max === 0 ? 0 : Math.min(c.max, c.threshold ? (c.max * ratio) / c.threshold : c.max * ratio);
              expect(v.points, id).toBe(Math.round(pts * 100) / 100);
            }
          }
          expect(got.total).toBeCloseTo(
            Object.values(got.indicators).reduce((s, x) => s + (x.points ?? 0), 0),
            2,
          );
        }
        expect(rows.length).toBeLessThanOrEqual(expected.length);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Decision 766 worked examples (brief §7.2–7.3)', () => {
  it('capped-linear: thresholds give full points at the threshold; without one, ratio × max', () => {
    expect(cappedLinear(0.5, 4, 0.5)).toBe(4);
    expect(cappedLinear(0.25, 4, 0.5)).toBe(2);
    expect(cappedLinear(0.81, 6, 0.9)).toBe(5.4);
    expect(cappedLinear(0.95, 6, 0.9)).toBe(6);
    expect(cappedLinear(0.9, 20)).toBe(18);
    expect(cappedLinear(Number.NaN, 20)).toBe(0);
    const sum = Object.values(DEFAULT_766).reduce((s, c) => s + c.max, 0);
    expect(sum).toBe(100);
  });

  it('progress score = 20 × on-time ÷ received: 10 received in the period, 9 on time, 1 late → 18 points', async () => {
    // 10 business registrations (3 working days) received Mon 04/03/2024; 9 resolved on Wed 06/03, 1 on Mon 11/03 (late).
    const scripts = Array.from({ length: 10 }, (_, i) => ({
      procedure: '2.002030',
      unit: 0,
      channel: 'direct' as const,
      intake: 'receive' as const,
      startMinutes: 3 * 1440 + 60 + i,
      components: [],
      usesPopulationData: false,
      steps: [],
    }));
    const { events, engine } = await runHistory(scripts);
    const ids = [...new Set(events.map((e) => e.streamId.slice('dossier-'.length)))];
    const { randomUUID } = await import('node:crypto');
    const actor = { id: 'cv-01', role: 'officer' };
    for (const [i, id] of ids.entries()) {
      await engine.execute({ type: 'TransferDossier', commandId: randomUUID(), dossierId: id, actor, at: '2024-03-04T14:00:00.000+07:00' });
      await engine.execute({
        type: 'Resolve',
        commandId: randomUUID(),
        dossierId: id,
        actor,
        electronicResult: true,
        at: i < 9 ? '2024-03-06T10:00:00.000+07:00' : '2024-03-11T10:00:00.000+07:00',
      });
    }
    const all = [...(engine.store as unknown as { allEvents(): readonly never[] }).allEvents()];
    const projection = timelinessProjection({ calendar: cal });
    const state = foldProjection(projection, all);
    const [row] = decision766(state, { projection, catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(row!.indicators['2.1']).toMatchObject({ numerator: 9, denominator: 10, ratio: 0.9, points: 18 });
    // 2.2: 9 × 2 working days + 1 × 5 working days = 23 / 10.
    expect(row!.indicators['2.2'].ratio).toBe(2.3);
    // 4.1 has no paper-result dossiers (business registration results are electronic).
    expect(row!.indicators['4.1'].ratio).toBeNull();
    // 06a on the same projection: due Thu 07/03, so the nine resolved Wed 06/03 are early; one late.
    const [r06] = report06a(state, { projection, catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(r06!.resolved).toEqual({ total: 10, early: 9, onTime: 0, late: 1 });
    expect(r06!.onTimeRate).toBe(0.9);
    // Period split: in a period ending 08/03 the late one is still pending and overdue (due Thu 07/03).
    const [early] = report06a(state, { projection, catalog, from: '2024-03-01', to: '2024-03-08' });
    expect(early!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    const [mid] = report06a(state, { projection, catalog, from: '2024-03-01', to: '2024-03-07' });
    expect(mid!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
  });
});

/** RFC 4180 CSV parser (test-only, independent of the export code). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (q) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') q = false;
      else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

describe('Decision 766 CSV export (issue #10 item 1)', () => {
  it('every indicator ratio and points cell in the CSV equals the JSON report, in both languages', async () => {
    const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: 100_000 });
    await fc.assert(
      fc.asyncProperty(historyArb, fc.subarray(DIMS, { maxLength: 2 }), fc.constantFrom<'vi' | 'en'>('vi', 'en'), async (scripts, groupBy, lang) => {
        const { events } = await runHistory(scripts);
        const state = foldProjection(projection, events);
        const rows = decision766(state, { projection, catalog, from: '2024-02-01', to: '2024-05-31', groupBy });
        const json = JSON.parse(toJson(rows)) as typeof rows;
        const csv = parseCsv(toCsv(table766(rows, lang), { bom: true }));
        expect(csv.length).toBe(rows.length + 1);
        const header = csv[0]!;
        const ids = Object.keys(DEFAULT_766) as Indicator766[];
        for (const [i, r] of json.entries()) {
          const line = csv[i + 1]!;
          expect(line.length).toBe(header.length);
          // Columns: group columns, then (ratio, points) per indicator in DEFAULT_766 order, then total, computedMax, estimated days.
          const g = header.length - 3 - ids.length * 2;
          expect(g).toBe(Object.keys(r.group).length);
          for (const [j, id] of ids.entries()) {
            expect(header[g + 2 * j]!.startsWith(`${id} `), id).toBe(true);
            const v = r.indicators[id];
            const num = (s: string) => (s === '' ? null : Number(s));
            expect(num(line[g + 2 * j]!), `${id} ratio`).toBe(v.ratio);
            expect(num(line[g + 2 * j + 1]!), `${id} points`).toBe(v.points);
            if (v.ratio !== null) expect(line[g + 2 * j]).not.toBe('');
          }
          expect(Number(line[header.length - 3])).toBe(r.total);
          expect(Number(line[header.length - 2])).toBe(r.computedMax);
          expect(Number(line[header.length - 1])).toBe(r.estimatedCalendarDays);
        }
      }),
      { numRuns: 25 },
    );
  });
});
