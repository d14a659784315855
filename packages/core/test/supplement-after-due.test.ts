/**
 * A supplement requested after the due date in force buys the agency no new time limit (docs/metrics.md §2, the
 * reports' legal clock; the control slip's "Hẹn trả giữ nguyên"): `SupplementRequested.afterDue`, and the answer's
 * `SupplementProvided.due` keeps the date. A request within time restarts the clock from the answer (NĐ 61/2018
 * Đ19.4, NĐ 118/2025 Đ19.5). From a late request on, nothing restarts, even after a Form 04 date.
 * Procedure 2.002030: 3 working days; dates counted by hand (no holiday in June–July 2025).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { appointmentOf, createEngine, InMemoryEventStore, type CommandBody } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit, vn } from './helpers';

const NOW = new Date('2025-08-01T03:00:00Z');
function setup() {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), policy: 'none', clock: () => NOW });
  const id = uuidv7();
  const run = (body: CommandBody, at: string) => engine.execute(cmd(id, { ...body, at: vn(at) } as CommandBody));
  return { engine, id, run };
}
const receive = { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' } as unknown as CommandBody;
const transfer = { type: 'TransferDossier' } as unknown as CommandBody;
const request = { type: 'RequestSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ' } as unknown as CommandBody;
const provide = { type: 'ProvideSupplement' } as unknown as CommandBody;
const apology = (newDueDate: string) => ({ type: 'IssueApology', reason: 'Chờ ý kiến', lateUnit: 'Sở Tư pháp', newDueDate }) as unknown as CommandBody;

describe('a supplement requested after the due date restarts nothing', () => {
  it('NĐ 118/2025: requested the day after the due date (Thu 10/07/2025), answered Mon 14/07: the due date stays 10/07', async () => {
    const { engine, id, run } = setup();
    await run(receive, '2025-07-07T09:00');
    await run(transfer, '2025-07-07T09:30');
    const requested = await run(request, '2025-07-11T09:00');
    expect(requested.events[0]!.data).toMatchObject({ afterDue: true });
    const provided = await run(provide, '2025-07-14T09:00');
    expect((provided.events[0]!.data as { due: { date: string } }).due.date).toBe('2025-07-10');
    expect(appointmentOf(await engine.get(id))?.date).toBe('2025-07-10');
  });

  it('NĐ 118/2025: requested on the due day, answered Mon 14/07: restarted, 3 working days → Thu 17/07', async () => {
    const { engine, id, run } = setup();
    await run(receive, '2025-07-07T09:00');
    await run(transfer, '2025-07-07T09:30');
    const requested = await run(request, '2025-07-10T16:00');
    expect(requested.events[0]!.data).not.toHaveProperty('afterDue');
    await run(provide, '2025-07-14T09:00');
    expect(appointmentOf(await engine.get(id))?.date).toBe('2025-07-17');
  });

  it('NĐ 61/2018: a restart within time counts; a later late request, and every request after it, restart nothing — Form 04 still sets the date', async () => {
    const { engine, id, run } = setup();
    await run(receive, '2025-06-02T09:00'); // due Thu 05/06
    await run(transfer, '2025-06-02T09:30');
    await run(request, '2025-06-04T09:00'); // within time
    await run(provide, '2025-06-09T09:00'); // restart: Tue 10, Wed 11, Thu 12/06
    expect(appointmentOf(await engine.get(id))?.date).toBe('2025-06-12');
    expect((await run(request, '2025-06-13T09:00')).events[0]!.data).toMatchObject({ afterDue: true }); // the day after 12/06
    await run(provide, '2025-06-16T09:00'); // a restart would give Thu 19/06
    expect(appointmentOf(await engine.get(id))?.date).toBe('2025-06-12');
    await run(apology('2025-06-24'), '2025-06-17T09:00'); // Form 04: Tue 24/06
    expect(appointmentOf(await engine.get(id))?.date).toBe('2025-06-24');
    // Within Form 04's date, but after a late request: still afterDue, and the answer keeps Form 04's date in force.
    expect((await run(request, '2025-06-18T09:00')).events[0]!.data).toMatchObject({ afterDue: true });
    await run(provide, '2025-06-19T09:00'); // a restart would give Tue 24/06 from the answer too, so compare the legal date
    const state = await engine.get(id);
    expect(state.due?.legal.date).toBe('2025-06-12');
    expect(appointmentOf(state)?.date).toBe('2025-06-24');
    expect(state.supplements.map((s) => s.afterDue === true)).toEqual([false, true, true]);
  });
});
