/**
 * Period reading of the timeliness state: per group dimension, the counters
 * of one period and one clock variant. Shared by report 06a and Decision 766.
 */
import { ValidationError } from '@motcua/core';
import { dayOfDate, endOfDayMs } from '../time';
import { pendingAt, type ClockEnv } from './clock';
import { receivedContributions } from './apply';
import { BASE_DAY, K_PER_GROUP, PAGE_DAYS, PAGE_SPAN, G_ALL, S_END_GRANTED, S_END_REFUSED, S_END_STOPPED, S_END_WITHDRAWN, S_K, S_P, S_RECV_DIRECT, S_RECV_ONLINE, S_RECV_POSTAL, SLOTS, type TimelinessState, type Variant } from './state';

/** Index of the variant-collapsed K counters in an accumulator (9: granted E/O/L, refused E/O/L, withdrawn|stopped E/O/L). */
export const A_K = SLOTS;
/** Pending labels at the end of the period (4). */
export const A_PEND = SLOTS + K_PER_GROUP;
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
  const okDate = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d);
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
  const kv = S_K + v * K_PER_GROUP;
  const ka = S_K + G_ALL * K_PER_GROUP;
  const pv = S_P + v * 8;
  const pa = S_P + G_ALL * 8;
  for (const [key, pg] of s.cube) {
    const first = BASE_DAY + (key % PAGE_SPAN) * PAGE_DAYS;
    if (first > T) continue;
    const a = acc(Math.floor(key / PAGE_SPAN));
    for (let d = 0; d < PAGE_DAYS; d++) {
      const day = first + d;
      if (day > T) break;
      const o = d * SLOTS;
      for (let l = 0; l < 4; l++) a[A_PEND + l]! += pg[o + pv + l]! - pg[o + pv + 4 + l]! + pg[o + pa + l]! - pg[o + pa + 4 + l]!;
      if (day < F) {
        a[A_CARRIED]! += pg[o + S_RECV_DIRECT]! + pg[o + S_RECV_ONLINE]! + pg[o + S_RECV_POSTAL]! - pg[o + S_END_GRANTED]! - pg[o + S_END_REFUSED]! - pg[o + S_END_WITHDRAWN]! - pg[o + S_END_STOPPED]!;
        continue;
      }
      for (let i = 0; i < S_K; i++) a[i]! += pg[o + i]!;
      for (let i = S_P + 40; i < SLOTS; i++) a[i]! += pg[o + i]!;
      for (let k = 0; k < K_PER_GROUP; k++) a[A_K + k]! += pg[o + kv + k]! + pg[o + ka + k]!;
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
