/**
 * Internal approval steps (issue #15 item 2; domain §12.2): specialist drafts
 * → head of division reviews → leader signs, compiled into the procedure's
 * machine. Expected due dates are worked out by hand from the calendar (the
 * Quốc khánh 2025 break is Sat 30/08 – Tue 02/09; working hours 07:00–11:30,
 * 13:30–17:00), never from the code under test.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  ApprovalIncompleteError,
  type CommandBody,
  type CommandInput,
  type DossierEvent,
  type DossierState,
  ForbiddenError,
  InMemoryEventStore,
  ValidationError,
  approvalWorklistFields,
  controlSlip,
  createEngine,
  defaultApprovalRoute,
  defineProcedure,
  eventKeyOf,
  evolveDossier,
  foldDossier,
  initialDossierState,
  stateKeyOf,
  createCatalog,
} from '@motcua/core';
import { approvalSampleCatalog, approvalSampleProcedures, sampleProcedures } from '@motcua/core/samples';
import { applicant, unit } from './helpers';

const FOOD = approvalSampleProcedures.foodSafetyCertificate.code; // 20 working days; steps 12 + 5 + 3 working days
const HOUSEHOLD = approvalSampleProcedures.householdBusiness.code; // 3 working days; steps 16 + 4 + 4 working hours
const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
const vn = (local: string) => `${local}:00.000+07:00`;

function setup(catalog = approvalSampleCatalog()) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
  const id = uuidv7();
  const run = (body: CommandBody, actor: CommandInput['actor'] = officer) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
  return { store, engine, id, run };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; rule?: string; issues: { code: string }[] } & Error> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error as never,
  );
}

describe('approval route as procedure data', () => {
  it('the default route: specialist drafts, head of division reviews, leader signs', () => {
    const route = defaultApprovalRoute();
    expect(route.steps.map((s) => [s.id, s.role])).toEqual([
      ['draft', 'specialist'],
      ['review', 'divisionHead'],
      ['sign', 'leader'],
    ]);
  });

  it('budgets that do not fit inside the legal limit, or a step id used twice, are refused with paths', () => {
    const base = { ...sampleProcedures.businessRegistration, code: '2.999001' }; // 3 working days = 24 working hours
    const tooLong = defaultApprovalRoute({ draft: { unit: 'workingDays', value: 2 }, review: { unit: 'workingHours', value: 6 }, sign: { unit: 'workingHours', value: 3 } }); // 16 + 6 + 3 = 25 h
    const issues = (input: unknown) => {
      try {
        defineProcedure(input as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return (error as ValidationError).issues.map((i) => i.path.join('.'));
      }
      return [];
    };
    expect(issues({ ...base, approvalRoute: tooLong })).toEqual(['approvalRoute.steps']);
    const fits = defaultApprovalRoute({ draft: { unit: 'workingDays', value: 2 }, review: { unit: 'workingHours', value: 5 }, sign: { unit: 'workingHours', value: 3 } }); // 24 h
    expect(issues({ ...base, approvalRoute: fits })).toEqual([]);
    const twice = { steps: [fits.steps[0]!, { ...fits.steps[1]!, id: 'draft' }] };
    expect(issues({ ...base, approvalRoute: twice })).toEqual(['approvalRoute.steps.1.id']);
    expect(issues({ ...sampleProcedures.certifiedCopy, code: '2.999004', approvalRoute: defaultApprovalRoute() })).toEqual(['approvalRoute']); // instant
  });
});

describe('steps and their due dates (hand-computed from the calendar)', () => {
  it('working days: 12 + 5 + 3 over the Quốc khánh 2025 break; late forward marked; resolution only once signed', async () => {
    const { run, engine, id } = setup();
    await run({ type: 'ReceiveDossier', procedureCode: FOOD, unit, applicant, channel: 'direct', at: vn('2025-08-28T09:00') });
    let s = (await run({ type: 'TransferDossier', at: vn('2025-08-29T10:00') })).state;
    // Fri 29/08 not counted; Mon 01/09 and Tue 02/09 are off; working days 03,04,05,08,09,10,11,12,15,16,17,18 → 12th = Thu 18/09.
    expect(s.approval).toMatchObject({ stepId: 'draft', stepIndex: 0, role: 'specialist', signing: false, done: false, dueAt: '2025-09-18T17:00:00.000+07:00' });
    expect(s.nationalStatus).toBe(4);
    await run({ type: 'AssignOfficer', officer: { id: 'cv-01', name: 'Phạm Minh Đức' }, at: vn('2025-08-29T10:30') });
    s = (await run({ type: 'ForwardStep', assignee: { id: 'lp-01', name: 'Trần Văn Bình' }, at: vn('2025-09-17T14:00') })).state;
    // From Wed 17/09 (not counted): 18, 19, 22, 23, 24 → Wed 24/09.
    expect(s.approval).toMatchObject({ stepId: 'review', stepIndex: 1, role: 'divisionHead', assignee: { id: 'lp-01' }, dueAt: '2025-09-24T17:00:00.000+07:00' });
    expect(s.nationalStatus).toBe(4);
    const early = await refusal(run({ type: 'Resolve', at: vn('2025-09-18T08:00') }));
    expect(early).toBeInstanceOf(ApprovalIncompleteError);
    expect(early.code).toBe('INVALID_TRANSITION');
    expect(early.issues[0]!.code).toBe('approval_incomplete');
    expect((await refusal(run({ type: 'RefuseResolution', reason: 'không đủ điều kiện', at: vn('2025-09-18T08:00') }))).issues[0]!.code).toBe('approval_incomplete');
    expect((await engine.get(id)).version).toBe(s.version); // nothing appended
    const forwarded = await run({ type: 'ForwardStep', at: vn('2025-09-25T08:00') });
    expect(forwarded.events[0]!.data).toMatchObject({ from: { stepId: 'review' }, late: true }); // after Wed 24/09 17:00
    // From Thu 25/09: 26, 29, 30 → Tue 30/09.
    expect(forwarded.state.approval).toMatchObject({ stepId: 'sign', signing: true, dueAt: '2025-09-30T17:00:00.000+07:00' });
    expect(approvalWorklistFields(forwarded.state)).toMatchObject({ step: 'sign', stepRole: 'leader' });
    const signed = await run({ type: 'ForwardStep', at: vn('2025-09-29T10:00') });
    expect(signed.events[0]!.data).toEqual({ from: { stepId: 'sign', stepIndex: 2 }, late: false, by: { id: 'cb-01' } }); // the sign step had no assignee: the actor
    expect(signed.state.approval).toMatchObject({ done: true, doneAt: vn('2025-09-29T10:00') });
    expect(signed.state.nationalStatus).toBe(4);
    const resolved = await run({ type: 'Resolve', at: vn('2025-09-29T14:00') });
    expect(resolved.state.topLevel).toBe('resolved');

    // Form 05 lists the steps with their deadlines: draft on time, review late, signature on time.
    const rows = controlSlip(await engine.history(id)).rows;
    const steps = rows.filter((r) => r.step.en === 'Step forwarded' || r.step.en === 'Signed by the leader');
    expect(steps.map((r) => [r.from, r.to, r.due?.date, r.timeliness])).toEqual([
      ['Phạm Minh Đức', 'Trần Văn Bình', '2025-09-18', 'onTime'],
      ['Trần Văn Bình', 'Lãnh đạo cơ quan ký duyệt', '2025-09-24', 'late'],
      ['cb-01', 'Sở Y tế', '2025-09-30', 'onTime'], // signed by the actor (the step had no assignee); back to the agency, which issues the result
    ]);
  });

  it('working hours: 16 h from Mon 08/09/2025 09:00 is Wed 10/09 09:00; forwarding at that minute is on time; 4 h more is 15:00', async () => {
    const { run } = setup();
    await run({ type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2025-09-08T08:00') });
    let s = (await run({ type: 'TransferDossier', at: vn('2025-09-08T09:00') })).state;
    // Mon 09:00–11:30 (2.5 h) + 13:30–17:00 (3.5 h) = 6 h; Tue 8 h → 14 h; Wed 07:00 + 2 h = 09:00.
    expect(s.approval?.dueAt).toBe('2025-09-10T09:00:00.000+07:00');
    const at = await run({ type: 'ForwardStep', at: vn('2025-09-10T09:00') });
    expect(at.events[0]!.data).toMatchObject({ late: false });
    s = at.state;
    // Wed 09:00–11:30 (2.5 h) + 13:30 + 1.5 h = 15:00.
    expect(s.approval?.dueAt).toBe('2025-09-10T15:00:00.000+07:00');
  });
});

describe('return for rework, assignment, pauses', () => {
  it('goes back to the previous step and its last holder; refuses a return forwards, to an unknown step, or from the first step; STEP_MISMATCH', async () => {
    const { run } = setup();
    await run({ type: 'ReceiveDossier', procedureCode: FOOD, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') });
    await run({ type: 'TransferDossier', at: vn('2025-10-06T10:00') });
    const first = await refusal(run({ type: 'ReturnForRework', reason: 'x', at: vn('2025-10-06T11:00') }));
    expect(first.code).toBe('INVALID_TRANSITION');
    const assigned = await run({ type: 'AssignOfficer', officer: { id: 'cv-01' }, step: 'draft', at: vn('2025-10-06T11:00') });
    expect(assigned.events.map((e) => e.type)).toEqual(['OfficerAssigned', 'StepAssigned']);
    await run({ type: 'ForwardStep', step: 'draft', at: vn('2025-10-07T09:00') });
    expect((await refusal(run({ type: 'ForwardStep', step: 'draft', at: vn('2025-10-07T10:00') }))).rule).toBe('STEP_MISMATCH');
    const reassigned = await run({ type: 'AssignOfficer', officer: { id: 'lp-02' }, at: vn('2025-10-07T10:00') });
    expect(reassigned.events.map((e) => e.type)).toEqual(['StepAssigned']); // the dossier's officer stays the specialist
    expect(reassigned.state.officer?.id).toBe('cv-01');
    expect(reassigned.state.approval?.assignee?.id).toBe('lp-02');
    expect((await refusal(run({ type: 'ReturnForRework', toStep: 'sign', reason: 'x', at: vn('2025-10-07T11:00') }))).rule).toBe('RETURN_NOT_BACKWARDS');
    expect((await refusal(run({ type: 'ReturnForRework', toStep: 'verify', reason: 'x', at: vn('2025-10-07T11:00') }))).rule).toBe('UNKNOWN_STEP');
    const back = await run({ type: 'ReturnForRework', reason: 'Dự thảo chưa đúng mẫu', at: vn('2025-10-08T09:00') });
    // From Wed 08/10 (not counted), 12 working days: 09,10,13,14,15,16,17,20,21,22,23,24 → Fri 24/10.
    expect(back.state.approval).toMatchObject({ stepId: 'draft', assignee: { id: 'cv-01' }, reworks: 1, dueAt: '2025-10-24T17:00:00.000+07:00' });
    expect(back.state.state).toBe('processing.{approval.step0,work.appraisal}');
  });

  it('a supplement or fee requested at a step pauses the dossier there (status 5 / 6) and the answer returns it to that step', async () => {
    const { run } = setup();
    await run({ type: 'ReceiveDossier', procedureCode: FOOD, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') });
    await run({ type: 'TransferDossier', at: vn('2025-10-06T10:00') });
    await run({ type: 'ForwardStep', at: vn('2025-10-07T09:00') });
    const paused = await run({ type: 'RequestSupplement', items: [{ name: 'Bản vẽ mặt bằng' }], reason: 'thiếu', at: vn('2025-10-07T10:00') });
    expect([paused.state.state, paused.state.nationalStatus]).toEqual(['supplementRequested.step1', 5]);
    expect(approvalWorklistFields(paused.state).step).toBeNull();
    const back = await run({ type: 'ProvideSupplement', at: vn('2025-10-09T09:00') });
    expect([back.state.state, back.state.nationalStatus, back.state.approval?.stepId]).toEqual(['processing.{approval.step1,work.appraisal}', 4, 'review']);
    // The review restarts with its 5 working days from the supplement (Thu 09/10, not counted): 10, 13, 14, 15, 16 → Thu 16/10
    // (from the forward on Tue 07/10 it would have been Tue 14/10).
    expect(back.state.approval?.dueAt).toBe('2025-10-16T17:00:00.000+07:00');
    await run({ type: 'ForwardStep', at: vn('2025-10-09T10:00') });
    await run({ type: 'ForwardStep', at: vn('2025-10-09T11:00') });
    const fee = await run({ type: 'RequestFee', items: [{ name: 'Phí thẩm định', amountVnd: 1_000_000 }], at: vn('2025-10-09T14:00') });
    expect([fee.state.state, fee.state.nationalStatus]).toEqual(['feeRequested.signed', 6]);
    const paid = await run({ type: 'RecordFeePayment', amountVnd: 1_000_000, method: 'online', at: vn('2025-10-10T09:00') });
    expect(paid.state.state).toBe('processing.{approval.signed,work.appraisal}');
    expect((await run({ type: 'Resolve', at: vn('2025-10-10T10:00') })).state.topLevel).toBe('resolved');
  });

  it('without a route nothing changes: Resolve straight from processing, ForwardStep not allowed, AssignOfficer with a step refused', async () => {
    const { run } = setup();
    await run({ type: 'ReceiveDossier', procedureCode: sampleProcedures.businessRegistration.code, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') });
    const s = (await run({ type: 'TransferDossier', at: vn('2025-10-06T10:00') })).state;
    expect([s.state, s.approval]).toEqual(['processing.appraisal', undefined]);
    expect((await refusal(run({ type: 'ForwardStep', at: vn('2025-10-06T11:00') }))).code).toBe('INVALID_TRANSITION');
    expect((await refusal(run({ type: 'AssignOfficer', officer: { id: 'cv-01' }, step: 'draft', at: vn('2025-10-06T11:00') }))).rule).toBe('NO_APPROVAL_ROUTE');
    expect((await run({ type: 'Resolve', at: vn('2025-10-06T14:00') })).state.topLevel).toBe('resolved');
  });
});

describe('an approval route together with an inter-agency route', () => {
  it.each(['sequential', 'parallel', 'byMedium'] as const)('%s: the inter-agency route starts at the first step and returns to it', async (mode) => {
    const base = sampleProcedures.constructionPermit; // 15 working days, two legs
    const procedure = defineProcedure({
      ...base,
      code: '1.999003',
      route: { ...base.route!, mode },
      approvalRoute: defaultApprovalRoute({ draft: { unit: 'workingDays', value: 10 }, review: { unit: 'workingDays', value: 3 }, sign: { unit: 'workingDays', value: 2 } }),
    });
    const { run } = setup(createCatalog({ procedures: [procedure] }));
    await run({ type: 'ReceiveDossier', procedureCode: procedure.code, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') });
    await run({ type: 'TransferDossier', mode: 'paper', at: vn('2025-10-06T10:00') });
    let s = (await run({ type: 'StartInterAgency', at: vn('2025-10-06T11:00') })).state;
    expect([s.topLevel, s.nationalStatus, s.approval?.stepId]).toEqual(['interAgency', 4, 'draft']);
    const refused = await refusal(run({ type: 'RefuseResolution', reason: 'không đủ điều kiện', at: vn('2025-10-06T14:00') }));
    expect(refused.issues[0]!.code).toBe('approval_incomplete'); // a refusal is signed too
    await run({ type: 'CompleteLeg', legIndex: 0, at: vn('2025-10-07T09:00') });
    s = (await run({ type: 'CompleteLeg', legIndex: 1, at: vn('2025-10-07T10:00') })).state;
    expect(s.state).toBe('processing.{approval.step0,work.appraisal}');
    await run({ type: 'ForwardStep', at: vn('2025-10-07T11:00') });
    expect((await refusal(run({ type: 'StartInterAgency', at: vn('2025-10-07T14:00') }))).code).toBe('INVALID_TRANSITION'); // only at the first step
    await run({ type: 'ForwardStep', at: vn('2025-10-07T14:00') });
    await run({ type: 'ForwardStep', at: vn('2025-10-07T15:00') });
    expect((await run({ type: 'Resolve', at: vn('2025-10-07T16:00') })).state.topLevel).toBe('resolved');
  });
});

describe('the default policy on the steps', () => {
  it('the specialist forwards the draft, the assigned head the review, the leader signs; others are FORBIDDEN', async () => {
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: approvalSampleCatalog(), clock: () => new Date('2030-01-01T00:00:00Z') });
    const id = uuidv7();
    const as = (role: string, actorId: string, agency = 'UBND-XA') => ({ id: actorId, role, unit: agency });
    const run = (actor: CommandInput['actor'], body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
    const receiving = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
    await run(receiving, { type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2025-10-06T08:00') });
    await run(receiving, { type: 'TransferDossier', at: vn('2025-10-06T08:30') });
    await expect(run(as('divisionHead', 'lp-01'), { type: 'ForwardStep', at: vn('2025-10-06T09:00') })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(run(as('specialist', 'cv-09', 'SYT'), { type: 'ForwardStep', at: vn('2025-10-06T09:00') })).rejects.toBeInstanceOf(ForbiddenError);
    await run(as('specialist', 'cv-01'), { type: 'ForwardStep', assignee: { id: 'lp-01' }, at: vn('2025-10-06T09:00') });
    await expect(run(as('divisionHead', 'lp-02'), { type: 'ForwardStep', at: vn('2025-10-06T10:00') })).rejects.toBeInstanceOf(ForbiddenError); // assigned to lp-01
    await expect(run(as('specialist', 'cv-01'), { type: 'ReturnForRework', reason: 'x', at: vn('2025-10-06T10:00') })).rejects.toBeInstanceOf(ForbiddenError);
    await run(as('divisionHead', 'lp-01'), { type: 'ForwardStep', at: vn('2025-10-06T10:00') });
    await expect(run(as('divisionHead', 'lp-01'), { type: 'ForwardStep', at: vn('2025-10-06T11:00') })).rejects.toBeInstanceOf(ForbiddenError); // the signature is the leader's
    await run(as('leader', 'ld-01'), { type: 'ReturnForRework', toStep: 'draft', reason: 'Sai căn cứ pháp lý', at: vn('2025-10-06T11:00') });
    const s = await engine.get(id);
    // The draft was never assigned: the return goes back to the specialist who forwarded it.
    expect(s.approval).toMatchObject({ stepId: 'draft', reworks: 1, assignee: { id: 'cv-01' } });
  });
});

/** The reference model: a position 0..n (n = signed) — written from the rule, not from the machine. */
type Op = { kind: 'forward' } | { kind: 'return'; to: number | undefined } | { kind: 'assign' } | { kind: 'resolve' } | { kind: 'supplement' } | { kind: 'fee' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Op>({ kind: 'forward' }) },
  { weight: 2, arbitrary: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }).map<Op>((to) => ({ kind: 'return', to })) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'assign' }) },
  { weight: 2, arbitrary: fc.constant<Op>({ kind: 'resolve' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'supplement' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'fee' }) },
);
const STEP_IDS = ['s0', 's1', 's2', 's3', 's4'];
const routeOf = (n: number) => ({ steps: STEP_IDS.slice(0, n).map((id, i) => ({ id, role: ['specialist', 'divisionHead', 'leader'][Math.min(i, 2)]!, label: `Bước ${i + 1}` })) });

