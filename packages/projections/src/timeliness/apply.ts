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
import { CHANNEL, EDGE, ENDING, OUTCOME_GROUP, SLOT, VARIANT_GROUP, dayBase, endedSlot, pendingSlot, receivedSlot, samePage, verdictSlot } from './layout';
import {
  bumpCell,
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
export function receivedContributions(r: DossierRec, channel: 'direct' | 'online' | 'postal', counters: Int32Array | Float64Array, base: number): void {
  counters[base + receivedSlot(CHANNEL[channel])]!++;
  const f = r.flags;
  if (f === 0) return;
  if (f & F_ERESULT) {
    counters[base + SLOT.eResult]!++;
    if (channel !== 'online') counters[base + SLOT.eResultOffline]!++;
    if (f & F_DIG_COMPONENTS) counters[base + SLOT.digitisedWithEResult]!++;
  }
  if (f & F_DIG_COMPONENTS) counters[base + SLOT.digitisedComponents]!++;
  if (f & F_SYNCED) counters[base + SLOT.synced]!++;
  if (f & F_PAID_ONLINE) counters[base + SLOT.paidOnline]!++;
  if (f & F_REUSED) counters[base + SLOT.reused]!++;
  if (f & F_CSTORE) counters[base + SLOT.citizenStore]!++;
  if (f & F_POPULATION) counters[base + SLOT.population]!++;
  if (f & F_PET_OR_DISLIKE) counters[base + SLOT.petitionOrDislike]!++;
}

/** Ending counted on the end day, and outcome group of the verdict, of each `OUT_*`. */
const ENDING_OF = [ENDING.granted, ENDING.refused, ENDING.withdrawn, ENDING.stopped];
const OUTCOME_GROUP_OF = [OUTCOME_GROUP.granted, OUTCOME_GROUP.refusedAfterAppraisal, OUTCOME_GROUP.withdrawnOrStopped, OUTCOME_GROUP.withdrawnOrStopped];

function close(s: TimelinessState, id: string, r: DossierRec, e: StoredEvent, outcome: number, env: ApplyEnv): void {
  const endAt = e.metadata.occurredAt;
  const endDay = dayOfInstant(endAt);
  r.endDay = endDay;
  s.open.delete(id);
  s.tail.set(id, r);
  const dim = r.dim;
  const receivedDay = r.rDay;
  const channel = s.dims[dim]!.channel;
  // The counters of the received day and of the end day: a page and the day's base index in it.
  const receivedPage = page(s, dim, receivedDay);
  const receivedBase = dayBase(receivedDay);
  receivedContributions(r, channel, receivedPage, receivedBase);
  const endPage = samePage(receivedDay, endDay) ? receivedPage : page(s, dim, endDay);
  const endBase = dayBase(endDay);
  endPage[endBase + endedSlot(ENDING_OF[outcome]!)]!++;
  const outcomeGroup = OUTCOME_GROUP_OF[outcome]!;
  const pol = policyOf(r.limit, env.policy);
  if (outcome === OUT_GRANTED || outcome === OUT_REFUSED) {
    receivedPage[receivedBase + SLOT.durationSum]! += env.wd.between(receivedDay, endDay);
    receivedPage[receivedBase + SLOT.durationCount]!++;
  }
  const kpiLegal = kpiIsLegal(r, env);
  if (kpiLegal && r.apology === null) {
    // Fast path: the four clock variants coincide.
    endPage[endBase + verdictSlot(VARIANT_GROUP.all, outcomeGroup) + resolvedK(endAt, endDay, r.due0, r.dueDay0, pol)]!++;
    if (receivedDay < endDay) {
      // Pending within time from the received day to the first overdue day, then overdue until the end day.
      const overdueDay = pol === 'day' ? r.dueDay0 + 1 : dayOfMs(overdueFromMs(r.due0, r.dueDay0, pol));
      const turn = overdueDay < receivedDay ? receivedDay : overdueDay > endDay ? endDay : overdueDay;
      const turnPage = turn === receivedDay ? receivedPage : turn === endDay ? endPage : page(s, dim, turn);
      const turnBase = dayBase(turn);
      if (turn > receivedDay) {
        receivedPage[receivedBase + pendingSlot(VARIANT_GROUP.all, EDGE.start, L_WITHIN)]!++;
        turnPage[turnBase + pendingSlot(VARIANT_GROUP.all, EDGE.stop, L_WITHIN)]!++;
      }
      if (turn < endDay) {
        turnPage[turnBase + pendingSlot(VARIANT_GROUP.all, EDGE.start, L_OVERDUE)]!++;
        endPage[endBase + pendingSlot(VARIANT_GROUP.all, EDGE.stop, L_OVERDUE)]!++;
      }
    }
    return;
  }
  const endMs = Date.parse(endAt);
  // Variants coincide without an apology (rescheduled = original) or without supplements (KPI = legal).
  const same = (v: number): number => (r.apology === null && (v & 1) === 1 ? v - 1 : kpiLegal && v >= 2 ? v - 2 : v);
  const verdicts = [0, 0, 0, 0];
  for (let v = 0; v < 4; v++) {
    const w = same(v);
    verdicts[v] = w === v ? endedK(r, endAt, endMs, endDay, v as Variant, env) : verdicts[w]!;
    endPage[endBase + verdictSlot(v, outcomeGroup) + verdicts[v]!]!++;
  }
  // Pending intervals between checkpoints (days on which the clock inputs changed).
  const checkpoints = [receivedDay];
  for (const x of r.sups ?? []) {
    checkpoints.push(x.reqDay);
    if (x.provAt !== null) checkpoints.push(x.provDay);
  }
  if (r.apology) checkpoints.push(r.apology.day);
  checkpoints.sort((a, b) => a - b);
  for (let i = 0; i < checkpoints.length; i++) {
    const from = checkpoints[i]!;
    if (i > 0 && from === checkpoints[i - 1]) continue;
    let until = endDay;
    for (let j = i + 1; j < checkpoints.length; j++) if (checkpoints[j]! > from) { until = Math.min(until, checkpoints[j]!); break; }
    if (from >= until) continue;
    const readAt = endOfDayMs(from);
    const readings: PendingReading[] = [];
    for (let v = 0; v < 4; v++) {
      const w = same(v);
      const reading = w === v ? pendingAt(r, readAt, v as Variant, env) : readings[w]!;
      readings.push(reading);
      const label = reading.label;
      if ((label === L_WITHIN || label === L_WAIT_WITHIN) && reading.overdueDay < until) {
        const over = label === L_WITHIN ? L_OVERDUE : L_WAIT_OVERDUE;
        bumpCell(s, dim, from, pendingSlot(v, EDGE.start, label));
        bumpCell(s, dim, reading.overdueDay, pendingSlot(v, EDGE.stop, label));
        bumpCell(s, dim, reading.overdueDay, pendingSlot(v, EDGE.start, over));
        bumpCell(s, dim, until, pendingSlot(v, EDGE.stop, over));
      } else {
        bumpCell(s, dim, from, pendingSlot(v, EDGE.start, label));
        bumpCell(s, dim, until, pendingSlot(v, EDGE.stop, label));
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
      if (r) setFlag(s, r, F_SYNCED, SLOT.synced);
      else s.unattributed++;
      return s;
    }
    case 'DossierRated': {
      if ((e.data as { like?: boolean }).like !== false) return s;
      const r = annotate(s, e.streamId);
      if (r) setFlag(s, r, F_PET_OR_DISLIKE, SLOT.petitionOrDislike);
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
        bumpCell(s, r.dim, day, SLOT.petitionFiled);
        if (r.flags & F_HAS_PETITION) bumpCell(s, r.dim, day, SLOT.petitionRepeated);
        r.flags |= F_HAS_PETITION;
        setFlag(s, r, F_PET_OR_DISLIKE, SLOT.petitionOrDislike);
      } else {
        bumpCell(s, r.dim, day, SLOT.petitionAnswered);
        if ((e.data as { late: boolean }).late) bumpCell(s, r.dim, day, SLOT.petitionAnsweredLate);
      }
      tick(s, day, env);
      return s;
    }
    default:
      return s;
  }
}

