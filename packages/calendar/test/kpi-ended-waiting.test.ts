/**
 * kpiClock: a dossier that ENDS (withdrawal, stop, closure) while a supplement
 * request is still open. F766 (domain brief §4.3, §7.3): "end is the first end
 * state … Waiting for the citizen: end = request time. Subtract Σ(supplement
 * received − requested)". So such a dossier is judged like the waiting state:
 * at the request instant, against the due date shifted by the answered
 * (closed) supplements only — the open request pauses nothing, and the day the
 * dossier happens to end on (a Saturday, a holiday, next Monday) cannot change
 * the verdict. A later end must never give a better verdict.
 *
 * The hand-computed cases use the 2024 calendar; the properties compare with a
 * brute-force oracle written from the rule text on top of the hand-made 2024
 * calendar of ./support/oracle-2024.ts (no code shared with kpi.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kpiClock, vietnamCalendar, type ComparePolicy, type KpiClock, type KpiInput, type TimeLimit } from '@motcua/calendar';
import { addWorking, dateOf, dayNo, firstWorkingFrom, instantOf, msOf, oracleDue, working, type OracleLimit } from './support/oracle-2024';

const cal = vietnamCalendar();
const I = (date: string, time: string) => `${date}T${time}:00.000+07:00`;
const asOf = I('2024-12-31', '23:00');

// ─── Hand-computed cases ────────────────────────────────────────────────────────────────────────────────────────────

describe('an end while waiting for the citizen is judged at the request time (F766)', () => {
  // Business registration (3 working days): received Mon 04/03/2024 09:00 → due Thu 07/03/2024.
  // Supplement requested Thu 07/03 10:00, on the due day (in time); the citizen never answers.
  const acceptedAt = I('2024-03-04', '09:00');
  const limit: TimeLimit = { unit: 'workingDays', value: 3 };
  const request = I('2024-03-07', '10:00');
  const ends: [string, string][] = [
    ['Fri 08/03', I('2024-03-08', '10:00')],
    ['Sat 09/03', I('2024-03-09', '10:00')],
    ['Sun 10/03', I('2024-03-10', '10:00')],
    ['Mon 11/03', I('2024-03-11', '10:00')],
    ['Tue 12/03', I('2024-03-12', '10:00')],
    ['Wed 20/03', I('2024-03-20', '16:00')],
  ];
  for (const policy of ['day', 'minute'] as const) {
    it.each(ends)(`ended %s (policy ${policy}): on time against Thu 07/03, read at the request`, (_label, endedAt) => {
      const k = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: request }], endedAt, asOf }, cal, { policy });
      expect(k.originalDue.date).toBe('2024-03-07');
      expect(k.state).toBe('ended');
      expect(k.end).toBe(request);
      expect(k.paused).toBe(0); // the open request pauses nothing
      expect(k.kpiDue.date).toBe('2024-03-07');
      expect(k.timeliness).toBe('onTime'); // Thu 07/03 10:00 is on the due day, before 17:00
      expect(k.onTime).toBe(true);
      // The same reading as the waiting state just before the end.
      const waiting = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: request }], asOf: endedAt }, cal, { policy });
      expect(waiting.state).toBe('waitingForCitizen');
      expect(waiting.onTime).toBe(true);
      expect(waiting.kpiDue).toEqual(k.kpiDue);
    });
  }

  it('a holiday end: due Wed 17/04/2024, request on the due day, withdrawn on Giỗ Tổ Thu 18/04 → on time', () => {
    // Received Fri 12/04 → Mon 15, Tue 16, Wed 17 (3 working days).
    const input = { acceptedAt: I('2024-04-12', '09:00'), limit, supplements: [{ requestedAt: I('2024-04-17', '10:00') }], asOf };
    for (const endedAt of [I('2024-04-18', '09:00'), I('2024-04-19', '09:00'), I('2024-04-20', '09:00')]) {
      const k = kpiClock({ ...input, endedAt }, cal);
      expect(k.kpiDue.date).toBe('2024-04-17');
      expect(k.timeliness).toBe('onTime');
    }
  });

  it('a request after the due date stays late whenever the dossier ends', () => {
    // Request Fri 08/03, after the due Thu 07/03: the waiting state is overdue, the end late.
    for (const endedAt of [I('2024-03-08', '11:00'), I('2024-03-09', '10:00'), I('2024-03-11', '10:00'), I('2024-04-01', '10:00')]) {
      const k = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: I('2024-03-08', '10:00') }], endedAt, asOf }, cal);
      expect(k.timeliness).toBe('late');
    }
  });

  it('a request before the due day reads early whenever the dossier ends', () => {
    for (const endedAt of [I('2024-03-06', '11:00'), I('2024-03-09', '10:00'), I('2024-03-25', '10:00')]) {
      const k = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: I('2024-03-06', '10:00') }], endedAt, asOf }, cal);
      expect(k.timeliness).toBe('early');
    }
  });

  it('the due date is shifted by the answered supplements only', () => {
    // 1st: requested Tue 05/03, answered Wed 06/03 → 1 working day paused (Wed) → KPI due Fri 08/03.
    // 2nd: requested Fri 08/03 10:00 (on the KPI due day), never answered; withdrawn Sat 09/03.
    const supplements = [{ requestedAt: I('2024-03-05', '10:00'), providedAt: I('2024-03-06', '10:00') }, { requestedAt: I('2024-03-08', '10:00') }];
    const input = { acceptedAt, limit, supplements, endedAt: I('2024-03-09', '10:00'), asOf };
    const k = kpiClock(input, cal, { maxSupplementRequests: 2 });
    expect(k.paused).toBe(1);
    expect(k.kpiDue.date).toBe('2024-03-08');
    expect(k.end).toBe(I('2024-03-08', '10:00'));
    expect(k.timeliness).toBe('onTime');
    // Ending a week later changes nothing.
    expect(kpiClock({ ...input, endedAt: I('2024-03-16', '10:00') }, cal, { maxSupplementRequests: 2 }).timeliness).toBe('onTime');
    // Two requests are more than one (the default): late whatever the day.
    expect(kpiClock(input, cal).timeliness).toBe('late');
    // The 2nd request on Mon 11/03, after the KPI due Fri 08/03: late.
    const late = kpiClock({ ...input, supplements: [supplements[0]!, { requestedAt: I('2024-03-11', '10:00') }], endedAt: I('2024-03-12', '10:00') }, cal, {
      maxSupplementRequests: 2,
    });
    expect(late.kpiDue.date).toBe('2024-03-08');
    expect(late.timeliness).toBe('late');
  });

  it('minute policy: a request after 17:00 on the due day is late, one before is on time, whatever the end day', () => {
    for (const endedAt of [I('2024-03-09', '10:00'), I('2024-03-11', '10:00')]) {
      const before = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: I('2024-03-07', '16:59') }], endedAt, asOf }, cal, { policy: 'minute' });
      expect(before.timeliness).toBe('onTime');
      const after = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: I('2024-03-07', '17:30') }], endedAt, asOf }, cal, { policy: 'minute' });
      expect(after.timeliness).toBe('late');
      // The day policy only compares local days: on time.
      expect(kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: I('2024-03-07', '17:30') }], endedAt, asOf }, cal).timeliness).toBe('onTime');
    }
  });

  it('working hours: 4 h from Mon 04/03 08:00 → due 14:00; a request at 14:00 that ends on Saturday is on time', () => {
    // 08:00–11:30 = 3 h 30, 13:30–14:00 = 30 min.
    const hours = { acceptedAt: I('2024-03-04', '08:00'), limit: { unit: 'workingHours', value: 4 } as TimeLimit, asOf };
    for (const policy of ['minute', 'day'] as const) {
      for (const endedAt of [I('2024-03-09', '10:00'), I('2024-03-10', '10:00'), I('2024-03-11', '10:00')]) {
        const k = kpiClock({ ...hours, supplements: [{ requestedAt: I('2024-03-04', '14:00') }], endedAt }, cal, { policy });
        expect(k.kpiDue.at).toBe(I('2024-03-04', '14:00'));
        expect(k.paused).toBe(0);
        expect(k.timeliness).toBe('onTime');
        const oneMinuteLate = kpiClock({ ...hours, supplements: [{ requestedAt: I('2024-03-04', '14:01') }], endedAt }, cal, { policy });
        expect(oneMinuteLate.timeliness).toBe(policy === 'minute' ? 'late' : 'onTime');
      }
    }
    // A 1-hour answered pause (09:00–10:00) moves the due instant to 15:00; a 2nd request at 14:30, still open, is in time.
    const k = kpiClock(
      {
        ...hours,
        supplements: [{ requestedAt: I('2024-03-04', '09:00'), providedAt: I('2024-03-04', '10:00') }, { requestedAt: I('2024-03-04', '14:30') }],
        endedAt: I('2024-03-09', '10:00'),
      },
      cal,
      { policy: 'minute', maxSupplementRequests: 2 },
    );
    expect(k.paused).toBe(1);
    expect(k.kpiDue.at).toBe(I('2024-03-04', '15:00'));
    expect(k.timeliness).toBe('onTime');
  });

  it('calendar days: 3 calendar days from Mon 04/03 → Thu 07/03; a request that day, ended Sun 10/03 → on time (not early)', () => {
    const k = kpiClock(
      { acceptedAt, limit: { unit: 'calendarDays', value: 3 }, supplements: [{ requestedAt: I('2024-03-07', '10:00') }], endedAt: I('2024-03-10', '10:00'), asOf },
      cal,
    );
    expect(k.paused).toBe(0);
    expect(k.kpiDue.date).toBe('2024-03-07');
    expect(k.timeliness).toBe('onTime');
  });

  it('against the rescheduled date too (vsRescheduled): the same request-time reading', () => {
    const k = kpiClock(
      { acceptedAt, limit, supplements: [{ requestedAt: request }], endedAt: I('2024-03-09', '10:00'), asOf, rescheduledDue: { date: '2024-03-11', at: I('2024-03-11', '17:00') } },
      cal,
    );
    expect(k.timeliness).toBe('onTime');
    expect(k.vsRescheduled).toEqual({ kpiDue: { date: '2024-03-11', at: I('2024-03-11', '17:00') }, timeliness: 'early', onTime: true });
  });
});

// ─── Brute-force oracle, from the rule text ─────────────────────────────────────────────────────────────────────────

const MIN = 60_000;
const DAY = 86_400_000;
const VN = 7 * 3_600_000;
/** Local day number of an epoch ms (Asia/Ho_Chi_Minh, UTC+7, no DST). */
const localDay = (ms: number) => Math.floor((ms + VN) / DAY);
/** Working sessions, minutes of the day: 07:00–11:30, 13:30–17:00. */
const SESSIONS: [number, number][] = [
  [7 * 60, 11 * 60 + 30],
  [13 * 60 + 30, 17 * 60],
];
/** Is the minute starting at `ms` working time? */
const workingMinute = (ms: number) => {
  const day = localDay(ms);
  const minute = Math.floor((ms + VN - day * DAY) / MIN);
  return working(day) && SESSIONS.some(([a, b]) => minute >= a && minute < b);
};
/** Working minutes in [from, to) (whole minutes). */
function workingMinutes(from: number, to: number): number {
  let n = 0;
  for (let t = from; t < to; t += MIN) if (workingMinute(t)) n++;
  return n;
}
/** The end of the `count`-th working minute after `from`. */
function plusWorkingMinutes(from: number, count: number): number {
  let t = from;
  while (count > 0) {
    if (workingMinute(t)) count--;
    t += MIN;
  }
  return t;
}

