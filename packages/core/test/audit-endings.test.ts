/**
 * Audit (session 19): withdrawal, stop, closure — the ways a dossier ends
 * without a result, checked against the rules, never against the code's output.
 *
 * - domain §3.2: status 7 = the citizen's withdrawal request, 8 = stopped.
 * - NĐ 118/2025 Đ21: the applicant may ask to stop "until a decision" — so
 *   never after `Resolve` / `RefuseResolution`; every status is kept.
 * - NĐ 118/2025 Đ19.5: "quá 15 ngày kể từ ngày thông báo" the one-stop officer
 *   closes the dossier — the applicant has the 15 calendar days after the
 *   notice day (docs/lifecycle.md: notice Wed 02/07/2025 → until Thu 17/07,
 *   closable from Fri 18/07). Nothing may end the dossier *for the missing
 *   supplement* before that, whatever the command's name.
 * - Every refusal is a typed `MotcuaError` and appends nothing.
 */
import { describe, expect, it } from 'vitest';
import { MotcuaError, type CommandBody, type Engine } from '@motcua/core';
import { cmd, intake, newEngine, run, uuidv7, vn } from './law-2025/support';

const request: CommandBody = { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ' };

/** Execute a command expected to be refused: the error, and the proof that nothing was appended. */
async function refused(engine: Engine, id: string, local: string, body: CommandBody) {
  const before = (await engine.history(id)).length;
  const error = await engine.execute(cmd(id, { ...body, at: vn(local) } as CommandBody)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${body.type} at ${local} should be refused`).toBeInstanceOf(MotcuaError);
  expect((await engine.history(id)).length).toBe(before);
  return error as MotcuaError & { rule?: string };
}

/** A 2025 dossier (received Tue 01/07/2025) waiting for a supplement requested on `notice`. */
async function waiting(notice: string) {
  const { engine } = newEngine();
  const id = uuidv7();
  await run(engine, id, [
    ['2025-07-01T09:00', { type: 'ReceiveDossier', ...intake }],
    ['2025-07-01T10:00', { type: 'TransferDossier' }],
    [notice, request],
  ]);
  return { engine, id };
}

describe('no withdrawal or stop after a decision (NĐ 118/2025 Đ21: "until a decision")', () => {
  const decisions: [string, CommandBody][] = [
    ['resolved', { type: 'Resolve', electronicResult: false, resultFiles: [] } as CommandBody],
    ['refused', { type: 'RefuseResolution', reason: 'Không đủ điều kiện' } as CommandBody],
  ];
  for (const [label, decision] of decisions)
    it(`${label} on Wed 02/07/2025: RequestWithdrawal, StopProcessing and CloseDossier are refused, nothing appended`, async () => {
      const { engine } = newEngine();
      const id = uuidv7();
      await run(engine, id, [
        ['2025-07-01T09:00', { type: 'ReceiveDossier', ...intake }],
        ['2025-07-01T10:00', { type: 'TransferDossier' }],
        ['2025-07-02T09:00', decision],
      ]);
      for (const body of [
        { type: 'RequestWithdrawal', reason: 'Không cần nữa' },
        { type: 'StopProcessing', reason: 'Dừng' },
        { type: 'CloseDossier', reason: 'Đóng' },
      ] as CommandBody[])
        expect((await refused(engine, id, '2025-07-03T09:00', body)).code).toBe('INVALID_TRANSITION');
      // And after the return.
      await run(engine, id, [['2025-07-03T10:00', { type: 'ReturnResult', method: 'counter' } as CommandBody]]);
      expect((await refused(engine, id, '2025-07-04T09:00', { type: 'RequestWithdrawal' } as CommandBody)).code).toBe('INVALID_TRANSITION');
    });

  it('a second withdrawal request is refused; the stop that follows keeps both statuses (7 then 8) in the history', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-01T09:00', { type: 'ReceiveDossier', ...intake }],
      ['2025-07-01T10:00', { type: 'RequestWithdrawal', reason: 'Không cần nữa' } as CommandBody],
    ]);
    expect((await engine.get(id)).nationalStatus).toBe(7);
    expect((await refused(engine, id, '2025-07-01T11:00', { type: 'RequestWithdrawal' } as CommandBody)).code).toBe('INVALID_TRANSITION');
    await run(engine, id, [['2025-07-01T14:00', { type: 'StopProcessing', reason: 'Theo đề nghị của công dân' } as CommandBody]]);
    const state = await engine.get(id);
    expect([state.topLevel, state.nationalStatus, state.stopped?.cause]).toEqual(['stopped', 8, 'withdrawal']);
    expect((await engine.history(id)).map((e) => e.type)).toEqual(['DossierAccepted', 'WithdrawalRequested', 'ProcessingStopped']);
  });
});

describe('the 15 days to complete a supplement (NĐ 118/2025 Đ19.5) bind every way of ending for the missing supplement', () => {
  // Notice Wed 02/07/2025 10:00 → the applicant has until Thu 17/07 (15 calendar days after the notice day); closable from Fri 18/07 00:00.
  it('CloseDossier: refused on Thu 17/07 23:59 (SUPPLEMENT_PERIOD_NOT_OVER), accepted on Fri 18/07 00:00', async () => {
    const { engine, id } = await waiting('2025-07-02T10:00');
    expect((await refused(engine, id, '2025-07-17T23:59', { type: 'CloseDossier', reason: 'Quá hạn bổ sung' } as CommandBody)).rule).toBe('SUPPLEMENT_PERIOD_NOT_OVER');
    await run(engine, id, [['2025-07-18T00:00', { type: 'CloseDossier', reason: 'Quá hạn bổ sung' } as CommandBody]]);
    expect((await engine.get(id)).topLevel).toBe('closed');
    // A supplement that arrives after the closure is refused: the dossier is closed for good.
    expect((await refused(engine, id, '2025-07-18T09:00', { type: 'ProvideSupplement' } as CommandBody)).code).toBe('INVALID_TRANSITION');
  });

  for (const cause of [undefined, 'supplementNotProvided'] as const)
    it(`StopProcessing${cause ? ` with cause '${cause}'` : ' (cause implied by the wait: supplementNotProvided)'} on Thu 03/07, the day after the notice, is refused: the applicant still has until 17/07`, async () => {
      const { engine, id } = await waiting('2025-07-02T10:00');
      const error = await refused(engine, id, '2025-07-03T09:00', { type: 'StopProcessing', reason: 'Không bổ sung', ...(cause ? { cause } : {}) } as CommandBody);
      expect(error.rule).toBe('SUPPLEMENT_PERIOD_NOT_OVER');
      expect(error.issues[0]!.code).toBe('SUPPLEMENT_PERIOD_NOT_OVER');
      expect((await engine.get(id)).topLevel).toBe('supplementRequested');
      // Still refused on the last day of the period, Thu 17/07 23:59.
      expect((await refused(engine, id, '2025-07-17T23:59', { type: 'StopProcessing', reason: 'Không bổ sung' } as CommandBody)).rule).toBe('SUPPLEMENT_PERIOD_NOT_OVER');
    });

  it('the applicant answers on the 15th day (Thu 17/07): the dossier goes on; a withdrawal while waiting is always allowed (Đ21)', async () => {
    const { engine, id } = await waiting('2025-07-02T10:00');
    await run(engine, id, [['2025-07-17T16:00', { type: 'ProvideSupplement' } as CommandBody]]);
    expect((await engine.get(id)).topLevel).toBe('processing');
    const other = await waiting('2025-07-02T10:00');
    await run(other.engine, other.id, [
      ['2025-07-03T09:00', { type: 'RequestWithdrawal', reason: 'Không cần nữa' } as CommandBody],
      ['2025-07-03T10:00', { type: 'StopProcessing', reason: 'Theo đề nghị của công dân' } as CommandBody],
    ]);
    expect((await other.engine.get(other.id)).stopped?.cause).toBe('withdrawal');
  });

  it("a stop for another cause ('other') while waiting stays allowed; under NĐ 61/2018 (received 30/06/2025) a stop for the missing supplement needs no period", async () => {
    const { engine, id } = await waiting('2025-07-02T10:00');
    await run(engine, id, [['2025-07-03T09:00', { type: 'StopProcessing', reason: 'Cơ quan có thẩm quyền đình chỉ', cause: 'other' } as CommandBody]]);
    expect((await engine.get(id)).stopped?.cause).toBe('other');
    const old = newEngine();
    const oldId = uuidv7();
    await run(old.engine, oldId, [
      ['2025-06-30T09:00', { type: 'ReceiveDossier', ...intake }],
      ['2025-06-30T10:00', { type: 'TransferDossier' }],
      ['2025-07-01T10:00', request],
      ['2025-07-02T09:00', { type: 'StopProcessing', reason: 'Không bổ sung' } as CommandBody],
    ]);
    expect((await old.engine.get(oldId)).stopped?.cause).toBe('supplementNotProvided');
  });
});
