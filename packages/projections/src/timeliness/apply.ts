/**
 * `apply` of the timeliness projection: a switch on the event type, integer
 * counters, one Map lookup per tracked event. Clock computations run once per
 * dossier, when it ends.
 */
import type { StoredEvent } from '@motcua/core';
import type { Due, TimeLimit } from '@motcua/calendar';
import { dayOfInstant, dayOfMs, dayOfTrustedDate, endOfDayMs } from '../time';
import type { WorkingDayIndex } from '../working-days';
import { endedK, kpiIsLegal, overdueFromMs, pendingAt, policyOf, resolvedK, L_OVERDUE, L_WAIT_OVERDUE, L_WAIT_WITHIN, L_WITHIN, type ClockEnv, type PendingReading } from './clock';
import {
  BASE_DAY,
  bumpCell,
  offsetOf,
  page,
  F_CSTORE,
  F_DIG_COMPONENTS,
  F_ERESULT,
  F_HAS_PETITION,
  F_PAID_ONLINE,
  F_PET_OR_DISLIKE,
  F_POPULATION,
  F_REUSED,
  F_SYNCED,
  G_ALL,
  K_PER_GROUP,
  S_DIG_COMPONENTS,
  S_DIG_WITH_ERESULT,
  S_CSTORE,
  S_DUR_COUNT,
  S_DUR_SUM,
  S_END_GRANTED,
  S_END_REFUSED,
  S_END_STOPPED,
  S_END_WITHDRAWN,
  S_ERESULT,
  S_ERESULT_OFFLINE,
  S_K,
  S_P,
  S_PAID_ONLINE,
  S_PET_ANSWERED,
  S_PET_ANSWERED_LATE,
  S_PET_FILED,
  S_PET_OR_DISLIKE,
  S_PET_REPEATED,
  S_POPULATION,
  S_RECV_DIRECT,
  S_RECV_ONLINE,
  S_RECV_POSTAL,
  S_REUSED,
  S_SYNCED,
  type DossierRec,
  type TimelinessState,
  type Variant,
} from './state';

export interface ApplyEnv extends ClockEnv {
  windowDays: number;
  wd: WorkingDayIndex;
  /** Count intake supplement requests in the KPI clock's ">N requests → late": by rule pack id (`RulePack.kpiCountIntakeSupplements`), or forced. */
  countIntake: (rulePack: string | undefined) => boolean;
}

/** How a dossier ended. */
export const OUT_GRANTED = 0;
export const OUT_REFUSED = 1;
export const OUT_WITHDRAWN = 2;
export const OUT_STOPPED = 3;

interface AcceptedData {
  rulePack?: string;
  procedure: { code: string; version: string };
  unit: { code: string; name: string };
  channel: 'direct' | 'online' | 'postal';
  components: readonly { digitised?: boolean; reused?: boolean; fromCitizenStore?: boolean }[];
  usesPopulationData?: boolean;
  limit: TimeLimit;
  due: Due;
}

const CHANNEL_INDEX = { direct: 0, online: 1, postal: 2 } as const;

/** Dimension index of (unit, procedure version, channel): nested Map lookups, no key string built. */
function dimOf(s: TimelinessState, d: AcceptedData): number {
  let byProc = s.dimTree.get(d.unit.code);
  if (!byProc) s.dimTree.set(d.unit.code, (byProc = new Map()));
  const pk = d.procedure.version === '1' ? d.procedure.code : `${d.procedure.code}@${d.procedure.version}`;
  let slots = byProc.get(pk);
  if (!slots) byProc.set(pk, (slots = [-1, -1, -1]));
  const c = CHANNEL_INDEX[d.channel];
  let i = slots[c]!;
  if (i < 0) {
    i = s.dims.length;
    s.dims.push({ unit: d.unit.code, unitName: d.unit.name, procedure: d.procedure.code, version: d.procedure.version, channel: d.channel });
    slots[c] = i;
  }
  return i;
}