interface OracleDue {
  day: number;
  ms: number;
}
type Verdict = 'early' | 'onTime' | 'late';
interface OracleCase {
  accepted: { day: number; minute: number };
  limit: OracleLimit;
  /** Epoch ms; the last may be open. */
  sups: { req: number; prov: number | null }[];
  end: number | null;
  asOf: number;
  policy: ComparePolicy;
  max: number | null;
  /** A rescheduled due date (local day), if any. */
  resched: number | null;
}

/**
 * F766 on the KPI clock, read straight from the rule:
 * - the reading instant is the end; or, while the last request is unanswered
 *   (pending, or ended then), the request time; or, pending, `asOf`;
 * - subtract the answered supplements (in the limit's unit: working days d with
 *   request day < d ≤ answer day; working minutes; calendar days), i.e. shift the due date;
 * - more than `max` requests → late / overdue;
 * - compare by local days (`day`) or instants (`minute`; early = an earlier local day).
 */
function oracle(c: OracleCase): { main: Verdict | 'overdue' | 'within'; resched: Verdict | 'overdue' | 'within' | null } {
  const last = c.sups[c.sups.length - 1];
  const open = last !== undefined && last.prov === null;
  const read = open ? last.req : (c.end ?? c.asOf);
  const closed = c.sups.filter((s) => s.prov !== null) as { req: number; prov: number }[];
  const tooMany = c.max !== null && c.sups.length > c.max;
  const shift = (due: OracleDue): OracleDue => {
    if (c.limit.unit === 'workingHours') {
      const paused = closed.reduce((n, s) => n + workingMinutes(s.req, s.prov), 0);
      if (paused === 0) return due;
      const ms = plusWorkingMinutes(due.ms, paused);
      return { day: localDay(ms), ms };
    }
    if (c.limit.unit === 'calendarDays') {
      const paused = closed.reduce((n, s) => n + localDay(s.prov) - localDay(s.req), 0);
      if (paused === 0) return due;
      const day = firstWorkingFrom(due.day + paused);
      return { day, ms: msOf(day, 17 * 60) };
    }
    let paused = 0;
    for (const s of closed) for (let d = localDay(s.req) + 1; d <= localDay(s.prov); d++) if (working(d)) paused++;
    if (paused === 0) return due;
    const day = addWorking(due.day, paused);
    return { day, ms: msOf(day, 17 * 60) };
  };
  const judge = (base: OracleDue) => {
    const due = shift(base);
    const late = c.policy === 'day' ? localDay(read) > due.day : read > due.ms;
    if (c.end === null) return tooMany || late ? 'overdue' : 'within';
    if (tooMany || late) return 'late';
    return localDay(read) < due.day ? 'early' : 'onTime';
  };
  const due0 = oracleDue(c.accepted, c.limit, c.limit.unit === 'sameDay' ? 15 * 60 : undefined);
  const main = judge({ day: due0.day, ms: due0.ms ?? msOf(due0.day, 17 * 60) });
  return { main, resched: c.resched === null ? null : judge({ day: c.resched, ms: msOf(c.resched, 17 * 60) }) };
}

