/**
 * A late consulted agency raises an alert (NĐ 118/2025 Đ19.4c, Đ20.2; NĐ 61/2018
 * Đ19.5 already had late answers reported to the head of the unit): the
 * deadline watcher emits `lateAgency`, addressed to the head of the receiving
 * unit, once per consultation or leg still unanswered at 00:00 of the day after
 * its deadline. Real engine, real watcher ticking at hand-computed instants.
 *
 * Working days from the official 2025 schedule (Sat/Sun off; 30/08–02/09/2025
 * off: Sat 30, Sun 31, Mon 01 and Tue 02/09). A leg's due date is its start
 * day + N working days (the start day not counted).
 */
import { describe, expect, it } from 'vitest';
import { createDeadlineWatcher, type CommandBody, type DeadlineAlert } from '@motcua/core';
import { cmd, newEngine, unit, uuidv7, vn } from './support';

const LAND = '1.003003';
const intake = { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant: { name: 'Lê Văn Cường' }, channel: 'direct' } as const;
const head = { role: 'unitHead', unit: { code: unit.code, name: unit.name } };

async function exec(engine: ReturnType<typeof newEngine>['engine'], id: string, local: string, body: object) {
  return engine.execute(cmd(id, { ...body, at: vn(local) } as CommandBody));
}

