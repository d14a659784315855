import type { StoredEvent } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { controlSlipProjection, receptionProjection, satisfactionProjection, timelinessProjection, tt01Projection, type Projection } from '@motcua/projections';

/** Every built-in projection, as the runner sees them. */
export function allProjections(): Projection<unknown>[] {
  const calendar = vietnamCalendar();
  return [
    timelinessProjection({ calendar }),
    timelinessProjection({ calendar, policy: 'minute', lateEventWindowDays: 5, name: 'timeliness-minute' }),
    tt01Projection({ calendar }),
    satisfactionProjection({ lateEventWindowDays: 3 }),
    controlSlipProjection({ retentionDays: 4 }),
    timelinessProjection({ calendar, kpiCountIntakeSupplements: true, lateEventWindowDays: 2, name: 'timeliness-intake' }),
    receptionProjection({ calendar }),
    receptionProjection({ calendar, receptionLimit: { unit: 'workingDays', value: 1 }, windowDays: 2, name: 'reception-day' }),
  ] as Projection<unknown>[];
}

/** Canonical JSON of a projection state (what is saved with the checkpoint). */
export const snap = (p: Projection<unknown>, s: unknown): string => JSON.stringify(p.toSnapshot(s));

/** Fold with the projection's filter, like the runner does. */
export function fold(p: Projection<unknown>, events: readonly StoredEvent[], from?: unknown): unknown {
  let s = from ?? p.init();
  for (const e of events) if (!p.filter?.streamPrefix || e.streamId.startsWith(p.filter.streamPrefix)) s = p.apply(s, e);
  return s;
}
