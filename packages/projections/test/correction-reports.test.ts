/**
 * Corrections and the reports (issue #14 item 5). The rule: reports are
 * computed from the corrected view, so a history entered with a wrong time
 * and then corrected reports exactly like the same history entered right;
 * the correction itself counts for nothing. The oracle is the history
 * entered right, run through the same reports — not the corrected code.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCorrections, correctedLog, createEngine, createProjectionRunner, InMemoryEventStore, type LateCorrection, type StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { decision766, foldProjection, report06a, satisfactionProjection, satisfactionReport, timelinessProjection, tt01Projection, tt01Report } from '@motcua/projections';
import { UNITS, testCatalog } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: UNITS[0]!.code };
const leader = { id: 'ld-01', role: 'leader', unit: 'SKHDT' };
const BASE = Date.parse('2024-03-04T03:00:00Z'); // Mon 04/03/2024 10:00 in Hà Nội
const iso = (minutes: number) => new Date(BASE + minutes * 60_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');

/** One dossier per entry: received Mon 04/03 09:00 (3 working days: due Thu 07/03), resolved at `resolvedAt`, returned, rated; then `correctTo` if given. */
async function log(store: InMemoryEventStore, entries: { resolvedAt: number; correctTo?: number; returnAt: number }[]) {
  const engine = createEngine({ store, catalog, cacheSize: 0, futureTolerance: Number.POSITIVE_INFINITY, policy: 'none' });
  for (const x of entries) {
    const id = randomUUID();
    const run = (actor: object, body: object, at: string) => engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at } as never);
    await run(
      officer,
      { type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[0], applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' },
      '2024-03-04T09:00:00.000+07:00',
    );
    await run(officer, { type: 'TransferDossier', mode: 'electronic' }, iso(0));
    await run(officer, { type: 'Resolve' }, iso(x.resolvedAt));
    await run(officer, { type: 'ReturnResult', method: 'counter' }, iso(x.returnAt));
    await run(officer, { type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'chung', level: 'satisfied' }] }, iso(x.returnAt + 1));
    if (x.correctTo !== undefined)
      await run(leader, { type: 'CorrectEvent', target: { type: 'DossierResolved' }, field: 'occurredAt', value: iso(x.correctTo), reason: 'Nhập nhầm' }, iso(x.returnAt + 60));
  }
}
const all = (store: InMemoryEventStore): StoredEvent[] => [...(store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

function reports(events: readonly StoredEvent[]) {
  const period = { catalog, from: '2024-03-01', to: '2024-03-31' };
  const p = timelinessProjection({ calendar: cal });
  const t = foldProjection(p, events);
  const tt = tt01Projection({ calendar: cal });
  const s = satisfactionProjection();
  return {
    r06a: report06a(t, { projection: p, ...period }),
    r766: decision766(t, { projection: p, ...period }),
    tt01: tt01Report(foldProjection(tt, events), { ...period, by: 'official' }),
    satisfaction: satisfactionReport(foldProjection(s, events), period),
  };
}

const DAY = 24 * 60;
describe('reports from the corrected view', () => {
  it('a dossier resolved on time but entered late (12/03 instead of 06/03): late as entered, on time once corrected, like the history entered right', async () => {
    const wrong = new InMemoryEventStore();
    await log(wrong, [{ resolvedAt: 8 * DAY, returnAt: 8 * DAY + 240 }]);
    const uncorrected = reports(all(wrong));
    expect(uncorrected.r06a[0]).toMatchObject({ resolved: { total: 1, late: 1 } });
    const fixed = new InMemoryEventStore();
    await log(fixed, [{ resolvedAt: 8 * DAY, returnAt: 8 * DAY + 240, correctTo: 2 * DAY }]);
    const right = new InMemoryEventStore();
    await log(right, [{ resolvedAt: 2 * DAY, returnAt: 8 * DAY + 240 }]);
    const corrected = reports(applyCorrections(all(fixed)));
    expect(corrected.r06a[0]).toMatchObject({ resolved: { total: 1, late: 0 } });
    expect(corrected).toEqual(reports(all(right)));
    // The log itself still says 12/03.
    expect(all(fixed).find((e) => e.type === 'DossierResolved')!.metadata.occurredAt).toBe(iso(8 * DAY));
  });

  it('property: for any entered and right times, the corrected view reports like the history entered right (06a, 766, TT 01, satisfaction)', async () => {
    const minute = fc.integer({ min: 1, max: 14 * DAY });
    const entry = fc.tuple(minute, minute, fc.boolean(), fc.integer({ min: 1, max: 600 }));
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 4 }), async (xs) => {
        const fixed = new InMemoryEventStore();
        const right = new InMemoryEventStore();
        const entered = xs.map(([r, w, mistake, gap]) => ({ right: r, entered: mistake && w !== r ? w : r, returnAt: Math.max(r, w) + gap }));
        await log(
          fixed,
          entered.map((x) => ({ resolvedAt: x.entered, returnAt: x.returnAt, ...(x.entered !== x.right ? { correctTo: x.right } : {}) })),
        );
        await log(
          right,
          entered.map((x) => ({ resolvedAt: x.right, returnAt: x.returnAt })),
        );
        expect(reports(applyCorrections(all(fixed)))).toEqual(reports(all(right)));
      }),
      { numRuns: 25 },
    );
  });

  it('a runner over correctedLog: a correction of an event already applied is reported, and a rebuild gives the corrected reports', async () => {
    const store = new InMemoryEventStore();
    await log(store, [{ resolvedAt: 8 * DAY, returnAt: 8 * DAY + 240 }]);
    const late: LateCorrection[] = [];
    const p = timelinessProjection({ calendar: cal });
    const runner = createProjectionRunner({ store: correctedLog(store, { onLateCorrection: (x) => late.push(x) }), projection: p, persist: false });
    await runner.catchUp();
    const period = { projection: p, catalog, from: '2024-03-01', to: '2024-03-31' };
    expect(report06a(runner.state, period)[0]).toMatchObject({ resolved: { late: 1 } });
    // The leader corrects the resolution to 06/03.
    const engine = createEngine({ store, catalog, futureTolerance: Number.POSITIVE_INFINITY, policy: 'none' });
    const dossierId = all(store)[0]!.streamId.slice('dossier-'.length);
    await engine.execute({
      type: 'CorrectEvent',
      target: { type: 'DossierResolved' },
      field: 'occurredAt',
      value: iso(2 * DAY),
      reason: 'Nhập nhầm',
      actor: leader,
      commandId: randomUUID(),
      dossierId,
      at: iso(9 * DAY),
    });
    await runner.catchUp();
    expect(late.map((x) => [x.correction.type, x.target.type])).toEqual([['EventCorrected', 'DossierResolved']]);
    await runner.rebuild();
    expect(report06a(runner.state, period)[0]).toMatchObject({ resolved: { late: 0 } });
    const right = new InMemoryEventStore();
    await log(right, [{ resolvedAt: 2 * DAY, returnAt: 8 * DAY + 240 }]);
    expect(report06a(runner.state, period)).toEqual(report06a(foldProjection(p, all(right)), period));
  });
});
