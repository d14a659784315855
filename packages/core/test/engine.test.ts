import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import {
  ConcurrencyError,
  InMemoryEventStore,
  InvalidTransitionError,
  MotcuaError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
  createEngine,
  parseDossierCode,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, cmd, newEngine, unit, vn } from './helpers';

const BUSINESS = '2.002030';
const LAND = '1.003003';

describe('engine: a business registration through its full lifecycle', () => {
  it('derives state, due dates and national status from events only', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const r1 = await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2023-10-27T09:32') }));
    expect(r1.state.state).toBe('received');
    expect(r1.state.nationalStatus).toBe(2);
    // 3 working days, receipt day not counted: Fri 27/10 → Wed 01/11/2023.
    expect(r1.state.due?.legal.date).toBe('2023-11-01');
    expect(r1.state.dossierCode).toBe('000.00.06.H56-231027-0001');
    expect(parseDossierCode(r1.state.dossierCode!)).toEqual({ unitCode: unit.code, date: '2023-10-27', sequence: 1 });

    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2023-10-27T10:00') }));
    await engine.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: vn('2023-10-27T10:05') }));
    const r4 = await engine.execute(cmd(id, { type: 'Resolve', electronicResult: true, at: vn('2023-10-31T16:00') }));
    expect(r4.state.topLevel).toBe('resolved');
    expect(r4.state.nationalStatus).toBe(9);
    await engine.execute(cmd(id, { type: 'NotifyEarlyReturn', channel: 'sms', at: vn('2023-10-31T16:10') }));
    const r6 = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', at: vn('2023-11-01T08:00') }));
    expect(r6.state.state).toBe('returned');
    expect(r6.state.nationalStatus).toBe(10);
    expect(r6.state.version).toBe(6);
    const history = await engine.history(id);
    expect(history.map((e) => e.type)).toEqual(['DossierAccepted', 'DossierTransferred', 'OfficerAssigned', 'DossierResolved', 'EarlyReturnNotified', 'ResultReturned']);
    expect(history.map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const e of history) {
      expect(e.metadata.actor?.id).toBe('cb-01');
      expect(e.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
      expect(e.metadata.occurredAt.endsWith('+07:00')).toBe(true);
    }
    // As-of query: before the resolution it was processing.
    expect((await engine.stateAt(id, vn('2023-10-30T12:00'))).state).toBe('processing.appraisal');
  });

  it('an instant procedure goes from acceptance to returned in one command', async () => {
    const { engine } = newEngine();
    const r = await engine.execute(cmd(uuidv7(), { type: 'HandleInstantly', procedureCode: '2.000815', unit, applicant, channel: 'direct', at: vn('2024-05-06T09:00') }));
    expect(r.events.map((e) => e.type)).toEqual(['DossierAccepted', 'DossierResolved', 'ResultReturned']);
    expect(r.state.state).toBe('returned');
  });

  it('HandleInstantly is refused for a procedure that is not instant, and appends nothing', async () => {
    const { engine, store } = newEngine();
    await expect(
      engine.execute(cmd(uuidv7(), { type: 'HandleInstantly', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-05-06T09:00') })),
    ).rejects.toMatchObject({ code: 'RULE_VIOLATION', rule: 'NOT_INSTANT_PROCEDURE' });
    expect(await store.headPosition()).toBe(0);
  });
});

describe('engine: online submission then acceptance', () => {
  it('acceptance without intake fields keeps what the submission carried (components, population data)', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const components = [{ code: 'TK', name: 'Tờ khai', form: 'electronic' as const, digitised: true, reused: true, fromCitizenStore: true }];
    await engine.execute(cmd(id, { type: 'SubmitOnline', procedureCode: BUSINESS, unit, applicant, components, usesPopulationData: true, at: vn('2024-03-04T20:00') }));
    const r = await engine.execute(cmd(id, { type: 'ReceiveDossier', at: vn('2024-03-05T08:00') }));
    expect(r.state.channel).toBe('online');
    expect(r.state.components).toEqual(components);
    expect(r.state.usesPopulationData).toBe(true);
    expect(r.events[0]!.data).toMatchObject({ channel: 'online', usesPopulationData: true, components });
  });
});