function tick(s: TimelinessState, day: number, env: ApplyEnv): void {
  if (day <= s.maxDay) return;
  s.maxDay = day;
  const limit = day - env.windowDays;
  for (const [id, r] of s.tail) {
    if (r.endDay >= limit) break;
    s.tail.delete(id);
  }
  // Intake supplement counts of dossiers never accepted.
  for (const [id, x] of s.intake) {
    if (x[1] >= limit) break;
    s.intake.delete(id);
  }
}

/**
 * Received-day contributions of a dossier (channel, digitisation, payment,
 * sync, petition/dislike flags). Used when a dossier ends (into the cube) and
 * for open dossiers at query time, so both agree.
 */
export function receivedContributions(r: DossierRec, channel: 'direct' | 'online' | 'postal', a: Int32Array | Float64Array, o: number): void {
  a[o + (channel === 'online' ? S_RECV_ONLINE : channel === 'postal' ? S_RECV_POSTAL : S_RECV_DIRECT)]!++;
  const f = r.flags;
  if (f === 0) return;
  if (f & F_ERESULT) {
    a[o + S_ERESULT]!++;
    if (channel !== 'online') a[o + S_ERESULT_OFFLINE]!++;
    if (f & F_DIG_COMPONENTS) a[o + S_DIG_WITH_ERESULT]!++;
  }
  if (f & F_DIG_COMPONENTS) a[o + S_DIG_COMPONENTS]!++;
  if (f & F_SYNCED) a[o + S_SYNCED]!++;
  if (f & F_PAID_ONLINE) a[o + S_PAID_ONLINE]!++;
  if (f & F_REUSED) a[o + S_REUSED]!++;
  if (f & F_CSTORE) a[o + S_CSTORE]!++;
  if (f & F_POPULATION) a[o + S_POPULATION]!++;
  if (f & F_PET_OR_DISLIKE) a[o + S_PET_OR_DISLIKE]!++;
}

