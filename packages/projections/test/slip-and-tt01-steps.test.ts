/**
 * The control slip (Form 05) and TT 01 index 2 measure each step as the
 * engine and the other reports do (docs/metrics.md §2, §5, §7):
 * - a transfer across administrative boundaries is judged against its own due
 *   (NĐ 118/2025 Đ20.1: paper within 1 working day), not the acceptance's
 *   same-day transfer deadline;
 * - a step the engine judged (`DossierTransferred.late`, `LegCompleted.late`)
 *   is late exactly when its event says so, also for a leg budget in working
 *   hours;
 * - a supplement requested after the due date in force does not restart it:
 *   the result is late, as in 06a.
 * Expected values are worked out by hand from the rules and the 2024/2025
 * calendars in the comments.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { controlSlip, createEngine, InMemoryEventStore, type CommandBody, type DossierEvent, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { foldProjection, report06a, timelinessProjection, tt01Projection, tt01Report } from '@motcua/projections';
import { testCatalog } from './support/generate';

const vn = (local: string) => `${local}:00.000+07:00`;

function world(catalog = testCatalog()) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, cacheSize: 0, policy: 'none' });
  const run = (id: string, body: object, at: string) =>
    engine.execute({ ...body, actor: { id: 'cb-01', role: 'officer' }, commandId: randomUUID(), dossierId: id, at: vn(at) } as never);
  const events = async (id?: string) => {
    const out: StoredEvent[] = [];
    for await (const e of store.readAll()) if (!id || e.streamId.endsWith(id)) out.push(e);
    return out;
  };
  return { run, events, catalog };
}

/** The slip row of the (first) event of this type. */
const row = (events: StoredEvent[], type: string) => {
  const version = events.find((e) => e.type === type)!.version;
  return controlSlip(events as DossierEvent[]).rows.find((r) => r.version === version)!;
};

describe('control slip and TT 01 index 2: steps measured as the engine judged them', () => {
  it('a paper transfer across boundaries (Đ20.1) is due 1 working day after receipt: on Tue 08/07/2025 on time (1 point), on Mon 07/07 early (2 points)', async () => {
    const w = world(sampleCatalog());
    const A = { code: '000.01.20.H26', name: 'Trung tâm phục vụ hành chính công A' };
    const B = { code: '000.02.20.H26', name: 'UBND xã B' };
    const intake = { type: 'ReceiveDossier', procedureCode: '2.002030', unit: A, competentUnit: B, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' } as CommandBody;
    const [onDue, before] = [randomUUID(), randomUUID()];
    for (const [id, transferAt] of [
      [onDue, '2025-07-08T09:00'],
      [before, '2025-07-07T10:00'],
    ] as const) {
      await w.run(id, intake, '2025-07-07T09:00');
      await w.run(id, { type: 'TransferDossier', mode: 'paper' }, transferAt);
      await w.run(id, { type: 'Resolve', electronicResult: false }, '2025-07-08T10:00');
    }
    expect(row(await w.events(onDue), 'DossierTransferred')).toMatchObject({ due: { date: '2025-07-08' }, timeliness: 'onTime' });
    expect(row(await w.events(before), 'DossierTransferred')).toMatchObject({ due: { date: '2025-07-08' }, timeliness: 'early' });
    const [official] = tt01Report(foldProjection(tt01Projection(), await w.events()), { catalog: w.catalog, from: '2025-07-01', to: '2025-07-31', by: 'official' });
    expect(official!.indices[2]).toBe(1.5); // (1 + 2) / 2
  });

  it('legs with budgets in working hours completed the same afternoon are late, as LegCompleted says (procedure 9.000004)', async () => {
    const w = world();
    const id = randomUUID();
    await w.run(
      id,
      { type: 'ReceiveDossier', procedureCode: '9.000004', unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa' }, applicant: { name: 'A' }, channel: 'direct' },
      '2024-03-04T07:30',
    );
    await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T07:35');
    await w.run(id, { type: 'StartInterAgency' }, '2024-03-04T07:40');
    await w.run(id, { type: 'CompleteLeg', legIndex: 1 }, '2024-03-04T15:00');
    await w.run(id, { type: 'CompleteLeg', legIndex: 0 }, '2024-03-04T15:10');
    const events = await w.events(id);
    const legs = events.filter((e) => e.type === 'LegCompleted');
    // Leg 1 (2 h) was due 09:40 and leg 0 (3 h) 10:40 the same morning: both late by the minute.
    expect(legs.map((e) => (e.data as { late: boolean }).late)).toEqual([true, true]);
    const rows = controlSlip(events as DossierEvent[]).rows.filter((r) => legs.some((e) => e.version === r.version));
    expect(rows.map((r) => r.timeliness)).toEqual(['late', 'late']);
  });

  it('a supplement requested after the due date (Mon 11/03/2024, due Thu 07/03) does not restart it: the result on 13/03 is late, as 06a counts it', async () => {
    const w = world();
    const id = randomUUID();
    await w.run(
      id,
      { type: 'ReceiveDossier', procedureCode: '2.002030', unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa' }, applicant: { name: 'A' }, channel: 'direct' },
      '2024-03-04T09:00',
    );
    await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T09:10');
    await w.run(id, { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'thiếu' }, '2024-03-11T09:00');
    await w.run(id, { type: 'ProvideSupplement' }, '2024-03-12T09:00');
    await w.run(id, { type: 'Resolve', electronicResult: false }, '2024-03-13T09:00');
    const events = await w.events(id);
    expect(row(events, 'SupplementProvided')).toMatchObject({ step: { en: 'Supplement received' }, note: { en: 'Due date stays 2024-03-07 (supplement requested after it)' } });
    expect(row(events, 'DossierResolved')).toMatchObject({ due: { date: '2024-03-07' }, timeliness: 'late' });
    const projection = timelinessProjection();
    const [total] = report06a(foldProjection(projection, events), { catalog: w.catalog, projection, from: '2024-03-01', to: '2024-03-31' });
    expect(total!.resolved.late).toBe(1);
  });

  it('a supplement requested within time (Wed 06/03/2024) restarts the due date from the answer (Mon 11/03 + 3 working days = Thu 14/03): the result on 13/03 is early', async () => {
    const w = world();
    const id = randomUUID();
    await w.run(
      id,
      { type: 'ReceiveDossier', procedureCode: '2.002030', unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa' }, applicant: { name: 'A' }, channel: 'direct' },
      '2024-03-04T09:00',
    );
    await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T09:10');
    await w.run(id, { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'thiếu' }, '2024-03-06T09:00');
    await w.run(id, { type: 'ProvideSupplement' }, '2024-03-11T09:00');
    await w.run(id, { type: 'Resolve', electronicResult: false }, '2024-03-13T09:00');
    const events = await w.events(id);
    expect(row(events, 'SupplementProvided')).toMatchObject({ step: { en: 'Supplement received; clock restarted' }, note: { en: 'New due date 2024-03-14' } });
    expect(row(events, 'DossierResolved')).toMatchObject({ due: { date: '2024-03-14' }, timeliness: 'early' });
  });
});
