import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  dossierCodeSequenceKey,
  type Actor,
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  type Engine,
  ForbiddenError,
  InMemoryEventStore,
  RuleViolationError,
  authorize,
  commandSchemas,
  createEngine,
  extendPolicy,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { vn } from './helpers';

/*
 * Scopes of an intake command on a dossier that already exists (docs/security.md, "Roles and the access policy"):
 * the command's own unit and applicant say whose dossier it is only while the dossier has no history; once it exists,
 * its receiving unit and applicant decide, whatever the command names. And the dossier's receiving unit is fixed by
 * its first event: an intake command naming another one is refused (`INTAKE_UNIT_MISMATCH`), whoever issues it.
 */

const BUSINESS = '2.002030';
const A = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const B = { code: '000.00.07.H56', name: 'Bộ phận Một cửa UBND xã Thụy Lâm' };
const APPLICANT_ID = '001090000001';
const applicant = { name: 'Nguyễn Văn An', idNumber: APPLICANT_ID, phone: '0912000001' };
const intruder = { name: 'Lê Văn Chiếm', idNumber: '001090000002' };
const citizen: Actor = { id: APPLICANT_ID, role: 'applicant' };
const officerA: Actor = { id: 'cb-A', role: 'receivingOfficer', unit: A.code };
const officerB: Actor = { id: 'cb-B', role: 'receivingOfficer', unit: B.code };
const intakeB = { procedureCode: BUSINESS, unit: B, applicant, channel: 'direct' as const };

function setup(policy = DEFAULT_POLICY_2025) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy });
  const run = (dossierId: string, actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId } as CommandInput);
  return { store, engine, run };
}

/** A dossier the applicant submitted online to unit A. */
async function submitted(s: ReturnType<typeof setup>): Promise<string> {
  const id = uuidv7();
  await s.run(id, citizen, { type: 'SubmitOnline', procedureCode: BUSINESS, unit: A, applicant, at: vn('2025-07-01T08:00') });
  return id;
}