describe('deadline watcher: lateAgency (NĐ 118/2025 Đ19.4c, Đ20.2)', () => {
  it('30/06/2025 (NĐ 61, sequential route): leg 0 due Wed 03/09 (8 working days from Wed 20/08 over the National Day break), leg 1 starts when leg 0 ends', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await exec(engine, id, '2025-06-30T09:00', intake);
    await exec(engine, id, '2025-06-30T14:00', { type: 'TransferDossier', mode: 'paper' });
    const started = await exec(engine, id, '2025-08-20T08:00', { type: 'StartInterAgency' });
    // Thu 21, Fri 22, Mon 25, Tue 26, Wed 27, Thu 28, Fri 29/08, (30/08–02/09 off), Wed 03/09 = 8 working days.
    expect(started.state.route?.legs.map((l) => l.due?.date)).toEqual(['2025-09-03', undefined, undefined]);
    const alerts: DeadlineAlert[] = [];
    const watcher = createDeadlineWatcher({ store, onAlert: (a) => void alerts.push(a), warnDays: 0, name: 'late-agency-2018' });
    await watcher.catchUp();
    const late = (list: DeadlineAlert[]) => list.filter((a) => a.bucket === 'lateAgency');
    expect(late(await watcher.tick(vn('2025-09-03T23:59')))).toEqual([]);
    const [leg0, ...rest] = late(await watcher.tick(vn('2025-09-04T00:00')));
    expect(rest).toEqual([]);
    expect(leg0).toMatchObject({
      dossierId: id,
      bucket: 'lateAgency',
      due: { date: '2025-09-03' },
      since: '2025-09-04T00:00:00.000+07:00',
      key: `${id}:lateAgency:leg:0:2025-09-03`,
      lateAgency: { kind: 'leg', ref: '0', agency: { code: 'VPDKDD' }, to: head },
    });
    expect(leg0!.dossierCode).toBeTruthy();
    // Once: later ticks say nothing more about leg 0.
    expect(late(await watcher.tick(vn('2025-09-04T09:00')))).toEqual([]);
    // Leg 0 answered late on Thu 04/09 10:00: leg 1 (3 working days: Fri 05, Mon 08, Tue 09/09) is due Tue 09/09.
    await exec(engine, id, '2025-09-04T10:00', { type: 'CompleteLeg', legIndex: 0 });
    await watcher.catchUp();
    expect(late(await watcher.tick(vn('2025-09-09T23:59')))).toEqual([]);
    const [leg1] = late(await watcher.tick(vn('2025-09-10T00:00')));
    expect(leg1).toMatchObject({ key: `${id}:lateAgency:leg:1:2025-09-09`, due: { date: '2025-09-09' }, lateAgency: { kind: 'leg', ref: '1', agency: { code: 'CCT' }, to: head } });
    // Leg 2 has not started: no deadline, no alert.
    expect(late(await watcher.tick(vn('2025-12-31T08:00')))).toEqual([]);
    await watcher.stop();
    // A restart from the saved checkpoint repeats nothing.
    const again = createDeadlineWatcher({ store, onAlert: () => undefined, warnDays: 0, name: 'late-agency-2018' });
    await again.catchUp();
    expect(late(await again.tick(vn('2025-12-31T09:00')))).toEqual([]);
    await again.stop();
    expect(late(alerts).map((a) => a.key)).toEqual([`${id}:lateAgency:leg:0:2025-09-03`, `${id}:lateAgency:leg:1:2025-09-09`]);
  });

  it('01/07/2025 (NĐ 118, parallel route): every leg starts at once; an unanswered consultation and leg alert the head, answered ones never', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await exec(engine, id, '2025-07-01T09:00', intake);
    await exec(engine, id, '2025-07-01T14:00', { type: 'TransferDossier', mode: 'electronic' });
    const consult = (consultationId: string, deadline: string) => ({
      type: 'RequestConsultation',
      consultationId,
      agency: { code: 'SXD', name: 'Sở Xây dựng' },
      content: 'Xin ý kiến về ranh giới',
      deadline,
    });
    // One consultation at a time: c2 (deadline Fri 22/08) answered in time on Tue 19/08, then c1 (deadline Fri 29/08) never answered.
    await exec(engine, id, '2025-08-18T09:00', consult('c2', '2025-08-22'));
    await exec(engine, id, '2025-08-19T10:00', { type: 'AnswerConsultation', consultationId: 'c2', answer: 'Đồng ý' });
    await exec(engine, id, '2025-08-19T11:00', consult('c1', '2025-08-29'));
    const started = await exec(engine, id, '2025-08-20T08:00', { type: 'StartInterAgency' });
    // Lead 12 working days from Wed 20/08: Thu 21 … Fri 29/08 (7), Wed 03, Thu 04, Fri 05, Mon 08, Tue 09/09 (12).
    // Participant 3 working days: Thu 21, Fri 22, Mon 25/08.
    expect(started.state.route?.legs.map((l) => l.due?.date)).toEqual(['2025-09-09', '2025-08-25']);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined, warnDays: 0, name: 'late-agency-2025' });
    await watcher.catchUp();
    const late = async (local: string) => (await watcher.tick(vn(local))).filter((a) => a.bucket === 'lateAgency').map((a) => a.key);
    expect(await late('2025-08-25T23:59')).toEqual([]);
    expect(await late('2025-08-26T00:00')).toEqual([`${id}:lateAgency:leg:1:2025-08-25`]);
    // Consultation c1's deadline Fri 29/08 is a calendar day: overdue from Sat 30/08 00:00, though the office is closed.
    expect(await late('2025-08-29T23:59')).toEqual([]);
    const at30 = (await watcher.tick(vn('2025-08-30T00:00'))).filter((a) => a.bucket === 'lateAgency');
    expect(at30).toEqual([
      expect.objectContaining({
        key: `${id}:lateAgency:consultation:c1:2025-08-29`,
        due: { date: '2025-08-29', at: '2025-08-30T00:00:00.000+07:00' },
        lateAgency: { kind: 'consultation', ref: 'c1', agency: { code: 'SXD', name: 'Sở Xây dựng' }, to: head },
      }),
    ]);
    // The lead agency completes on Tue 09/09, its due day: never alerted; c2 was answered in time: never alerted.
    await exec(engine, id, '2025-09-09T16:00', { type: 'CompleteLeg', legIndex: 0 });
    await watcher.catchUp();
    expect(await late('2025-12-31T08:00')).toEqual([]);
    await watcher.stop();
  });

  it('a dossier that ends stops the watch: a consultation still open at the resolution is not alerted', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await exec(engine, id, '2025-07-01T09:00', { ...intake, procedureCode: '2.002030' });
    await exec(engine, id, '2025-07-01T14:00', { type: 'TransferDossier', mode: 'electronic' });
    await exec(engine, id, '2025-07-02T09:00', {
      type: 'RequestConsultation',
      consultationId: 'c1',
      agency: { code: 'SXD', name: 'Sở Xây dựng' },
      content: 'Xin ý kiến',
      deadline: '2025-07-04',
    });
    await exec(engine, id, '2025-07-03T09:00', { type: 'Resolve', electronicResult: true });
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined, warnDays: 0, name: 'late-agency-ended' });
    await watcher.catchUp();
    expect((await watcher.tick(vn('2025-07-07T08:00'))).filter((a) => a.bucket === 'lateAgency')).toEqual([]);
    await watcher.stop();
  });
});
