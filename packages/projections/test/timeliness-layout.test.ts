/**
 * The timeliness cube's declared layout: generated offsets tile the counters
 * exactly, the typed accessors name distinct counters inside their blocks,
 * page keys round-trip for every covered day (before 2000 too), the layout
 * hash is part of the version and of snapshots, and the same history gives
 * the same report whatever its year.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeDue, formatDay, parseLocalDate, vietnamCalendar } from '@motcua/calendar';
import type { StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { report06a, timelinessProjection } from '@motcua/projections';
import {
  CUBE_LAYOUT,
  EDGES,
  FIRST_DAY,
  LAST_DAY,
  LAYOUT_HASH,
  OUTCOME_GROUPS,
  PAGE_DAYS,
  PENDING_LABELS,
  SLOT,
  SLOTS,
  VARIANT_GROUPS,
  VERDICTS,
  dayBase,
  dimensionOfKey,
  endedSlot,
  firstDayOfKey,
  pageKey,
  pendingSlot,
  receivedSlot,
  verdictSlot,
} from '../src/timeliness/layout';

describe('cube layout', () => {
  it('offsets are generated in declaration order and tile 0..SLOTS without gaps', () => {
    let next = 0;
    for (const [name, ...axes] of CUBE_LAYOUT) {
      expect(SLOT[name]).toBe(next);
      next += axes.reduce((size, axis) => size * axis.length, 1);
    }
    expect(SLOTS).toBe(next);
  });

  it('the typed accessors name distinct counters inside their own block', () => {
    const seen = new Set<number>();
    const inBlock = (slot: number, start: number, size: number) => {
      expect(slot).toBeGreaterThanOrEqual(start);
      expect(slot).toBeLessThan(start + size);
      expect(seen.has(slot)).toBe(false);
      seen.add(slot);
    };
    for (let c = 0; c < 3; c++) inBlock(receivedSlot(c), SLOT.received, 3);
    for (let e = 0; e < 4; e++) inBlock(endedSlot(e), SLOT.ended, 4);
    const verdicts = VARIANT_GROUPS.length * OUTCOME_GROUPS.length * VERDICTS.length;
    for (let g = 0; g < VARIANT_GROUPS.length; g++)
      for (let o = 0; o < OUTCOME_GROUPS.length; o++) for (let k = 0; k < VERDICTS.length; k++) inBlock(verdictSlot(g, o) + k, SLOT.verdict, verdicts);
    const pending = VARIANT_GROUPS.length * EDGES.length * PENDING_LABELS.length;
    for (let g = 0; g < VARIANT_GROUPS.length; g++)
      for (let e = 0; e < EDGES.length; e++) for (let l = 0; l < PENDING_LABELS.length; l++) inBlock(pendingSlot(g, e, l), SLOT.pending, pending);
    expect(seen.size).toBe(3 + 4 + verdicts + pending);
  });

  it('page keys round-trip for every covered day, before 2000 too, and refuse the others', () => {
    expect(formatDay(FIRST_DAY)).toBe('1600-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: FIRST_DAY, max: LAST_DAY }), (dim, day) => {
        const key = pageKey(dim, day);
        expect(dimensionOfKey(key)).toBe(dim);
        const first = firstDayOfKey(key);
        expect(day - first).toBeGreaterThanOrEqual(0);
        expect(day - first).toBeLessThan(PAGE_DAYS);
        expect(dayBase(day)).toBe((day - first) * SLOTS);
      }),
      { numRuns: 3000 },
    );
    expect(() => pageKey(0, FIRST_DAY - 1)).toThrow(RangeError);
    expect(() => pageKey(0, LAST_DAY + 1)).toThrow(RangeError);
  });

  it('the layout hash is in the version and in snapshots; a snapshot of another layout is refused', () => {
    const projection = timelinessProjection();
    expect(projection.version).toContain(`layout=${LAYOUT_HASH}`);
    const snapshot = projection.toSnapshot(projection.init());
    expect(snapshot.layout).toBe(LAYOUT_HASH);
    expect(() => projection.fromSnapshot({ ...snapshot, layout: 'deadbeef' })).toThrow(/layout/);
    expect(() => projection.fromSnapshot({ ...snapshot, layout: undefined })).toThrow(/layout/);
  });

  it("records are the shared tracker's: a v1 snapshot (records ending on `endDay`) is refused, the version names v7 (v4: dimensions with handling unit and rule pack; v5: late events by their own day, the KPI clock of an end while waiting; v6: 766 5.3 subtracts a petition once, the late-event window restarts at the return; v7: a limit in working hours is passed only by working time)", () => {
    const projection = timelinessProjection();
    expect(projection.version).toMatch(/^timeliness\/7\//);
    const snapshot = projection.toSnapshot(projection.init());
    expect(snapshot.v).toBe(2);
    expect(() => projection.fromSnapshot({ ...snapshot, v: 1 } as never)).toThrow(/v1, expected v2/);
  });
});

describe('days before 2000', () => {
  const cal = vietnamCalendar();
  const catalog = sampleCatalog();
  const limit = { unit: 'workingDays', value: 3 } as const;
  /** A dossier accepted on `day` at 09:00 and resolved `after` days later; the second is left open. */
  function history(startDay: number, after: number): StoredEvent[] {
    const at = (day: number) => `${formatDay(day)}T09:00:00.000+07:00`;
    const accepted = (id: string, day: number): StoredEvent =>
      ({
        streamId: id,
        version: 1,
        position: 0,
        type: 'DossierAccepted',
        data: {
          procedure: { code: '2.002030', version: '1' },
          unit: { code: 'U1', name: 'Unit 1' },
          channel: 'direct',
          components: [],
          limit,
          due: computeDue(at(day), limit, cal),
        },
        metadata: { eventId: '', schemaVersion: 1, occurredAt: at(day), recordedAt: '', actor: { id: 'a', role: 'officer' } },
      }) as unknown as StoredEvent;
    const resolved: StoredEvent = {
      streamId: 'a',
      version: 2,
      position: 0,
      type: 'DossierResolved',
      data: { electronicResult: true, resultFiles: [] },
      metadata: { eventId: '', schemaVersion: 1, occurredAt: at(startDay + after), recordedAt: '', actor: { id: 'a', role: 'officer' } },
    } as unknown as StoredEvent;
    return [accepted('a', startDay), accepted('b', startDay + 1), resolved];
  }
  function report(startDay: number, after: number) {
    const projection = timelinessProjection({ calendar: cal });
    let state = projection.init();
    for (const e of history(startDay, after)) state = projection.apply(state, e);
    const from = formatDay(startDay - 3);
    const to = formatDay(startDay + 20);
    return report06a(state, { projection, catalog, from, to, groupBy: ['unit'] }).map((r) => ({ ...r, estimatedCalendarDays: 0 }));
  }

  it('are counted like any other day (same weekday and working-day pattern, 1999 and 2024)', () => {
    // Mondays whose next four weeks have no holiday in either year.
    const in1999 = parseLocalDate('1999-03-08');
    const in2024 = parseLocalDate('2024-03-04');
    for (const after of [0, 2, 4, 9]) {
      const old = report(in1999, after);
      expect(old).toHaveLength(1);
      expect(old[0]!.received.total).toBe(2);
      expect(old).toEqual(report(in2024, after));
    }
  });
});
