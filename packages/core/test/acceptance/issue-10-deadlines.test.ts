/**
 * Issue #10, acceptance at HEAD (engine deadline rules: items 6, 7, 8, 10, 23),
 * through `@motcua/core` with the options a new user gets (default access
 * policy; actors with the policy's roles). Expected dates are hand-worked from
 * the rule in the comments (shared/domain.md §3.5, §4) — not read from the code.
 */
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createCatalog, defineProcedure, DEFAULT_RULE_PACKS, InMemoryEventStore, InvalidTransitionError, type ProcedureInput } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { command, defaultEngine, receipt, rejection, staff, vn } from './issue-10-support';

const BUSINESS = '2.002030'; // Đăng ký thành lập doanh nghiệp tư nhân: 3 working days (NĐ 01/2021 Đ33)
const BIRTH = '1.001193'; // Đăng ký khai sinh: same day, 15:00 rule (Luật Hộ tịch Đ16.2, Đ5.3)
const LAND = '1.003003'; // first land certificate, sequential route of 3 legs (valid to 30/06/2025)

function withProcedures(extra: ProcedureInput[], options: Parameters<typeof defaultEngine>[0] = {}) {
  const procedures = extra.map((p) => defineProcedure(p));
  return defaultEngine({ catalog: createCatalog({ procedures: [...sampleCatalog().list(), ...procedures] }), ...options });
}
const proc = (code: string, extra: Partial<ProcedureInput>): ProcedureInput => ({
  code,
  name: { vi: 'Thủ tục thử' },
  field: { code: 'T', name: 'Thử' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'UBND xã' },
  timeLimit: { statutory: { unit: 'workingDays', value: 3 } },
  validFrom: '2018-07-01',
  ...extra,
});

async function dueDate(engine: ReturnType<typeof defaultEngine>['engine'], code: string, at: string): Promise<string> {
  const r = await engine.execute(command('reception', randomUUID(), receipt(code, at)));
  return r.state.due!.legal.date;
}

describe('item 6 — the 15:00 cut-off is a per-procedure attribute (sameDayCutoff), applied by the engine to every limit unit', () => {
  // March 2024 has no holiday. Mon 04/03 15:20 is after 15:00 → with the cut-off received at 00:00 Tue 05/03.
  const { engine } = withProcedures([
    proc('1.900001', { sameDayCutoff: '15:00' }),
    proc('1.900002', {}),
    proc('1.900003', { timeLimit: { statutory: { unit: 'calendarDays', value: 10 } }, sameDayCutoff: '15:00' }),
  ]);
  it('3 working days: 15:20 → Fri 08/03 with the attribute, Thu 07/03 without; 14:59 → Thu 07/03', async () => {
    expect(await dueDate(engine, '1.900001', vn('2024-03-04T15:20'))).toBe('2024-03-08');
    expect(await dueDate(engine, '1.900002', vn('2024-03-04T15:20'))).toBe('2024-03-07');
    expect(await dueDate(engine, '1.900001', vn('2024-03-04T14:59'))).toBe('2024-03-07');
  });
  it('10 calendar days with the attribute: 15:20 → counted from Tue 05/03 → Fri 15/03', async () => {
    expect(await dueDate(engine, '1.900003', vn('2024-03-04T15:20'))).toBe('2024-03-15');
  });
  it('birth registration (same day, 15:00): 14:30 → Mon 04/03, 15:20 → Tue 05/03', async () => {
    expect(await dueDate(engine, BIRTH, vn('2024-03-04T14:30'))).toBe('2024-03-04');
    expect(await dueDate(engine, BIRTH, vn('2024-03-04T15:20'))).toBe('2024-03-05');
  });
});

