/**
 * Issue #12 item 3 — online reception clock (NĐ 118/2025 Đ17.2): the
 * provincial system alerts the receiving officer within 2 hours of system
 * receipt; the officer accepts or asks for changes within 8 working hours.
 * The deadline watcher emits `receptionAlert` at receipt + 2 hours when the
 * dossier is still unhandled, carrying the 8-working-hour deadline. NĐ 61/2018
 * has no such alert. Working sessions 07:00–11:30 and 13:30–17:00 (8 hours a
 * day): submitted Tue 01/07/2025 09:00 → 2.5 h + 3.5 h that day, 2 h the next
 * → decision due Wed 02/07 09:00.
 */
import { describe, expect, it } from 'vitest';
import { createDeadlineWatcher, type CommandBody } from '@motcua/core';
import { intake, newEngine, run, uuidv7, vn } from './support';

const submit: CommandBody = { type: 'SubmitOnline', ...intake, channel: 'online' };

describe('online reception alert within 2 hours (NĐ 118/2025 Đ17.2)', () => {
  it('submitted 01/07/2025 09:00 and unhandled: no alert at 10:59, receptionAlert at 11:00 with the 8-working-hour deadline; once', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [['2025-07-01T09:00', submit]]);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-01T10:59'))).toEqual([]);
    const [alert, ...more] = await watcher.tick(vn('2025-07-01T11:00'));
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ dossierId: id, bucket: 'receptionAlert', since: '2025-07-01T11:00:00.000+07:00' });
    expect(alert!.due).toEqual({ date: '2025-07-02', at: '2025-07-02T09:00:00.000+07:00' });
    expect(await watcher.tick(vn('2025-07-01T15:00'))).toEqual([]);
    await watcher.stop();
  });

  it('accepted within the 2 hours: no alert', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-01T09:00', submit],
      ['2025-07-01T10:30', { type: 'ReceiveDossier' }],
    ]);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect((await watcher.tick(vn('2025-07-01T11:00'))).filter((a) => a.bucket === 'receptionAlert')).toEqual([]);
    await watcher.stop();
  });

  it('a resubmission after an intake supplement starts a new 2-hour alert (Thu 03/07 16:00 → 18:00; deadline Fri 04/07 16:00)', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-01T09:00', submit],
      ['2025-07-01T10:00', { type: 'RequestIntakeSupplement', items: [{ name: 'CCCD' }], reason: 'Thiếu' }],
      ['2025-07-03T16:00', { type: 'ProvideIntakeSupplement' }],
    ]);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-03T17:59'))).toEqual([]);
    const alerts = await watcher.tick(vn('2025-07-03T18:00'));
    // 16:00–17:00 is 1 working hour, Fri 04/07 07:00–11:30 4.5 h, 13:30–16:00 2.5 h: 8 hours at Fri 16:00.
    expect(alerts.map((a) => [a.bucket, a.due.at])).toEqual([['receptionAlert', '2025-07-04T16:00:00.000+07:00']]);
    await watcher.stop();
  });

  it('submitted 30/06/2025 (NĐ 61/2018): never a reception alert', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [['2025-06-30T09:00', submit]]);
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-31T09:00'))).toEqual([]);
    await watcher.stop();
  });
});
