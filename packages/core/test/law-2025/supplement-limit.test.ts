/**
 * Issue #12 item 1 — one supplement request only (NĐ 118/2025 Đ11.2c, Đ16.3,
 * Đ17.2a) and the restart of the time limit from zero once the dossier is
 * complete (NĐ 118/2025 Đ19.5; NĐ 61/2018 Đ19.4). The same procedure
 * (business registration, 3 working days) received on 30/06/2025 (NĐ 61/2018:
 * no limit, a second request is only counted late) and on 01/07/2025.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CommandBody } from '@motcua/core';
import { BUSINESS, DAY_2018, DAY_2025, applicant, cmd, intake, newEngine, packsWith, refusal, run, unit, uuidv7, vn } from './support';

const request: CommandBody = { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ' };
const intakeRequest: CommandBody = { type: 'RequestIntakeSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ', intake };

describe('one supplement request after appraisal (NĐ 118/2025 Đ11.2c, Đ19.5) — restart from zero (Đ19.5 / NĐ 61 Đ19.4)', () => {
  it(`received ${DAY_2018} (NĐ 61/2018): a second request is recorded, counted as request #2 with a late notice`, async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const provided = await run(engine, id, [
      ['2025-06-30T09:00', { type: 'ReceiveDossier', ...intake }],
      ['2025-06-30T10:00', { type: 'TransferDossier' }],
      ['2025-07-01T10:00', request],
      ['2025-07-03T09:00', { type: 'ProvideSupplement' }],
    ]);
    expect(provided.state.rulePack).toBe('nd61-2018');
    // Restart from zero: 3 working days from Thu 03/07, the day itself not counted → Fri 04, Mon 07, Tue 08/07.
    expect(provided.state.due?.legal.date).toBe('2025-07-08');
    const second = await engine.execute(cmd(id, { ...request, at: vn('2025-07-04T10:00') } as CommandBody));
    expect(second.events.map((e) => e.type)).toEqual(['SupplementRequested']);
    // Fri 04/07 is the 4th working day after the receipt on Mon 30/06: later than the 3 working days of Đ19.4.
    expect(second.events[0]!.data).toMatchObject({ requestNo: 2, lateNotice: true });
  });

  it(`received ${DAY_2025} (NĐ 118/2025): a second request is refused, naming the articles, and nothing is appended`, async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    const provided = await run(engine, id, [
      ['2025-07-01T09:00', { type: 'ReceiveDossier', ...intake }],
      ['2025-07-01T10:00', { type: 'TransferDossier' }],
      ['2025-07-02T10:00', request],
      ['2025-07-04T09:00', { type: 'ProvideSupplement' }],
    ]);
    expect(provided.state.rulePack).toBe('nd118-2025');
    // Restart from zero: 3 working days from Fri 04/07 → Mon 07, Tue 08, Wed 09/07.
    expect(provided.state.due?.legal.date).toBe('2025-07-09');
    const before = await store.headPosition();
    const err = await refusal(engine.execute(cmd(id, { ...request, at: vn('2025-07-07T10:00') } as CommandBody)));
    expect(err).toMatchObject({ code: 'RULE_VIOLATION', rule: 'SUPPLEMENT_LIMIT' });
    expect(err!.message).toContain('NĐ 118/2025 Điều 11.2c, 16.3, 17.2a');
    expect(await store.headPosition()).toBe(before);
    expect((await engine.get(id)).supplements).toHaveLength(1);
  });

  it('the restart uses the official holidays: complete on Fri 29/08/2025 → Wed 03, Thu 04, Fri 05/09 (30/08–02/09 off)', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const r = await run(engine, id, [
      ['2025-08-25T09:00', { type: 'ReceiveDossier', ...intake }],
      ['2025-08-25T10:00', { type: 'TransferDossier' }],
      ['2025-08-26T10:00', request],
      ['2025-08-29T09:00', { type: 'ProvideSupplement' }],
    ]);
    expect(r.state.due?.legal.date).toBe('2025-09-05');
  });
});

describe('one supplement request at intake (NĐ 118/2025 Đ16.3, Đ17.2a); intake and appraisal counted apart by default', () => {
  const intakeTwice = async (day: string) => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await run(engine, id, [
      [`${day}T08:00`, intakeRequest],
      [`${day}T09:00`, { type: 'ProvideIntakeSupplement' }],
    ]);
    const before = await store.headPosition();
    const second = await refusal(engine.execute(cmd(id, { type: 'RequestIntakeSupplement', items: [{ name: 'Giấy ủy quyền' }], reason: 'Thiếu', at: vn(`${day}T10:00`) })));
    return { engine, store, id, second, before };
  };

  it(`received ${DAY_2018}: a second intake request is recorded`, async () => {
    const { engine, id, second } = await intakeTwice(DAY_2018);
    expect(second).toBeUndefined();
    expect((await engine.get(id)).intakeSupplements).toHaveLength(2);
  });

  it(`received ${DAY_2025}: a second intake request is refused; the request after appraisal is still allowed (perStage)`, async () => {
    const { engine, store, id, second, before } = await intakeTwice(DAY_2025);
    expect(second).toMatchObject({ code: 'RULE_VIOLATION', rule: 'SUPPLEMENT_LIMIT' });
    expect(second!.message).toContain('at intake');
    expect(await store.headPosition()).toBe(before);
    const after = await run(engine, id, [
      ['2025-07-01T11:00', { type: 'ReceiveDossier' }],
      ['2025-07-01T14:00', { type: 'TransferDossier' }],
      ['2025-07-02T09:00', request],
    ]);
    expect(after.state.topLevel).toBe('supplementRequested');
  });

  it("with supplementLimitScope 'shared' (configurable): the intake request uses up the one request of a 2025 dossier", async () => {
    const { engine } = newEngine(packsWith({ supplementLimitScope: 'shared' }));
    const id = uuidv7();
    await run(engine, id, [
      ['2025-07-01T08:00', intakeRequest],
      ['2025-07-01T09:00', { type: 'ProvideIntakeSupplement' }],
      ['2025-07-01T11:00', { type: 'ReceiveDossier' }],
      ['2025-07-01T14:00', { type: 'TransferDossier' }],
    ]);
    const err = await refusal(engine.execute(cmd(id, { ...request, at: vn('2025-07-02T09:00') } as CommandBody)));
    expect(err).toMatchObject({ rule: 'SUPPLEMENT_LIMIT' });
    // The 2018 pack has no limit to share: the same sequence passes on 30/06/2025.
    const old = uuidv7();
    await run(engine, old, [
      ['2025-06-30T08:00', intakeRequest],
      ['2025-06-30T09:00', { type: 'ProvideIntakeSupplement' }],
      ['2025-06-30T11:00', { type: 'ReceiveDossier' }],
      ['2025-06-30T14:00', { type: 'TransferDossier' }],
      ['2025-07-01T09:00', request],
    ]);
  });
});

describe('property: under NĐ 118/2025, whatever the sequence, at most one SupplementRequested lands', () => {
  it('a refused request appends nothing; the first request in processing is accepted, every later one refused (SUPPLEMENT_LIMIT)', async () => {
    const step = fc.tuple(fc.constantFrom('request', 'provide', 'verify'), fc.integer({ min: 1, max: 3 * 24 * 60 }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const { engine, store } = newEngine();
        const id = uuidv7();
        let t = Date.parse('2025-07-01T02:00:00Z');
        const at = () => new Date(t).toISOString().replace('Z', '+00:00');
        await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: at() }));
        t += 60_000;
        await engine.execute(cmd(id, { type: 'TransferDossier', at: at() }));
        // The oracle: NĐ 118 Đ11.2c — one request; the machine — a request only while processing, a supplement only while waiting.
        let state: 'processing' | 'waiting' = 'processing';
        let requested = 0;
        for (const [kind, minutes] of steps) {
          t += minutes * 60_000;
          const before = await store.headPosition();
          const body: CommandBody =
            kind === 'request'
              ? request
              : kind === 'provide'
                ? { type: 'ProvideSupplement' }
                : { type: 'RecordVerification', place: 'Trụ sở', participants: ['cv'], content: 'xác minh' };
          const err = await refusal(engine.execute(cmd(id, { ...body, at: at() } as CommandBody)));
          const want =
            kind === 'request'
              ? state !== 'processing'
                ? 'INVALID_TRANSITION'
                : requested >= 1
                  ? 'SUPPLEMENT_LIMIT'
                  : undefined
              : kind === 'provide'
                ? state === 'waiting'
                  ? undefined
                  : 'INVALID_TRANSITION'
                : state === 'processing'
                  ? undefined
                  : 'INVALID_TRANSITION';
          if (want === undefined) {
            expect(err).toBeUndefined();
            if (kind === 'request') {
              requested++;
              state = 'waiting';
            } else if (kind === 'provide') state = 'processing';
          } else {
            expect(err?.rule ?? err?.code).toBe(want);
            expect(await store.headPosition()).toBe(before);
          }
        }
        const history = await engine.history(id);
        expect(history.filter((e) => e.type === 'SupplementRequested').length).toBe(requested);
        expect(requested).toBeLessThanOrEqual(1);
      }),
      { numRuns: 40 },
    );
  });
});
