/**
 * The deadline rules the engine applies (issue #10 items 6, 7, 8, 10, 23).
 * Expected dates are worked out by hand from the law and the 2024 calendar, or
 * by the brute-force oracle in ./support/oracle-2024.ts — never from the code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import {
  commandSchema,
  compileMachine,
  createCatalog,
  createEngine,
  createProcedureMachine,
  decide,
  defineProcedure,
  InMemoryEventStore,
  initialDossierState,
  InvalidTransitionError,
  RULE_PACK_2018,
  RULE_PACK_2025,
  RuleViolationError,
  ValidationError,
  type Command,
  type CommandBody,
  type Procedure,
  type ProcedureInput,
  type RulePack,
} from '@motcua/core';
import { sampleCatalog, sampleProcedures } from '@motcua/core/testkit';
import { legalDue, vietnamCalendar } from '@motcua/calendar';
import { applicant, cmd, unit, vn } from './helpers';
import { addWorking, dateOf, dayNo, instantOf, oracleDue, working, workingBefore, type OracleLimit } from './support/oracle-2024';

const cal = vietnamCalendar();
const BUSINESS = '2.002030'; // 3 working days
const LAND = '1.003003'; // sequential route, 3 legs

type Limit = ProcedureInput['timeLimit']['statutory'];
let codeSeq = 0;
function proc(limit: Limit, extra: Partial<ProcedureInput> = {}): Procedure {
  codeSeq++;
  return defineProcedure({
    code: `1.9${String(codeSeq).padStart(5, '0')}`,
    name: { vi: 'Thủ tục thử' },
    field: { code: 'T', name: 'Thử' },
    level: 'commune',
    agency: { code: 'UBND-XA', name: 'UBND xã' },
    timeLimit: { statutory: limit },
    validFrom: '2018-07-01',
    ...extra,
  });
}

function engineFor(procedures: readonly Procedure[], rulePacks?: readonly RulePack[]) {
  const store = new InMemoryEventStore();
  const catalog = createCatalog({ procedures: [...sampleCatalog().list(), ...procedures], ...(rulePacks ? { rulePacks } : {}) });
  return { store, engine: createEngine({ store, catalog, policy: 'none' }) };
}

const receive = (procedureCode: string, at: string): CommandBody => ({ type: 'ReceiveDossier', procedureCode, unit, applicant, channel: 'direct', at }) as CommandBody;

async function dueOf(engine: ReturnType<typeof engineFor>['engine'], code: string, at: string) {
  const r = await engine.execute(cmd(uuidv7(), receive(code, at)));
  return r.state.due!.legal;
}

// ---------------------------------------------------------------------------
// Item 6: the cut-off is a procedure attribute applied to every limit unit.
// ---------------------------------------------------------------------------

const UNITS: { name: string; limit: Limit; oracle: OracleLimit }[] = [
  { name: 'working days (3)', limit: { unit: 'workingDays', value: 3 }, oracle: { unit: 'workingDays', value: 3 } },
  { name: '0 working days', limit: { unit: 'workingDays', value: 0 }, oracle: { unit: 'workingDays', value: 0 } },
  { name: 'same day', limit: { unit: 'sameDay' }, oracle: { unit: 'sameDay' } },
  { name: 'working hours (8)', limit: { unit: 'workingHours', value: 8 }, oracle: { unit: 'workingHours', value: 8 } },
  { name: 'calendar days (10)', limit: { unit: 'calendarDays', value: 10 }, oracle: { unit: 'calendarDays', value: 10 } },
];

describe('the receipt cut-off (sameDayCutoff, domain §4.2)', () => {
  const withCut = UNITS.map((u) => ({ ...u, p: proc(u.limit, { sameDayCutoff: '15:00' }) }));
  const without = UNITS.map((u) => ({ ...u, p: proc(u.limit) }));
  const at11 = UNITS.map((u) => ({ ...u, p: proc(u.limit, { sameDayCutoff: '11:00' }) }));
  const { engine } = engineFor([...withCut, ...without, ...at11].map((x) => x.p));
  const byName = (list: typeof withCut, name: string) => list.find((x) => x.name === name)!.p.code;

  // Fri 08/03/2024 15:30: after 15:00 → counts as received Mon 11/03 00:00.
  const cases: [string, string, string, string][] = [
    // unit, receipt, due with the 15:00 cut-off, due without a cut-off
    ['working days (3)', '2024-03-08T15:30', '2024-03-14', '2024-03-13'], // Mon 11 not counted → Tue, Wed, Thu | Mon, Tue, Wed
    ['working days (3)', '2024-03-08T15:00', '2024-03-13', '2024-03-13'], // exactly 15:00:00 is not after the cut-off
    ['working days (3)', '2024-02-07T16:00', '2024-02-20', '2024-02-19'], // Wed before Tết (08–14/02 off): start Thu 15/02 → 16, 19, 20
    ['working days (3)', '2024-03-09T16:00', '2024-03-14', '2024-03-14'], // Saturday: no cut-off on a non-working day
    ['0 working days', '2024-03-08T15:30', '2024-03-11', '2024-03-08'],
    ['0 working days', '2024-02-07T16:00', '2024-02-15', '2024-02-07'],
    ['0 working days', '2024-03-08T14:59', '2024-03-08', '2024-03-08'],
    ['working hours (8)', '2024-03-08T15:30', '2024-03-11', '2024-03-11'],
    ['calendar days (10)', '2024-03-08T15:30', '2024-03-21', '2024-03-18'], // Mon 11 + 10 = Thu 21 | Fri 08 + 10 = Mon 18
    ['calendar days (10)', '2024-04-19T16:00', '2024-05-02', '2024-05-02'], // 29/04 rolls over 29/04–01/05 → Thu 02/05 | Mon 22 + 10 = Thu 02/05
  ];
  it.each(cases)('%s, received %s: with the 15:00 cut-off → %s, without → %s', async (name, at, withDue, withoutDue) => {
    expect((await dueOf(engine, byName(withCut, name), vn(at))).date).toBe(withDue);
    expect((await dueOf(engine, byName(without, name), vn(at))).date).toBe(withoutDue);
  });

  it('same day: due the receipt day up to 15:00, the next working day after it; a same-day limit always carries its cut-off', async () => {
    const sd = byName(withCut, 'same day');
    const sdDefault = byName(without, 'same day');
    expect(without.find((x) => x.name === 'same day')!.p.sameDayCutoff).toBe('15:00');
    for (const code of [sd, sdDefault]) {
      expect((await dueOf(engine, code, vn('2024-03-08T15:00'))).date).toBe('2024-03-08');
      expect((await dueOf(engine, code, vn('2024-03-08T15:01'))).date).toBe('2024-03-11');
      expect((await dueOf(engine, code, vn('2024-02-07T16:00'))).date).toBe('2024-02-15');
      expect((await dueOf(engine, code, vn('2024-02-10T09:00'))).date).toBe('2024-02-15'); // Tết Saturday
    }
    expect((await dueOf(engine, byName(at11, 'same day'), vn('2024-03-08T11:30'))).date).toBe('2024-03-11');
  });

  it('working hours: after the cut-off the hours count from 07:00 of the next working day', async () => {
    // Fri 08/03 15:30 + 8 h with the cut-off: Mon 07:00–11:30 (4.5) + 13:30–17:00 (3.5) → Mon 17:00.
    expect(Date.parse((await dueOf(engine, byName(withCut, 'working hours (8)'), vn('2024-03-08T15:30'))).at)).toBe(Date.parse('2024-03-11T17:00:00+07:00'));
    // Without: Fri 15:30–17:00 (1.5) + Mon 07:00–11:30 (4.5) + 13:30–15:30 (2) → Mon 15:30.
    expect(Date.parse((await dueOf(engine, byName(without, 'working hours (8)'), vn('2024-03-08T15:30'))).at)).toBe(Date.parse('2024-03-11T15:30:00+07:00'));
  });

  it('the restart after a supplement (Đ19.4) follows the same cut-off', async () => {
    const code = byName(withCut, 'working days (3)');
    const id = uuidv7();
    await engine.execute(cmd(id, receive(code, vn('2024-03-04T09:00'))));
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'RequestSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ', at: vn('2024-03-05T10:00') } as CommandBody));
    const r = await engine.execute(cmd(id, { type: 'ProvideSupplement', at: vn('2024-03-08T16:00') } as CommandBody));
    expect(r.state.due!.legal.date).toBe('2024-03-14'); // Fri 16:00 → Mon 11/03 not counted → Thu 14/03
  });

  it('property: every unit, with a 15:00 / 11:00 cut-off or none, any 2024 receipt minute → the oracle', async () => {
    const all = [
      ...withCut.map((x) => ({ ...x, c: 15 * 60 })),
      ...without.map((x) => ({ ...x, c: x.limit.unit === 'sameDay' ? 15 * 60 : undefined })),
      ...at11.map((x) => ({ ...x, c: 11 * 60 })),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: all.length - 1 }),
        fc.integer({ min: dayNo('2024-01-02'), max: dayNo('2024-12-10') }),
        fc.integer({ min: 0, max: 1439 }),
        async (i, day, minute) => {
          const x = all[i]!;
          const due = await dueOf(engine, x.p.code, instantOf({ day, minute }));
          const want = oracleDue({ day, minute }, x.oracle, x.c);
          expect(due.date).toBe(dateOf(want.day));
          if (want.ms !== undefined) expect(Date.parse(due.at)).toBe(want.ms);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('one cut-off per procedure: a same-day limit whose cut-off differs from sameDayCutoff is invalid', () => {
    expect(() => proc({ unit: 'sameDay', cutoff: '14:00' }, { sameDayCutoff: '15:00' })).toThrow(ValidationError);
    expect(proc({ unit: 'sameDay', cutoff: '14:00' }).sameDayCutoff).toBe('14:00');
    expect(proc({ unit: 'workingDays', value: 0 }).sameDayCutoff).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// Item 10: a receipt on a non-working day, per procedure or per unit.
// ---------------------------------------------------------------------------

describe('nonWorkingReceipt (online receipt on a weekend)', () => {
  const counts = proc({ unit: 'workingDays', value: 5 }, { nonWorkingReceipt: 'nextDayCounts' });
  const isStart = proc({ unit: 'workingDays', value: 5 }, { nonWorkingReceipt: 'nextDayIsStart' });
  const plain = proc({ unit: 'workingDays', value: 5 });
  const { engine } = engineFor([counts, isStart, plain]);

  // Sat 09/03/2024 + 5: Mon 11/03 as day 1 → Fri 15/03; Mon as the (uncounted) receipt day → Mon 18/03.
  it('procedure attribute: nextDayCounts → Fri 15/03/2024; nextDayIsStart and the default → Mon 18/03/2024', async () => {
    expect((await dueOf(engine, counts.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-15');
    expect((await dueOf(engine, isStart.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-18');
    expect((await dueOf(engine, plain.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-18');
    // A working-day receipt is unaffected.
    expect((await dueOf(engine, counts.code, vn('2024-03-08T10:00'))).date).toBe('2024-03-15');
  });

  const tables = new Map<Procedure, ReturnType<typeof compileMachine>>();
  const tableOf = (p: Procedure) => tables.get(p) ?? tables.set(p, compileMachine(createProcedureMachine(p))).get(p)!;
  const decideReceive = (p: Procedure, at: string, unitRule?: 'nextDayIsStart' | 'nextDayCounts') => {
    const id = uuidv7();
    const c = commandSchema.parse(cmd(id, receive(p.code, at))) as Command;
    const env = {
      procedure: p,
      table: tableOf(p),
      rulePack: RULE_PACK_2018,
      calendar: cal,
      at,
      dossierCode: '000.00.06.H56-240309-0001',
      ...(unitRule ? { nonWorkingReceipt: unitRule } : {}),
    };
    const [e] = decide(c, initialDossierState(id), env);
    return (e!.data as { due: { date: string } }).due.date;
  };

  it('per unit (DecideEnv.nonWorkingReceipt); the procedure attribute wins over it', () => {
    expect(decideReceive(plain, vn('2024-03-09T10:00'), 'nextDayCounts')).toBe('2024-03-15');
    expect(decideReceive(plain, vn('2024-03-09T10:00'), 'nextDayIsStart')).toBe('2024-03-18');
    expect(decideReceive(plain, vn('2024-03-09T10:00'))).toBe('2024-03-18');
    expect(decideReceive(isStart, vn('2024-03-09T10:00'), 'nextDayCounts')).toBe('2024-03-18');
    expect(decideReceive(counts, vn('2024-03-09T10:00'), 'nextDayIsStart')).toBe('2024-03-15');
  });

  it('per unit through the engine (EngineOptions.nonWorkingReceipt, value or function of the unit code); the procedure attribute wins', async () => {
    const catalog = createCatalog({ procedures: [...sampleCatalog().list(), counts, isStart, plain] });
    const everyUnit = createEngine({ store: new InMemoryEventStore(), catalog, nonWorkingReceipt: 'nextDayCounts', policy: 'none' });
    expect((await dueOf(everyUnit, plain.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-15');
    expect((await dueOf(everyUnit, isStart.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-18');
    const thisUnit = createEngine({ store: new InMemoryEventStore(), catalog, nonWorkingReceipt: (code) => (code === unit.code ? 'nextDayCounts' : undefined), policy: 'none' });
    expect((await dueOf(thisUnit, plain.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-15');
    const otherUnit = createEngine({ store: new InMemoryEventStore(), catalog, nonWorkingReceipt: (code) => (code === unit.code ? undefined : 'nextDayCounts'), policy: 'none' });
    expect((await dueOf(otherUnit, plain.code, vn('2024-03-09T10:00'))).date).toBe('2024-03-18');
  });

  const byN = Array.from({ length: 13 }, (_, n) => (['nextDayIsStart', 'nextDayCounts'] as const).map((r) => proc({ unit: 'workingDays', value: n }, { nonWorkingReceipt: r })));
  it('property: weekend and holiday receipts follow the oracle for both rules', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNo('2024-01-02'), max: dayNo('2024-12-10') }),
        fc.integer({ min: 0, max: 1439 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 12 }),
        (day, minute, nextDayCounts, n) => {
          const p = byN[n]![nextDayCounts ? 1 : 0]!;
          const want = oracleDue({ day, minute }, { unit: 'workingDays', value: n }, undefined, nextDayCounts ? 'nextDayCounts' : 'nextDayIsStart');
          expect(decideReceive(p, instantOf({ day, minute }))).toBe(dateOf(want.day));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// Item 7: the apology deadline is the calendar's (1 working day before the due date).
// ---------------------------------------------------------------------------

describe('apology deadline (NĐ 61 Đ19.9)', () => {
  const apology = (at: string, newDueDate: string): CommandBody => ({ type: 'IssueApology', reason: 'Chờ xác minh', lateUnit: 'SKHDT', newDueDate, at }) as CommandBody;

  it('due Mon 11/03/2024: an apology on Sat 09/03 is late (deadline Fri 08/03), on Fri 08/03 it is on time', async () => {
    const { engine } = engineFor([]);
    for (const [at, late] of [
      ['2024-03-09T09:00', true],
      ['2024-03-10T09:00', true],
      ['2024-03-08T16:30', false],
      ['2024-03-07T09:00', false],
    ] as const) {
      const id = uuidv7();
      const r0 = await engine.execute(cmd(id, receive(BUSINESS, vn('2024-03-06T09:00')))); // Wed + 3 → Thu 7, Fri 8, Mon 11
      expect(r0.state.due!.legal.date).toBe('2024-03-11');
      const r = await engine.execute(cmd(id, apology(vn(at), '2024-03-14')));
      expect(r.events[0]!.data).toMatchObject({ lateApology: late, originalDue: { date: '2024-03-11' } });
    }
  });

  it('property: lateApology = issued after the last working day before the due date, as legalDue says', async () => {
    const { engine } = engineFor([]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: dayNo('2024-01-02'), max: dayNo('2024-11-30') }), fc.integer({ min: 0, max: 9 }), async (day, offset) => {
        const receivedAt = vn(`${dateOf(day)}T09:00`);
        const dueDn = addWorking(working(day) ? day : addWorking(day, 0), 3);
        const issuedDn = day + offset;
        const issuedAt = vn(`${dateOf(issuedDn)}T10:00`);
        const newDue = dateOf(addWorking(Math.max(dueDn, issuedDn), 2));
        const id = uuidv7();
        await engine.execute(cmd(id, receive(BUSINESS, receivedAt)));
        const r = await engine.execute(cmd(id, apology(issuedAt, newDue)));
        const late = issuedDn > workingBefore(dueDn, 1);
        expect(r.events[0]!.data).toMatchObject({ lateApology: late, originalDue: { date: dateOf(dueDn) } });
        const ld = legalDue({ acceptedAt: receivedAt, limit: { unit: 'workingDays', value: 3 }, reschedules: [{ issuedAt, newDue }] }, cal);
        expect(ld.lateApology).toBe(late);
      }),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------
// Item 8: early return without prior notice (NĐ 61 Đ20.2).
// ---------------------------------------------------------------------------

describe('early return without notice (NĐ 61 Đ20.2)', () => {
  const refusing: RulePack[] = [
    { ...RULE_PACK_2018, earlyReturnWithoutNotice: 'refuse' },
    { ...RULE_PACK_2025, earlyReturnWithoutNotice: 'refuse' },
  ];
  const ret = (at: string): CommandBody => ({ type: 'ReturnResult', method: 'counter', at }) as CommandBody;

  // Received Mon 04/03/2024 09:00, 3 working days → due Thu 07/03/2024.
  async function resolved(engine: ReturnType<typeof engineFor>['engine'], resolveAt = '2024-03-05T10:00') {
    const id = uuidv7();
    await engine.execute(cmd(id, receive(BUSINESS, vn('2024-03-04T09:00'))));
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T10:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'Resolve', at: vn(resolveAt) } as CommandBody));
    return id;
  }

  it('default rule packs flag it: earlyWithoutNotice on ResultReturned', async () => {
    expect(RULE_PACK_2018.earlyReturnWithoutNotice).toBe('flag');
    const { engine } = engineFor([]);
    const id = await resolved(engine);
    const r = await engine.execute(cmd(id, ret(vn('2024-03-06T15:00'))));
    expect(r.events[0]!.data).toMatchObject({ method: 'counter', earlyWithoutNotice: true });
  });

  it('no flag with prior notice, or on / after the due date', async () => {
    const { engine } = engineFor([]);
    const a = await resolved(engine);
    await engine.execute(cmd(a, { type: 'NotifyEarlyReturn', channel: 'sms', at: vn('2024-03-05T11:00') } as CommandBody));
    expect((await engine.execute(cmd(a, ret(vn('2024-03-06T09:00'))))).events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
    const b = await resolved(engine);
    expect((await engine.execute(cmd(b, ret(vn('2024-03-07T08:00'))))).events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
    const c = await resolved(engine);
    expect((await engine.execute(cmd(c, ret(vn('2024-03-08T08:00'))))).events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
  });

  it("a rule pack with 'refuse' refuses it (RULE_VIOLATION, EARLY_RETURN_WITHOUT_NOTICE) and appends nothing; notice first is accepted", async () => {
    const { engine } = engineFor([], refusing);
    const id = await resolved(engine);
    const before = (await engine.history(id)).length;
    const err = await engine.execute(cmd(id, ret(vn('2024-03-06T15:00')))).catch((e) => e);
    expect(err).toBeInstanceOf(RuleViolationError);
    expect(err.code).toBe('RULE_VIOLATION');
    expect(err.rule).toBe('EARLY_RETURN_WITHOUT_NOTICE');
    expect(err.message).toMatch(/Điều 20/);
    expect((await engine.history(id)).length).toBe(before);
    await engine.execute(cmd(id, { type: 'NotifyEarlyReturn', channel: 'phone', at: vn('2024-03-06T15:01') } as CommandBody));
    const ok = await engine.execute(cmd(id, ret(vn('2024-03-06T15:30'))));
    expect(ok.state.topLevel).toBe('returned');
    // On the due date itself it is not early.
    const d = await resolved(engine);
    expect((await engine.execute(cmd(d, ret(vn('2024-03-07T16:00'))))).state.topLevel).toBe('returned');
  });

  it('an instant procedure (Đ17.4, no appointment) is never early, even received after 15:00', async () => {
    const { engine } = engineFor([], refusing);
    const id = uuidv7();
    await engine.execute(cmd(id, receive('2.000815', vn('2024-03-08T16:00')))); // certified copy, due Mon 11/03
    await engine.execute(cmd(id, { type: 'Resolve', at: vn('2024-03-08T16:10') } as CommandBody));
    const r = await engine.execute(cmd(id, ret(vn('2024-03-08T16:20'))));
    expect(r.events[0]!.data).not.toHaveProperty('earlyWithoutNotice');
  });

  it('after a reschedule, early means before the new appointment', async () => {
    const { engine } = engineFor([]);
    const id = uuidv7();
    await engine.execute(cmd(id, receive(BUSINESS, vn('2024-03-04T09:00'))));
    await engine.execute(cmd(id, { type: 'IssueApology', reason: 'Chờ xác minh', lateUnit: 'SKHDT', newDueDate: '2024-03-12', at: vn('2024-03-05T09:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-05T10:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'Resolve', at: vn('2024-03-08T10:00') } as CommandBody));
    const r = await engine.execute(cmd(id, ret(vn('2024-03-11T10:00')))); // after 07/03, before the new date 12/03
    expect(r.events[0]!.data).toMatchObject({ earlyWithoutNotice: true });
  });
});

// ---------------------------------------------------------------------------
// Item 23: CompleteLeg with a wrong leg index names the expected leg.
// ---------------------------------------------------------------------------

describe('CompleteLeg with the wrong leg', () => {
  it('names the expected leg (sequential), stays INVALID_TRANSITION, appends nothing', async () => {
    const { engine } = engineFor([]);
    expect(sampleProcedures.firstLandCertificate.route?.mode).toBe('sequential');
    const id = uuidv7();
    await engine.execute(cmd(id, receive(LAND, vn('2024-03-04T09:00'))));
    await engine.execute(cmd(id, { type: 'TransferDossier', mode: 'paper', at: vn('2024-03-04T16:00') } as CommandBody));
    await engine.execute(cmd(id, { type: 'StartInterAgency', at: vn('2024-03-05T08:00') } as CommandBody));
    const n = (await engine.history(id)).length;
    const notStarted = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 1, at: vn('2024-03-06T08:00') } as CommandBody)).catch((e) => e);
    expect(notStarted).toBeInstanceOf(InvalidTransitionError);
    expect(notStarted.code).toBe('INVALID_TRANSITION');
    expect(notStarted.message).toMatch(/leg 1 has not started; the expected leg is 0/);
    expect(notStarted.toJSON()).toMatchObject({ legIndex: 1, expectedLegs: [0] });
    const missing = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 7, at: vn('2024-03-06T08:00') } as CommandBody)).catch((e) => e);
    expect(missing.message).toMatch(/no leg 7 \(legs 0–2\); the expected leg is 0/);
    await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 0, at: vn('2024-03-14T08:00') } as CommandBody));
    const again = await engine.execute(cmd(id, { type: 'CompleteLeg', legIndex: 0, at: vn('2024-03-14T09:00') } as CommandBody)).catch((e) => e);
    expect(again.message).toMatch(/leg 0 is already completed; the expected leg is 1/);
    expect((await engine.history(id)).length).toBe(n + 1);
  });
});