describe('engine: errors as data, nothing appended', () => {
  it('bad input → ValidationError with zod paths', async () => {
    const { engine, store } = newEngine();
    const err = await engine
      .execute({ type: 'ReceiveDossier', commandId: 'not-a-uuid', dossierId: uuidv7(), actor: { id: '', role: 'officer' }, unit: { code: 'lower case', name: 'x' } } as never)
      .catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths = (err as ValidationError).issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['commandId', 'actor.id', 'unit.code']));
    expect(await store.headPosition()).toBe(0);
  });

  it('a command not allowed in the state → InvalidTransitionError listing the allowed commands', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    const err = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-04T10:00') })).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect(err.state).toBe('received');
    expect(err.allowed).toEqual(expect.arrayContaining(['TransferDossier', 'IssueApology', 'RequestWithdrawal']));
    expect(err.allowed).not.toContain('ReturnResult');
    expect(JSON.parse(JSON.stringify(err)).code).toBe('INVALID_TRANSITION');
    expect(await store.headPosition()).toBe(1);
  });

  it('an unknown dossier → NotFoundError; an unknown procedure → UNKNOWN_PROCEDURE', async () => {
    const { engine } = newEngine();
    await expect(engine.execute(cmd(uuidv7(), { type: 'TransferDossier' }))).rejects.toBeInstanceOf(NotFoundError);
    const e = await engine.execute(cmd(uuidv7(), { type: 'ReceiveDossier', procedureCode: '9.999999', unit, applicant, channel: 'direct' })).catch((x) => x);
    expect(e).toBeInstanceOf(MotcuaError);
    expect(e.code).toBe('UNKNOWN_PROCEDURE');
  });

  it('a procedure version not in force on the receipt date is refused; the one in force is pinned', async () => {
    const { engine } = newEngine();
    const old = await engine.execute(cmd(uuidv7(), { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: vn('2025-06-30T09:00') }));
    expect(old.state.procedure).toEqual({ code: LAND, version: '1' });
    expect(old.state.rulePack).toBe('nd61-2018');
    const neu = await engine.execute(cmd(uuidv7(), { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: vn('2025-07-01T09:00') }));
    expect(neu.state.procedure).toEqual({ code: LAND, version: '2' });
    expect(neu.state.rulePack).toBe('nd118-2025');
  });

  it('business time never goes backwards within a dossier', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    const e = await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T08:00') })).catch((x) => x);
    expect(e).toBeInstanceOf(RuleViolationError);
    expect(e.rule).toBe('TIME_BEFORE_LAST_EVENT');
  });
});

