/**
 * Issue #12 item 2 — closure of an uncompleted dossier (NĐ 118/2025 Đ19.5):
 * the applicant has 15 days from the supplement notice (or the sector's
 * period); after them the one-stop officer closes the dossier — here the
 * deadline watcher, ticking at chosen instants, alerts (`closure`) and closes
 * it through the engine (`closeExpiredWith`), so a `DossierClosed` event lands
 * and the control slip shows it. NĐ 61/2018 has no such rule: a dossier
 * received on 30/06/2025 is never closed.
 *
 * Dates from the article: "15 ngày kể từ ngày ... thông báo" — calendar days,
 * the notice day not counted: notice Wed 02/07/2025 → the 15 days run to Thu
 * 17/07; closable from Fri 18/07 00:00.
 */
import { describe, expect, it } from 'vitest';
import { closeExpiredWith, controlSlip, createDeadlineWatcher, type CommandBody, type DeadlineAlert } from '@motcua/core';
import { catalog, cmd, intake, newEngine, refusal, run, SECTOR, uuidv7, vn } from './support';

const system = { id: 'he-thong', role: 'system' };
const request: CommandBody = { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ' };

async function waiting(day: string, notice: string, procedureCode = intake.procedureCode) {
  const { engine, store } = newEngine();
  const id = uuidv7();
  await run(engine, id, [
    [`${day}T09:00`, { type: 'ReceiveDossier', ...intake, procedureCode }],
    [`${day}T10:00`, { type: 'TransferDossier' }],
    [notice, request],
  ]);
  return { engine, store, id };
}

describe('closure after 15 days without the supplement (NĐ 118/2025 Đ19.5), by the deadline watcher', () => {
  it('received 01/07/2025, notice Wed 02/07: no closure on Thu 17/07 23:59; alert and DossierClosed at Fri 18/07 00:00; once', async () => {
    const { engine, store, id } = await waiting('2025-07-01', '2025-07-02T10:00');
    const alerts: DeadlineAlert[] = [];
    const watcher = createDeadlineWatcher({ store, onAlert: (a) => void alerts.push(a), closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-17T23:59'))).toEqual([]);
    expect((await engine.get(id)).topLevel).toBe('supplementRequested');

    const due = await watcher.tick(vn('2025-07-18T00:00'));
    expect(due.map((a) => [a.bucket, a.due.date, a.since])).toEqual([['closure', '2025-07-17', '2025-07-18T00:00:00.000+07:00']]);
    const state = await engine.get(id);
    expect(state.topLevel).toBe('closed');
    expect(state.nationalStatus).toBe(8);
    const last = (await engine.history(id)).at(-1)!;
    expect(last.type).toBe('DossierClosed');
    expect(last.metadata.occurredAt).toBe('2025-07-18T00:00:00.000+07:00');
    expect(last.metadata.actor?.role).toBe('system');
    expect(last.data).toMatchObject({ periodEnded: '2025-07-17' });
    // Visible in the control slip.
    const row = controlSlip(await engine.history(id)).rows.at(-1)!;
    expect(row.step.vi).toContain('Đóng hồ sơ');
    expect(row.note?.vi).toContain('2025-07-17');
    // The watch ended: no second alert, no second command.
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-08-30T08:00'))).toEqual([]);
    expect(alerts.filter((a) => a.bucket === 'closure')).toHaveLength(1);
    expect((await engine.history(id)).filter((e) => e.type === 'DossierClosed')).toHaveLength(1);
    await watcher.stop();
  });

  it('received 30/06/2025 (NĐ 61/2018): never alerted nor closed; CloseDossier is refused (StopProcessing remains)', async () => {
    const { engine, store, id } = await waiting('2025-06-30', '2025-07-01T10:00');
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined, closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    for (const at of ['2025-07-17T00:00', '2025-07-30T08:00', '2025-12-31T08:00']) expect((await watcher.tick(vn(at))).filter((a) => a.bucket === 'closure')).toEqual([]);
    expect((await engine.get(id)).topLevel).toBe('supplementRequested');
    const err = await refusal(engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Quá hạn', at: vn('2025-12-31T09:00') })));
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', rule: 'CLOSURE_NOT_IN_RULE_PACK' });
    const stopped = await engine.execute(cmd(id, { type: 'StopProcessing', reason: 'Không bổ sung', at: vn('2025-12-31T09:05') }));
    expect(stopped.state.topLevel).toBe('stopped');
    await watcher.stop();
  });

  it('an intake supplement (Form 02 at intake) too: requested Tue 01/07 14:00 → closed from Thu 17/07 00:00', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [['2025-07-01T14:00', { type: 'RequestIntakeSupplement', items: [{ name: 'CCCD' }], reason: 'Thiếu', intake }]]);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined, closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-16T23:59'))).toEqual([]);
    expect((await watcher.tick(vn('2025-07-17T00:00'))).map((a) => a.bucket)).toEqual(['closure']);
    expect((await engine.get(id)).topLevel).toBe('closed');
    await watcher.stop();
  });

  it('the supplement provided within the period ends the wait: nothing is closed', async () => {
    const { engine, store, id } = await waiting('2025-07-01', '2025-07-02T10:00');
    await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn('2025-07-17T16:00') }));
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined, closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    expect((await watcher.tick(vn('2025-07-18T00:00'))).filter((a) => a.bucket === 'closure')).toEqual([]);
    expect((await engine.get(id)).topLevel).toBe('processing');
    await watcher.stop();
  });

  it('an intake supplement provided within the period ends that wait too (before the officer acts): no closure alert, not closed', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-01T14:00', { type: 'RequestIntakeSupplement', items: [{ name: 'CCCD' }], reason: 'Thiếu', intake }],
      ['2025-07-02T09:00', { type: 'ProvideIntakeSupplement' }],
    ]);
    const alerts: DeadlineAlert[] = [];
    const watcher = createDeadlineWatcher({ store, onAlert: (a) => void alerts.push(a), closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    await watcher.tick(vn('2025-07-17T00:00'));
    await watcher.tick(vn('2025-08-30T08:00'));
    expect(alerts.filter((a) => a.bucket === 'closure')).toEqual([]);
    expect((await engine.history(id)).map((e) => e.type)).not.toContain('DossierClosed');
    await watcher.stop();
  });

  it('without closeExpired the watcher only alerts; the officer closes with CloseDossier (refused on the 15th day, accepted the day after)', async () => {
    const { engine, store, id } = await waiting('2025-07-01', '2025-07-02T10:00');
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect((await watcher.tick(vn('2025-07-18T08:00'))).map((a) => a.bucket)).toEqual(['closure']);
    expect((await engine.get(id)).topLevel).toBe('supplementRequested');
    const early = await refusal(engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Quá hạn', at: vn('2025-07-17T16:59') })));
    expect(early).toMatchObject({ rule: 'SUPPLEMENT_PERIOD_NOT_OVER' });
    expect(early!.message).toContain('NĐ 118/2025 Điều 19.5');
    expect(early!.message).toContain('2025-07-18');
    await engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Quá hạn', at: vn('2025-07-18T08:30') }));
    await watcher.stop();
  });

  it('a sector period (procedure.supplementPeriodDays = 30) wins over the 15 days: notice 02/07 → closable from Sat 02/08', async () => {
    const { engine, store, id } = await waiting('2025-07-01', '2025-07-02T10:00', SECTOR);
    const late = await refusal(engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Quá hạn', at: vn('2025-08-01T23:00') })));
    expect(late).toMatchObject({ rule: 'SUPPLEMENT_PERIOD_NOT_OVER' });
    const watcher = createDeadlineWatcher({ store, catalog: catalog(), onAlert: () => undefined, closeExpired: closeExpiredWith(engine, system) });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-08-01T23:59'))).toEqual([]);
    expect((await watcher.tick(vn('2025-08-02T00:00'))).map((a) => [a.bucket, a.due.date])).toEqual([['closure', '2025-08-01']]);
    expect((await engine.get(id)).topLevel).toBe('closed');
    await watcher.stop();
  });

  it('the due-date alerts stay paused while the supplement is awaited (the clock restarts on completion)', async () => {
    const { store } = await waiting('2025-07-01', '2025-07-02T10:00');
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    // Due Fri 04/07 (3 working days from Tue 01/07) passed while waiting: no dueSoon/overdue, only the closure.
    expect((await watcher.tick(vn('2025-07-18T08:00'))).map((a) => a.bucket)).toEqual(['closure']);
    await watcher.stop();
  });
});
