/**
 * A limit in working hours is exceeded only when more working time than the
 * limit has elapsed (domain §4.1; docs/lifecycle.md, "Deadline rules"). Its due
 * instant is where exactly the limit has elapsed, and closed time — after
 * hours, the lunch break, a weekend, a holiday — adds none: a step done then,
 * right after a due that ends a session, is on time; it is late from the
 * first working instant after the due. The engine's flags (`StepForwarded` /
 * `ReturnedForRework.late`, `LegCompleted.late`, `SupplementRequested.afterDue`),
 * the dossier list (`overdueFromMs`, the stopped clock), the deadline watcher
 * (`minute` policy) and `lateAgencyAlerts` read it so. Budgets in days keep
 * their comparison.
 *
 * Sessions 07:00–11:30, 13:30–17:00; every due is counted by hand from them and
 * the 2025 notices (Quốc khánh: Mon 01/09 and Tue 02/09/2025 off).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  controlSlip,
  createCatalog,
  createDeadlineWatcher,
  createEngine,
  defineProcedure,
  dossierListRow,
  InMemoryEventStore,
  lateAgencyAlerts,
  type CommandBody,
  type CommandInput,
  type DossierEvent,
} from '@motcua/core';
import { approvalSampleProcedures, sampleProcedures } from '@motcua/core/samples';
import { applicant, unit } from './helpers';

const HOUSEHOLD = approvalSampleProcedures.householdBusiness.code; // 3 working days; steps 16 + 4 + 4 working hours
/** 4 working hours; parallel legs of 3 h (leg 0) and 2 h (leg 1). Illustrative code. */
const HOURS = defineProcedure({
  code: '9.000004',
  name: { vi: 'Thủ tục giải quyết trong 4 giờ làm việc (thử nghiệm)', en: 'Four-working-hour procedure (test)' },
  field: { code: 'HT', name: 'Hộ tịch' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
  timeLimit: { statutory: { unit: 'workingHours', value: 4 } },
  route: {
    mode: 'parallel',
    legs: [
      { agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' }, role: 'lead', budget: { unit: 'workingHours', value: 3 } },
      { agency: { code: 'CA', name: 'Công an xã' }, role: 'participant', budget: { unit: 'workingHours', value: 2 } },
    ],
  },
  onlineLevel: 'full',
  validFrom: '2016-01-01',
});
const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
const vn = (local: string) => (local.length === 16 ? `${local}:00.000+07:00` : `${local}+07:00`);

function setup() {
  const store = new InMemoryEventStore();
  const catalog = createCatalog({ procedures: [...Object.values(sampleProcedures), ...Object.values(approvalSampleProcedures), HOURS] });
  const engine = createEngine({ store, catalog, policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
  const id = uuidv7();
  const run = (body: CommandBody, at: string) => engine.execute({ ...body, actor: officer, commandId: uuidv7(), dossierId: id, at: vn(at) } as CommandInput);
  return { store, engine, id, run };
}

/** A household-business dossier transferred at `transferAt`: its draft step (16 working hours) starts then. */
async function atDraft(transferAt: string) {
  const w = setup();
  await w.run({ type: 'ReceiveDossier', procedureCode: HOUSEHOLD, unit, applicant, channel: 'direct' } as CommandBody, `${transferAt.slice(0, 10)}T06:00`);
  await w.run({ type: 'TransferDossier' } as CommandBody, transferAt);
  return w;
}
const forwardLate = async (transferAt: string, forwardAt: string, dueAt: string) => {
  const w = await atDraft(transferAt);
  expect((await w.engine.get(w.id)).approval?.dueAt).toBe(vn(dueAt));
  return ((await w.run({ type: 'ForwardStep' } as CommandBody, forwardAt)).events[0]!.data as { late: boolean }).late;
};

describe('internal approval steps with budgets in working hours: StepForwarded.late, ReturnedForRework.late', () => {
  // Transferred Mon 08/09/2025 13:30: Mon 13:30–17:00 (3 h 30), Tue 8 h (11 h 30), Wed 07:00–11:30 (4 h 30) → Wed 10/09 11:30.
  it('the lunch break: draft due Wed 10/09/2025 11:30; forwarded 12:30 or 13:30 on time, 13:31 late', async () => {
    expect(await forwardLate('2025-09-08T13:30', '2025-09-10T12:30', '2025-09-10T11:30')).toBe(false);
    expect(await forwardLate('2025-09-08T13:30', '2025-09-10T13:30', '2025-09-10T11:30')).toBe(false);
    expect(await forwardLate('2025-09-08T13:30', '2025-09-10T13:31', '2025-09-10T11:30')).toBe(true);
  });

  // Transferred Wed 10/09/2025 17:30 (closed): Thu 11/09 8 h, Fri 12/09 8 h → Fri 17:00; Sat, Sun closed.
  it('a weekend: draft due Fri 12/09/2025 17:00; forwarded Sat 13/09 or Mon 15/09 07:00 on time, Mon 07:01 late; Form 05 agrees', async () => {
    expect(await forwardLate('2025-09-10T17:30', '2025-09-13T10:00', '2025-09-12T17:00')).toBe(false);
    expect(await forwardLate('2025-09-10T17:30', '2025-09-15T07:00', '2025-09-12T17:00')).toBe(false);
    expect(await forwardLate('2025-09-10T17:30', '2025-09-15T07:01', '2025-09-12T17:00')).toBe(true);
    const w = await atDraft('2025-09-10T17:30');
    await w.run({ type: 'ForwardStep' } as CommandBody, '2025-09-12T18:00');
    const rows = controlSlip((await w.engine.history(w.id)) as DossierEvent[]).rows.filter((r) => r.step.en === 'Step forwarded');
    expect(rows.map((r) => [r.due?.at, r.timeliness])).toEqual([[vn('2025-09-12T17:00'), 'onTime']]);
  });

  // Transferred Wed 27/08/2025 17:30: Thu 28/08 8 h, Fri 29/08 8 h → Fri 17:00; Sat 30/08 – Tue 02/09 closed (Quốc khánh).
  it('a holiday: draft due Fri 29/08/2025 17:00; forwarded Tue 02/09 (Quốc khánh) or Wed 03/09 07:00 on time, Wed 07:30 late', async () => {
    expect(await forwardLate('2025-08-27T17:30', '2025-09-02T09:00', '2025-08-29T17:00')).toBe(false);
    expect(await forwardLate('2025-08-27T17:30', '2025-09-03T07:00', '2025-08-29T17:00')).toBe(false);
    expect(await forwardLate('2025-08-27T17:30', '2025-09-03T07:30', '2025-08-29T17:00')).toBe(true);
  });

  // Draft forwarded Wed 10/09/2025 11:00 (on time): review 4 h = 11:00–11:30 + 13:30–17:00 → Wed 17:00.
  it('a return for rework at 17:30 after a 17:00 step deadline is on time; at Thu 07:01 late', async () => {
    for (const [at, late] of [
      ['2025-09-10T17:30', false],
      ['2025-09-11T07:00', false],
      ['2025-09-11T07:01', true],
    ] as const) {
      const w = await atDraft('2025-09-08T13:30');
      const forwarded = await w.run({ type: 'ForwardStep' } as CommandBody, '2025-09-10T11:00');
      expect(forwarded.state.approval).toMatchObject({ stepId: 'review', dueAt: vn('2025-09-10T17:00') });
      const back = await w.run({ type: 'ReturnForRework', reason: 'Thiếu căn cứ' } as CommandBody, at);
      expect((back.events[0]!.data as { late: boolean }).late, at).toBe(late);
    }
  });
});

/** A 9.000004 dossier received at `received` (due 4 working hours later), transferred at once. */
async function hourDossier(received: string) {
  const w = setup();
  await w.run({ type: 'ReceiveDossier', procedureCode: HOURS.code, unit, applicant, channel: 'direct' } as CommandBody, received);
  await w.run({ type: 'TransferDossier' } as CommandBody, received);
  return w;
}

describe('inter-agency legs with budgets in working hours: LegCompleted.late and lateAgencyAlerts', () => {
  // Received Fri 12/09/2025 07:30 (due 11:30); the route starts Fri 14:00: leg 0 (3 h) due 17:00, leg 1 (2 h) due 16:00.
  it('leg 0 completed Fri 17:30, Sat or Mon 07:00 is on time, Mon 07:01 late; leg 1 (due 16:00) at Mon 07:00 is late', async () => {
    for (const [at, late] of [
      ['2025-09-12T17:30', false],
      ['2025-09-13T10:00', false],
      ['2025-09-15T07:00', false],
      ['2025-09-15T07:01', true],
    ] as const) {
      const w = await hourDossier('2025-09-12T07:30');
      const started = await w.run({ type: 'StartInterAgency' } as CommandBody, '2025-09-12T14:00');
      expect(started.state.route?.legs.map((l) => l.due?.at)).toEqual([vn('2025-09-12T17:00'), vn('2025-09-12T16:00')]);
      const done = await w.run({ type: 'CompleteLeg', legIndex: 0 } as CommandBody, at);
      expect((done.events[0]!.data as { late: boolean }).late, at).toBe(late);
      // The head of the unit hears of the late one only (not of a leg done in closed time after its due).
      const alerts = lateAgencyAlerts(done.state, vn('2025-09-15T08:00')).filter((a) => a.ref === '0');
      expect(
        alerts.map((a) => a.status),
        at,
      ).toEqual(late ? ['answeredLate'] : []);
    }
    const w = await hourDossier('2025-09-12T07:30');
    await w.run({ type: 'StartInterAgency' } as CommandBody, '2025-09-12T14:00');
    const leg1 = await w.run({ type: 'CompleteLeg', legIndex: 1 } as CommandBody, '2025-09-15T07:00');
    expect((leg1.events[0]!.data as { late: boolean }).late).toBe(true);
  });
});

describe('supplements: a request in closed time right after a working-hour due is within time (SupplementRequested.afterDue)', () => {
  // Received Fri 12/09/2025 11:00: 11:00–11:30 + 13:30–17:00 = 4 h → due Fri 17:00.
  it('requested Fri 17:30 or Mon 07:00: no afterDue, the clock stops (list: clockStopped supplement); Mon 07:01: afterDue, it runs', async () => {
    for (const [at, afterDue] of [
      ['2025-09-12T17:30', false],
      ['2025-09-15T07:00', false],
      ['2025-09-15T07:01', true],
    ] as const) {
      const w = await hourDossier('2025-09-12T11:00');
      expect((await w.engine.get(w.id)).due?.legal.at).toBe(vn('2025-09-12T17:00'));
      const requested = await w.run({ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' } as CommandBody, at);
      expect((requested.events[0]!.data as { afterDue?: boolean }).afterDue, at).toBe(afterDue ? true : undefined);
      expect(dossierListRow(requested.state).clockStopped, at).toBe(afterDue ? undefined : 'supplement');
    }
  });
});

describe('the dossier list: a working-hour due is passed from the first working instant after it (overdueFromMs)', () => {
  it('due Fri 12/09/2025 17:00 → passed from Mon 15/09 07:00:00.001; a due inside a session from one millisecond after it; limits in days: absent', async () => {
    const friday = await hourDossier('2025-09-12T11:00');
    expect(dossierListRow(await friday.engine.get(friday.id))).toMatchObject({ dueAt: vn('2025-09-12T17:00'), overdueFromMs: Date.parse(vn('2025-09-15T07:00:00.001')) });
    // Received Fri 12/09 08:00: 08:00–11:30 (3 h 30) + 13:30–14:00 → due 14:00, inside the session.
    const inside = await hourDossier('2025-09-12T08:00');
    expect(dossierListRow(await inside.engine.get(inside.id))).toMatchObject({ dueAt: vn('2025-09-12T14:00'), overdueFromMs: Date.parse(vn('2025-09-12T14:00:00.001')) });
    const days = setup();
    const accepted = await days.run({ type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' } as CommandBody, '2025-09-12T09:00');
    expect(dossierListRow(accepted.state).overdueFromMs).toBeUndefined();
  });
});

describe('the deadline watcher (minute policy): an hour dossier is overdue from the first working instant after its due', () => {
  it('due Fri 12/09/2025 17:00: no overdue alert on Friday evening, Saturday or Mon 07:00; one at Mon 07:00:00.001', async () => {
    const w = await hourDossier('2025-09-12T11:00');
    const watcher = createDeadlineWatcher({ store: w.store, onAlert: () => undefined, policy: 'minute', warnDays: 0 });
    await watcher.catchUp();
    expect(await watcher.tick(vn('2025-09-12T17:30'))).toEqual([]);
    expect(await watcher.tick(vn('2025-09-13T10:00'))).toEqual([]);
    expect(await watcher.tick(vn('2025-09-15T07:00'))).toEqual([]);
    const over = await watcher.tick(vn('2025-09-15T07:00:00.001'));
    expect(over.map((a) => [a.bucket, a.since])).toEqual([['overdue', vn('2025-09-15T07:00:00.001')]]);
    // A dossier with a limit in days keeps the instant under `minute`: 2.002030 received Fri 12/09 09:00 → due Wed 17/09 17:00.
    const days = setup();
    await days.run({ type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' } as CommandBody, '2025-09-12T09:00');
    const dayWatcher = createDeadlineWatcher({ store: days.store, onAlert: () => undefined, policy: 'minute', warnDays: 0 });
    await dayWatcher.catchUp();
    expect((await dayWatcher.tick(vn('2025-09-17T17:01'))).map((a) => [a.bucket, a.since])).toEqual([['overdue', vn('2025-09-17T17:00:00.001')]]);
  });
});