function close(s: TimelinessState, id: string, r: DossierRec, e: StoredEvent, outcome: number, env: ApplyEnv): void {
  const endAt = e.metadata.occurredAt;
  const endDay = dayOfInstant(endAt);
  r.endDay = endDay;
  s.open.delete(id);
  s.tail.set(id, r);
  const dim = r.dim;
  const rDay = r.rDay;
  const channel = s.dims[dim]!.channel;
  const rp = page(s, dim, rDay);
  const ro = offsetOf(rDay);
  receivedContributions(r, channel, rp, ro);
  const sameEndPage = (rDay - BASE_DAY) >> 4 === (endDay - BASE_DAY) >> 4;
  const ep = sameEndPage ? rp : page(s, dim, endDay);
  const eo = offsetOf(endDay);
  ep[eo + (outcome === OUT_GRANTED ? S_END_GRANTED : outcome === OUT_REFUSED ? S_END_REFUSED : outcome === OUT_WITHDRAWN ? S_END_WITHDRAWN : S_END_STOPPED)]!++;
  const resolved = outcome === OUT_GRANTED || outcome === OUT_REFUSED;
  const kOff = outcome === OUT_GRANTED ? 0 : outcome === OUT_REFUSED ? 3 : 6;
  const pol = policyOf(r.limit, env.policy);
  if (resolved) {
    rp[ro + S_DUR_SUM]! += env.wd.between(rDay, endDay);
    rp[ro + S_DUR_COUNT]!++;
  }
  const kpiLegal = kpiIsLegal(r, env);
  if (kpiLegal && r.apology === null) {
    // Fast path: the four clock variants coincide.
    ep[eo + S_K + G_ALL * K_PER_GROUP + kOff + resolvedK(endAt, endDay, r.due0, r.dueDay0, pol)]!++;
    if (rDay < endDay) {
      const od = pol === 'day' ? r.dueDay0 + 1 : dayOfMs(overdueFromMs(r.due0, r.dueDay0, pol));
      const mid = od < rDay ? rDay : od > endDay ? endDay : od;
      const p = S_P + G_ALL * 8;
      const mp = mid === rDay ? rp : mid === endDay ? ep : page(s, dim, mid);
      const mo = offsetOf(mid);
      if (mid > rDay) {
        rp[ro + p + L_WITHIN]!++;
        mp[mo + p + 4 + L_WITHIN]!++;
      }
      if (mid < endDay) {
        mp[mo + p + L_OVERDUE]!++;
        ep[eo + p + 4 + L_OVERDUE]!++;
      }
    }
    return;
  }
  const endMs = Date.parse(endAt);
  // Variants coincide without an apology (rescheduled = original) or without supplements (KPI = legal).
  const same = (v: number): number => (r.apology === null && (v & 1) === 1 ? v - 1 : kpiLegal && v >= 2 ? v - 2 : v);
  const ks = [0, 0, 0, 0];
  for (let v = 0; v < 4; v++) {
    const w = same(v);
    ks[v] = w === v ? endedK(r, endAt, endMs, endDay, v as Variant, env) : ks[w]!;
    ep[eo + S_K + v * K_PER_GROUP + kOff + ks[v]!]!++;
  }
  // Pending intervals between checkpoints (days on which the clock inputs changed).
  const days = [rDay];
  for (const x of r.sups ?? []) {
    days.push(x.reqDay);
    if (x.provAt !== null) days.push(x.provDay);
  }
  if (r.apology) days.push(r.apology.day);
  days.sort((a, b) => a - b);
  for (let i = 0; i < days.length; i++) {
    const a = days[i]!;
    if (i > 0 && a === days[i - 1]) continue;
    let b = endDay;
    for (let j = i + 1; j < days.length; j++) if (days[j]! > a) { b = Math.min(b, days[j]!); break; }
    if (a >= b) continue;
    const t = endOfDayMs(a);
    const readings: PendingReading[] = [];
    for (let v = 0; v < 4; v++) {
      const w = same(v);
      const rd = w === v ? pendingAt(r, t, v as Variant, env) : readings[w]!;
      readings.push(rd);
      const p = S_P + v * 8;
      if ((rd.label === L_WITHIN || rd.label === L_WAIT_WITHIN) && rd.overdueDay < b) {
        const over = rd.label === L_WITHIN ? L_OVERDUE : L_WAIT_OVERDUE;
        bumpCell(s, dim, a, p + rd.label);
        bumpCell(s, dim, rd.overdueDay, p + 4 + rd.label);
        bumpCell(s, dim, rd.overdueDay, p + over);
        bumpCell(s, dim, b, p + 4 + over);
      } else {
        bumpCell(s, dim, a, p + rd.label);
        bumpCell(s, dim, b, p + 4 + rd.label);
      }
    }
  }
}

const annotate = (s: TimelinessState, id: string): DossierRec | undefined => s.open.get(id) ?? s.tail.get(id);

function setFlag(s: TimelinessState, r: DossierRec, flag: number, slot: number): void {
  if (r.flags & flag) return;
  r.flags |= flag;
  if (r.endDay >= 0) bumpCell(s, r.dim, r.rDay, slot);
}

