/**
 * Issue #12 item 7 — results (NĐ 118/2025 Đ22–23):
 * - Đ22.4: an electronic result gets a document code = the applicant's
 *   personal/organisation identifier + the result-type code (none under NĐ 61/2018);
 * - Đ22.5 (NĐ 61 Đ20.2): early return only after prior notice — under both
 *   packs a return before the due date without `NotifyEarlyReturn` is flagged
 *   (`earlyWithoutNotice`); a pack set to `'refuse'` refuses it, citing its article;
 * - Đ23.1: an erroneous result is corrected within 3 working days of the
 *   report (a tracked obligation with `due` and `late`); NĐ 61/2018 Đ21 has no limit.
 */
import { describe, expect, it } from 'vitest';
import { controlSlip, createDeadlineWatcher, type CommandBody } from '@motcua/core';
import { RESULT_TYPE, applicant, cmd, intake, newEngine, packsWith, refusal, run, uuidv7, vn } from './support';

const resolved = async (day: string, resolveAt: string, opts: { electronicResult?: boolean; idNumber?: string | null; engine?: ReturnType<typeof newEngine> } = {}) => {
  const e = opts.engine ?? newEngine();
  const id = uuidv7();
  const who = opts.idNumber === null ? { name: applicant.name } : applicant;
  const r = await run(e.engine, id, [
    [`${day}T09:00`, { type: 'ReceiveDossier', ...intake, applicant: who }],
    [`${day}T10:00`, { type: 'TransferDossier' }],
    [resolveAt, { type: 'Resolve', electronicResult: opts.electronicResult ?? true }],
  ]);
  return { ...e, id, resolvedEvent: r.events[0]! };
};

describe('electronic result document code (NĐ 118/2025 Đ22.4)', () => {
  it('received 01/07/2025: identifier + result-type code on DossierResolved, in the state and on the control slip', async () => {
    const { engine, id, resolvedEvent } = await resolved('2025-07-01', '2025-07-03T10:00');
    const code = `${applicant.idNumber}-${RESULT_TYPE}`;
    expect(resolvedEvent.data).toMatchObject({ electronicResult: true, resultDocumentCode: code });
    expect((await engine.get(id)).resolution?.resultDocumentCode).toBe(code);
    expect(controlSlip(await engine.history(id)).rows.at(-1)!.note?.vi).toContain(code);
  });

  it('received 30/06/2025 (NĐ 61/2018): no code', async () => {
    const { resolvedEvent } = await resolved('2025-06-30', '2025-07-02T10:00');
    expect(resolvedEvent.data).not.toHaveProperty('resultDocumentCode');
  });

  it('no code for a paper result, nor when the applicant has no identifier (the result stays valid)', async () => {
    expect((await resolved('2025-07-01', '2025-07-03T10:00', { electronicResult: false })).resolvedEvent.data).not.toHaveProperty('resultDocumentCode');
    expect((await resolved('2025-07-01', '2025-07-03T10:00', { idNumber: null })).resolvedEvent.data).not.toHaveProperty('resultDocumentCode');
  });
});

