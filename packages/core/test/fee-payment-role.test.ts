/**
 * Who may record a fee payment (NĐ 61/2018 Đ22, NĐ 118/2025 Đ24: at the counter, by post or online; domain §12.1:
 * the applicant pays, the receiving officer receives). A payment at the counter or by post is taken by the one-stop
 * unit, so the officer records it: under `DEFAULT_POLICY_2025` an applicant who records his own counter or postal
 * payment is `FORBIDDEN`, nothing appended, the dossier still waiting (status 6). An online payment comes from the
 * payment gateway through the applicant's portal session: the applicant may record it (docs/security.md, the default
 * policy's table). A rule's `when` (a command field and the values it may take) is what says so in the policy data.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type CommandBody,
  type CommandInput,
  DEFAULT_POLICY_2025,
  ForbiddenError,
  InMemoryEventStore,
  ValidationError,
  actorFor,
  authorize,
  commandSchemas,
  createEngine,
  definePolicy,
  extendPolicy,
} from '@motcua/core';
import { sampleCatalog, scenario } from '@motcua/core/testkit';
import { applicant, unit, vn } from './helpers';

const BUSINESS = '2.002030';
const citizen: Actor = { id: applicant.idNumber, role: 'applicant' };
const officer: Actor = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const specialist: Actor = { id: 'cv-01', role: 'specialist', unit: 'SKHDT' };

async function waitingForFee(policy = DEFAULT_POLICY_2025) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy });
  const run = (actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
  const id = uuidv7();
  await run(officer, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') });
  await run(officer, { type: 'TransferDossier', to: { code: 'SKHDT', name: 'Sở Kế hoạch và Đầu tư' }, at: vn('2025-10-06T10:00') });
  await run(specialist, { type: 'RequestFee', items: [{ name: 'Lệ phí đăng ký doanh nghiệp', amountVnd: 50_000 }], at: vn('2025-10-06T11:00') });
  return { store, engine, run, id };
}
const pay = (method: 'counter' | 'postal' | 'online'): CommandBody =>
  ({ type: 'RecordFeePayment', amountVnd: 50_000, method, ...(method === 'online' ? { gateway: 'dvcqg' } : {}), at: vn('2025-10-07T09:00') }) as CommandBody;

describe('recording a fee payment: who, by the way it was paid', () => {
  it.each(['counter', 'postal'] as const)('the applicant recording his own %s payment is FORBIDDEN: nothing appended, still waiting for the fee', async (method) => {
    const { store, engine, run, id } = await waitingForFee();
    const head = await store.headPosition();
    const error = await run(citizen, pay(method)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).code).toBe('FORBIDDEN');
    expect((error as ForbiddenError).message).toMatch(/method/);
    expect((error as ForbiddenError).issues.map((i) => i.path.join('.'))).toContain('actor.role');
    expect(await store.headPosition()).toBe(head);
    const state = await engine.get(id);
    expect([state.topLevel, state.nationalStatus, state.fees.paid.length]).toEqual(['feeRequested', 6, 0]);
  });

  it('the receiving officer records the counter payment; the applicant records an online one', async () => {
    const counter = await waitingForFee();
    expect((await counter.run(officer, pay('counter'))).events.map((e) => [e.type, (e.data as { method: string }).method])).toEqual([['FeePaid', 'counter']]);
    const online = await waitingForFee();
    expect((await online.run(citizen, pay('online'))).events.map((e) => [e.type, (e.data as { method: string }).method])).toEqual([['FeePaid', 'online']]);
  });

  it('authorize says so without the engine, and actorFor picks the officer for a counter payment and the applicant for an online one', async () => {
    const { engine, id } = await waitingForFee();
    const state = await engine.get(id);
    const parsed = (method: 'counter' | 'online', actor: Actor) =>
      commandSchemas.RecordFeePayment.parse({ ...pay(method), actor, commandId: uuidv7(), dossierId: id }) as Parameters<typeof authorize>[2];
    const counterByCitizen = authorize(DEFAULT_POLICY_2025, citizen, parsed('counter', citizen), state);
    expect(counterByCitizen.allowed).toBe(false);
    expect(counterByCitizen.allowed ? '' : counterByCitizen.reason).toMatch(/method online.*the command's method is counter/);
    expect(authorize(DEFAULT_POLICY_2025, citizen, parsed('online', citizen), state).allowed).toBe(true);
    expect(authorize(DEFAULT_POLICY_2025, officer, parsed('counter', officer), state).allowed).toBe(true);
    expect(actorFor(DEFAULT_POLICY_2025, parsed('counter', citizen), state)).toMatchObject({ role: 'receivingOfficer', unit: unit.code });
    expect(actorFor(DEFAULT_POLICY_2025, parsed('online', citizen), state)).toMatchObject({ role: 'applicant', id: applicant.idNumber });
  });

  it('a scenario under the default policy issues a counter payment as the receiving officer', async () => {
    const out = await scenario({ catalog: sampleCatalog() })
      .given(
        { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') },
        { type: 'TransferDossier', at: vn('2025-10-06T10:00') },
        { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }], at: vn('2025-10-06T11:00') },
      )
      .when(pay('counter'))
      .thenEvents(['FeePaid']);
    expect(out.events[0]!.metadata.actor).toMatchObject({ role: 'receivingOfficer' });
  });

  it("a province may let the applicant record a postal payment again (a rule's `when` is data)", async () => {
    const postal = extendPolicy(DEFAULT_POLICY_2025, {
      id: 'postal-2026',
      validFrom: '2025-07-01',
      rules: [{ roles: ['applicant'], commands: ['RecordFeePayment'], scope: 'applicant', when: { method: ['postal'] } }],
    });
    const { run } = await waitingForFee(postal);
    await expect(run(citizen, pay('postal'))).resolves.toMatchObject({ duplicate: false });
    const again = await waitingForFee(postal);
    await expect(again.run(citizen, pay('counter'))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('definePolicy refuses a `when` naming a field the command lacks, a value the field cannot take, or a rule over every command', () => {
    const issuesOf = (rule: object) => {
      try {
        definePolicy({ id: 'x', validFrom: '2026-01-01', roles: [{ name: 'applicant' }], rules: [rule as never] });
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        return (e as ValidationError).issues.map((i) => i.path.join('.'));
      }
      return [];
    };
    const base = { roles: ['applicant'], scope: 'applicant' };
    expect(issuesOf({ ...base, commands: ['RecordFeePayment', 'Rate'], when: { method: ['online'] } })).toEqual(['rules.0.when.method']);
    expect(issuesOf({ ...base, commands: ['RecordFeePayment'], when: { method: ['cash'] } })).toEqual(['rules.0.when.method.0']);
    expect(issuesOf({ ...base, commands: '*', when: { method: ['online'] } })).toEqual(['rules.0.when']);
    expect(issuesOf({ ...base, commands: ['RecordFeePayment'], when: { method: [] } })).toEqual(['rules.0.when.method']);
    expect(issuesOf({ ...base, commands: ['RecordFeePayment'], when: { method: ['online'] } })).toEqual([]);
  });
});

describe('reporting an error in the result: the applicant reports as the applicant', () => {
  it('an applicant claiming the report for the agency is FORBIDDEN; as the applicant, or an officer either way, it is allowed', async () => {
    const { engine, id } = await waitingForFee();
    const state = await engine.get(id);
    const report = (reportedBy: 'applicant' | 'agency', actor: Actor) =>
      commandSchemas.ReportResultError.parse({
        type: 'ReportResultError',
        description: 'Sai tên',
        reportedBy,
        actor,
        commandId: uuidv7(),
        dossierId: id,
        at: vn('2025-10-08T09:00'),
      }) as Parameters<typeof authorize>[2];
    const asAgency = authorize(DEFAULT_POLICY_2025, citizen, report('agency', citizen), state);
    expect(asAgency.allowed).toBe(false);
    expect(asAgency.allowed ? '' : asAgency.reason).toMatch(/reportedBy applicant.*the command's reportedBy is agency/);
    expect(authorize(DEFAULT_POLICY_2025, citizen, report('applicant', citizen), state).allowed).toBe(true);
    expect(authorize(DEFAULT_POLICY_2025, officer, report('agency', officer), state).allowed).toBe(true);
    expect(authorize(DEFAULT_POLICY_2025, officer, report('applicant', officer), state).allowed).toBe(true);
  });
});
