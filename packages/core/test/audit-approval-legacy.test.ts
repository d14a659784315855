/**
 * A dossier transferred before its procedure version had an internal approval route (audit, session 19).
 *
 * `currentStep` (packages/core/src/dossier/approval.ts) documents the case: such a dossier has no `approval` in its
 * state and "is at the first step since its transfer"; the machine agrees (`processing.{approval.step0,…}`) and a
 * resolution is refused until the route is signed (`ApprovalIncompleteError`). Domain §12.1–12.2: the head of
 * division assigns the step, the specialist drafts and forwards, the head reviews, the leader signs. Before this fix,
 * under the default policy nobody could act on that first step: the assignment (`StepAssigned`) was dropped by the
 * fold (there was no `approval` to write it into) and `ForwardStep` was FORBIDDEN for every role ("the dossier is on
 * none"), so the dossier could never be signed nor resolved.
 *
 * Dates (no holiday in October 2025): received Mon 06/10/2025 08:00, transferred 08:30; the draft's 10 working days
 * from Mon 06/10 (not counted): 07, 08, 09, 10, 13, 14, 15, 16, 17, 20 → Mon 20/10/2025 17:00 — counted from the
 * transfer, not from the assignment on Tue 07/10 (which would give Tue 21/10).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  ApprovalIncompleteError,
  type CommandBody,
  type CommandInput,
  InMemoryEventStore,
  approvalWorklistFields,
  controlSlip,
  createCatalog,
  createEngine,
  defaultApprovalRoute,
  defineProcedure,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { applicant, unit } from './helpers';

const vn = (local: string) => `${local}:00.000+07:00`;
const base = sampleProcedures.constructionPermit; // 15 working days
const plain = defineProcedure({ ...base, code: '1.999190', route: undefined });
const routed = defineProcedure({
  ...base,
  code: '1.999190',
  route: undefined,
  approvalRoute: defaultApprovalRoute({ draft: { unit: 'workingDays', value: 10 }, review: { unit: 'workingDays', value: 3 }, sign: { unit: 'workingDays', value: 2 } }),
});
const agency = plain.agency.code;
const receiving = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const head = { id: 'lp-01', role: 'divisionHead', unit: agency };
const specialist = { id: 'cv-01', role: 'specialist', unit: agency };
const leader = { id: 'ld-01', role: 'leader', unit: agency };

/** Received and transferred while the catalog's version had no route; then the catalog gives the same version a route. */
async function legacyDossier() {
  const store = new InMemoryEventStore();
  const clock = () => new Date('2030-01-01T00:00:00Z');
  const before = createEngine({ store, catalog: createCatalog({ procedures: [plain] }), clock });
  const id = uuidv7();
  const as = (engine: typeof before) => (actor: CommandInput['actor'], body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
  await as(before)(receiving, { type: 'ReceiveDossier', procedureCode: plain.code, unit, applicant, channel: 'direct', at: vn('2025-10-06T08:00') } as CommandBody);
  await as(before)(receiving, { type: 'TransferDossier', at: vn('2025-10-06T08:30') } as CommandBody);
  const engine = createEngine({ store, catalog: createCatalog({ procedures: [routed] }), clock });
  return { engine, id, run: as(engine) };
}

describe('a dossier on the first step of a route added after its transfer', () => {
  it('the head of division assigns the draft (its deadline from the transfer: Mon 20/10/2025), the specialist forwards, the head reviews, the leader signs', async () => {
    const { engine, id, run } = await legacyDossier();
    const s0 = await engine.get(id);
    expect([s0.state, s0.approval]).toEqual(['processing.{approval.step0,work.appraisal}', undefined]);
    await expect(run(leader, { type: 'Resolve', at: vn('2025-10-06T09:00') } as CommandBody)).rejects.toBeInstanceOf(ApprovalIncompleteError);

    const assigned = await run(head, { type: 'AssignOfficer', officer: { id: 'cv-01', name: 'Phạm Minh Đức' }, at: vn('2025-10-07T09:00') } as CommandBody);
    expect(assigned.events.map((e) => e.type)).toEqual(['OfficerAssigned', 'StepAssigned']);
    expect(assigned.state.approval).toMatchObject({
      stepId: 'draft',
      stepIndex: 0,
      role: 'specialist',
      assignee: { id: 'cv-01' },
      startedAt: vn('2025-10-06T08:30'),
      dueAt: '2025-10-20T17:00:00.000+07:00',
      done: false,
      reworks: 0,
    });
    expect(approvalWorklistFields(assigned.state)).toEqual({ step: 'draft', stepRole: 'specialist', assignee: 'cv-01', stepDueAt: '2025-10-20T17:00:00.000+07:00' });

    const drafted = await run(specialist, { type: 'ForwardStep', assignee: { id: 'lp-01' }, at: vn('2025-10-08T09:00') } as CommandBody);
    expect(drafted.events[0]!.data).toMatchObject({ from: { stepId: 'draft', stepIndex: 0 }, late: false, by: { id: 'cv-01' } });
    await run(head, { type: 'ForwardStep', at: vn('2025-10-08T10:00') } as CommandBody);
    const signed = await run(leader, { type: 'ForwardStep', at: vn('2025-10-08T11:00') } as CommandBody);
    expect(signed.state.approval).toMatchObject({ done: true });
    expect(signed.state.nationalStatus).toBe(4);
    expect((await run(leader, { type: 'Resolve', at: vn('2025-10-08T14:00') } as CommandBody)).state.topLevel).toBe('resolved');
    // Form 05: the draft's row is measured against its deadline from the transfer (Mon 20/10), on time on Wed 08/10
    // (before the fix the slip had no step for the legacy dossier: no deadline on the draft's row).
    const rows = controlSlip(await engine.history(id)).rows.filter((r) => r.step.en === 'Step forwarded');
    expect(rows.map((r) => [r.from, r.to, r.due?.date, r.timeliness])).toEqual([
      ['Phạm Minh Đức', 'lp-01', '2025-10-20', 'onTime'],
      ['lp-01', 'Lãnh đạo cơ quan ký duyệt', '2025-10-13', 'onTime'], // review: 3 working days from Wed 08/10 (not counted): 09, 10, 13 → Mon 13/10
    ]);
  });

  it('a reassignment of that first step is kept too (the second StepAssigned replaces the first officer)', async () => {
    const { run } = await legacyDossier();
    await run(head, { type: 'AssignOfficer', officer: { id: 'cv-01' }, at: vn('2025-10-07T09:00') } as CommandBody);
    const again = await run(head, { type: 'AssignOfficer', officer: { id: 'cv-02' }, at: vn('2025-10-07T10:00') } as CommandBody);
    expect(again.state.approval).toMatchObject({ stepId: 'draft', assignee: { id: 'cv-02' }, startedAt: vn('2025-10-06T08:30'), dueAt: '2025-10-20T17:00:00.000+07:00' });
    await expect(run(specialist, { type: 'ForwardStep', at: vn('2025-10-07T11:00') } as CommandBody)).rejects.toMatchObject({ code: 'FORBIDDEN' }); // cv-02's step now
    await run({ ...specialist, id: 'cv-02' }, { type: 'ForwardStep', at: vn('2025-10-07T11:00') } as CommandBody);
  });
});
