/**
 * Period reading of the timeliness state: per group dimension, the counters
 * of one period and one clock variant. Shared by report 06a and Decision 766.
 */
import { isLocalDateString } from '@motcua/calendar';
import { ValidationError } from '@motcua/core';
import { dayOfDate, endOfDayMs } from '../time';
import { pendingAt, type ClockEnv } from './clock';
import { receivedContributions } from './apply';
import { EDGE, ENDING, PAGE_DAYS, SLOT, SLOTS, VARIANT_GROUP, VERDICTS_PER_GROUP, CHANNEL, dimensionOfKey, endedSlot, firstDayOfKey, pendingSlot, receivedSlot, verdictSlot } from './layout';
import type { TimelinessState, Variant } from './state';

/** Index of the variant-collapsed verdict counters in an accumulator (9: granted E/O/L, refused E/O/L, withdrawn|stopped E/O/L). */
export const A_K = SLOTS;
/** Pending labels at the end of the period (4). */
export const A_PEND = SLOTS + VERDICTS_PER_GROUP;
export const A_CARRIED = A_PEND + 4;
export const ACC = A_CARRIED + 1;

/** Period query: whole local days `from`..`to`; `asOf` classifies open dossiers (default: end of `to`). */
export interface PeriodQuery {
  from: string;
  to: string;
  /** Instant at which dossiers still open are classified (default the last millisecond of `to`). */
  asOf?: string;
}

export function checkPeriod(q: PeriodQuery): { F: number; T: number; asOfMs: number } {
  const issues = [];
  const okDate = (d: unknown) => typeof d === 'string' && isLocalDateString(d);
  if (!okDate(q.from)) issues.push({ code: 'invalid_date', path: ['from'], message: 'expected YYYY-MM-DD' });
  if (!okDate(q.to)) issues.push({ code: 'invalid_date', path: ['to'], message: 'expected YYYY-MM-DD' });
  if (issues.length === 0 && q.from > q.to) issues.push({ code: 'invalid_period', path: ['to'], message: '`to` is before `from`' });
  const asOfMs = q.asOf === undefined ? undefined : Date.parse(q.asOf);
  if (asOfMs !== undefined && Number.isNaN(asOfMs)) issues.push({ code: 'invalid_instant', path: ['asOf'], message: 'expected an ISO instant' });
  if (issues.length) throw new ValidationError('Invalid report period', issues);
  const T = dayOfDate(q.to);
  return { F: dayOfDate(q.from), T, asOfMs: asOfMs ?? endOfDayMs(T) };
}

/**
 * Counters per dimension index for one period and clock variant.
 * Slots 0..SLOTS-1 sum cube cells over days in the period (received-day,
 * end-day and event-day counters); `A_K`, `A_PEND`, `A_CARRIED` as documented.
 */
export function accumulate(s: TimelinessState, q: PeriodQuery, v: Variant, env: ClockEnv): Map<number, Float64Array> {
  const { F, T, asOfMs } = checkPeriod(q);
  const out = new Map<number, Float64Array>();
  const acc = (dim: number) => {
    let a = out.get(dim);
    if (!a) out.set(dim, (a = new Float64Array(ACC)));
    return a;
  };
  const verdictsOfVariant = verdictSlot(v, 0);
  const verdictsOfAll = verdictSlot(VARIANT_GROUP.all, 0);
  const startsOfVariant = pendingSlot(v, EDGE.start, 0);
  const stopsOfVariant = pendingSlot(v, EDGE.stop, 0);
  const startsOfAll = pendingSlot(VARIANT_GROUP.all, EDGE.start, 0);
  const stopsOfAll = pendingSlot(VARIANT_GROUP.all, EDGE.stop, 0);
  const received = [receivedSlot(CHANNEL.direct), receivedSlot(CHANNEL.online), receivedSlot(CHANNEL.postal)];
  const ended = [endedSlot(ENDING.granted), endedSlot(ENDING.refused), endedSlot(ENDING.withdrawn), endedSlot(ENDING.stopped)];
  for (const [key, counters] of s.cube) {
    const first = firstDayOfKey(key);
    if (first > T) continue;
    const a = acc(dimensionOfKey(key));
    for (let d = 0; d < PAGE_DAYS; d++) {
      const day = first + d;
      if (day > T) break;
      const o = d * SLOTS;
      for (let l = 0; l < 4; l++) a[A_PEND + l]! += counters[o + startsOfVariant + l]! - counters[o + stopsOfVariant + l]! + counters[o + startsOfAll + l]! - counters[o + stopsOfAll + l]!;
      if (day < F) {
        for (const slot of received) a[A_CARRIED]! += counters[o + slot]!;
        for (const slot of ended) a[A_CARRIED]! -= counters[o + slot]!;
        continue;
      }
      // Received-day and end-day counters, then event-day counters (the verdict and pending blocks are read above and below).
      for (let i = 0; i < SLOT.verdict; i++) a[i]! += counters[o + i]!;
      for (let i = SLOT.petitionFiled; i < SLOTS; i++) a[i]! += counters[o + i]!;
      for (let k = 0; k < VERDICTS_PER_GROUP; k++) a[A_K + k]! += counters[o + verdictsOfVariant + k]! + counters[o + verdictsOfAll + k]!;
    }
  }
  for (const r of s.open.values()) {
    if (r.rDay > T) continue;
    const a = acc(r.dim);
    if (r.rDay >= F) receivedContributions(r, s.dims[r.dim]!.channel, a, 0);
    else a[A_CARRIED]!++;
    a[A_PEND + pendingAt(r, asOfMs, v, env).label]!++;
  }
  return out;
}