describe('item 7 — an apology on Sat 09/03/2024 for a dossier due Mon 11/03 is a late apology', () => {
  // Received Wed 06/03/2024 09:00, 3 working days: Thu 07, Fri 08, Mon 11 → due Mon 11/03.
  // NĐ 61 Đ19.9: at the latest 1 (working) day before → Fri 08/03 (domain §11: 1 working day). Sat 09/03 is after it.
  it('the engine flags lateApology and keeps both dates; Fri 08/03 is on time', async () => {
    const { engine } = defaultEngine();
    const late = randomUUID();
    const r = await engine.execute(command('reception', late, receipt(BUSINESS, vn('2024-03-06T09:00'))));
    expect(r.state.due!.legal.date).toBe('2024-03-11');
    const apology = { type: 'IssueApology', reason: 'Chờ xác minh', lateUnit: 'Phòng chuyên môn', newDueDate: '2024-03-15' };
    const a = await engine.execute(command('leader', late, { ...apology, at: vn('2024-03-09T09:00') }));
    expect(a.events[0]!.data).toMatchObject({ lateApology: true });
    const onTime = randomUUID();
    await engine.execute(command('reception', onTime, receipt(BUSINESS, vn('2024-03-06T09:00'))));
    const b = await engine.execute(command('leader', onTime, { ...apology, at: vn('2024-03-08T16:00') }));
    expect((b.events[0]!.data as { lateApology?: boolean }).lateApology ?? false).toBe(false);
  });
});

