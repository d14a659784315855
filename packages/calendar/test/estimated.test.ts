import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeDue, createCalendar, explainDue, OFFICIAL_SCHEDULES, vietnamCalendar } from '../src/index';

const cal = vietnamCalendar();
const covered = new Set(OFFICIAL_SCHEDULES.map((s) => s.year));

describe('estimated marker (years without an official schedule)', () => {
  it('isEstimated follows the bundled schedules year by year', () => {
    expect(cal.isEstimated('2026-09-01')).toBe(false);
    expect(cal.isEstimated('2025-04-26')).toBe(false);
    expect(cal.isEstimated('2027-01-01')).toBe(true);
    expect(cal.isEstimated('2027-02-08')).toBe(true);
    expect(cal.isEstimated('2030-06-12')).toBe(true);
  });

  it('isEstimated(d) ⇔ no bundled schedule for the year of d (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2010, max: 2040 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(cal.isEstimated(day)).toBe(!covered.has(y));
        expect(cal.explain(day).estimated === true).toBe(!covered.has(y));
      }),
    );
  });

  it('estimatedDays lists the estimated days of a period, both ends included', () => {
    expect(cal.estimatedDays('2026-12-30', '2027-01-02')).toEqual(['2027-01-01', '2027-01-02']);
    expect(cal.estimatedDays('2025-01-01', '2026-12-31')).toEqual([]);
    expect(cal.estimatedDays('2027-01-02', '2027-01-01')).toEqual([]);
    expect(cal.estimatedDays('2027-01-01', '2027-12-31')).toHaveLength(365);
  });

  it('user overrides are not estimated', () => {
    const c = vietnamCalendar({ overrides: [{ date: '2027-02-05', kind: 'work', reason: 'Tỉnh quyết định' }] });
    expect(c.isEstimated('2027-02-05')).toBe(false);
    expect(c.estimatedDays('2027-02-04', '2027-02-06')).toEqual(['2027-02-04', '2027-02-06']);
  });

  it('official: false makes every day estimated; a custom calendar never is', () => {
    expect(vietnamCalendar({ official: false }).isEstimated('2025-04-26')).toBe(true);
    expect(createCalendar().isEstimated('2027-02-08')).toBe(false);
    expect(createCalendar({ estimatedYear: (y) => y >= 2030 }).isEstimated('2030-01-01')).toBe(true);
  });

  it('explain().summary carries the marker', () => {
    const e = cal.explain('2027-02-08');
    expect(e.estimated).toBe(true);
    expect(e.summary).toContain('ước tính');
    expect(e.summary).toContain('2027');
    expect(cal.explain('2026-02-16').summary).not.toContain('ước tính');
    expect('estimated' in cal.explain('2026-02-16')).toBe(false);
  });

  it('compensatory days derived in an estimated year are marked', () => {
    // 2027: 1/5 is a Saturday → nghỉ bù Monday 03/05/2027 (fallback rules).
    const e = cal.explain('2027-05-03');
    expect(e.decidedBy).toBe('compensatory');
    expect(e.estimated).toBe(true);
    expect(e.summary).toContain('ước tính');
  });

  it('computeDue / explainDue carry estimated when the counted span reaches an estimated year', () => {
    const limit = { unit: 'workingDays', value: 5 } as const;
    expect(computeDue('2026-11-02T09:00:00.000+07:00', limit, cal).estimated).toBeUndefined();
    const d = computeDue('2026-12-28T09:00:00.000+07:00', limit, cal);
    expect(d.estimated).toBe(true);
    expect(computeDue('2026-12-28T09:00:00.000+07:00', limit, cal, { cutoff: '15:00' }).estimated).toBe(true);
    expect(computeDue('2027-03-01T09:00:00.000+07:00', { unit: 'workingHours', value: 4 }, cal).estimated).toBe(true);
    const t = explainDue('2026-12-28T09:00:00.000+07:00', limit, cal);
    expect(t.estimated).toBe(true);
    expect(t.due.estimated).toBe(true);
    expect(t.notes.join(' ')).toContain('2027');
    expect(t.steps.filter((s) => s.date >= '2027').every((s) => s.reason.includes('ước tính'))).toBe(true);
    expect(explainDue('2026-11-02T09:00:00.000+07:00', limit, cal).estimated).toBeUndefined();
  });

  it('due.estimated ⇔ some day from receipt to due is estimated (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const start = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const due = computeDue(start, { unit: 'workingDays', value: n }, cal);
        const expected = Number(start.slice(0, 4)) >= 2027 || Number(due.date.slice(0, 4)) >= 2027;
        expect(due.estimated === true).toBe(expected);
      }),
    );
  });

  it('estimatedDays(a, b) is exactly the isEstimated days of [a, b] (property, independent day walk)', () => {
    const c = vietnamCalendar({ overrides: [{ date: '2027-03-03', kind: 'off', reason: 'Tỉnh cho nghỉ' }] });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1500 }), fc.integer({ min: -5, max: 60 }), (offset, len) => {
        const a = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const b = new Date(Date.UTC(2024, 0, 1) + (offset + len) * 86_400_000).toISOString().slice(0, 10);
        const expected: string[] = [];
        for (let t = Date.parse(`${a}T00:00:00Z`); t <= Date.parse(`${b}T00:00:00Z`); t += 86_400_000) {
          const d = new Date(t).toISOString().slice(0, 10);
          // independent model: a year ≥ 2027 without a notice, minus the user's override
          if (Number(d.slice(0, 4)) >= 2027 && d !== '2027-03-03') expected.push(d);
        }
        expect(c.estimatedDays(a, b)).toEqual(expected);
      }),
    );
  });

  it('every explainDue step on an estimated day says so, whatever the unit', () => {
    for (const limit of [{ unit: 'workingDays', value: 10 }, { unit: 'calendarDays', value: 10 }, { unit: 'workingHours', value: 40 }, { unit: 'sameDay' }] as const) {
      const t = explainDue('2026-12-31T16:00:00.000+07:00', limit, cal);
      expect(t.estimated, limit.unit).toBe(true);
      for (const st of t.steps) expect(st.reason.includes('ước tính'), `${limit.unit} ${st.date}`).toBe(st.date >= '2027');
    }
  });

  it('the documented example', () => {
    expect(computeDue('2026-12-28T09:00:00.000+07:00', { unit: 'workingDays', value: 5 }, cal)).toEqual({
      date: '2027-01-05',
      at: '2027-01-05T17:00:00.000+07:00',
      estimated: true,
    });
  });
});
