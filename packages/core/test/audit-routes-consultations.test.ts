/**
 * Audit (session 19): a consultation (lấy ý kiến, NĐ 61/2018 Đ19.5; NĐ 118/2025 Đ19.4c) stays open while the dossier
 * pauses for a supplement or a fee, or while an inter-agency route runs: its answer must still be recordable (the
 * answer is logged, and an agency that answered is not reported late for ever). Answers on an ended dossier, of an
 * unknown consultation, or given twice are refused with nothing appended.
 *
 * Calendar (2025, no holiday in July): Tue 01/07, Wed 02/07, Thu 03/07, Fri 04/07, Mon 07/07.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, lateAgencyAlerts, type CommandBody, type Engine } from '@motcua/core';
import { approvalSampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit, vn } from './helpers';

const agency = { code: 'SXD', name: 'Sở Xây dựng' };

function engineWithStore(): { engine: Engine; store: InMemoryEventStore } {
  const store = new InMemoryEventStore();
  return { store, engine: createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none' }) };
}

/** Received Tue 01/07/2025 08:00 and transferred at 08:30. */
async function dossier(engine: Engine, procedureCode: string): Promise<string> {
  const id = uuidv7();
  await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode, unit, applicant, channel: 'direct', at: vn('2025-07-01T08:00') } as CommandBody));
  await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2025-07-01T08:30') } as CommandBody));
  return id;
}

const consult = (id: string, consultationId: string, at: string, deadline = '2025-07-03') =>
  cmd(id, { type: 'RequestConsultation', consultationId, agency, content: 'Ý kiến về quy hoạch', deadline, at: vn(at) } as CommandBody);
const answer = (id: string, consultationId: string, at: string) => cmd(id, { type: 'AnswerConsultation', consultationId, answer: 'Đồng ý', at: vn(at) } as CommandBody);

async function versionOf(store: InMemoryEventStore, id: string): Promise<number> {
  const { events } = await store.readStream(`dossier-${id}`);
  return events.length;
}

describe('a consultation open across a pause or a route can still be answered', () => {
  // 1.009994: construction permit, parallel route, no internal steps. 2.000591: food safety, internal approval route.
  it.each(['1.009994', '2.000591'])(
    '%s: requested Tue 01/07 (deadline Thu 03/07), supplement asked the same day, answered Wed 02/07 during the pause: on time, no alert',
    async (code) => {
      const { engine } = engineWithStore();
      const id = await dossier(engine, code);
      await engine.execute(consult(id, 'c1', '2025-07-01T09:00'));
      await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Bản vẽ' }], reason: 'Thiếu bản vẽ', at: vn('2025-07-01T10:00') } as CommandBody));
      const r = await engine.execute(answer(id, 'c1', '2025-07-02T09:00'));
      expect(r.events.map((e) => [e.type, (e.data as { late: boolean }).late])).toEqual([['ConsultationAnswered', false]]);
      expect(r.state.topLevel).toBe('supplementRequested');
      expect(lateAgencyAlerts(r.state, vn('2025-07-04T08:00'))).toEqual([]);
    },
  );

  it.each(['1.009994', '2.000591'])('%s: the pause ended first (supplement Tue 01/07 → provided Wed 02/07), answered Fri 04/07: recorded, late', async (code) => {
    const { engine } = engineWithStore();
    const id = await dossier(engine, code);
    await engine.execute(consult(id, 'c1', '2025-07-01T09:00'));
    await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Bản vẽ' }], reason: 'Thiếu bản vẽ', at: vn('2025-07-01T10:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn('2025-07-02T10:00') } as CommandBody));
    const r = await engine.execute(answer(id, 'c1', '2025-07-04T09:00'));
    expect(r.events.map((e) => [e.type, (e.data as { late: boolean }).late])).toEqual([['ConsultationAnswered', true]]);
    expect(lateAgencyAlerts(r.state, vn('2025-07-07T08:00')).map((a) => [a.ref, a.status])).toEqual([['c1', 'answeredLate']]);
  });

  it('a fee requested while consulting: answered during the fee wait, on time', async () => {
    const { engine } = engineWithStore();
    const id = await dossier(engine, '1.009994');
    await engine.execute(consult(id, 'c1', '2025-07-01T09:00'));
    await engine.execute(cmd(id, { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 75000 }], at: vn('2025-07-01T10:00') } as CommandBody));
    const r = await engine.execute(answer(id, 'c1', '2025-07-03T16:00'));
    expect(r.events.map((e) => [e.type, (e.data as { late: boolean }).late])).toEqual([['ConsultationAnswered', false]]);
    expect(r.state.topLevel).toBe('feeRequested');
  });

  it('the inter-agency route started while consulting: answered during the route, on time', async () => {
    const { engine } = engineWithStore();
    const id = await dossier(engine, '1.009994');
    await engine.execute(consult(id, 'c1', '2025-07-01T09:00'));
    await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2025-07-01T10:00') } as CommandBody));
    const r = await engine.execute(answer(id, 'c1', '2025-07-02T09:00'));
    expect(r.events.map((e) => [e.type, (e.data as { late: boolean }).late])).toEqual([['ConsultationAnswered', false]]);
    expect(r.state.topLevel).toBe('interAgency');
    expect(lateAgencyAlerts(r.state, vn('2025-07-04T08:00'))).toEqual([]);
  });

  it('answered twice, an unknown id, or after the dossier ended: refused, nothing appended', async () => {
    const { engine, store } = engineWithStore();
    const id = await dossier(engine, '1.009994');
    await engine.execute(consult(id, 'c1', '2025-07-01T09:00'));
    await engine.execute(answer(id, 'c1', '2025-07-02T09:00'));
    const before = await versionOf(store, id);
    await expect(engine.execute(answer(id, 'c1', '2025-07-02T10:00'))).rejects.toMatchObject({ name: expect.any(String) });
    await expect(engine.execute(answer(id, 'c9', '2025-07-02T10:00'))).rejects.toBeTruthy();
    expect(await versionOf(store, id)).toBe(before);
    await engine.execute(consult(id, 'c2', '2025-07-02T11:00'));
    await engine.execute(cmd(id, { type: 'RefuseResolution', reason: 'Không phù hợp quy hoạch', at: vn('2025-07-03T09:00') } as CommandBody));
    const ended = await versionOf(store, id);
    await expect(engine.execute(answer(id, 'c2', '2025-07-03T10:00'))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await versionOf(store, id)).toBe(ended);
  });
});