const reading = (t: string) => (t === 'withinTime' || t === 'dueSoon' ? 'within' : t);
const iso = (ms: number) => instantOf({ day: localDay(ms), minute: Math.round((ms + VN - localDay(ms) * DAY) / MIN) });

const limitArb: fc.Arbitrary<[TimeLimit, OracleLimit]> = fc.oneof(
  fc.integer({ min: 0, max: 10 }).map(
    (value) =>
      [
        { unit: 'workingDays', value },
        { unit: 'workingDays', value },
      ] as [TimeLimit, OracleLimit],
  ),
  fc.integer({ min: 0, max: 15 }).map(
    (value) =>
      [
        { unit: 'calendarDays', value },
        { unit: 'calendarDays', value },
      ] as [TimeLimit, OracleLimit],
  ),
  fc.integer({ min: 1, max: 24 }).map(
    (value) =>
      [
        { unit: 'workingHours', value },
        { unit: 'workingHours', value },
      ] as [TimeLimit, OracleLimit],
  ),
  fc.constant([{ unit: 'sameDay' }, { unit: 'sameDay' }] as [TimeLimit, OracleLimit]),
);
/** Minutes to the next event: often within the day, sometimes days (weekends, holidays). */
const gapArb = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 12 * 1440 }));

interface Gen {
  limit: [TimeLimit, OracleLimit];
  day: number;
  minute: number;
  sups: { gap: number; len: number }[];
  open: boolean;
  endGap: number;
  endGap2: number;
  policy: ComparePolicy;
  max: number | null;
  resched: number | null;
}
const genArb: fc.Arbitrary<Gen> = fc.record({
  limit: limitArb,
  // All readings stay inside 2024, the year the hand-made oracle calendar covers.
  day: fc.integer({ min: dayNo('2024-01-02'), max: dayNo('2024-08-31') }),
  minute: fc.oneof(fc.integer({ min: 7 * 60, max: 17 * 60 }), fc.integer({ min: 0, max: 1439 })),
  sups: fc.array(fc.record({ gap: gapArb, len: gapArb }), { minLength: 0, maxLength: 3 }),
  open: fc.boolean(),
  endGap: gapArb,
  endGap2: gapArb,
  policy: fc.constantFrom<ComparePolicy>('day', 'minute'),
  max: fc.constantFrom<number | null>(1, 2, 3, null),
  resched: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
});