describe('item 8 — early return without notice (NĐ 61 Đ20; NĐ 118 Đ22.5) is flagged by default', () => {
  // Received Mon 04/03/2024 09:00 → due Thu 07/03. Returned Wed 06/03 (before the due date).
  async function resolvedDossier(engine: ReturnType<typeof defaultEngine>['engine']) {
    const id = randomUUID();
    await engine.execute(command('reception', id, receipt(BUSINESS, vn('2024-03-04T09:00'))));
    await engine.execute(command('reception', id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') }));
    // After the transfer the handling agency is the procedure's agency, Sở Kế hoạch và Đầu tư (SKHDT).
    await engine.execute({ ...command('specialist', id, { type: 'Resolve', electronicResult: true, at: vn('2024-03-05T10:00') }), actor: staff('specialist', 'SKHDT') });
    return id;
  }
  it('without NotifyEarlyReturn the return carries earlyWithoutNotice; with a prior notice it does not', async () => {
    const { engine } = defaultEngine();
    const silent = await resolvedDossier(engine);
    const r = await engine.execute(command('reception', silent, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-06T15:00') }));
    expect(r.events[0]!.data).toMatchObject({ earlyWithoutNotice: true });
    const told = await resolvedDossier(engine);
    await engine.execute(command('reception', told, { type: 'NotifyEarlyReturn', channel: 'sms', at: vn('2024-03-05T11:00') }));
    const s = await engine.execute(command('reception', told, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-06T15:00') }));
    expect(s.events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
  });
});

describe('item 8 (refuse) — a rule pack with earlyReturnWithoutNotice: refuse refuses it (RULE_VIOLATION) and appends nothing', () => {
  it('same dossier as above under refusing packs: EARLY_RETURN_WITHOUT_NOTICE; after NotifyEarlyReturn the return lands', async () => {
    const rulePacks = DEFAULT_RULE_PACKS.map((p) => ({ ...p, earlyReturnWithoutNotice: 'refuse' as const }));
    const { engine } = defaultEngine({ catalog: createCatalog({ procedures: sampleCatalog().list(), rulePacks }) });
    const id = randomUUID();
    await engine.execute(command('reception', id, receipt(BUSINESS, vn('2024-03-04T09:00'))));
    await engine.execute(command('reception', id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') }));
    await engine.execute({ ...command('specialist', id, { type: 'Resolve', electronicResult: true, at: vn('2024-03-05T10:00') }), actor: staff('specialist', 'SKHDT') });
    const before = (await engine.history(id)).length;
    const err = await rejection(engine.execute(command('reception', id, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-06T15:00') })));
    expect([err.code, err.rule]).toEqual(['RULE_VIOLATION', 'EARLY_RETURN_WITHOUT_NOTICE']);
    expect((await engine.history(id)).length).toBe(before);
    await engine.execute(command('reception', id, { type: 'NotifyEarlyReturn', channel: 'phone', at: vn('2024-03-06T15:01') }));
    expect((await engine.execute(command('reception', id, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-06T15:30') }))).state.topLevel).toBe('returned');
  });
});

describe('item 4 (engine) — a leg with an hour budget is late by the minute, as the reports are', () => {
  // 4-working-hour procedure, parallel route: UBND-XA lead 3 h, Công an xã (CA) 2 h.
  // Inter-agency started Mon 04/03/2024 08:40 → the CA leg is due 2 working hours later, Mon 10:40.
  // Completed Mon 11:00 (same local day, 20 minutes after): late under the default (minute-precise for hours).
  it('CompleteLeg of the CA leg at 11:00 (due 10:40 the same day) → LegCompleted.late', async () => {
    const { engine } = withProcedures([
      proc('1.900021', {
        timeLimit: { statutory: { unit: 'workingHours', value: 4 } },
        route: {
          mode: 'parallel',
          legs: [
            { agency: { code: 'UBND-XA', name: 'UBND xã' }, role: 'lead', budget: { unit: 'workingHours', value: 3 } },
            { agency: { code: 'CA', name: 'Công an xã' }, role: 'participant', budget: { unit: 'workingHours', value: 2 } },
          ],
        },
      }),
    ]);
    const id = randomUUID();
    await engine.execute(command('reception', id, receipt('1.900021', vn('2024-03-04T08:30'))));
    await engine.execute(command('reception', id, { type: 'TransferDossier', mode: 'electronic', at: vn('2024-03-04T08:35') }));
    const started = await engine.execute({ ...command('specialist', id, { type: 'StartInterAgency', at: vn('2024-03-04T08:40') }), actor: staff('specialist', 'UBND-XA') });
    expect((started.events[0]!.data as { legs: { due: { at: string } }[] }).legs[1]!.due.at).toBe(vn('2024-03-04T10:40'));
    const done = await engine.execute({ ...command('specialist', id, { type: 'CompleteLeg', legIndex: 1, at: vn('2024-03-04T11:00') }), actor: staff('partner', 'CA') });
    expect(done.events[0]!.data).toMatchObject({ legIndex: 1, late: true });
  });
});

describe('item 10 — nonWorkingReceipt can be chosen per unit (EngineOptions) and per procedure', () => {
  // Online receipt Sat 09/03/2024, 5 working days. nextDayCounts: Mon 11 is day 1 → Fri 15/03.
  // nextDayIsStart (default): Mon 11 is the uncounted receipt day → Tue 12 … Mon 18/03.
  const procs = [
    proc('1.900011', { timeLimit: { statutory: { unit: 'workingDays', value: 5 } } }),
    proc('1.900012', { timeLimit: { statutory: { unit: 'workingDays', value: 5 } }, nonWorkingReceipt: 'nextDayIsStart' }),
  ];
  it('default → Mon 18/03; per unit nextDayCounts → Fri 15/03; another unit keeps the default; the procedure attribute wins', async () => {
    expect(await dueDate(withProcedures(procs).engine, '1.900011', vn('2024-03-09T10:00'))).toBe('2024-03-18');
    const perUnit = withProcedures(procs, {
      store: new InMemoryEventStore(),
      nonWorkingReceipt: (code: string) => (code === '000.00.06.H56' ? 'nextDayCounts' : undefined),
    }).engine;
    expect(await dueDate(perUnit, '1.900011', vn('2024-03-09T10:00'))).toBe('2024-03-15');
    expect(await dueDate(perUnit, '1.900012', vn('2024-03-09T10:00'))).toBe('2024-03-18');
    const otherUnit = withProcedures(procs, { store: new InMemoryEventStore(), nonWorkingReceipt: (code: string) => (code === 'H99' ? 'nextDayCounts' : undefined) }).engine;
    expect(await dueDate(otherUnit, '1.900011', vn('2024-03-09T10:00'))).toBe('2024-03-18');
  });
});

describe('item 23 — CompleteLeg with a wrong leg index names the expected leg', () => {
  it('the land certificate route (sequential, legs 0–2): completing leg 1 first says the expected leg is 0; nothing appended', async () => {
    const { engine } = defaultEngine();
    const id = randomUUID();
    await engine.execute(command('reception', id, receipt(LAND, vn('2024-03-04T09:00'))));
    await engine.execute(command('reception', id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') }));
    await engine.execute({ ...command('specialist', id, { type: 'StartInterAgency', at: vn('2024-03-05T08:00') }), actor: staff('specialist', 'VPDKDD') });
    const before = (await engine.history(id)).length;
    // The partner of leg 1 is Chi cục Thuế (CCT): it acts only on its own leg (policy scope ownLeg).
    const partner = staff('partner', 'CCT');
    const err = await rejection(engine.execute({ ...command('specialist', id, { type: 'CompleteLeg', legIndex: 1, at: vn('2024-03-06T08:00') }), actor: partner }));
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect(err.code).toBe('INVALID_TRANSITION');
    expect(err.message).toMatch(/expected leg is 0/);
    expect(err.message).not.toMatch(/Allowed here: CompleteLeg$/);
    expect((await engine.history(id)).length).toBe(before);
  });
});