describe('early return needs prior notice (NĐ 118/2025 Đ22.5; NĐ 61/2018 Đ20.2) — under both packs', () => {
  // 30/06 → due Thu 03/07; 01/07 → due Fri 04/07. Returned the day before the due date.
  for (const [day, resolveAt, returnAt] of [
    ['2025-06-30', '2025-07-01T10:00', '2025-07-02T10:00'],
    ['2025-07-01', '2025-07-02T10:00', '2025-07-03T10:00'],
  ] as const) {
    it(`received ${day}: without notice the return is flagged; after NotifyEarlyReturn it is not`, async () => {
      const a = await resolved(day, resolveAt);
      const flagged = await a.engine.execute(cmd(a.id, { type: 'ReturnResult', method: 'counter', at: vn(returnAt) }));
      expect(flagged.events[0]!.data).toMatchObject({ earlyWithoutNotice: true });
      const b = await resolved(day, resolveAt);
      await b.engine.execute(cmd(b.id, { type: 'NotifyEarlyReturn', channel: 'sms', at: vn(resolveAt.replace('10:00', '11:00')) }));
      const ok = await b.engine.execute(cmd(b.id, { type: 'ReturnResult', method: 'counter', at: vn(returnAt) }));
      expect(ok.events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
    });
  }

  it("earlyReturnWithoutNotice 'refuse' (configurable): refused, citing each pack's article; nothing appended", async () => {
    const e = newEngine(packsWith({ earlyReturnWithoutNotice: 'refuse' }));
    for (const [day, resolveAt, returnAt, article] of [
      ['2025-06-30', '2025-07-01T10:00', '2025-07-02T10:00', 'NĐ 61/2018 Điều 20.2'],
      ['2025-07-01', '2025-07-02T10:00', '2025-07-03T10:00', 'NĐ 118/2025 Điều 22.5'],
    ] as const) {
      const { engine, store, id } = await resolved(day, resolveAt, { engine: e });
      const before = await store.headPosition();
      const err = await refusal(engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', at: vn(returnAt) })));
      expect(err).toMatchObject({ rule: 'EARLY_RETURN_WITHOUT_NOTICE' });
      expect(err!.message).toContain(article);
      expect(await store.headPosition()).toBe(before);
    }
  });
});

describe('correction of an erroneous result (NĐ 118/2025 Đ23.1: within 3 working days)', () => {
  /** Received Mon 18/08/2025 → due Thu 21/08; resolved Wed 20/08, returned Thu 21/08; the error reported Thu 28/08/2025. */
  const returned = async (day = '2025-08-18', resolveAt = '2025-08-20T10:00', returnAt = '2025-08-21T10:00') => {
    const r = await resolved(day, resolveAt);
    await r.engine.execute(cmd(r.id, { type: 'ReturnResult', method: 'counter', at: vn(returnAt) }));
    return r;
  };
  const report: CommandBody = { type: 'ReportResultError', description: 'Sai ngày sinh trong giấy chứng nhận', reportedBy: 'applicant' };

  it('reported Thu 28/08/2025 → due Thu 04/09 (Fri 29/08, then 30/08–02/09 off, Wed 03, Thu 04); corrected on 04/09 on time, on 05/09 late', async () => {
    const a = await returned();
    const r = await a.engine.execute(cmd(a.id, { ...report, at: vn('2025-08-28T10:00') } as CommandBody));
    expect(r.events[0]!.data).toMatchObject({ reportedBy: 'applicant', due: { date: '2025-09-04' } });
    expect(r.state.topLevel).toBe('returned');
    const fixed = await a.engine.execute(cmd(a.id, { type: 'CorrectResult', note: 'Cấp lại', at: vn('2025-09-04T16:00') }));
    expect(fixed.events[0]!.data).toMatchObject({ late: false });
    expect(fixed.state.resultCorrection).toMatchObject({ due: { date: '2025-09-04' }, correctedAt: '2025-09-04T16:00:00.000+07:00', late: false, count: 1 });
    const rows = controlSlip(await a.engine.history(a.id)).rows.slice(-2);
    expect(rows.map((x) => x.step.vi)).toEqual(['Phát hiện sai sót trong kết quả', 'Sửa sai sót, trả lại kết quả']);
    expect(rows[1]).toMatchObject({ timeliness: 'onTime', due: { date: '2025-09-04' } });

    const b = await returned();
    await b.engine.execute(cmd(b.id, { ...report, at: vn('2025-08-28T10:00') } as CommandBody));
    const lateFix = await b.engine.execute(cmd(b.id, { type: 'CorrectResult', at: vn('2025-09-05T08:00') }));
    expect(lateFix.events[0]!.data).toMatchObject({ late: true });
    expect(controlSlip(await b.engine.history(b.id)).rows.at(-1)).toMatchObject({ timeliness: 'late' });
  });

  it('received 30/06/2025 (NĐ 61/2018 Đ21): no time limit — no due, never late', async () => {
    const a = await returned('2025-06-30', '2025-07-02T10:00', '2025-07-03T10:00');
    const r = await a.engine.execute(cmd(a.id, { ...report, at: vn('2025-07-10T10:00') } as CommandBody));
    expect(r.events[0]!.data).not.toHaveProperty('due');
    const fixed = await a.engine.execute(cmd(a.id, { type: 'CorrectResult', at: vn('2025-08-29T10:00') }));
    expect(fixed.events[0]!.data).toMatchObject({ late: false });
  });

  it('one open report at a time; a correction needs a report; after a correction a new error may be reported', async () => {
    const a = await returned();
    const none = await refusal(a.engine.execute(cmd(a.id, { type: 'CorrectResult', at: vn('2025-08-25T10:00') })));
    expect(none).toMatchObject({ rule: 'NO_RESULT_ERROR' });
    await a.engine.execute(cmd(a.id, { ...report, at: vn('2025-08-25T10:00') } as CommandBody));
    const twice = await refusal(a.engine.execute(cmd(a.id, { ...report, at: vn('2025-08-25T11:00') } as CommandBody)));
    expect(twice).toMatchObject({ rule: 'RESULT_ERROR_OPEN' });
    await a.engine.execute(cmd(a.id, { type: 'CorrectResult', at: vn('2025-08-26T10:00') }));
    const again = await a.engine.execute(cmd(a.id, { ...report, at: vn('2025-08-27T10:00') } as CommandBody));
    // Reported Wed 27/08 → Thu 28, Fri 29/08, Wed 03/09.
    expect(again.state.resultCorrection).toMatchObject({ count: 2, due: { date: '2025-09-03' } });
    expect(again.state.resultCorrection).not.toHaveProperty('correctedAt');
  });

  it('a tracked obligation: the deadline watcher alerts correctionOverdue from Fri 05/09/2025 00:00, once; not for a corrected or a 2018 dossier', async () => {
    const a = await returned();
    await a.engine.execute(cmd(a.id, { ...report, at: vn('2025-08-28T10:00') } as CommandBody));
    const watcher = createDeadlineWatcher({ store: a.store, onAlert: () => undefined });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-09-04T23:59'))).toEqual([]);
    const [alert, ...rest] = await watcher.tick(vn('2025-09-05T00:00'));
    expect(rest).toEqual([]);
    expect(alert).toMatchObject({ dossierId: a.id, bucket: 'correctionOverdue', due: { date: '2025-09-04' }, since: '2025-09-05T00:00:00.000+07:00' });
    expect(await watcher.tick(vn('2025-09-10T08:00'))).toEqual([]);
    await watcher.stop();

    const b = await returned();
    await b.engine.execute(cmd(b.id, { ...report, at: vn('2025-08-28T10:00') } as CommandBody));
    await b.engine.execute(cmd(b.id, { type: 'CorrectResult', at: vn('2025-09-03T10:00') }));
    const old = await returned('2025-06-30', '2025-07-02T10:00', '2025-07-03T10:00');
    await old.engine.execute(cmd(old.id, { ...report, at: vn('2025-07-10T10:00') } as CommandBody));
    for (const store of [b.store, old.store]) {
      const w = createDeadlineWatcher({ store, onAlert: () => undefined });
      await w.catchUp();
      expect(await w.tick(vn('2025-12-31T08:00'))).toEqual([]);
      await w.stop();
    }
  });

  it('only after the result was returned', async () => {
    const { engine, id } = await resolved('2025-07-01', '2025-07-02T10:00');
    expect(await refusal(engine.execute(cmd(id, { ...report, at: vn('2025-07-02T11:00') } as CommandBody)))).toMatchObject({ code: 'INVALID_TRANSITION' });
  });
});
