import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessPolicy,
  type Actor,
  type CommandBody,
  type CommandInput,
  type CommandType,
  DEFAULT_POLICY_2025,
  type DossierState,
  ForbiddenError,
  InMemoryEventStore,
  MotcuaError,
  ValidationError,
  actorFor,
  authorize,
  commandSchemas,
  createEngine,
  definePolicy,
  extendPolicy,
  policyAt,
} from '@motcua/core';
import { approvalSampleCatalog as sampleCatalog } from '@motcua/core/samples';
import { scenario } from '@motcua/core/testkit';
import { applicant, unit, vn } from './helpers';

/*
 * The access policy (issue #14 item 1). The oracle below reads the policy's
 * rule table as data and decides from the dossier's facts on its own; it
 * never calls `authorize` or the engine's check.
 */

const BUSINESS = '2.002030';
const LAND = '1.003003';
const HOUSEHOLD = '2.000720';
const APPLICANT_ID = applicant.idNumber;
const OTHER_PERSON = '001090000002';
const UNITS = [unit.code, 'SKHDT', 'VPDKDD', 'CCT', 'PTNMT', 'STP', 'UBND-XA', '000.00.07.H56', undefined] as const;
const ROLES = ['applicant', 'receivingOfficer', 'specialist', 'divisionHead', 'leader', 'partner', 'admin', 'auditor', 'citizen', 'officer'] as const;
const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];
const INTAKE = ['SubmitOnline', 'ReceiveDossier', 'HandleInstantly', 'RequestIntakeSupplement', 'RefuseReception'];