/** The case's supplements (the last open when `open`) and the instant after the last event. */
function build(g: Gen) {
  const accMs = msOf(g.day, g.minute);
  let t = accMs;
  const sups: { req: number; prov: number | null }[] = [];
  g.sups.forEach((s, i) => {
    const req = t + s.gap * MIN;
    const prov = g.open && i === g.sups.length - 1 ? null : req + s.len * MIN;
    sups.push({ req, prov });
    t = prov ?? req;
  });
  return { accMs, sups, lastMs: t };
}

function input(g: Gen, sups: { req: number; prov: number | null }[], end: number | null, asOfMs: number): KpiInput {
  return {
    acceptedAt: iso(msOf(g.day, g.minute)),
    limit: g.limit[0],
    supplements: sups.map((s) => ({ requestedAt: iso(s.req), providedAt: s.prov === null ? null : iso(s.prov) })),
    endedAt: end === null ? null : iso(end),
    asOf: iso(asOfMs),
    rescheduledDue: null,
  };
}
const clock = (g: Gen, sups: { req: number; prov: number | null }[], end: number | null, asOfMs: number, resched: number | null): KpiClock =>
  kpiClock({ ...input(g, sups, end, asOfMs), rescheduledDue: resched === null ? null : { date: dateOf(resched), at: iso(msOf(resched, 17 * 60)) } }, cal, {
    policy: g.policy,
    maxSupplementRequests: g.max,
  });
