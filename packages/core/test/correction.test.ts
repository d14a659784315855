import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  InMemoryEventStore,
  RuleViolationError,
  applyCorrections,
  auditTrail,
  controlSlip,
  createEngine,
  foldDossier,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, unit, vn } from './helpers';

/*
 * Corrections as events (issue #14 item 5). A business registration (3
 * working days, NĐ 01/2021 Đ33) received Mon 04/03/2024 09:00 is due Thu
 * 07/03/2024 (receipt day not counted). The officer entered the resolution at
 * 12/03 (late) instead of 06/03 (on time); a leader corrects it.
 */

const BUSINESS = '2.002030';
const officer: Actor = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const specialist: Actor = { id: 'cv-01', role: 'specialist', unit: 'SKHDT' };
const leader: Actor = { id: 'ld-01', role: 'leader', unit: 'SKHDT', name: 'Lê Văn C' };

async function lateEntry(opts: { policy?: boolean } = {}) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), ...(opts.policy ? { policy: DEFAULT_POLICY_2025 } : {}) });
  const id = uuidv7();
  const run = (actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
  await run(officer, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(officer, { type: 'TransferDossier', at: vn('2024-03-04T10:00') });
  await run(specialist, { type: 'Resolve', at: vn('2024-03-12T10:00') }); // wrong: it was signed 06/03 10:00
  await run(officer, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-12T14:00') });
  return { store, engine, id, run };
}
const correctResolution = (value = vn('2024-03-06T10:00')): Extract<CommandBody, { type: 'CorrectEvent' }> => ({
  type: 'CorrectEvent',
  target: { type: 'DossierResolved' },
  field: 'occurredAt',
  value,
  reason: 'Nhập nhầm ngày ký quyết định',
  requestedBy: { id: 'cv-01' },
});

describe('corrections as events', () => {
  it('a wrong resolution time is superseded, the stored event stays, the state, control slip and audit trail show the correction', async () => {
    const { store, engine, id, run } = await lateEntry();
    const before = (await engine.history(id)).find((e) => e.type === 'DossierResolved')!;
    const r = await run(leader, { ...correctResolution(), at: vn('2024-03-13T08:00') });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      type: 'EventCorrected',
      data: { target: { type: 'DossierResolved' }, field: 'occurredAt', from: vn('2024-03-12T10:00'), to: vn('2024-03-06T10:00'), requestedBy: { id: 'cv-01' } },
      metadata: { actor: leader },
    });
    expect(r.state.resolution?.at).toBe(vn('2024-03-06T10:00'));
    expect(r.state.state).toBe('returned'); // a correction does not move the dossier

    // The original event is in the log, unchanged.
    const history = await engine.history(id);
    expect(history.find((e) => e.type === 'DossierResolved')).toEqual(before);
    expect(before.metadata.occurredAt).toBe(vn('2024-03-12T10:00'));

    // Replay gives the corrected state too.
    expect(foldDossier(id, history, engine.tableFor).resolution?.at).toBe(vn('2024-03-06T10:00'));

    // The corrected view: the resolution at 06/03, everything else as stored.
    const view = applyCorrections(history);
    expect(view.map((e) => e.metadata.occurredAt)).toEqual(history.map((e) => (e.type === 'DossierResolved' ? vn('2024-03-06T10:00') : e.metadata.occurredAt)));
    expect(Object.isFrozen(view.find((e) => e.type === 'DossierResolved')!.metadata)).toBe(true);

    // Form 05: the resolution row measured at its corrected time (before the due day 07/03), and a row for the correction.
    const slip = controlSlip(history);
    const resolved = slip.rows.find((x) => x.version === before.version)!;
    expect(resolved).toMatchObject({ at: vn('2024-03-06T10:00'), due: { date: '2024-03-07' }, timeliness: 'early' }); // before the due day (as entered, 12/03: late)
    const correction = slip.rows.at(-1)!;
    expect(correction.step.vi).toBe('Đính chính thông tin đã ghi nhận');
    expect(correction.note?.vi).toContain('Nhập nhầm ngày ký quyết định');
    expect(correction.actor).toBe('Lê Văn C');

    // The audit trail: who approved, from which unit, when.
    const rows = auditTrail((await store.readStream(`dossier-${id}`)).events, { actorId: 'ld-01' });
    expect(rows).toMatchObject([{ type: 'EventCorrected', role: 'leader', unit: 'SKHDT', occurredAt: vn('2024-03-13T08:00') }]);
  });

  it('a wrong time of return entered by the officer, corrected; the latest correction wins', async () => {
    const { engine, id, run } = await lateEntry();
    const ret = { type: 'CorrectEvent', target: { type: 'ResultReturned' }, field: 'occurredAt', reason: 'Giờ trả nhập sai' } as const;
    await run(leader, { ...ret, value: vn('2024-03-12T15:00'), at: vn('2024-03-13T08:00') });
    await run(leader, { ...ret, value: vn('2024-03-12T16:00'), at: vn('2024-03-13T09:00') });
    const view = applyCorrections(await engine.history(id));
    expect(view.find((e) => e.type === 'ResultReturned')!.metadata.occurredAt).toBe(vn('2024-03-12T16:00'));
    expect((await engine.get(id)).returned?.at).toBe(vn('2024-03-12T16:00'));
  });

  it('the rules: a target that happened, a change, not after the correction, in the dossier order; a refusal appends nothing', async () => {
    const { store, run } = await lateEntry();
    const head = await store.headPosition();
    const refused = async (body: CommandBody, rule: string) => {
      const e = await run(leader, body).catch((x) => x);
      expect(e).toBeInstanceOf(RuleViolationError);
      expect(e.rule).toBe(rule);
      expect(await store.headPosition()).toBe(head);
    };
    await refused({ ...correctResolution(), target: { type: 'ResolutionRefused' } }, 'CORRECTION_TARGET_MISSING');
    await refused(correctResolution(vn('2024-03-12T10:00')), 'CORRECTION_NO_CHANGE');
    await refused({ ...correctResolution(vn('2024-03-13T10:00')), at: vn('2024-03-13T09:00') }, 'CORRECTION_IN_FUTURE');
    await refused(correctResolution(vn('2024-03-04T08:59')), 'CORRECTION_OUT_OF_ORDER'); // before the reception
    await refused(correctResolution(vn('2024-03-12T14:01')), 'CORRECTION_OUT_OF_ORDER'); // after the return
    await refused({ type: 'CorrectEvent', target: { type: 'ResultReturned' }, field: 'occurredAt', value: vn('2024-03-12T09:00'), reason: 'x' }, 'CORRECTION_OUT_OF_ORDER'); // return before the resolution
  });

  it('a field outside the whitelist, or an event type that cannot be corrected, is a VALIDATION_FAILED', async () => {
    const { run } = await lateEntry();
    await expect(run(leader, { ...correctResolution(), field: 'data.method' } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(run(leader, { ...correctResolution(), target: { type: 'DossierAccepted' } } as never)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('under the default policy only a head of division or leader of the handling agency, the one-stop unit leader or an admin approves', async () => {
    const { run } = await lateEntry({ policy: true });
    await expect(run(officer, correctResolution())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run(specialist, correctResolution())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run({ id: 'ld-9', role: 'leader', unit: 'STP' }, correctResolution())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run(leader, correctResolution())).resolves.toMatchObject({ duplicate: false });
    await expect(run({ id: 'ad-1', role: 'admin' }, correctResolution(vn('2024-03-06T11:00')))).resolves.toMatchObject({ duplicate: false });
  });

  it('property: the corrected view of a mis-entered history equals the history entered right (times), for any pair of times', async () => {
    // Minutes after 04/03 10:00 (the transfer) for the resolution and the return, right and wrong; the correction the next morning.
    const minutes = fc.integer({ min: 1, max: 7 * 24 * 60 });
    await fc.assert(
      fc.asyncProperty(minutes, minutes, fc.integer({ min: 1, max: 600 }), async (right, wrong, afterReturn) => {
        fc.pre(right !== wrong);
        const base = Date.parse('2024-03-04T03:00:00Z'); // 10:00 +07:00
        const iso = (m: number) => new Date(base + m * 60_000 + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
        const returnAt = Math.max(right, wrong) + afterReturn;
        const histories = [];
        for (const resolvedAt of [right, wrong]) {
          const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), futureTolerance: Number.POSITIVE_INFINITY });
          const id = uuidv7();
          const run = (actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
          await run(officer, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
          await run(officer, { type: 'TransferDossier', at: iso(0) });
          await run(specialist, { type: 'Resolve', at: iso(resolvedAt) });
          await run(officer, { type: 'ReturnResult', method: 'counter', at: iso(returnAt) });
          if (resolvedAt === wrong) await run(leader, { ...correctResolution(iso(right)), at: iso(returnAt + 600) });
          histories.push(await engine.history(id));
        }
        const [entered, corrected] = histories as [(typeof histories)[0], (typeof histories)[0]];
        const view = applyCorrections(corrected).filter((e) => e.type !== 'EventCorrected');
        expect(view.map((e) => [e.type, e.metadata.occurredAt])).toEqual(entered.map((e) => [e.type, e.metadata.occurredAt]));
        expect(corrected.find((e) => e.type === 'DossierResolved')!.metadata.occurredAt).toBe(iso(wrong)); // stored as entered
      }),
      { numRuns: 40 },
    );
  });
});
