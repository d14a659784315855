import { describe, expect, it } from 'vitest';
import { CalendarError, kpiClock, legalDue, vietnamCalendar } from '@motcua/calendar';

const cal = vietnamCalendar();
const limit = { unit: 'workingDays', value: 5 } as const;
const acceptedAt = '2025-03-03T09:00:00.000+07:00'; // Mon; original due Mon 10/03

describe('legalDue: restart after a supplement, at most one reschedule', () => {
  it('restarts the limit from the day the supplement is provided', () => {
    const r = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-12T08:00:00.000+07:00' }] }, cal);
    expect(r.originalDue.date).toBe('2025-03-10');
    expect(r.currentDue?.date).toBe('2025-03-19');
    expect(r.restarts).toHaveLength(1);
    expect(r.effectiveDue?.date).toBe('2025-03-19');
  });
  it('has no current due date while waiting for the citizen', () => {
    const r = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00' }] }, cal);
    expect(r.waitingForCitizen).toBe(true);
    expect(r.waitingSince).toBe('2025-03-05T10:00:00.000+07:00');
    expect(r.currentDue).toBeNull();
  });
  it('keeps original and rescheduled dates, and flags a late apology', () => {
    const onTime = legalDue({ acceptedAt, limit, reschedules: [{ issuedAt: '2025-03-07T10:00:00.000+07:00', newDue: '2025-03-14' }] }, cal);
    expect(onTime.originalDue.date).toBe('2025-03-10');
    expect(onTime.rescheduledDue).toEqual({ date: '2025-03-14', at: '2025-03-14T17:00:00.000+07:00' });
    expect(onTime.apologyDeadline).toBe('2025-03-07');
    expect(onTime.lateApology).toBe(false);
    expect(onTime.effectiveDue?.date).toBe('2025-03-14');
    const late = legalDue({ acceptedAt, limit, reschedules: [{ issuedAt: '2025-03-10T08:00:00.000+07:00', newDue: '2025-03-14' }] }, cal);
    expect(late.lateApology).toBe(true);
  });
  it('rejects a second reschedule and a reschedule that does not postpone', () => {
    const two = [
      { issuedAt: '2025-03-06T10:00:00.000+07:00', newDue: '2025-03-14' },
      { issuedAt: '2025-03-12T10:00:00.000+07:00', newDue: '2025-03-20' },
    ];
    expect(() => legalDue({ acceptedAt, limit, reschedules: two }, cal)).toThrow(expect.objectContaining({ code: 'CALENDAR_SECOND_RESCHEDULE' }));
    expect(() => legalDue({ acceptedAt, limit, reschedules: [{ issuedAt: '2025-03-06T10:00:00.000+07:00', newDue: '2025-03-10' }] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_RESCHEDULE' }),
    );
  });
  it('rejects supplements out of order', () => {
    expect(() => legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-01T10:00:00.000+07:00' }] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_SUPPLEMENTS' }),
    );
    expect(() => legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-04T10:00:00.000+07:00' }] }, cal)).toThrow(
      CalendarError,
    );
    expect(() => legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00' }, { requestedAt: '2025-03-06T10:00:00.000+07:00' }] }, cal)).toThrow(
      /no providedAt/,
    );
  });
});

