/**
 * A limit in working hours is exceeded only when more working time than the
 * limit has elapsed (domain §4.1; docs/metrics.md, "Limits in working
 * hours"): a due instant that ends a session (17:00, 11:30) is exceeded from
 * the first working instant after it, so a result, a supplement request or a
 * leg completed in closed time right after it — 17:30, the lunch break, a
 * weekend, a holiday — is on time. Report 06a and 766 (`byLimit`, and
 * `minute`), TT 01 (index 1 and the leg steps of index 2), the control slip
 * and the engine's flags agree; the `day` policy keeps the local day.
 *
 * Procedure 9.000004: 4 working hours, parallel legs of 3 h (leg 0) and 2 h
 * (leg 1). Sessions 07:00–11:30, 13:30–17:00; every due below is counted by
 * hand from them and the 2024 notices (Giỗ Tổ Thu 18/04/2024).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { controlSlip, createEngine, InMemoryEventStore, MotcuaError, toVietnamInstant, type DossierEvent, type StoredEvent } from '@motcua/core';
import { vietnamCalendar, type Due } from '@motcua/calendar';
import {
  controlSlipProjection,
  decision766,
  foldProjection,
  receptionProjection,
  report06a,
  timelinessProjection,
  tt01Projection,
  tt01Report,
  type PolicyOption,
} from '@motcua/projections';
import { testCatalog, UNITS } from './support/generate';

const catalog = testCatalog();
const cal = vietnamCalendar();
const actor = { id: 'cv-01', role: 'officer' };
const vn = (local: string) => (local.length === 16 ? `${local}:00.000+07:00` : `${local}+07:00`);
const all = (engine: ReturnType<typeof createEngine>): StoredEvent[] => [...(engine.store as unknown as { allEvents(): readonly StoredEvent[] }).allEvents()];

/** One dossier of 9.000004 received at `received`, transferred 5 minutes later, then the commands given (each must be accepted). */
async function dossier(received: string, steps: [object, string][]): Promise<StoredEvent[]> {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog, cacheSize: 0, policy: 'none' });
  const id = randomUUID();
  const run = async (body: object, at: string) => {
    try {
      await engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: id, at: vn(at) } as never);
    } catch (e) {
      if (e instanceof MotcuaError) throw new Error(`${(body as { type: string }).type} at ${at} refused: ${e.message}`);
      throw e;
    }
  };
  await run({ type: 'ReceiveDossier', procedureCode: '9.000004', unit: UNITS[0], applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' }, received);
  await run({ type: 'TransferDossier', mode: 'electronic' }, toVietnamInstant(Date.parse(vn(received)) + 5 * 60_000).slice(0, 16));
  for (const [body, at] of steps) await run(body, at);
  return all(engine);
}
const resolve = { type: 'Resolve', electronicResult: true };
const dueOf = (events: StoredEvent[]): Due => (events.find((e) => e.type === 'DossierAccepted')!.data as { due: Due }).due;

function resolved(events: StoredEvent[], policy: PolicyOption | undefined, from: string, to: string): 'early' | 'onTime' | 'late' {
  const p = timelinessProjection({ calendar: cal, ...(policy ? { policy } : {}) });
  const [row] = report06a(foldProjection(p, events), { projection: p, catalog, from, to });
  expect(row!.resolved.total).toBe(1);
  return row!.resolved.late ? 'late' : row!.resolved.early ? 'early' : 'onTime';
}
function pending(events: StoredEvent[], policy: PolicyOption | undefined, from: string, to: string, asOf?: string): 'withinTime' | 'overdue' {
  const p = timelinessProjection({ calendar: cal, ...(policy ? { policy } : {}) });
  const [row] = report06a(foldProjection(p, events), { projection: p, catalog, from, to, ...(asOf ? { asOf: vn(asOf) } : {}) });
  expect(row!.pending.total).toBe(1);
  return row!.pending.overdue ? 'overdue' : 'withinTime';
}
const tt01Index1 = (events: StoredEvent[]) =>
  tt01Report(foldProjection(tt01Projection({ calendar: cal }), events), { catalog, from: '2024-03-01', to: '2024-04-30', by: 'agency' })[0]!.indices[1];
const i21 = (events: StoredEvent[], from: string, to: string) => {
  const p = timelinessProjection({ calendar: cal });
  const ind = decision766(foldProjection(p, events), { projection: p, catalog, from, to })[0]!.indicators['2.1'];
  return [ind.numerator, ind.denominator];
};
/** The control slip's timeliness on the row of the (first) event of this type. */
const slipOf = (events: StoredEvent[], type: string) => {
  const version = events.find((e) => e.type === type)!.version;
  return controlSlip(events as DossierEvent[]).rows.find((r) => r.version === version)!.timeliness;
};

describe('06a, 766, TT 01 and the control slip: a result in closed time right after a working-hour due is on time', () => {
  // Received Mon 04/03/2024 11:00: 11:00–11:30 (30 min) + 13:30–17:00 (3 h 30) → due Mon 04/03 17:00.
  it('after hours: resolved Mon 17:30 or Tue 07:00 on time, Tue 07:01 late (byLimit, minute); the day policy reads Tuesday late', async () => {
    const at1730 = await dossier('2024-03-04T11:00', [[resolve, '2024-03-04T17:30']]);
    expect(dueOf(at1730)).toEqual({ date: '2024-03-04', at: vn('2024-03-04T17:00') });
    const at0700 = await dossier('2024-03-04T11:00', [[resolve, '2024-03-05T07:00']]);
    const at0701 = await dossier('2024-03-04T11:00', [[resolve, '2024-03-05T07:01']]);
    for (const policy of [undefined, 'byLimit', 'minute'] as const) {
      expect(resolved(at1730, policy, '2024-03-01', '2024-03-31'), `${policy} 17:30`).toBe('onTime');
      expect(resolved(at0700, policy, '2024-03-01', '2024-03-31'), `${policy} Tue 07:00`).toBe('onTime');
      expect(resolved(at0701, policy, '2024-03-01', '2024-03-31'), `${policy} Tue 07:01`).toBe('late');
    }
    expect(resolved(at1730, 'day', '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(resolved(at0700, 'day', '2024-03-01', '2024-03-31')).toBe('late');
    // TT 01 index 1 (total time vs the limit): equal → 1 point, longer → 0; 766 2.1 counts the on-time one.
    expect(tt01Index1(at1730)).toBe(1);
    expect(tt01Index1(at0700)).toBe(1);
    expect(tt01Index1(at0701)).toBe(0);
    expect(i21(at1730, '2024-03-01', '2024-03-31')).toEqual([1, 1]);
    expect(i21(at0701, '2024-03-01', '2024-03-31')).toEqual([0, 1]);
    // The control slip reads the result like 06a.
    expect(slipOf(at1730, 'DossierResolved')).toBe('onTime');
    expect(slipOf(at0700, 'DossierResolved')).toBe('onTime');
    expect(slipOf(at0701, 'DossierResolved')).toBe('late');
  });

  it('pending over the evening: within time at the end of Monday and at Tue 07:00, overdue from Tue 07:00:00.001', async () => {
    const open = await dossier('2024-03-04T11:00', []);
    expect(pending(open, undefined, '2024-03-01', '2024-03-04')).toBe('withinTime');
    expect(pending(open, undefined, '2024-03-01', '2024-03-05', '2024-03-05T07:00')).toBe('withinTime');
    expect(pending(open, undefined, '2024-03-01', '2024-03-05', '2024-03-05T07:00:00.001')).toBe('overdue');
    expect(pending(open, 'minute', '2024-03-01', '2024-03-04')).toBe('withinTime');
    expect(pending(open, 'day', '2024-03-01', '2024-03-04')).toBe('withinTime');
    expect(pending(open, 'day', '2024-03-01', '2024-03-05', '2024-03-05T06:00')).toBe('overdue');
  });

  // Received Mon 04/03/2024 07:30: 07:30–11:30 = 4 h → due Mon 11:30, the end of the morning session.
  it('the lunch break: due Mon 11:30; resolved 12:30 or 13:30 on time, 13:31 late', async () => {
    const lunch = await dossier('2024-03-04T07:30', [[resolve, '2024-03-04T12:30']]);
    expect(dueOf(lunch).at).toBe(vn('2024-03-04T11:30'));
    expect(resolved(lunch, undefined, '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(resolved(await dossier('2024-03-04T07:30', [[resolve, '2024-03-04T13:30']]), undefined, '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(resolved(await dossier('2024-03-04T07:30', [[resolve, '2024-03-04T13:31']]), undefined, '2024-03-01', '2024-03-31')).toBe('late');
  });

  // Received Fri 08/03/2024 11:00 → due Fri 17:00; Saturday and Sunday are closed.
  it('a weekend: due Fri 08/03 17:00; resolved Sat 09/03 on time (the day policy: late); pending within time until Mon 07:00', async () => {
    const sat = await dossier('2024-03-08T11:00', [[resolve, '2024-03-09T10:00']]);
    expect(dueOf(sat).at).toBe(vn('2024-03-08T17:00'));
    expect(resolved(sat, undefined, '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(resolved(sat, 'day', '2024-03-01', '2024-03-31')).toBe('late');
    expect(slipOf(sat, 'DossierResolved')).toBe('onTime');
    const open = await dossier('2024-03-08T11:00', []);
    expect(pending(open, undefined, '2024-03-01', '2024-03-09')).toBe('withinTime');
    expect(pending(open, undefined, '2024-03-01', '2024-03-10')).toBe('withinTime');
    expect(pending(open, undefined, '2024-03-01', '2024-03-11', '2024-03-11T07:00')).toBe('withinTime');
    expect(pending(open, undefined, '2024-03-01', '2024-03-11')).toBe('overdue');
  });

  // Received Wed 17/04/2024 11:00 → due Wed 17:00; Thu 18/04 is Giỗ Tổ Hùng Vương.
  it('a holiday: due Wed 17/04/2024 17:00; resolved on Giỗ Tổ (Thu 18/04) on time, Fri 19/04 07:30 late', async () => {
    expect(cal.isWorkingDay('2024-04-18')).toBe(false);
    const holiday = await dossier('2024-04-17T11:00', [[resolve, '2024-04-18T09:00']]);
    expect(dueOf(holiday).at).toBe(vn('2024-04-17T17:00'));
    expect(resolved(holiday, undefined, '2024-04-01', '2024-04-30')).toBe('onTime');
    expect(resolved(await dossier('2024-04-17T11:00', [[resolve, '2024-04-19T07:30']]), undefined, '2024-04-01', '2024-04-30')).toBe('late');
    expect(pending(await dossier('2024-04-17T11:00', []), undefined, '2024-04-01', '2024-04-18')).toBe('withinTime');
  });

  it('a due inside a session stays minute-precise: received Mon 04/03 09:00 → due 15:00; resolved 15:00 on time, 15:01 late', async () => {
    // 09:00–11:30 = 2 h 30 + 13:30–15:00 = 1 h 30 → due 15:00.
    const onDue = await dossier('2024-03-04T09:00', [[resolve, '2024-03-04T15:00']]);
    expect(dueOf(onDue).at).toBe(vn('2024-03-04T15:00'));
    expect(resolved(onDue, undefined, '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(resolved(await dossier('2024-03-04T09:00', [[resolve, '2024-03-04T15:01']]), undefined, '2024-03-01', '2024-03-31')).toBe('late');
  });
});

describe('the engine: a supplement requested in closed time right after the due is within time', () => {
  // Due Mon 04/03/2024 17:00; the request at 17:30 adds no working time: not `afterDue`. The answer Tue 05/03 09:00
  // restarts the 4 hours: 09:00–11:30 (2 h 30) + 13:30–15:00 (1 h 30) → due Tue 15:00; the result at 14:00 is on time.
  it('SupplementRequested has no afterDue, the answer restarts the limit, 06a and the control slip read the result on time', async () => {
    const events = await dossier('2024-03-04T11:00', [
      [{ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-04T17:30'],
      [{ type: 'ProvideSupplement' }, '2024-03-05T09:00'],
      [resolve, '2024-03-05T14:00'],
    ]);
    const request = events.find((e) => e.type === 'SupplementRequested')!.data as { afterDue?: boolean };
    expect(request.afterDue).toBeUndefined();
    expect((events.find((e) => e.type === 'SupplementProvided')!.data as { due: Due }).due).toEqual({ date: '2024-03-05', at: vn('2024-03-05T15:00') });
    expect(resolved(events, undefined, '2024-03-01', '2024-03-31')).toBe('onTime');
    expect(slipOf(events, 'DossierResolved')).toBe('onTime');
  });

  it('a request at Tue 07:01 is after the due: afterDue, the due date stays Mon 17:00, the result is late', async () => {
    const events = await dossier('2024-03-04T11:00', [
      [{ type: 'RequestSupplement', items: [{ name: 'Bản sao' }], reason: 'Thiếu' }, '2024-03-05T07:01'],
      [{ type: 'ProvideSupplement' }, '2024-03-05T09:00'],
      [resolve, '2024-03-05T14:00'],
    ]);
    expect((events.find((e) => e.type === 'SupplementRequested')!.data as { afterDue?: boolean }).afterDue).toBe(true);
    expect((events.find((e) => e.type === 'SupplementProvided')!.data as { due: Due }).due.at).toBe(vn('2024-03-04T17:00'));
    expect(resolved(events, undefined, '2024-03-01', '2024-03-31')).toBe('late');
  });
});

describe('legs with budgets in working hours: LegCompleted.late, TT 01 index 2 and the control slip', () => {
  // Received Fri 08/03/2024 07:30 (due 11:30); the route starts Fri 14:00: leg 1 (2 h) due 16:00, leg 0 (3 h) due 17:00.
  // Completed Mon 11/03 07:00: leg 0 took exactly 3 working hours (on time), leg 1 three (late: 16:00–17:00 Friday).
  it('leg 0 completed Mon 07:00 after its Fri 17:00 due is on time (1 point), leg 1 due 16:00 is late (0 points)', async () => {
    const events = await dossier('2024-03-08T07:30', [
      [{ type: 'StartInterAgency' }, '2024-03-08T14:00'],
      [{ type: 'CompleteLeg', legIndex: 0 }, '2024-03-11T07:00'],
    ]);
    const started = events.find((e) => e.type === 'InterAgencyStarted')!.data as { legs: { due: Due }[] };
    expect(started.legs.map((l) => l.due.at)).toEqual([vn('2024-03-08T17:00'), vn('2024-03-08T16:00')]);
    expect((events.find((e) => e.type === 'LegCompleted')!.data as { late: boolean }).late).toBe(false);
    expect(slipOf(events, 'LegCompleted')).toBe('onTime');
    const both = await dossier('2024-03-08T07:30', [
      [{ type: 'StartInterAgency' }, '2024-03-08T14:00'],
      [{ type: 'CompleteLeg', legIndex: 0 }, '2024-03-08T17:30'],
      [{ type: 'CompleteLeg', legIndex: 1 }, '2024-03-11T07:00'],
      [resolve, '2024-03-11T08:00'],
    ]);
    const legs = both.filter((e) => e.type === 'LegCompleted').map((e) => (e.data as { late: boolean }).late);
    expect(legs).toEqual([false, true]);
    // TT 01 index 2 per resolved dossier: the worst step (transfer on time 1 point; leg 0 on its due day 1; leg 1 late 0).
    const [row] = tt01Report(foldProjection(tt01Projection({ calendar: cal }), both), { catalog, from: '2024-03-01', to: '2024-03-31', by: 'agency' });
    expect(row!.indices[2]).toBe(0);
    const onTimeOnly = await dossier('2024-03-08T07:30', [
      [{ type: 'StartInterAgency' }, '2024-03-08T14:00'],
      [{ type: 'CompleteLeg', legIndex: 1 }, '2024-03-08T16:00'],
      [{ type: 'CompleteLeg', legIndex: 0 }, '2024-03-08T17:30'],
      [resolve, '2024-03-11T08:00'],
    ]);
    expect(onTimeOnly.filter((e) => e.type === 'LegCompleted').map((e) => (e.data as { late: boolean }).late)).toEqual([false, false]);
    const [row2] = tt01Report(foldProjection(tt01Projection({ calendar: cal }), onTimeOnly), { catalog, from: '2024-03-01', to: '2024-03-31', by: 'agency' });
    expect(row2!.indices[2]).toBe(1);
  });
});

describe('projection versions', () => {
  it('timeliness/7 and tt01/6 (their figures change for limits in working hours); reception/3 and control-slip/3 keep theirs', () => {
    expect(timelinessProjection().version).toMatch(/^timeliness\/7\//);
    expect(tt01Projection().version).toMatch(/^tt01\/7\//);
    // The reception report already counted working time (reception/3); the control slip keeps events, rendered when read.
    expect(receptionProjection().version).toMatch(/^reception\/3\//);
    expect(controlSlipProjection().version).toMatch(/^control-slip\/3\//);
  });
});

describe('06a on an hour procedure = the working-time reading, results and pending dossiers at any time (property)', () => {
  // Receipts on session edges (11:00 → due 17:00, 07:30 → due 11:30), inside sessions and in closed time, on days
  // around weekends and the 2024 holidays; results and readings around the due, across the night, weekends, holidays.
  const days = ['2024-04-12', '2024-04-16', '2024-04-17', '2024-04-26', '2024-05-03', '2024-08-29', '2024-08-30', '2024-03-08', '2024-03-04'];
  const clock = fc.oneof(
    // Due 17:00 (received 11:00) and 11:30 (received 07:30): the dues that end a session.
    { arbitrary: fc.constantFrom('11:00', '07:30'), weight: 3 },
    { arbitrary: fc.constantFrom('07:00', '09:00', '12:00', '13:00', '13:30', '16:30', '17:30', '21:00'), weight: 2 },
    { arbitrary: fc.integer({ min: 0, max: 1439 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`), weight: 1 },
  );
  const MINUTE = 60_000;
  const offset = fc.oneof(
    {
      arbitrary: fc.constantFrom(0, 1, MINUTE, 30 * MINUTE, 2 * 3_600_000, 14 * 3_600_000, 14 * 3_600_000 + 1, 14 * 3_600_000 + MINUTE, 62 * 3_600_000, 86 * 3_600_000 + 1),
      weight: 4,
    },
    { arbitrary: fc.integer({ min: 1, max: 6 * 24 * 3_600_000 }), weight: 1 },
  );
  /** The reading from the calendar's working-time measure: late ⇔ working time in (due, at] > 0. */
  const lateAt = (at: number, due: Due) => at > Date.parse(due.at) && cal.workingHoursBetween(due.at, toVietnamInstant(at)) > 0;

  it('late ⇔ working time elapsed after the due (byLimit); pending overdue at an instant likewise', async () => {
    let late = 0;
    let closedOnTime = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...days), clock, offset, fc.boolean(), async (day, at, off, decided) => {
        const received = `${day}T${at}`;
        const open = await dossier(received, []);
        const due = dueOf(open);
        const atMs = Math.max(Date.parse(due.at) + off, Date.parse(vn(received)) + 10 * MINUTE);
        const when = toVietnamInstant(atMs);
        const want = lateAt(atMs, due);
        if (decided) {
          const events = await dossier(received, [[resolve, when.slice(0, 23)]]);
          expect(resolved(events, undefined, '2024-01-01', '2024-12-31') === 'late', `received ${received}, due ${due.at}, resolved ${when}`).toBe(want);
        } else {
          expect(pending(open, undefined, '2024-01-01', when.slice(0, 10), when.slice(0, 23)) === 'overdue', `received ${received}, due ${due.at}, pending at ${when}`).toBe(want);
        }
        if (want) late++;
        else if (atMs > Date.parse(due.at)) closedOnTime++;
      }),
      { numRuns: 100 },
    );
    // Both sides of the rule were reached, decisions and readings in closed time after the due among them.
    expect(late).toBeGreaterThan(10);
    expect(closedOnTime).toBeGreaterThan(3);
  });
});