const RANK: Record<string, number> = { early: 0, onTime: 1, late: 2 };

describe('properties (fast-check) against the brute-force oracle', () => {
  it('kpiClock equals the oracle: ended (while waiting or not), waiting, running; original and rescheduled due dates', () => {
    fc.assert(
      fc.property(genArb, fc.boolean(), (g, ended) => {
        const { sups, lastMs } = build(g);
        const end = ended ? lastMs + g.endGap * MIN : null;
        const asOfMs = (end ?? lastMs) + g.endGap2 * MIN;
        const due0 = oracleDue({ day: g.day, minute: g.minute }, g.limit[1], g.limit[1].unit === 'sameDay' ? 15 * 60 : undefined);
        const resched = g.resched === null ? null : due0.day + g.resched;
        const k = clock(g, sups, end, asOfMs, resched);
        expect(k.originalDue.date).toBe(dateOf(due0.day)); // the oracle's calendar agrees
        const want = oracle({ accepted: { day: g.day, minute: g.minute }, limit: g.limit[1], sups, end, asOf: asOfMs, policy: g.policy, max: g.max, resched });
        expect(reading(k.timeliness)).toBe(want.main);
        expect(k.onTime).toBe(want.main !== 'late' && want.main !== 'overdue');
        if (resched !== null) expect(reading(k.vsRescheduled!.timeliness)).toBe(want.resched);
        const open = sups.length > 0 && sups[sups.length - 1]!.prov === null;
        expect(k.state).toBe(end !== null ? 'ended' : open ? 'waitingForCitizen' : 'running');
        if (open) expect(k.end).toBe(iso(sups[sups.length - 1]!.req));
      }),
      { numRuns: 1500 },
    );
  });

  it('ending later never gives a better verdict (every unit, policy, limit on requests, due date)', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const { sups, lastMs } = build(g);
        const e1 = lastMs + g.endGap * MIN;
        const e2 = e1 + g.endGap2 * MIN;
        const asOfMs = e2 + 60 * MIN;
        const due0 = oracleDue({ day: g.day, minute: g.minute }, g.limit[1], g.limit[1].unit === 'sameDay' ? 15 * 60 : undefined);
        const resched = g.resched === null ? null : due0.day + g.resched;
        const k1 = clock(g, sups, e1, asOfMs, resched);
        const k2 = clock(g, sups, e2, asOfMs, resched);
        expect(RANK[k2.timeliness]).toBeGreaterThanOrEqual(RANK[k1.timeliness]!);
        if (resched !== null) expect(RANK[k2.vsRescheduled!.timeliness]).toBeGreaterThanOrEqual(RANK[k1.vsRescheduled!.timeliness]!);
      }),
      { numRuns: 1500 },
    );
  });

  it('an end while waiting reads as the waiting state at the request instant', () => {
    fc.assert(
      fc.property(
        genArb.filter((g) => g.sups.length > 0),
        (gen) => {
          const g = { ...gen, open: true };
          const { sups, lastMs } = build(g);
          const request = sups[sups.length - 1]!.req;
          const end = lastMs + g.endGap * MIN;
          const asOfMs = end + g.endGap2 * MIN;
          const due0 = oracleDue({ day: g.day, minute: g.minute }, g.limit[1], g.limit[1].unit === 'sameDay' ? 15 * 60 : undefined);
          const resched = g.resched === null ? null : due0.day + g.resched;
          const ended = clock(g, sups, end, asOfMs, resched);
          // (1) The waiting state, read just before the end, gives the same verdict and KPI due date.
          const waiting = clock(g, sups, null, end, resched);
          expect(waiting.state).toBe('waitingForCitizen');
          expect(ended.onTime).toBe(waiting.onTime);
          expect(ended.kpiDue).toEqual(waiting.kpiDue);
          expect(ended.end).toBe(waiting.end);
          expect(ended.end).toBe(iso(request));
          if (resched !== null) expect(ended.vsRescheduled!.onTime).toBe(waiting.vsRescheduled!.onTime);
          // (2) The same as a dossier without the open request that ended at the request time (the count of requests aside).
          const atRequest = kpiClock({ ...input(g, sups.slice(0, -1), request, asOfMs) }, cal, { policy: g.policy, maxSupplementRequests: null });
          const noLimit = kpiClock(input(g, sups, end, asOfMs), cal, { policy: g.policy, maxSupplementRequests: null });
          expect(noLimit.timeliness).toBe(atRequest.timeliness);
          expect(noLimit.kpiDue).toEqual(atRequest.kpiDue);
          // (3) Any other end instant gives the same reading.
          const later = clock(g, sups, end + g.endGap2 * MIN, asOfMs + g.endGap2 * MIN, resched);
          expect(later.timeliness).toBe(ended.timeliness);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