/** A valid body for every command type (the machine may still refuse it: that is not the policy's business). */
function bodyOf(type: CommandType, pick: { legIndex: number; unitCode: string; applicantId: string }): CommandBody {
  const u = { code: pick.unitCode, name: 'Bộ phận Một cửa' };
  const a = { name: 'Nguyễn Văn An', idNumber: pick.applicantId };
  const intake = { procedureCode: BUSINESS, unit: u, applicant: a, channel: 'direct' as const };
  const bodies: { [T in CommandType]: () => Extract<CommandBody, { type: T }> } = {
    SubmitOnline: () => ({ type: 'SubmitOnline', procedureCode: BUSINESS, unit: u, applicant: a }),
    RequestIntakeSupplement: () => ({ type: 'RequestIntakeSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'thiếu', intake }),
    ProvideIntakeSupplement: () => ({ type: 'ProvideIntakeSupplement' }),
    RefuseReception: () => ({ type: 'RefuseReception', reason: 'không thuộc thẩm quyền', intake }),
    ReceiveDossier: () => ({ type: 'ReceiveDossier', ...intake }),
    HandleInstantly: () => ({ type: 'HandleInstantly', ...intake, procedureCode: '2.000815' }),
    TransferDossier: () => ({ type: 'TransferDossier' }),
    AssignOfficer: () => ({ type: 'AssignOfficer', officer: { id: 'cv-09' } }),
    ForwardStep: () => ({ type: 'ForwardStep' }),
    ReturnForRework: () => ({ type: 'ReturnForRework', reason: 'dự thảo chưa đúng mẫu' }),
    RecordVerification: () => ({ type: 'RecordVerification', place: 'thửa đất', participants: ['cv-09'], content: 'đã xác minh' }),
    RequestConsultation: () => ({
      type: 'RequestConsultation',
      consultationId: uuidv7(),
      agency: { code: 'STP', name: 'Sở Tư pháp' },
      content: 'xin ý kiến',
      deadline: '2099-01-05',
    }),
    AnswerConsultation: () => ({ type: 'AnswerConsultation', consultationId: 'k1', answer: 'đồng ý' }),
    RequestSupplement: () => ({ type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'thiếu' }),
    ProvideSupplement: () => ({ type: 'ProvideSupplement' }),
    RequestFee: () => ({ type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] }),
    RecordFeePayment: () => ({ type: 'RecordFeePayment', amountVnd: 50000, method: 'online' }),
    StartInterAgency: () => ({ type: 'StartInterAgency' }),
    CompleteLeg: () => ({ type: 'CompleteLeg', legIndex: pick.legIndex }),
    IssueApology: () => ({ type: 'IssueApology', reason: 'chậm', lateUnit: 'SKHDT', newDueDate: '2099-01-05' }),
    AmendDossier: () => ({ type: 'AmendDossier', description: 'thay bản sao CCCD' }),
    RequestWithdrawal: () => ({ type: 'RequestWithdrawal' }),
    StopProcessing: () => ({ type: 'StopProcessing', reason: 'rút hồ sơ' }),
    CloseDossier: () => ({ type: 'CloseDossier', reason: 'quá hạn bổ sung' }),
    Resolve: () => ({ type: 'Resolve' }),
    RefuseResolution: () => ({ type: 'RefuseResolution', reason: 'không đủ điều kiện' }),
    NotifyEarlyReturn: () => ({ type: 'NotifyEarlyReturn', channel: 'sms' }),
    ReturnResult: () => ({ type: 'ReturnResult', method: 'counter' }),
    Rate: () => ({ type: 'Rate', channel: 'online', ratings: [{ criterion: 'C1', level: 'satisfied' }] }),
    FilePetition: () => ({ type: 'FilePetition', petitionId: uuidv7(), content: 'chậm', channel: 'portal' }),
    AnswerPetition: () => ({ type: 'AnswerPetition', petitionId: 'p1', outcome: 'resolved' }),
    RecordPortalSync: () => ({ type: 'RecordPortalSync' }),
    ReportResultError: () => ({ type: 'ReportResultError', description: 'sai tên' }),
    CorrectResult: () => ({ type: 'CorrectResult' }),
    CorrectEvent: () => ({ type: 'CorrectEvent', target: { type: 'DossierResolved' }, field: 'occurredAt', value: '2024-03-05T08:00:00+07:00', reason: 'nhập nhầm giờ' }),
  };
  return bodies[type]();
}

/**
 * The oracle: the policy table read as data. A rule allows when it names the
 * role and the command (or '*') and its scope holds for the dossier, where
 * the dossier's facts are worked out here as docs/security.md states them:
 * from the dossier's state, except on a dossier with no history yet, whose
 * facts an intake command gives (its unit, applicant and competent unit, or
 * the same under `intake`). On a dossier that exists, what an intake command
 * names is not looked at.
 */
function oracleAllows(policy: AccessPolicy, actor: Actor, c: CommandInput, s: DossierState): boolean {
  type Named = { unit?: { code: string }; applicant?: { idNumber?: string }; competentUnit?: { code: string } };
  const noHistory = s.version === 0;
  const cc = c as Named & { intake?: Named };
  const given: Named | undefined = noHistory && INTAKE.includes(c.type) ? (cc.intake ?? cc) : undefined;
  const receiving = given ? given.unit?.code : s.unit?.code;
  const applicantId = given ? given.applicant?.idNumber : s.applicant?.idNumber;
  const competent = given ? given.competentUnit?.code : s.competentUnit?.code;
  let handling = receiving;
  if (competent !== undefined) handling = competent;
  if (s.transfer?.to) handling = s.transfer.to.code;
  let leg: string | undefined;
  if (c.type === 'CompleteLeg' && s.route && c.legIndex < s.route.legs.length) leg = s.route.legs[c.legIndex]!.agency.code;
  if (c.type === 'AnswerConsultation') for (const k of s.consultations) if (k.id === c.consultationId) leg = k.agency.code;
  const holds: Record<string, boolean> = {
    any: true,
    applicant: applicantId !== undefined && actor.id === applicantId,
    receivingUnit: actor.unit !== undefined && actor.unit === receiving,
    handlingAgency: actor.unit !== undefined && actor.unit === handling,
    ownLeg: actor.unit !== undefined && actor.unit === leg,
    // Internal steps (domain §12.2): the role of the step in progress, in the handling agency, its assignee once assigned.
    currentStep:
      actor.unit !== undefined &&
      actor.unit === handling &&
      s.topLevel === 'processing' &&
      s.approval !== undefined &&
      !s.approval.done &&
      actor.role === s.approval.role &&
      (s.approval.assignee === undefined || s.approval.assignee.id === actor.id),
  };
  for (const rule of policy.rules) {
    if (!rule.roles.includes(actor.role)) continue;
    if (rule.commands !== '*' && !rule.commands.includes(c.type)) continue;
    if (holds[rule.scope]) return true;
  }
  return false;
}

/** Dossiers in several situations, made by an engine with authorization turned off (`policy: 'none'`: trusted setup). */
async function setupDossiers(store: InMemoryEventStore): Promise<string[]> {
  const setup = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
  const run = (dossierId: string, body: CommandBody) => setup.execute({ actor: officer, ...body, commandId: uuidv7(), dossierId } as CommandInput);
  const online = uuidv7();
  await run(online, { type: 'SubmitOnline', procedureCode: BUSINESS, unit, applicant, at: vn('2024-03-04T08:00') });
  const business = uuidv7();
  await run(business, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(business, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
  const land = uuidv7();
  await run(land, { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(land, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T16:00') });
  await run(land, {
    type: 'RequestConsultation',
    consultationId: 'k1',
    agency: { code: 'STP', name: 'Sở Tư pháp' },
    content: 'xin ý kiến',
    deadline: '2024-03-12',
    at: vn('2024-03-05T07:30'),
  });
  await run(land, { type: 'StartInterAgency', at: vn('2024-03-05T08:00') });
  const resolved = uuidv7();
  await run(resolved, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(resolved, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
  await run(resolved, { type: 'Resolve', at: vn('2024-03-05T09:30') });
  // Internal approval route (householdBusiness, handled by UBND-XA): at the draft step; at the review step assigned to cb-01; signed.
  const head = { id: 'lp-01', role: 'divisionHead', unit: 'UBND-XA' };
  const draft = uuidv7();
  await run(draft, { type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(draft, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
  const review = uuidv7();
  await run(review, { type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(review, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
  await run(review, { type: 'ForwardStep', assignee: { id: 'cb-01' }, at: vn('2024-03-04T14:00') });
  const signed = uuidv7();
  await run(signed, { type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
  await run(signed, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
  for (const hour of ['10', '11', '14']) await setup.execute({ actor: head, type: 'ForwardStep', commandId: uuidv7(), dossierId: signed, at: vn(`2024-03-04T${hour}:00`) });
  return [online, business, land, resolved, draft, review, signed, uuidv7() /* no events yet */];
}

const actorArb = fc.record({
  id: fc.constantFrom(APPLICANT_ID, OTHER_PERSON, 'cb-01'),
  role: fc.constantFrom(...ROLES),
  unit: fc.constantFrom(...UNITS),
});
const toActor = (a: { id: string; role: string; unit: string | undefined }): Actor =>
  a.unit === undefined ? { id: a.id, role: a.role } : { id: a.id, role: a.role, unit: a.unit };
const pickArb = fc.record({
  legIndex: fc.integer({ min: 0, max: 3 }),
  unitCode: fc.constantFrom(unit.code, '000.00.07.H56', 'SKHDT'),
  applicantId: fc.constantFrom(APPLICANT_ID, OTHER_PERSON),
});

describe('access policy: data', () => {
  it('the default policy has the roles of the one-stop world (domain §12.1)', () => {
    expect(DEFAULT_POLICY_2025.roles.map((r) => r.name)).toEqual(['applicant', 'receivingOfficer', 'specialist', 'divisionHead', 'leader', 'partner', 'admin', 'auditor']);
    expect(Object.isFrozen(DEFAULT_POLICY_2025.rules[0])).toBe(true);
    // The auditor is read-only: no rule names it.
    expect(DEFAULT_POLICY_2025.rules.some((r) => r.roles.includes('auditor'))).toBe(false);
  });

  it('definePolicy refuses an undeclared role, an unknown command and an unknown scope, with paths', () => {
    const issuesOf = (rules: never[]) => {
      try {
        definePolicy({ id: 'x', validFrom: '2026-01-01', roles: [{ name: 'clerk' }], rules });
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues.map((i) => i.path.join('.'));
      }
      return [];
    };
    expect(issuesOf([{ roles: ['clerk', 'ghost'], commands: ['ReceiveDossier'], scope: 'receivingUnit' }] as never[])).toEqual(['rules.0.roles.1']);
    expect(issuesOf([{ roles: ['clerk'], commands: ['Teleport'], scope: 'any' }] as never[])).toEqual(['rules.0.commands']);
    expect(issuesOf([{ roles: ['clerk'], commands: '*', scope: 'everywhere' }] as never[])).toEqual(['rules.0.scope']);
    expect(() => definePolicy({ id: 'y', validFrom: '2026-02-30', roles: [{ name: 'a' }], rules: [] })).toThrow(ValidationError);
    expect(() => definePolicy({ id: 'y', validFrom: '2026-02-03', roles: [{ name: 'a' }, { name: 'a' }], rules: [] })).toThrow(/declared twice/);
  });

  it('extendPolicy adds a province role and removes one with its rules; the base is unchanged', () => {
    const p = extendPolicy(DEFAULT_POLICY_2025, {
      id: 'hanoi-2026',
      validFrom: '2026-01-01',
      roles: [{ name: 'postalClerk' }],
      rules: [{ roles: ['postalClerk'], commands: ['ReturnResult'], scope: 'receivingUnit' }],
      removeRoles: ['partner'],
    });
    expect(p.roles.map((r) => r.name)).toContain('postalClerk');
    expect(p.roles.map((r) => r.name)).not.toContain('partner');
    expect(p.rules.some((r) => r.roles.includes('partner'))).toBe(false);
    expect(p.rules.some((r) => r.roles.includes('specialist') && r.scope === 'ownLeg')).toBe(true); // the shared rule keeps its other role
    expect(DEFAULT_POLICY_2025.roles.map((r) => r.name)).toContain('partner');
    expect(DEFAULT_POLICY_2025.rules.length).toBe(p.rules.length - 1);
  });

  it('an engine with several versions applies the one in force on its clock day, whatever the command claims with `at`', async () => {
    const strict = extendPolicy(DEFAULT_POLICY_2025, { id: 'no-transfer-2026', validFrom: '2026-07-01' });
    const v2 = definePolicy({
      ...strict,
      rules: strict.rules.map((r) => ({ ...r, commands: r.commands === '*' ? r.commands : r.commands.filter((c) => c !== 'TransferDossier') })),
    });
    let now = new Date('2026-06-30T16:59:00Z'); // 23:59 on 30/06 in Hà Nội
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: [DEFAULT_POLICY_2025, v2], clock: () => now });
    const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
    const run = (dossierId: string, body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: uuidv7(), dossierId } as CommandInput);
    const [a, b] = [uuidv7(), uuidv7()];
    for (const id of [a, b]) await run(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2026-06-29T09:00') });
    await expect(run(a, { type: 'TransferDossier', at: vn('2026-06-30T10:00') })).resolves.toMatchObject({ duplicate: false });
    now = new Date('2026-06-30T17:00:00Z'); // 00:00 on 01/07: v2 in force
    const e = await run(b, { type: 'TransferDossier', at: vn('2026-06-30T10:00') }).catch((x) => x);
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.policy).toBe('no-transfer-2026');
  });

  it('every command is allowed to some role of the default policy (a new command needs its rule)', () => {
    const named = new Set(DEFAULT_POLICY_2025.rules.flatMap((r) => (r.commands === '*' ? COMMAND_TYPES : r.commands)));
    expect(COMMAND_TYPES.filter((t) => !named.has(t))).toEqual([]);
  });

  it('policyAt: the version with the latest validFrom on or before the day', () => {
    const v2 = extendPolicy(DEFAULT_POLICY_2025, { id: 'v2', validFrom: '2026-07-01' });
    const versions = [v2, DEFAULT_POLICY_2025];
    expect(policyAt(versions, '2025-06-30')).toBeUndefined();
    expect(policyAt(versions, '2025-07-01')?.id).toBe('default-2025');
    expect(policyAt(versions, '2026-06-30')?.id).toBe('default-2025');
    expect(policyAt(versions, '2026-07-01')?.id).toBe('v2');
  });
});

describe('access policy: property against the oracle', () => {
  let states: DossierState[] = [];
  beforeAll(async () => {
    const store = new InMemoryEventStore();
    const ids = await setupDossiers(store);
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    states = await Promise.all(ids.slice(0, -1).map((id) => engine.get(id)));
    const { initialDossierState } = await import('@motcua/core');
    states.push(initialDossierState(ids.at(-1)!));
  });

  it('authorize allows exactly what the policy table allows (random actors × commands × dossiers)', () => {
    fc.assert(
      fc.property(actorArb, fc.constantFrom(...COMMAND_TYPES), fc.nat(), pickArb, (a, type, si, pick) => {
        const s = states[si % states.length]!;
        const actor = toActor(a);
        const c = { ...bodyOf(type, pick), actor, commandId: uuidv7(), dossierId: s.id } as CommandInput;
        const parsed = commandSchemas[type].parse(c) as never;
        expect(authorize(DEFAULT_POLICY_2025, actor, parsed, s).allowed).toBe(oracleAllows(DEFAULT_POLICY_2025, actor, c, s));
      }),
      { numRuns: 3000 },
    );
  });

  it('actorFor gives an actor the oracle allows, and gives none only when no actor of the sampled space is allowed', () => {
    const space = ROLES.flatMap((role) => UNITS.flatMap((u) => [APPLICANT_ID, OTHER_PERSON, 'cb-01'].map((id) => toActor({ id, role, unit: u }))));
    fc.assert(
      fc.property(fc.constantFrom(...COMMAND_TYPES), fc.nat(), pickArb, (type, si, pick) => {
        const s = states[si % states.length]!;
        const c = { ...bodyOf(type, pick), actor: { id: 'x', role: 'x' }, commandId: uuidv7(), dossierId: s.id } as CommandInput;
        const parsed = commandSchemas[type].parse(c) as never;
        const actor = actorFor(DEFAULT_POLICY_2025, parsed, s);
        if (actor) expect(oracleAllows(DEFAULT_POLICY_2025, actor, { ...c, actor } as CommandInput, s)).toBe(true);
        else expect(space.filter((a) => oracleAllows(DEFAULT_POLICY_2025, a, { ...c, actor: a } as CommandInput, s))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('the engine refuses with FORBIDDEN (appending nothing) exactly when the oracle forbids', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(actorArb, fc.constantFrom(...COMMAND_TYPES), fc.nat(), pickArb), { minLength: 1, maxLength: 8 }), async (steps) => {
        const store = new InMemoryEventStore();
        const ids = await setupDossiers(store);
        const engine = createEngine({ store, catalog: sampleCatalog(), policy: DEFAULT_POLICY_2025 });
        for (const [a, type, di, pick] of steps) {
          const dossierId = ids[di % ids.length]!;
          const actor = toActor(a);
          const c = { ...bodyOf(type, pick), actor, commandId: uuidv7(), dossierId } as CommandInput;
          const before = await store.readStream(`dossier-${dossierId}`);
          const s = before.events.length > 0 ? await engine.get(dossierId) : (await import('@motcua/core')).initialDossierState(dossierId);
          const head = await store.headPosition();
          const outcome = await engine.execute(c).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (s.version === 0 && !INTAKE.includes(type)) {
            expect(outcome).toMatchObject({ code: 'NOT_FOUND' }); // no dossier: said before anything else
            continue;
          }
          if (!oracleAllows(DEFAULT_POLICY_2025, actor, c, s)) {
            expect(outcome).toBeInstanceOf(ForbiddenError);
            expect((outcome as ForbiddenError).code).toBe('FORBIDDEN');
            expect(await store.headPosition()).toBe(head);
          } else if (outcome !== undefined) {
            expect(outcome).toBeInstanceOf(MotcuaError);
            expect((outcome as MotcuaError).code).not.toBe('FORBIDDEN');
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('access policy: scenarios under a policy', () => {
  it('a scenario with a policy picks each actor from it (the lifecycle runs unchanged) and still refuses a named forbidden actor', async () => {
    const s = scenario({ catalog: sampleCatalog(), policy: DEFAULT_POLICY_2025 });
    const given: CommandBody[] = [
      { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') },
      { type: 'TransferDossier', at: vn('2024-03-04T10:00') },
      { type: 'Resolve', at: vn('2024-03-05T10:00') },
      { type: 'ReturnResult', method: 'counter', at: vn('2024-03-05T14:00') },
    ];
    const out = await s
      .given(...given)
      .when({ type: 'Rate', channel: 'online', ratings: [{ criterion: 'C1', level: 'satisfied' }], at: vn('2024-03-05T15:00') })
      .thenEvents(['DossierRated']);
    expect((await out.engine.history(out.state.id)).map((e) => e.metadata.actor?.role)).toEqual([
      'receivingOfficer',
      'receivingOfficer',
      'specialist',
      'receivingOfficer',
      'applicant',
    ]);
    await s
      .given(...given.slice(0, 2))
      .when({ type: 'Resolve', actor: { id: APPLICANT_ID, role: 'applicant' } })
      .thenFails('FORBIDDEN');
  });
});

describe('access policy: the cases of issue #14', () => {
  async function received() {
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: DEFAULT_POLICY_2025 });
    const id = uuidv7();
    const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
    const run = (actor: Actor, body: CommandBody) => engine.execute({ actor, ...body, commandId: uuidv7(), dossierId: id } as CommandInput);
    await run(officer, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
    await run(officer, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
    return { store, engine, run, id };
  }

  it('a citizen cannot resolve its own dossier; the handling agency specialist can', async () => {
    const { store, run } = await received();
    const head = await store.headPosition();
    const e = await run({ id: APPLICANT_ID, role: 'applicant' }, { type: 'Resolve' }).catch((x) => x);
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.toJSON()).toMatchObject({ code: 'FORBIDDEN', role: 'applicant', command: 'Resolve', policy: 'default-2025' });
    expect(await store.headPosition()).toBe(head);
    // A specialist of another agency: forbidden too. Of the handling agency (the procedure's, SKHDT): allowed.
    await expect(run({ id: 'cv-1', role: 'specialist', unit: 'STP' }, { type: 'Resolve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run({ id: 'cv-1', role: 'specialist', unit: 'SKHDT' }, { type: 'Resolve' })).resolves.toMatchObject({ duplicate: false });
  });

  it('only the applicant rates: a leader recording a rating is refused', async () => {
    const { run } = await received();
    await run({ id: 'cv-1', role: 'specialist', unit: 'SKHDT' }, { type: 'Resolve' });
    await run({ id: 'cb-01', role: 'receivingOfficer', unit: unit.code }, { type: 'ReturnResult', method: 'counter' });
    const rate: CommandBody = { type: 'Rate', channel: 'online', ratings: [{ criterion: 'C1', level: 'satisfied' }] };
    await expect(run({ id: 'ld-1', role: 'leader', unit: 'SKHDT' }, rate)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run({ id: OTHER_PERSON, role: 'applicant' }, rate)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run({ id: APPLICANT_ID, role: 'applicant' }, rate)).resolves.toMatchObject({ duplicate: false });
  });

  it('an idempotent retry of an allowed command replays it; the same id with a forbidden actor is not replayed as allowed', async () => {
    const { engine, id } = await received();
    const c = { type: 'Resolve', actor: { id: 'cv-1', role: 'specialist', unit: 'SKHDT' }, commandId: uuidv7(), dossierId: id } as CommandInput;
    await engine.execute(c);
    await expect(engine.execute(c)).resolves.toMatchObject({ duplicate: true });
  });
});

describe('access policy: secure by default (issue #14 item 1)', () => {
  /** A dossier received and transferred to the handling agency by officers the default policy allows. */
  async function transferred(policy?: 'none') {
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: sampleCatalog(), ...(policy ? { policy } : {}) });
    const id = uuidv7();
    const officer = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
    const run = (actor: Actor, body: CommandBody) => engine.execute({ actor, ...body, commandId: uuidv7(), dossierId: id } as CommandInput);
    await run(officer, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
    await run(officer, { type: 'TransferDossier', at: vn('2024-03-04T09:30') });
    return { store, run };
  }

  it('an engine created without a policy option enforces DEFAULT_POLICY_2025: an applicant resolving is FORBIDDEN and nothing is appended', async () => {
    const { store, run } = await transferred();
    const head = await store.headPosition();
    const e = await run({ id: APPLICANT_ID, role: 'applicant' }, { type: 'Resolve' }).catch((x) => x);
    expect(e).toBeInstanceOf(ForbiddenError);
    expect(e.toJSON()).toMatchObject({ code: 'FORBIDDEN', role: 'applicant', command: 'Resolve', policy: DEFAULT_POLICY_2025.id });
    expect(await store.headPosition()).toBe(head);
    // A role the default policy does not declare is refused too, even to open a dossier.
    const other = createEngine({ store, catalog: sampleCatalog() });
    const refused = other.execute({
      type: 'ReceiveDossier',
      actor: { id: 'x', role: 'officer', unit: unit.code },
      commandId: uuidv7(),
      dossierId: uuidv7(),
      procedureCode: BUSINESS,
      unit,
      applicant,
      channel: 'direct',
      at: vn('2024-03-04T10:00'),
    } as CommandInput);
    await expect(refused).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await store.headPosition()).toBe(head);
  });

  it("policy: 'none' turns authorization off: the same applicant's Resolve is decided and appended", async () => {
    const { store, run } = await transferred('none');
    const head = await store.headPosition();
    const r = await run({ id: APPLICANT_ID, role: 'applicant' }, { type: 'Resolve' });
    expect(r.events.map((e) => e.type)).toEqual(['DossierResolved']);
    expect(await store.headPosition()).toBeGreaterThan(head);
  });
});