/** Run a command expected to be refused; the refusal, and a check that the dossier's history did not change. */
async function refused(s: ReturnType<typeof setup>, id: string, actor: Actor, body: CommandBody) {
  const before = await s.engine.history(id);
  const head = await s.store.headPosition();
  const error = await s.run(id, actor, body).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${body.type} by ${actor.id} should be refused`).toBeDefined();
  expect((await s.engine.history(id)).length).toBe(before.length);
  expect(await s.store.headPosition()).toBe(head);
  return error as Error & { code?: string };
}

const typesOf = async (engine: Engine, id: string) => (await engine.history(id)).map((e) => e.type);

describe('an officer of another unit on an existing dossier', () => {
  it('cannot refuse it by naming his own unit in the intake: FORBIDDEN, nothing appended', async () => {
    const s = setup();
    const id = await submitted(s);
    const e = await refused(s, id, officerB, { type: 'RefuseReception', reason: 'không thuộc thẩm quyền', intake: intakeB, at: vn('2025-07-01T09:00') });
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toContain(`receiving unit ${A.code}`);
    expect(await typesOf(s.engine, id)).toEqual(['DossierSubmitted']);
  });

  it('cannot ask for an intake supplement by naming his own unit: FORBIDDEN', async () => {
    const s = setup();
    const id = await submitted(s);
    const e = await refused(s, id, officerB, {
      type: 'RequestIntakeSupplement',
      items: [{ name: 'Bản sao CCCD' }],
      reason: 'thiếu',
      intake: intakeB,
      at: vn('2025-07-01T09:00'),
    });
    expect(e.code).toBe('FORBIDDEN');
  });

  it('cannot receive (take over) the dossier by naming his own unit: FORBIDDEN, the dossier stays unit A’s', async () => {
    const s = setup();
    const id = await submitted(s);
    for (const body of [
      { type: 'ReceiveDossier', unit: B, at: vn('2025-07-01T09:00') },
      { type: 'ReceiveDossier', ...intakeB, at: vn('2025-07-01T09:00') },
      { type: 'ReceiveDossier', at: vn('2025-07-01T09:00') },
      { type: 'HandleInstantly', ...intakeB, at: vn('2025-07-01T09:00') },
    ] as CommandBody[]) {
      const e = await refused(s, id, officerB, body);
      expect(e.code, body.type).toBe('FORBIDDEN');
    }
    const state = await s.engine.get(id);
    expect(state.unit?.code).toBe(A.code);
    expect(state.state).toBe('submitted');
    expect(state.dossierCode).toBeUndefined();
  });

  it('authorize itself judges an existing dossier by its own facts, not by the command’s', async () => {
    const s = setup();
    const id = await submitted(s);
    const state = await s.engine.get(id);
    const parse = (actor: Actor, body: CommandBody) => commandSchemas[body.type].parse({ ...body, actor, commandId: uuidv7(), dossierId: id }) as never;
    const receiveB = { type: 'ReceiveDossier', unit: B } as CommandBody;
    expect(authorize(DEFAULT_POLICY_2025, officerB, parse(officerB, receiveB), state).allowed).toBe(false);
    expect(authorize(DEFAULT_POLICY_2025, officerA, parse(officerA, receiveB), state).allowed).toBe(true); // A's officer: the dossier is A's (decide refuses the other unit)
    const submitAsIntruder = { type: 'SubmitOnline', procedureCode: BUSINESS, unit: A, applicant: intruder } as CommandBody;
    const other: Actor = { id: intruder.idNumber, role: 'applicant' };
    expect(authorize(DEFAULT_POLICY_2025, other, parse(other, submitAsIntruder), state).allowed).toBe(false);
  });
});

describe('a third party on an existing dossier', () => {
  it('cannot submit onto another applicant’s dossier naming himself: FORBIDDEN (not INVALID_TRANSITION, which tells the state)', async () => {
    const s = setup();
    const id = await submitted(s);
    const other: Actor = { id: intruder.idNumber, role: 'applicant' };
    const e = await refused(s, id, other, { type: 'SubmitOnline', procedureCode: BUSINESS, unit: A, applicant: intruder, at: vn('2025-07-01T09:00') });
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.code).toBe('FORBIDDEN');
    // the applicant himself, submitting again onto his own dossier: allowed by the policy, refused by the machine
    const own = await refused(s, id, citizen, { type: 'SubmitOnline', procedureCode: BUSINESS, unit: A, applicant, at: vn('2025-07-01T09:00') });
    expect(own.code).toBe('INVALID_TRANSITION');
    expect((await s.engine.get(id)).applicant?.idNumber).toBe(APPLICANT_ID);
  });
});

describe('the legitimate flows still work', () => {
  it('unit A’s officer asks for a supplement and then receives the dossier (naming his unit or none)', async () => {
    const s = setup();
    const id = await submitted(s);
    await s.run(id, officerA, { type: 'RequestIntakeSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'thiếu', at: vn('2025-07-01T09:00') });
    await s.run(id, citizen, { type: 'ProvideIntakeSupplement', at: vn('2025-07-01T10:00') });
    await s.run(id, officerA, { type: 'ReceiveDossier', unit: A, at: vn('2025-07-01T11:00') });
    const state = await s.engine.get(id);
    expect(state.state).toBe('received');
    expect(state.unit?.code).toBe(A.code);
    expect(state.dossierCode).toMatch(/-250701-\d{4}$/);

    const second = await submitted(s);
    await s.run(second, officerA, { type: 'ReceiveDossier', at: vn('2025-07-01T11:30') });
    expect((await s.engine.get(second)).state).toBe('received');
  });

  it('unit A’s officer refuses the dossier, with or without restating the intake', async () => {
    const s = setup();
    const id = await submitted(s);
    await s.run(id, officerA, { type: 'RefuseReception', reason: 'không thuộc thẩm quyền', at: vn('2025-07-01T09:00') });
    expect(await typesOf(s.engine, id)).toEqual(['DossierSubmitted', 'ReceptionRefused']);
    const second = await submitted(s);
    await s.run(second, officerA, { type: 'RefuseReception', reason: 'không thuộc thẩm quyền', intake: { ...intakeB, unit: A }, at: vn('2025-07-01T09:00') });
    expect((await s.engine.get(second)).state).toBe('refusedAtIntake');
  });

  it('the applicant submits his own new dossier; unit B’s officer opens a new dossier of unit B', async () => {
    const s = setup();
    const id = await submitted(s);
    expect((await s.engine.get(id)).applicant?.idNumber).toBe(APPLICANT_ID);
    const other = uuidv7();
    await s.run(other, { id: intruder.idNumber, role: 'applicant' }, { type: 'SubmitOnline', procedureCode: BUSINESS, unit: A, applicant: intruder, at: vn('2025-07-01T08:30') });
    expect((await s.engine.get(other)).applicant?.idNumber).toBe(intruder.idNumber);
    const atB = uuidv7();
    await s.run(atB, officerB, { type: 'ReceiveDossier', ...intakeB, at: vn('2025-07-01T09:00') });
    expect((await s.engine.get(atB)).unit?.code).toBe(B.code);
    // on a new dossier the command's unit is what the scope is checked against: A's officer cannot open one for unit B
    const e = await refused(s, uuidv7(), officerA, { type: 'ReceiveDossier', ...intakeB, at: vn('2025-07-01T09:00') });
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('the receiving unit of an existing dossier is fixed', () => {
  it('an intake command naming another unit is refused (INTAKE_UNIT_MISMATCH) even from the dossier’s own unit, nothing appended', async () => {
    const s = setup();
    const id = await submitted(s);
    for (const body of [
      { type: 'ReceiveDossier', unit: B, at: vn('2025-07-01T09:00') },
      { type: 'RefuseReception', reason: 'không thuộc thẩm quyền', intake: intakeB, at: vn('2025-07-01T09:00') },
      { type: 'RequestIntakeSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'thiếu', intake: intakeB, at: vn('2025-07-01T09:00') },
    ] as CommandBody[]) {
      const e = await refused(s, id, officerA, body);
      expect(e, body.type).toBeInstanceOf(RuleViolationError);
      expect(e.code).toBe('RULE_VIOLATION');
      expect((e as RuleViolationError).rule).toBe('INTAKE_UNIT_MISMATCH');
      expect((e as RuleViolationError).issues[0]!.path).toEqual(body.type === 'ReceiveDossier' ? ['unit'] : ['intake', 'unit']);
    }
    expect((await s.engine.get(id)).unit?.code).toBe(A.code);
    // refused before a dossier code was reserved: neither unit's numbering of the day has a gap
    for (const unit of [A, B]) expect(await s.store.nextSequence(dossierCodeSequenceKey(unit.code, '2025-07-01'))).toBe(1);
  });

  it('also for a role whose scope is `any` (a province policy), and also on an instant procedure', async () => {
    const wide = extendPolicy(DEFAULT_POLICY_2025, {
      id: 'wide-2026',
      validFrom: '2026-01-01',
      rules: [{ roles: ['admin'], commands: ['ReceiveDossier', 'HandleInstantly'], scope: 'any' }],
    });
    const s = setup(wide);
    const admin: Actor = { id: 'qt-01', role: 'admin', unit: B.code };
    const id = await submitted(s);
    const e = await refused(s, id, admin, { type: 'ReceiveDossier', unit: B, at: vn('2025-07-01T09:00') });
    expect((e as RuleViolationError).rule).toBe('INTAKE_UNIT_MISMATCH');
    // the same command naming the dossier's own unit is accepted
    await s.run(id, admin, { type: 'ReceiveDossier', unit: A, at: vn('2025-07-01T09:30') });
    expect((await s.engine.get(id)).unit?.code).toBe(A.code);

    const instant = uuidv7();
    await s.run(instant, citizen, { type: 'SubmitOnline', procedureCode: '2.000815', unit: A, applicant, at: vn('2025-07-01T08:00') });
    const f = await refused(s, instant, admin, { type: 'HandleInstantly', procedureCode: '2.000815', unit: B, applicant, channel: 'online', at: vn('2025-07-01T09:00') });
    expect((f as RuleViolationError).rule).toBe('INTAKE_UNIT_MISMATCH');
    await s.run(instant, officerA, { type: 'HandleInstantly', procedureCode: '2.000815', unit: A, applicant, channel: 'online', at: vn('2025-07-01T09:30') });
    expect((await s.engine.get(instant)).state).toMatch(/returned/);
  });
});