describe('engine: idempotency and concurrency', () => {
  it('the same command id twice gives the same result and no duplicate events', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    const c = cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
    const a = await engine.execute(c);
    const b = await engine.execute(c);
    expect(b.duplicate).toBe(true);
    expect(b.events.map((e) => e.metadata.eventId)).toEqual(a.events.map((e) => e.metadata.eventId));
    expect(await store.headPosition()).toBe(1);
    // Also across engines (no shared cache): idempotency comes from the stream.
    const other = (await import('@motcua/core')).createEngine({ store, catalog: engine.catalog, policy: 'none' });
    expect((await other.execute(c)).duplicate).toBe(true);
    expect(await store.headPosition()).toBe(1);
    // The dossier code sequence was reserved once.
    expect(await store.nextSequence(`dossier-code:${unit.code}:2024-03-04`)).toBe(2);
  });

  it('two engines racing on one dossier: both commands land, in some order, versions gap-free', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T09:30') }));
    const { createEngine } = await import('@motcua/core');
    const e2 = createEngine({ store, catalog: engine.catalog, policy: 'none' });
    await e2.get(id); // warm its cache at version 2
    const results = await Promise.all([
      engine.execute(cmd(id, { type: 'FilePetition', petitionId: 'p1', content: 'Chậm', channel: 'hotline', at: vn('2024-03-04T10:00') })),
      e2.execute(cmd(id, { type: 'FilePetition', petitionId: 'p2', content: 'Hỏi tiến độ', channel: 'portal', at: vn('2024-03-04T10:00') })),
    ]);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const h = await engine.history(id);
    expect(h.map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect((await engine.get(id)).petitions.map((p) => p.id).sort()).toEqual(['p1', 'p2']);
  });

  it('an explicit expectedVersion that is stale fails with CONCURRENCY_CONFLICT and is not retried', async () => {
    const { engine, store } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    await expect(engine.execute({ ...cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T09:30') }), expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.headPosition()).toBe(1);
  });

  it('dossier codes: one sequence per unit per day, never reused', async () => {
    const { engine } = newEngine();
    const codes: string[] = [];
    for (const [u, day] of [
      [unit, '2024-03-04'],
      [unit, '2024-03-04'],
      [{ code: 'H21.65', name: 'Xã B' }, '2024-03-04'],
      [unit, '2024-03-05'],
    ] as const) {
      const r = await engine.execute(cmd(uuidv7(), { type: 'ReceiveDossier', procedureCode: BUSINESS, unit: u, applicant, channel: 'direct', at: vn(`${day}T09:00`) }));
      codes.push(r.state.dossierCode!);
    }
    expect(codes).toEqual(['000.00.06.H56-240304-0001', '000.00.06.H56-240304-0002', 'H21.65-240304-0001', '000.00.06.H56-240305-0001']);
  });
});

describe('engine: the optimistic attempt (cached state) and the verified one (fresh state)', () => {
  const receive = (id: string, at: string) => cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at });

  it('on a cache hit the store is not read: one append per command, no readStream', async () => {
    const store = new InMemoryEventStore();
    const calls: string[] = [];
    const spy = new Proxy(store, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => (calls.push(String(key)), (v as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
    const engine = createEngine({ store: spy, catalog: sampleCatalog(), policy: 'none' });
    const id = uuidv7();
    await engine.execute(receive(id, vn('2023-10-27T09:32')));
    calls.length = 0;
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2023-10-27T10:00') }));
    await engine.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: vn('2023-10-27T10:05') }));
    expect(calls).toEqual(['append', 'append']);
  });

  it('a refusal on a stale cache is decided again on fresh state: the command lands', async () => {
    const store = new InMemoryEventStore();
    const a = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const b = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const id = uuidv7();
    await a.execute(receive(id, vn('2023-10-27T09:32'))); // a's cache: received (AssignOfficer not allowed yet)
    await b.execute(cmd(id, { type: 'TransferDossier', at: vn('2023-10-27T10:00') }));
    const r = await a.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: vn('2023-10-27T10:05') }));
    expect(r.state.version).toBe(3);
    expect((await a.history(id)).map((e) => e.type)).toEqual(['DossierAccepted', 'DossierTransferred', 'OfficerAssigned']);
  });

  it('a command that accepts a dossier takes its code only on verified state: a stale view of an accepted dossier takes none', async () => {
    const store = new InMemoryEventStore();
    const a = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const b = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const id = uuidv7();
    expect((await b.execute(receive(id, vn('2023-10-27T09:32')))).state.dossierCode).toBe('000.00.06.H56-231027-0001');
    // a has never seen the dossier (its optimistic view: an empty dossier); on fresh state it is already accepted.
    const err = await a.execute(receive(id, vn('2023-10-27T09:40'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect((await a.execute(receive(uuidv7(), vn('2023-10-27T09:45')))).state.dossierCode).toBe('000.00.06.H56-231027-0002');
  });
});

describe('engine: the clock', () => {
  it('recordedAt follows the engine clock, for commands with and without `at`', async () => {
    const store = new InMemoryEventStore();
    let now = new Date('2024-03-04T02:00:00.000Z');
    const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => now, policy: 'none' });
    const id = uuidv7();
    const r1 = await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct' }));
    expect(r1.events[0]!.metadata).toMatchObject({ occurredAt: '2024-03-04T09:00:00.000+07:00', recordedAt: '2024-03-04T02:00:00.000Z' });
    now = new Date('2024-03-04T03:30:00.250Z');
    const r2 = await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T10:00') }));
    expect(r2.events[0]!.metadata).toMatchObject({ occurredAt: vn('2024-03-04T10:00'), recordedAt: '2024-03-04T03:30:00.250Z' });
    // What the store holds, too.
    expect((await engine.history(id)).map((e) => e.metadata.recordedAt)).toEqual(['2024-03-04T02:00:00.000Z', '2024-03-04T03:30:00.250Z']);
  });

  it('a clock that gives no valid date is an INTERNAL error, even for a command with `at`; nothing is appended', async () => {
    const store = new InMemoryEventStore();
    const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date(NaN), policy: 'none' });
    const id = uuidv7();
    const err = await engine
      .execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MotcuaError);
    expect((err as MotcuaError).code).toBe('INTERNAL');
    expect((await store.readStream(`dossier-${id}`)).events).toEqual([]);
  });
});

