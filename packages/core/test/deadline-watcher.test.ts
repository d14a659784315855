import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createDeadlineWatcher, toVietnamInstant, type DeadlineAlert, type DeadlineWatcherState } from '@motcua/core';
import { classifyPending } from '@motcua/calendar';
import { applicant, cmd, newEngine, unit, vn } from './helpers';

const BUSINESS = '2.002030'; // 3 working days

describe('deadline watcher', () => {
  it('alerts due-soon then overdue once, pauses during a supplement, follows a reschedule, survives restarts', async () => {
    const { engine, store } = newEngine();
    const a = uuidv7();
    const b = uuidv7();
    await engine.execute(cmd(a, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') })); // due Thu 07/03
    await engine.execute(cmd(b, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T10:00') }));
    await engine.execute(cmd(b, { type: 'TransferDossier', at: vn('2024-03-04T10:30') }));
    await engine.execute(cmd(b, { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu', at: vn('2024-03-04T11:00') }));
    const got: DeadlineAlert[] = [];
    const w1 = createDeadlineWatcher({ store, onAlert: (x) => void got.push(x) });
    await w1.catchUp();
    expect(await w1.tick(vn('2024-03-05T08:00'))).toEqual([]);
    const soon = await w1.tick(vn('2024-03-06T08:00')); // last 2 working days: Wed 06, Thu 07
    expect(soon.map((x) => [x.dossierId, x.bucket])).toEqual([[a, 'dueSoon']]);
    expect(await w1.tick(vn('2024-03-06T09:00'))).toEqual([]);
    // Restart: a new watcher over the same store repeats nothing.
    const w2 = createDeadlineWatcher({ store, onAlert: (x) => void got.push(x) });
    await w2.catchUp();
    expect(await w2.tick(vn('2024-03-07T16:00'))).toEqual([]);
    const over = await w2.tick(vn('2024-03-08T00:00'));
    expect(over.map((x) => [x.dossierId, x.bucket, x.since])).toEqual([[a, 'overdue', '2024-03-08T00:00:00.000+07:00']]);
    // The supplement arrives: b gets a restarted due date (Mon 11/03 + 3 → Thu 14/03).
    await engine.execute(cmd(b, { type: 'ProvideSupplement', at: vn('2024-03-11T09:00') }));
    // a is rescheduled: its overdue state is re-evaluated against the new date.
    await engine.execute(cmd(a, { type: 'TransferDossier', at: vn('2024-03-11T09:30') }));
    await engine.execute(cmd(a, { type: 'IssueApology', reason: 'chậm', lateUnit: 'SKHDT', newDueDate: '2024-03-20', at: vn('2024-03-11T10:00') }));
    const w3 = createDeadlineWatcher({ store, onAlert: (x) => void got.push(x) });
    await w3.catchUp();
    const later = await w3.tick(vn('2024-03-13T08:00'));
    expect(later.map((x) => [x.dossierId, x.bucket])).toEqual([[b, 'dueSoon']]);
    await engine.execute(cmd(b, { type: 'Resolve', at: vn('2024-03-13T10:00') }));
    await w3.catchUp();
    expect(w3.size()).toBe(1);
    expect((await w3.tick(vn('2024-03-25T08:00'))).map((x) => [x.dossierId, x.bucket])).toEqual([[a, 'overdue']]);
    expect(got.map((x) => x.key)).toEqual([`${a}:dueSoon:2024-03-07`, `${a}:overdue:2024-03-07`, `${b}:dueSoon:2024-03-14`, `${a}:overdue:2024-03-20`]);
  });

  it('a dossier closed for an uncompleted supplement (NĐ 118 Đ19.5) is no longer watched', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-07-07T09:00') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2025-07-07T10:30') }));
    await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu', at: vn('2025-07-07T11:00') }));
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(watcher.size()).toBe(1);
    // More than 15 days after the notice (Mon 07/07 → from Wed 23/07).
    await engine.execute(cmd(id, { type: 'CloseDossier', reason: 'Không bổ sung trong 15 ngày', at: vn('2025-07-23T09:00') }));
    await watcher.catchUp();
    expect(watcher.size()).toBe(0);
    expect(await watcher.tick(vn('2025-10-01T08:00'))).toEqual([]);
  });

  it('a withdrawal request ends the watch: no due-soon or overdue alert afterwards, before StopProcessing comes', async () => {
    const { engine, store } = newEngine();
    const kept = uuidv7();
    const withdrawn = uuidv7();
    for (const id of [kept, withdrawn])
      await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') })); // due Thu 07/03
    await engine.execute(cmd(withdrawn, { type: 'RequestWithdrawal', at: vn('2024-03-05T09:00') }));
    const watcher = createDeadlineWatcher({ store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(watcher.size()).toBe(1);
    expect((await watcher.tick(vn('2024-03-06T08:00'))).map((x) => [x.dossierId, x.bucket])).toEqual([[kept, 'dueSoon']]);
    expect((await watcher.tick(vn('2024-03-20T08:00'))).map((x) => [x.dossierId, x.bucket])).toEqual([[kept, 'overdue']]);
  });

  it('a supplement requested after the due date pauses nothing: the overdue alert still comes, once, and its answer restarts nothing', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-07-07T09:00') })); // due Thu 10/07
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2025-07-07T10:30') }));
    const got: DeadlineAlert[] = [];
    const watcher = createDeadlineWatcher({ store, onAlert: (x) => void got.push(x) });
    await watcher.catchUp();
    expect((await watcher.tick(vn('2025-07-11T00:00'))).map((x) => x.bucket)).toEqual(['overdue']);
    await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu', at: vn('2025-07-11T09:00') })); // the day after
    await watcher.catchUp();
    await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn('2025-07-14T09:00') })); // a restart would give Thu 17/07
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-07-16T08:00'))).toEqual([]); // no second overdue, no due-soon for 17/07
    expect(await watcher.tick(vn('2025-07-18T08:00'))).toEqual([]);
    expect(got.map((x) => x.key)).toEqual([`${id}:overdue:2025-07-10`]);
    // The same request unanswered: a fresh watcher still alerts overdue while the dossier waits.
    const other = uuidv7();
    await engine.execute(cmd(other, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-07-07T09:00') }));
    await engine.execute(cmd(other, { type: 'TransferDossier', at: vn('2025-07-07T10:30') }));
    await engine.execute(cmd(other, { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu', at: vn('2025-07-11T09:00') }));
    const fresh = createDeadlineWatcher({ store, onAlert: () => undefined });
    await fresh.catchUp();
    expect((await fresh.tick(vn('2025-07-14T08:00'))).map((x) => [x.dossierId, x.bucket])).toEqual([[other, 'overdue']]);
  });

  it('property: with restarts at random points, each (dossier, bucket) is emitted exactly when the calendar says, once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 60 * 24 }), { minLength: 1, maxLength: 8 }), // receipt offsets (minutes × 30)
        fc.array(fc.tuple(fc.integer({ min: 1, max: 3 * 24 * 60 }), fc.boolean()), { minLength: 1, maxLength: 12 }), // tick steps, restart?
        async (receipts, ticks) => {
          const { engine, store } = newEngine();
          const start = Date.parse('2024-01-29T01:00:00Z'); // spans Tết 2024
          const dues = new Map<string, { date: string; at: string }>();
          for (const r of receipts) {
            const id = uuidv7();
            const res = await engine.execute(
              cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: toVietnamInstant(start + r * 30 * 60_000) }),
            );
            dues.set(id, res.state.due!.legal);
          }
          const emitted: string[] = [];
          let watcher = createDeadlineWatcher({ store, onAlert: (x) => void emitted.push(`${x.dossierId}:${x.bucket}`) });
          let now = start + 31 * 24 * 60 * 60_000 * 0 + 30 * 24 * 60_000;
          for (const [step, restart] of ticks) {
            now += step * 60_000;
            if (restart) watcher = createDeadlineWatcher({ store, onAlert: (x) => void emitted.push(`${x.dossierId}:${x.bucket}`) });
            await watcher.catchUp();
            await watcher.tick(toVietnamInstant(now));
          }
          // Oracle: the buckets reached by the last tick, computed independently.
          const expected: string[] = [];
          for (const [id, due] of dues) {
            const b = classifyPending(toVietnamInstant(now), due, engine.calendar);
            if (b === 'dueSoon' || b === 'overdue') expected.push(`${id}:${b}`);
          }
          const reached = new Set(emitted);
          expect(emitted.length).toBe(reached.size); // no duplicates
          for (const e of expected) expect(reached.has(e)).toBe(true);
          for (const e of emitted) {
            const [id, bucket] = e.split(':');
            const final = classifyPending(toVietnamInstant(now), dues.get(id!)!, engine.calendar);
            expect(bucket === 'dueSoon' ? ['dueSoon', 'overdue'] : ['overdue']).toContain(final);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('runs on the projection runner: follows live appends, alerts in its turn, saves on stop; resumes a checkpoint saved before tags', async () => {
    const { engine, store } = newEngine();
    const got: DeadlineAlert[] = [];
    const clock = () => new Date(vn('2024-03-06T08:00')); // inside a's warning window
    const w = createDeadlineWatcher({ store, clock, onAlert: (x) => void got.push(x) });
    await w.start();
    const a = uuidv7();
    const r = await engine.execute(cmd(a, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    // A bounded wait (a failure guard, not a timing assertion): the live turn emits the alert.
    for (let i = 0; i < 3000 && got.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(got.map((x) => [x.dossierId, x.bucket])).toEqual([[a, 'dueSoon']]);
    expect(w.size()).toBe(1);
    await w.stop();
    const saved = await store.loadProjection<DeadlineWatcherState>('deadline-watcher');
    expect(saved?.position).toBe(r.events.at(-1)!.position);
    expect(saved?.state.dossiers[a]?.alerted).toBe('dueSoon');
    expect(saved?.tag).toBe('deadline-watcher/4');

    // A checkpoint written by the watcher before it ran on the runner (no tag), with the version-1 state (no waits), is resumed, not rebuilt: nothing is alerted twice.
    await store.saveProjection('old-watcher', { state: { dossiers: saved!.state.dossiers }, position: saved!.position });
    const again: DeadlineAlert[] = [];
    const old = createDeadlineWatcher({ store, name: 'old-watcher', clock, onAlert: (x) => void again.push(x) });
    await old.catchUp();
    expect(await old.tick()).toEqual([]);
    expect((await old.tick(vn('2024-03-08T00:00'))).map((x) => [x.dossierId, x.bucket])).toEqual([[a, 'overdue']]);
    expect((await store.loadProjection('old-watcher'))?.tag).toBe('deadline-watcher/4');
    await old.stop();
  });
});
