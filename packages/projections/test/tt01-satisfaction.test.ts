import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import { agencyBand, foldProjection, officialBand, satisfactionProjection, satisfactionReport, THREE_LEVEL_SCALE, tt01Projection, tt01Report } from '@motcua/projections';
import { historyArb, testCatalog, LEVELS, runHistory } from './support/generate';
import { oracleSatisfaction, oracleTt01 } from './support/oracle-tt01-sat';

const catalog = testCatalog();
const cal = vietnamCalendar();
const dayArb = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));

describe('TT 01/2018 indices equal the brute-force oracle', () => {
  it('per official and per agency (indices 1, 2, 3, 4, 7), rounded to one decimal, indices without data left out', async () => {
    const projection = tt01Projection({ calendar: cal, lateEventWindowDays: 100_000 });
    await fc.assert(
      fc.asyncProperty(historyArb, dayArb, dayArb, fc.constantFrom<'official' | 'agency'>('official', 'agency'), async (scripts, a, b, by) => {
        const { events } = await runHistory(scripts);
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const rows = tt01Report(foldProjection(projection, events), { catalog, from, to, by });
        const expected = oracleTt01(events, { from, to, by }, catalog, { cal, policy: 'byLimit', maxSup: 1 });
        for (const [key, idx] of expected) {
          const row = rows.find((r) => r.key === key);
          expect(row, key).toBeDefined();
          const got = Object.fromEntries(Object.entries(row!.indices).filter(([i]) => ['1', '2', '3', '4', '7'].includes(i)));
          expect(got).toEqual(Object.fromEntries(Object.entries(idx).map(([i, v]) => [i, v])));
          const values = Object.values(row!.indices);
          expect(row!.max).toBe(values.length * 2);
          expect(row!.total).toBeCloseTo(
            values.reduce((x, y) => x + y, 0),
            5,
          );
        }
        for (const r of rows) if (r.dossiers > 0) expect(expected.has(r.key)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('bands: officials ≥5 / 3.5 of 10; agencies 15 / 12 / 9 / 6 of 18', () => {
    expect([5, 4.9, 3.5, 3.4].map(officialBand)).toEqual(['full', 'partial', 'partial', 'low']);
    expect([18, 15, 14.9, 12, 9, 8.9, 6, 5.9].map(agencyBand)).toEqual(['excellent', 'excellent', 'good', 'good', 'fair', 'average', 'average', 'weak']);
  });
});

describe('satisfaction equals the brute-force oracle', () => {
  it('ratings per level, likes, petitions by unit / agency / procedure / official', async () => {
    const projection = satisfactionProjection({ lateEventWindowDays: 100_000 });
    const dims = ['unit', 'agency', 'procedure', 'official'] as const;
    await fc.assert(
      fc.asyncProperty(historyArb, dayArb, dayArb, fc.subarray([...dims], { maxLength: 2 }), async (scripts, a, b, groupBy) => {
        const { events } = await runHistory(scripts);
        const from = a < b ? a : b;
        const to = a < b ? b : a;
        const rows = satisfactionReport(foldProjection(projection, events), { catalog, from, to, groupBy });
        const expected = oracleSatisfaction(events, { from, to, groupBy }, catalog);
        expect(rows.length).toBe(expected.size);
        for (const r of rows) {
          const ex = expected.get(JSON.stringify(groupBy.map((g) => r.group[g])))!;
          expect(ex).toBeDefined();
          for (const l of LEVELS) expect(r.ratings[l]).toBe(ex.ratings[l] ?? 0);
          const satisfied = (ex.ratings[LEVELS[0]!] ?? 0) + (ex.ratings[LEVELS[1]!] ?? 0);
          const total = satisfied + (ex.ratings[LEVELS[2]!] ?? 0);
          expect(r.total).toBe(total);
          expect(r.satisfactionRate).toBe(total === 0 ? null : Math.round((satisfied / total) * 100) / 100);
          expect([r.likes, r.dislikes]).toEqual([ex.likes, ex.dislikes]);
          expect(r.petitions).toMatchObject({ received: ex.filed, answered: ex.answered, answeredOnTime: ex.answered - ex.late });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the scale is configurable: a four-level scale with "Bình thường", unknown levels are reported apart', async () => {
    const projection = satisfactionProjection();
    const s = projection.init();
    const accepted = {
      streamId: 'dossier-1',
      version: 1,
      position: 1,
      type: 'DossierAccepted',
      data: { procedure: { code: '2.002030', version: '1' }, unit: { code: 'U1' } },
      metadata: { occurredAt: '2024-03-04T09:00:00.000+07:00', actor: { id: 'cb-01', role: 'officer' } },
    };
    const rated = (levels: string[], n: number) => ({
      streamId: 'dossier-1',
      version: n,
      position: n,
      type: 'DossierRated',
      data: { channel: 'kiosk', ratings: levels.map((level, i) => ({ criterion: `c${i}`, level })) },
      metadata: { occurredAt: '2024-03-05T09:00:00.000+07:00' },
    });
    for (const e of [accepted, rated(['Rất hài lòng', 'Bình thường', 'Tệ'], 2), rated(['hai-long'], 3)]) projection.apply(s, e as never);
    const [three] = satisfactionReport(s, { catalog, from: '2024-03-01', to: '2024-03-31' });
    expect(three).toMatchObject({ total: 2, satisfied: 2, unrecognised: 2, satisfactionRate: 1 });
    const four = [...THREE_LEVEL_SCALE.slice(0, 2), { code: 'Bình thường', label: { vi: 'Bình thường', en: 'Neutral' }, satisfied: false }, THREE_LEVEL_SCALE[2]!];
    const [row] = satisfactionReport(s, { catalog, from: '2024-03-01', to: '2024-03-31', scale: four, groupBy: ['official'] });
    expect(row).toMatchObject({ group: { official: 'cb-01' }, total: 3, satisfied: 2, unrecognised: 1, satisfactionRate: 0.67 });
    expect(() => satisfactionReport(s, { catalog, from: '2024-03-01', to: '2024-03-31', groupBy: ['colour' as never] })).toThrow(/groupBy/);
  });
});