describe('engine: supplement, apology and inter-agency rules', () => {
  it('a post-acceptance supplement restarts the legal due date from zero (Đ19.4)', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'online', at: vn('2024-03-04T09:00') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T09:30') }));
    const s1 = await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Điều lệ công ty' }], reason: 'Thiếu điều lệ', at: vn('2024-03-05T09:00') }));
    expect(s1.state.nationalStatus).toBe(5);
    expect(s1.events[0]!.data).toMatchObject({ requestNo: 1, lateNotice: false });
    const s2 = await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn('2024-03-11T14:00') }));
    expect(s2.state.due?.original.date).toBe('2024-03-07');
    expect(s2.state.due?.legal.date).toBe('2024-03-14'); // Mon 11/03 + 3 working days
    expect(s2.state.state).toBe('processing.appraisal');
  });

  it('apology: at most once, later date, on time only ≥ 1 working day before the due date', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2024-03-04T09:30') }));
    // due Thu 07/03; apologising on the due date itself is late.
    const early = await engine.execute(cmd(id, { type: 'IssueApology', reason: 'Chờ xác minh', lateUnit: 'SKHDT', newDueDate: '2024-03-12', at: vn('2024-03-07T08:00') }));
    expect(early.events[0]!.data).toMatchObject({ lateApology: true, originalDue: { date: '2024-03-07' }, newDue: { date: '2024-03-12' } });
    expect(early.state.due?.rescheduled?.date).toBe('2024-03-12');
    const second = await engine
      .execute(cmd(id, { type: 'IssueApology', reason: 'again', lateUnit: 'SKHDT', newDueDate: '2024-03-20', at: vn('2024-03-08T08:00') }))
      .catch((e) => e);
    expect(second).toBeInstanceOf(RuleViolationError);
    expect(second.rule).toBe('RESCHEDULE_LIMIT');
  });

  it('a sequential route: each leg starts when the previous ends, then back to the lead agency', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T16:00') }));
    const st = await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2024-03-05T08:00') }));
    expect(st.state.state).toBe('interAgency.leg0');
    expect(st.state.route?.legs.map((l) => l.due?.date)).toEqual(['2024-03-15', undefined, undefined]);
    await expect(engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 1, at: vn('2024-03-06T08:00') }))).rejects.toBeInstanceOf(InvalidTransitionError);
    const l0 = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 0, at: vn('2024-03-14T08:00') }));
    expect(l0.state.state).toBe('interAgency.leg1');
    expect(l0.state.route?.legs[1]?.due?.date).toBe('2024-03-19');
    await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 1, at: vn('2024-03-20T08:00') }));
    const l2 = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 2, at: vn('2024-03-21T08:00') }));
    expect(l2.state.state).toBe('processing.appraisal');
    expect(l2.state.route?.legs.map((l) => l.late)).toEqual([false, true, false]);
  });

  it('the paper transfer after 15:00 is due the next working day (Đ18)', async () => {
    const { engine } = newEngine();
    const id = uuidv7();
    const r = await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: LAND, unit, applicant, channel: 'direct', at: vn('2024-03-08T15:30') }));
    expect(r.state.transfer?.due.date).toBe('2024-03-11'); // Friday after 15:00 → Monday
    const t = await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-11T08:30') }));
    expect(t.events[0]!.data).toMatchObject({ late: false });
  });
});