/** Apply one event to the timeliness state (mutates and returns it). */
export function applyTimeliness(s: TimelinessState, e: StoredEvent, env: ApplyEnv): TimelinessState {
  switch (e.type) {
    case 'DossierAccepted': {
      const d = e.data as AcceptedData;
      const at = e.metadata.occurredAt;
      const rDay = dayOfInstant(at);
      let flags = d.usesPopulationData ? F_POPULATION : 0;
      const comps = d.components;
      if (comps.length > 0) {
        let all = true;
        for (const c of comps) {
          if (!c.digitised) all = false;
          if (c.reused) flags |= F_REUSED;
          if (c.fromCitizenStore) flags |= F_CSTORE;
        }
        if (all) flags |= F_DIG_COMPONENTS;
      }
      const intake = s.intake.get(e.streamId);
      if (intake) s.intake.delete(e.streamId);
      const intakeSups = intake && env.countIntake(d.rulePack) ? intake[0] : 0;
      s.open.set(e.streamId, { dim: dimOf(s, d), rDay, acceptedAt: at, limit: d.limit, due0: d.due, dueDay0: dayOfTrustedDate(d.due.date), sups: null, apology: null, flags, intakeSups, endDay: -1 });
      tick(s, rDay, env);
      return s;
    }
    case 'IntakeSupplementRequested': {
      if (s.open.has(e.streamId) || s.tail.has(e.streamId)) return s;
      const day = dayOfInstant(e.metadata.occurredAt);
      const x = s.intake.get(e.streamId);
      if (x) x[0]++;
      else s.intake.set(e.streamId, [1, day]);
      return s;
    }
    case 'ReceptionRefused':
      s.intake.delete(e.streamId);
      return s;
    case 'SupplementRequested': {
      const r = s.open.get(e.streamId);
      if (r) {
        const at = e.metadata.occurredAt;
        (r.sups ??= []).push({ reqAt: at, reqMs: Date.parse(at), reqDay: dayOfInstant(at), provAt: null, provMs: 0, provDay: 0, due: null, dueDay: 0 });
      }
      return s;
    }
    case 'SupplementProvided': {
      const last = s.open.get(e.streamId)?.sups?.at(-1);
      if (last) {
        const at = e.metadata.occurredAt;
        last.provAt = at;
        last.provMs = Date.parse(at);
        last.provDay = dayOfInstant(at);
        last.due = (e.data as { due: Due }).due;
        last.dueDay = dayOfTrustedDate(last.due.date);
      }
      return s;
    }
    case 'ApologyIssued': {
      const r = s.open.get(e.streamId);
      if (r) {
        const at = e.metadata.occurredAt;
        const newDue = (e.data as { newDue: Due }).newDue;
        r.apology = { at, ms: Date.parse(at), day: dayOfInstant(at), newDue, newDueDay: dayOfTrustedDate(newDue.date) };
      }
      return s;
    }
    case 'FeePaid': {
      const r = s.open.get(e.streamId);
      if (r && (e.data as { method: string }).method === 'online') r.flags |= F_PAID_ONLINE;
      return s;
    }
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'WithdrawalRequested':
    case 'ProcessingStopped': {
      const r = s.open.get(e.streamId);
      if (!r) return s;
      let outcome = OUT_GRANTED;
      if (e.type === 'DossierResolved') {
        if ((e.data as { electronicResult: boolean }).electronicResult) r.flags |= F_ERESULT;
      } else outcome = e.type === 'ResolutionRefused' ? OUT_REFUSED : e.type === 'WithdrawalRequested' ? OUT_WITHDRAWN : OUT_STOPPED;
      close(s, e.streamId, r, e, outcome, env);
      tick(s, r.endDay, env);
      return s;
    }
    case 'PortalSynced': {
      const r = annotate(s, e.streamId);
      if (r) setFlag(s, r, F_SYNCED, S_SYNCED);
      else s.unattributed++;
      return s;
    }
    case 'DossierRated': {
      if ((e.data as { like?: boolean }).like !== false) return s;
      const r = annotate(s, e.streamId);
      if (r) setFlag(s, r, F_PET_OR_DISLIKE, S_PET_OR_DISLIKE);
      else s.unattributed++;
      return s;
    }
    case 'PetitionFiled':
    case 'PetitionAnswered': {
      const r = annotate(s, e.streamId);
      if (!r) {
        s.unattributed++;
        return s;
      }
      const day = dayOfInstant(e.metadata.occurredAt);
      if (e.type === 'PetitionFiled') {
        bumpCell(s, r.dim, day, S_PET_FILED);
        if (r.flags & F_HAS_PETITION) bumpCell(s, r.dim, day, S_PET_REPEATED);
        r.flags |= F_HAS_PETITION;
        setFlag(s, r, F_PET_OR_DISLIKE, S_PET_OR_DISLIKE);
      } else {
        bumpCell(s, r.dim, day, S_PET_ANSWERED);
        if ((e.data as { late: boolean }).late) bumpCell(s, r.dim, day, S_PET_ANSWERED_LATE);
      }
      tick(s, day, env);
      return s;
    }
    default:
      return s;
  }
}

