/**
 * Reception SLA (brief §10: online dossiers received — accepted, refused or
 * sent back for supplement — within 8 working hours): projection = oracle,
 * and worked examples from the rule.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACKS, type Engine, type StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { foldProjection, receptionProjection, receptionReport, DEFAULT_RECEPTION_LIMIT } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';
import { oracleReception } from './support/oracle-reception';

const cal = vietnamCalendar();
const dayArb = fc.integer({ min: 0, max: 80 }).map((n) => new Date(Date.UTC(2024, 1, 25 + n)).toISOString().slice(0, 10));
const all = (engine: Engine): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

describe('reception SLA equals the brute-force oracle', () => {
  for (const limit of [DEFAULT_RECEPTION_LIMIT, { unit: 'workingHours', value: 2 } as const, { unit: 'workingDays', value: 1 } as const]) {
    it(`per unit / procedure, limit ${JSON.stringify(limit)}`, async () => {
      const projection = receptionProjection({ calendar: cal, ...(limit === DEFAULT_RECEPTION_LIMIT ? {} : { receptionLimit: limit }) });
      await fc.assert(
        fc.asyncProperty(historyArb, dayArb, dayArb, fc.subarray(['unit', 'procedure'] as const, { minLength: 1 }), async (scripts, a, b, groupBy) => {
          const { events } = await runHistory(scripts);
          const from = a < b ? a : b;
          const to = a < b ? b : a;
          const state = foldProjection(projection, events);
          expect(state.skipped).toBe(0);
          const rows = receptionReport(state, { from, to, groupBy });
          const expected = oracleReception(events, { from, to, groupBy }, cal, limit, limit.unit === 'workingHours' ? 'minute' : 'day');
          for (const r of rows) {
            const ex = expected.get(JSON.stringify(groupBy.map((g) => r.group[g])))!;
            expect(ex).toBeDefined();
            expect(r).toMatchObject({
              submitted: ex.submitted,
              handled: { total: ex.onTime + ex.late, onTime: ex.onTime, late: ex.late, accepted: ex.accepted, refused: ex.refused, supplementRequested: ex.supplementRequested },
              pending: { total: ex.within + ex.overdue, withinTime: ex.within, overdue: ex.overdue },
              cancelled: ex.cancelled,
            });
            expect(r.handled.accepted + r.handled.refused + r.handled.supplementRequested).toBe(r.handled.total);
          }
          const nonEmpty = [...expected.values()].filter((x) => x.submitted + x.onTime + x.late + x.within + x.overdue + x.cancelled > 0);
          expect(rows.length).toBe(nonEmpty.length);
        }),
        { numRuns: 30 },
      );
    });
  }
});

describe('reception SLA worked examples', () => {
  // Submitted online Fri 01/03/2024 15:00. Sessions 07:00–11:30, 13:30–17:00: 2 h on Friday, 6 h on Monday
  // → due Mon 04/03 15:00 (8 working hours).
  const submit = async () => {
    const { engine, events } = await runHistory([
      { procedure: '2.002030', unit: 1, channel: 'online', intake: 'submit', startMinutes: 7 * 60, components: [], usesPopulationData: false, steps: [] },
    ]);
    const id = events[0]!.streamId.slice('dossier-'.length);
    const run = (body: object, at: string) => engine.execute({ ...body, actor: { id: 'cv-01', role: 'officer' }, commandId: randomUUID(), dossierId: id, at } as never);
    return { engine, run };
  };
  it('accepted Mon 15:00 is on time, Mon 15:01 is late; pending at the end of Sun is within time, of Mon overdue', async () => {
    for (const [at, late] of [
      ['2024-03-04T15:00:00.000+07:00', 0],
      ['2024-03-04T15:01:00.000+07:00', 1],
    ] as const) {
      const { engine, run } = await submit();
      await run({ type: 'ReceiveDossier' }, at);
      const p = receptionProjection({ calendar: cal });
      const state = foldProjection(p, all(engine));
      const [row] = receptionReport(state, { from: '2024-03-01', to: '2024-03-31' });
      expect(row).toMatchObject({
        group: { unit: '000.00.07.H56' },
        unitName: 'Bộ phận Một cửa xã Kim Chung',
        submitted: 1,
        handled: { total: 1, late, onTime: 1 - late, accepted: 1 },
        pending: { total: 0 },
      });
      expect(receptionReport(state, { from: '2024-03-01', to: '2024-03-03' })[0]!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
    }
    const { engine } = await submit();
    const state = foldProjection(receptionProjection({ calendar: cal }), all(engine));
    expect(receptionReport(state, { from: '2024-03-01', to: '2024-03-04' })[0]!.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
    expect(receptionReport(state, { from: '2024-03-01', to: '2024-03-04', asOf: '2024-03-04T14:00:00.000+07:00' })[0]!.pending).toEqual({ total: 1, withinTime: 1, overdue: 0 });
  });

  it('an intake supplement request stops the clock; the resubmission starts a new one; a refusal also counts as received', async () => {
    const { engine, run } = await submit();
    await run({ type: 'RequestIntakeSupplement', items: [{ name: 'Tờ khai' }], reason: 'Thiếu' }, '2024-03-04T09:00:00.000+07:00');
    await run({ type: 'ProvideIntakeSupplement' }, '2024-03-05T08:00:00.000+07:00');
    await run({ type: 'RefuseReception', reason: 'Không thuộc thẩm quyền' }, '2024-03-07T08:00:00.000+07:00');
    const [row] = receptionReport(foldProjection(receptionProjection({ calendar: cal }), all(engine)), { from: '2024-03-01', to: '2024-03-31' });
    // Clock 1: 01/03 15:00 → 04/03 09:00 (4 working hours: within). Clock 2: Tue 05/03 08:00 + 8 working hours = Wed 06/03 08:00 → refused 07/03 08:00: late.
    expect(row).toMatchObject({ submitted: 2, handled: { total: 2, onTime: 1, late: 1, supplementRequested: 1, refused: 1 }, onTimeRate: 0.5 });
  });

  it('the limit comes from the pinned rule pack (receptionLimit), else 8 working hours; bad limits never fail the projection', async () => {
    const { engine, run } = await submit();
    await run({ type: 'ReceiveDossier' }, '2024-03-04T10:00:00.000+07:00'); // 5 working hours after submission
    const events = all(engine);
    const four = DEFAULT_RULE_PACKS.map((p) => ({ ...p, receptionLimit: { unit: 'workingHours', value: 4 } as const }));
    const late = receptionReport(foldProjection(receptionProjection({ calendar: cal, rulePacks: four }), events), { from: '2024-03-01', to: '2024-03-31' })[0]!;
    expect(late.handled).toMatchObject({ onTime: 0, late: 1 });
    const dflt = receptionReport(foldProjection(receptionProjection({ calendar: cal }), events), { from: '2024-03-01', to: '2024-03-31' })[0]!;
    expect(dflt.handled).toMatchObject({ onTime: 1, late: 0 });
    const broken = DEFAULT_RULE_PACKS.map((p) => ({ ...p, receptionLimit: { unit: 'workingHours', value: -3 } as never }));
    const s = foldProjection(receptionProjection({ calendar: cal, rulePacks: broken }), events);
    expect(s.skipped).toBeGreaterThan(0);
    expect(() => receptionReport(s, { from: '2024-03-01', to: '2024-03-31' })).not.toThrow();
  });
});
