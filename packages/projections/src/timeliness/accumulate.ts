/**
 * Period reading of the timeliness state: per group dimension, the counters
 * of one period and one clock variant. Shared by report 06a and Decision 766.
 */
import { isLocalDateString } from '@motcua/calendar';
import { ValidationError } from '@motcua/core';
import { dayOfDate, endOfDayMs } from '../time';
import { pendingAt, type ClockEnv } from './clock';
import { receivedContributions } from './apply';
import {
  EDGE,
  ENDING,
  PAGE_DAYS,
  SLOT,
  SLOTS,
  VARIANT_GROUP,
  VERDICTS_PER_GROUP,
  CHANNEL,
  dimensionOfKey,
  endedSlot,
  firstDayOfKey,
  pendingSlot,
  receivedSlot,
  verdictSlot,
} from './layout';
import type { TimelinessState, Variant } from './state';

/** Index of the variant-collapsed verdict counters in an accumulator (9: granted E/O/L, refused E/O/L, withdrawn|stopped|closed E/O/L). */
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

export function checkPeriod(query: PeriodQuery): { F: number; T: number; asOfMs: number } {
  const issues = [];
  const okDate = (d: unknown) => typeof d === 'string' && isLocalDateString(d);
  if (!okDate(query.from)) issues.push({ code: 'invalid_date', path: ['from'], message: 'expected YYYY-MM-DD' });
  if (!okDate(query.to)) issues.push({ code: 'invalid_date', path: ['to'], message: 'expected YYYY-MM-DD' });
  if (issues.length === 0 && query.from > query.to) issues.push({ code: 'invalid_period', path: ['to'], message: '`to` is before `from`' });
  const asOfMs = query.asOf === undefined ? undefined : Date.parse(query.asOf);
  if (asOfMs !== undefined && Number.isNaN(asOfMs)) issues.push({ code: 'invalid_instant', path: ['asOf'], message: 'expected an ISO instant' });
  if (issues.length) throw new ValidationError('Invalid report period', issues);
  const lastDay = dayOfDate(query.to);
  return { F: dayOfDate(query.from), T: lastDay, asOfMs: asOfMs ?? endOfDayMs(lastDay) };
}

/**
 * Counters per dimension index for one period and clock variant.
 * Slots 0..SLOTS-1 sum cube cells over days in the period (received-day,
 * end-day and event-day counters); `A_K`, `A_PEND`, `A_CARRIED` as documented.
 */
export function accumulate(state: TimelinessState, query: PeriodQuery, variant: Variant, env: ClockEnv): Map<number, Float64Array> {
  const { F: firstDay, T: lastDay, asOfMs } = checkPeriod(query);
  const out = new Map<number, Float64Array>();
  const totalsOf = (dim: number) => {
    let totals = out.get(dim);
    if (!totals) out.set(dim, (totals = new Float64Array(ACC)));
    return totals;
  };
  const verdictsOfVariant = verdictSlot(variant, 0);
  const verdictsOfAll = verdictSlot(VARIANT_GROUP.all, 0);
  const startsOfVariant = pendingSlot(variant, EDGE.start, 0);
  const stopsOfVariant = pendingSlot(variant, EDGE.stop, 0);
  const startsOfAll = pendingSlot(VARIANT_GROUP.all, EDGE.start, 0);
  const stopsOfAll = pendingSlot(VARIANT_GROUP.all, EDGE.stop, 0);
  const received = [receivedSlot(CHANNEL.direct), receivedSlot(CHANNEL.online), receivedSlot(CHANNEL.postal)];
  const ended = [endedSlot(ENDING.granted), endedSlot(ENDING.refused), endedSlot(ENDING.withdrawn), endedSlot(ENDING.stopped), endedSlot(ENDING.closed)];
  for (const [key, counters] of state.cube) {
    const first = firstDayOfKey(key);
    if (first > lastDay) continue;
    const totals = totalsOf(dimensionOfKey(key));
    for (let dayInPage = 0; dayInPage < PAGE_DAYS; dayInPage++) {
      const day = first + dayInPage;
      if (day > lastDay) break;
      const base = dayInPage * SLOTS;
      for (let label = 0; label < 4; label++) {
        totals[A_PEND + label]! +=
          counters[base + startsOfVariant + label]! - counters[base + stopsOfVariant + label]! + counters[base + startsOfAll + label]! - counters[base + stopsOfAll + label]!;
      }
      if (day < firstDay) {
        for (const slot of received) totals[A_CARRIED]! += counters[base + slot]!;
        for (const slot of ended) totals[A_CARRIED]! -= counters[base + slot]!;
        continue;
      }
      // Received-day and end-day counters, then event-day counters (the verdict and pending blocks are read above and below).
      for (let slot = 0; slot < SLOT.verdict; slot++) totals[slot]! += counters[base + slot]!;
      for (let slot = SLOT.petitionFiled; slot < SLOTS; slot++) totals[slot]! += counters[base + slot]!;
      for (let verdict = 0; verdict < VERDICTS_PER_GROUP; verdict++)
        totals[A_K + verdict]! += counters[base + verdictsOfVariant + verdict]! + counters[base + verdictsOfAll + verdict]!;
    }
  }
  for (const record of state.open.values()) {
    if (record.rDay > lastDay) continue;
    const totals = totalsOf(record.dim);
    if (record.rDay >= firstDay) receivedContributions(record, state.dims[record.dim]!.channel, totals, 0);
    else totals[A_CARRIED]!++;
    totals[A_PEND + pendingAt(record, asOfMs, variant, env).label]!++;
  }
  return out;
}