describe('property: random step commands never resolve without every step in order; the fold equals the machine', () => {
  it('engine = reference model; the log replays through the steps in order; fold = immer evolution = XState interpretation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(opArb, { maxLength: 25 }), async (n, ops) => {
        const procedure = defineProcedure({
          ...sampleProcedures.businessRegistration,
          code: '2.999002',
          timeLimit: { statutory: { unit: 'workingDays', value: 30 } },
          approvalRoute: routeOf(n),
        });
        const catalog = createCatalog({ procedures: [procedure] });
        const { run, engine, id } = setup(catalog);
        let t = Date.parse('2025-10-06T02:00:00Z');
        const at = () => new Date((t += 3_600_000) + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
        await run({ type: 'ReceiveDossier', procedureCode: procedure.code, unit, applicant, channel: 'direct', at: at() });
        await run({ type: 'TransferDossier', at: at() });
        let position = 0; // the model: 0..n-1 a step, n signed
        let resolved = false;
        let supplemented = false; // one supplement request after appraisal (NĐ 118/2025 Đ11.2c)
        for (const op of ops) {
          if (resolved) break;
          const body: CommandBody =
            op.kind === 'forward'
              ? { type: 'ForwardStep' }
              : op.kind === 'return'
                ? { type: 'ReturnForRework', reason: 'làm lại', ...(op.to === undefined ? {} : { toStep: STEP_IDS[op.to]! }) }
                : op.kind === 'assign'
                  ? { type: 'AssignOfficer', officer: { id: `cv-${position}` } }
                  : op.kind === 'resolve'
                    ? { type: 'Resolve' }
                    : op.kind === 'supplement'
                      ? { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu' }
                      : { type: 'RequestFee', items: [{ name: 'phí', amountVnd: 1000 }] };
          const target = op.kind === 'return' ? (op.to ?? position - 1) : undefined;
          const allowed =
            op.kind === 'forward'
              ? position < n
              : op.kind === 'return'
                ? position < n && target! >= 0 && target! < position
                : op.kind === 'resolve'
                  ? position === n
                  : op.kind === 'supplement'
                    ? !supplemented
                    : true;
          const outcome = await run({ ...body, at: at() }).then(
            (r) => r,
            (e: unknown) => e as Error,
          );
          expect(outcome instanceof Error ? 'refused' : 'accepted', outcome instanceof Error ? outcome.message : '').toBe(allowed ? 'accepted' : 'refused');
          if (!allowed) continue;
          if (op.kind === 'forward') position++;
          if (op.kind === 'return') position = target!;
          if (op.kind === 'resolve') resolved = true;
          if (op.kind === 'supplement') {
            supplemented = true;
            await run({ type: 'ProvideSupplement', at: at() });
          }
          if (op.kind === 'fee') await run({ type: 'RecordFeePayment', amountVnd: 1000, method: 'counter', at: at() });
          const s = await engine.get(id);
          if (!resolved) {
            expect(s.nationalStatus).toBe(4);
            expect(s.approval!.done).toBe(position === n);
            if (position < n) expect(s.approval!.stepIndex).toBe(position);
          }
        }
        // The log, read on its own: a forward leaves the current step for the next, a return goes back, a resolution needs the last step forwarded.
        const events = await engine.history(id);
        let at_ = -1;
        for (const event of events) {
          if (event.type === 'DossierTransferred') at_ = 0;
          if (event.type === 'StepForwarded') {
            expect(event.data.from.stepIndex).toBe(at_);
            at_++;
          }
          if (event.type === 'ReturnedForRework') {
            expect(event.data.to.stepIndex).toBeLessThan(at_);
            at_ = event.data.to.stepIndex;
          }
          if (event.type === 'DossierResolved') expect(at_).toBe(n);
        }
        // Fold from scratch = the engine's state = one-event-at-a-time immer evolution; XState's own interpretation ends in the same state key.
        const resolve = () => engine.tableFor(procedure);
        const state = await engine.get(id);
        expect(foldDossier(id, events, resolve)).toEqual(state);
        let immer: DossierState = initialDossierState(id);
        for (const event of events) immer = evolveDossier(immer, event as DossierEvent, resolve);
        expect(immer).toEqual(state);
        const actor = createActor(engine.machineFor(procedure)).start();
        for (const event of events) actor.send({ type: eventKeyOf(event) });
        expect(stateKeyOf(actor.getSnapshot().value)).toBe(state.state);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