describe('kpiClock (QĐ 766 indicator 2.1)', () => {
  const asOf = '2025-03-31T00:00:00.000+07:00';
  it('subtracts supplement time: the KPI due date moves by the paused working days', () => {
    const k = kpiClock(
      {
        acceptedAt,
        limit,
        supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-07T10:00:00.000+07:00' }],
        endedAt: '2025-03-11T16:00:00.000+07:00',
        asOf,
      },
      cal,
    );
    expect(k.paused).toBe(2);
    expect(k.kpiDue.date).toBe('2025-03-12');
    expect(k.timeliness).toBe('early');
    expect(k.onTime).toBe(true);
    expect(k.state).toBe('ended');
    // the legal clock restarts instead: due 14/03
    const l = legalDue({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-07T10:00:00.000+07:00' }] }, cal);
    expect(l.currentDue?.date).toBe('2025-03-14');
  });
  it('late without the pause, on time with it', () => {
    const base = { acceptedAt, limit, endedAt: '2025-03-12T10:00:00.000+07:00', asOf };
    expect(kpiClock(base, cal).timeliness).toBe('late');
    expect(kpiClock({ ...base, supplements: [{ requestedAt: '2025-03-04T10:00:00.000+07:00', providedAt: '2025-03-06T10:00:00.000+07:00' }] }, cal).timeliness).toBe('onTime');
  });
  it('ends at the request time while the citizen has not answered', () => {
    const k = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-07T10:00:00.000+07:00' }], asOf }, cal);
    expect(k.state).toBe('waitingForCitizen');
    expect(k.end).toBe('2025-03-07T10:00:00.000+07:00');
    expect(k.timeliness).toBe('dueSoon');
    expect(k.onTime).toBe(true);
    const lateRequest = kpiClock({ acceptedAt, limit, supplements: [{ requestedAt: '2025-03-11T10:00:00.000+07:00' }], asOf }, cal);
    expect(lateRequest.timeliness).toBe('overdue');
    expect(lateRequest.onTime).toBe(false);
  });
  it('more than one supplement request counts as late (configurable)', () => {
    const input = {
      acceptedAt,
      limit,
      supplements: [
        { requestedAt: '2025-03-04T10:00:00.000+07:00', providedAt: '2025-03-04T15:00:00.000+07:00' },
        { requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-05T15:00:00.000+07:00' },
      ],
      endedAt: '2025-03-06T10:00:00.000+07:00',
      asOf,
    };
    const k = kpiClock(input, cal);
    expect(k.tooManySupplements).toBe(true);
    expect(k.timeliness).toBe('late');
    expect(k.onTime).toBe(false);
    expect(kpiClock(input, cal, { maxSupplementRequests: 2 }).timeliness).toBe('early');
    expect(kpiClock(input, cal, { maxSupplementRequests: null }).onTime).toBe(true);
  });
  it('a running dossier is read at asOf; reports against the rescheduled date too', () => {
    const k = kpiClock({ acceptedAt, limit, asOf: '2025-03-11T09:00:00.000+07:00', rescheduledDue: '2025-03-14' as never }, cal);
    expect(k.state).toBe('running');
    expect(k.timeliness).toBe('overdue');
    expect(k.vsRescheduled?.timeliness).toBe('withinTime');
  });
  it('measures pauses in hours for hour limits', () => {
    const k = kpiClock(
      {
        acceptedAt: '2025-03-05T08:00:00.000+07:00',
        limit: { unit: 'workingHours', value: 8 },
        supplements: [{ requestedAt: '2025-03-05T10:00:00.000+07:00', providedAt: '2025-03-05T14:30:00.000+07:00' }],
        asOf,
      },
      cal,
    );
    expect(k.paused).toBe(2.5);
    expect(k.originalDue.at).toBe('2025-03-06T08:00:00.000+07:00');
    expect(k.kpiDue.at).toBe('2025-03-06T10:30:00.000+07:00');
  });
  it('validates its input', () => {
    expect(() => kpiClock({ acceptedAt, limit, asOf: '2025-03-01T00:00:00.000+07:00' }, cal)).toThrow(CalendarError);
    expect(() => kpiClock({ acceptedAt, limit, asOf, endedAt: '2025-04-30T00:00:00.000+07:00' }, cal)).toThrow(/endedAt/);
    expect(() => kpiClock({ acceptedAt, limit, asOf, supplements: [{ requestedAt: '2025-04-05T00:00:00.000+07:00' }] }, cal)).toThrow(
      expect.objectContaining({ code: 'CALENDAR_INVALID_SUPPLEMENTS' }),
    );
  });
});

describe('kpiClock: intake supplement requests (RulePack.kpiCountIntakeSupplements, brief §11)', () => {
  const sups = [{ requestedAt: '2025-03-04T10:00:00.000+07:00', providedAt: '2025-03-05T10:00:00.000+07:00' }];
  const input = { acceptedAt, limit, supplements: sups, endedAt: '2025-03-06T10:00:00.000+07:00', asOf: '2025-03-31T00:00:00.000+07:00' };
  it('are not counted by default: one post-acceptance request is within the limit of 1', () => {
    const k = kpiClock(input, cal);
    expect(k.tooManySupplements).toBe(false);
    expect(k.timeliness).toBe('early');
  });
  it('count towards "more than one request → late" when given, without pausing the clock', () => {
    const k = kpiClock({ ...input, intakeSupplementRequests: 1 }, cal);
    expect(k.supplementRequests).toBe(2);
    expect(k.tooManySupplements).toBe(true);
    expect(k.timeliness).toBe('late');
    expect(k.kpiDue).toEqual(kpiClock(input, cal).kpiDue);
    expect(kpiClock({ ...input, intakeSupplementRequests: 1 }, cal, { maxSupplementRequests: 2 }).timeliness).toBe('early');
  });
  it('reject a non-integer count with a CalendarError', () => {
    expect(() => kpiClock({ ...input, intakeSupplementRequests: -1 }, cal)).toThrow(CalendarError);
  });
});