describe('property: every open consultation is answerable while the dossier is processed, paused or routed', () => {
  type Step = { kind: 'consult' } | { kind: 'answer'; pick: number } | { kind: 'supplement' } | { kind: 'fee' } | { kind: 'route' } | { kind: 'leg'; pick: number };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.constant({ kind: 'consult' as const }),
    fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(5) }),
    fc.constant({ kind: 'supplement' as const }),
    fc.constant({ kind: 'fee' as const }),
    fc.constant({ kind: 'route' as const }),
    fc.record({ kind: fc.constant('leg' as const), pick: fc.nat(1) }),
  );

  it('the oracle: a consultation is answered exactly when it is open; nothing else is appended', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('1.009994', '2.000591'), fc.array(step, { minLength: 1, maxLength: 14 }), async (code, steps) => {
        const { engine, store } = engineWithStore();
        const id = await dossier(engine, code);
        const open: string[] = [];
        let n = 0;
        // Half an hour per step from Tue 01/07 08:30, so every command is after the last event.
        let minute = 30;
        const at = () => {
          minute += 30;
          const day = 1 + Math.floor(minute / 480);
          const inDay = minute % 480;
          return `2025-07-${String(day).padStart(2, '0')}T${String(8 + Math.floor(inDay / 60)).padStart(2, '0')}:${String(inDay % 60).padStart(2, '0')}`;
        };
        for (const s of steps) {
          const state = await engine.get(id);
          if (s.kind === 'answer') {
            const target = open.length ? open[s.pick % open.length]! : 'none';
            const before = await versionOf(store, id);
            if (open.length) {
              await engine.execute(answer(id, target, at()));
              open.splice(open.indexOf(target), 1);
            } else {
              await expect(engine.execute(answer(id, target, at()))).rejects.toBeTruthy();
              expect(await versionOf(store, id)).toBe(before);
            }
            continue;
          }
          // The other steps run when the machine allows them (their own rules are not under test here).
          try {
            if (s.kind === 'consult') {
              const cid = `c${++n}`;
              await engine.execute(consult(id, cid, at(), '2025-07-31'));
              open.push(cid);
            } else if (s.kind === 'supplement') {
              if (state.topLevel === 'supplementRequested') await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn(at()) } as CommandBody));
              else await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Bản vẽ' }], reason: 'Thiếu', at: vn(at()) } as CommandBody));
            } else if (s.kind === 'fee') {
              if (state.topLevel === 'feeRequested') await engine.execute(cmd(id, { type: 'RecordFeePayment', amountVnd: 75000, method: 'counter', at: vn(at()) } as CommandBody));
              else await engine.execute(cmd(id, { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 75000 }], at: vn(at()) } as CommandBody));
            } else if (s.kind === 'route') await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn(at()) } as CommandBody));
            else await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: s.pick, at: vn(at()) } as CommandBody));
          } catch (error) {
            expect((error as { code?: string }).code).toMatch(/INVALID_TRANSITION|SUPPLEMENT_LIMIT|DUPLICATE|RULE|LIMIT/);
          }
        }
        const state = await engine.get(id);
        expect(state.consultations.filter((x) => !x.answeredAt).map((x) => x.id)).toEqual(open);
      }),
      {
        numRuns: 60,
        examples: [
          ['1.009994', [{ kind: 'consult' }, { kind: 'supplement' }, { kind: 'answer', pick: 0 }]],
          ['2.000591', [{ kind: 'consult' }, { kind: 'supplement' }, { kind: 'supplement' }, { kind: 'answer', pick: 0 }]],
          ['1.009994', [{ kind: 'consult' }, { kind: 'fee' }, { kind: 'answer', pick: 0 }]],
          ['1.009994', [{ kind: 'consult' }, { kind: 'route' }, { kind: 'answer', pick: 0 }]],
        ],
      },
    );
  }, 60_000);
});
