/**
 * `apply` of the timeliness projection: a switch on the event type, integer
 * counters, one Map lookup per tracked event. Clock computations run once per
 * dossier, when it ends.
 */
import { unknownEventType, type DossierEventType, type StoredEvent } from '@motcua/core';
import type { Due, TimeLimit } from '@motcua/calendar';
import { internDue, internLimit } from '../intern';
import { endTracked, evictionLimit, lateRecord, restartWindow, tickTracked, tracked } from '../tracker';
import { dayOfEventInstant, dayOfMs, dayOfTrustedDate, endOfDayMs } from '../time';
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
  type IntakeEntry,
  type IntakePetition,
  type PendingPetition,
  type TimelinessEnded,
  type TimelinessRec,
  type TimelinessState,
  type Variant,
  dimKey,
} from './state';

export interface ApplyEnv extends ClockEnv {
  windowDays: number;
  wd: WorkingDayIndex;
  /** Count intake supplement requests in the KPI clock's ">N requests → late": by rule pack id (`RulePack.kpiCountIntakeSupplements`), or forced. */
  countIntake: (rulePack: string | undefined) => boolean;
  /** `countIntake` is forced by the option `kpiCountIntakeSupplements` (the packs are not read). */
  intakeForced: boolean;
}

/** How a dossier ended. */
export const OUT_GRANTED = 0;
export const OUT_REFUSED = 1;
export const OUT_WITHDRAWN = 2;
export const OUT_STOPPED = 3;
/** Closed by the one-stop officer (NĐ 118/2025 Đ19.5). */
export const OUT_CLOSED = 4;

interface AcceptedData {
  rulePack?: string;
  procedure: { code: string; version: string };
  unit: { code: string; name: string };
  competentUnit?: { code: string; name: string };
  channel: 'direct' | 'online' | 'postal';
  components: readonly { digitised?: boolean; reused?: boolean; fromCitizenStore?: boolean }[];
  usesPopulationData?: boolean;
  limit: TimeLimit;
  due: Due;
}

const CHANNEL_INDEX = { direct: 0, online: 1, postal: 2 } as const;

/** Dimension index of (unit, procedure version, channel): nested Map lookups, no key string built. */
function dimOf(state: TimelinessState, data: AcceptedData): number {
  let byProc = state.dimTree.get(data.unit.code);
  if (!byProc) state.dimTree.set(data.unit.code, (byProc = new Map()));
  const handlingUnit = data.competentUnit && data.competentUnit.code !== data.unit.code ? data.competentUnit.code : undefined;
  const procedureKey = dimKey(data.procedure.code, data.procedure.version, handlingUnit, data.rulePack);
  let slots = byProc.get(procedureKey);
  if (!slots) byProc.set(procedureKey, (slots = [-1, -1, -1]));
  const channel = CHANNEL_INDEX[data.channel];
  let index = slots[channel]!;
  if (index < 0) {
    index = state.dims.length;
    state.dims.push({
      unit: data.unit.code,
      unitName: data.unit.name,
      procedure: data.procedure.code,
      version: data.procedure.version,
      channel: data.channel,
      ...(handlingUnit !== undefined ? { handlingUnit } : {}),
      ...(data.rulePack !== undefined ? { rulePack: data.rulePack } : {}),
    });
    slots[channel] = index;
  }
  return index;
}

/** Advance the business day: the tracker evicts ended records, then intake entries of dossiers never accepted (by their latest fact's day) go on the same tick. */
function tick(state: TimelinessState, day: number, env: ApplyEnv): void {
  if (!tickTracked(state, day, env.windowDays)) return;
  const limit = evictionLimit(day, env.windowDays);
  for (const [id, intake] of state.intake) {
    if (intake[1] >= limit) break;
    state.intake.delete(id);
  }
}

/**
 * Received-day contributions of a dossier (channel, digitisation, payment,
 * sync, petition/dislike flags). Used when a dossier ends (into the cube) and
 * for open dossiers at query time, so both agree.
 */
export function receivedContributions(record: TimelinessRec, channel: 'direct' | 'online' | 'postal', counters: Int32Array | Float64Array, base: number): void {
  counters[base + receivedSlot(channel === 'online' ? CHANNEL.online : channel === 'postal' ? CHANNEL.postal : CHANNEL.direct)]!++;
  const recordFlags = record.flags;
  if (recordFlags === 0) return;
  if (recordFlags & F_ERESULT) {
    counters[base + SLOT.eResult]!++;
    if (channel !== 'online') counters[base + SLOT.eResultOffline]!++;
    if (recordFlags & F_DIG_COMPONENTS) counters[base + SLOT.digitisedWithEResult]!++;
  }
  if (recordFlags & F_DIG_COMPONENTS) counters[base + SLOT.digitisedComponents]!++;
  if (recordFlags & F_SYNCED) counters[base + SLOT.synced]!++;
  if (recordFlags & F_PAID_ONLINE) counters[base + SLOT.paidOnline]!++;
  if (recordFlags & F_REUSED) counters[base + SLOT.reused]!++;
  if (recordFlags & F_CSTORE) counters[base + SLOT.citizenStore]!++;
  if (recordFlags & F_POPULATION) counters[base + SLOT.population]!++;
  if (recordFlags & F_PET_OR_DISLIKE) counters[base + SLOT.petitionOrDislike]!++;
}

/** Ending counted on the end day, and outcome group of the verdict, of each `OUT_*`. */
const ENDING_OF = [ENDING.granted, ENDING.refused, ENDING.withdrawn, ENDING.stopped, ENDING.closed];
const OUTCOME_GROUP_OF = [
  OUTCOME_GROUP.granted,
  OUTCOME_GROUP.refusedAfterAppraisal,
  OUTCOME_GROUP.withdrawnOrStopped,
  OUTCOME_GROUP.withdrawnOrStopped,
  OUTCOME_GROUP.withdrawnOrStopped,
];

function close(state: TimelinessState, id: string, record: TimelinessRec, event: StoredEvent, outcome: number, env: ApplyEnv): void {
  const endAt = event.metadata.occurredAt;
  const endDay = dayOfEventInstant(endAt);
  record.closedDay = endDay;
  // The tail keeps only what late annotations read (the clock inputs are spent once the verdicts are counted).
  endTracked(state, id, { closedDay: endDay, dim: record.dim, rDay: record.rDay, flags: record.flags, ...(record.pets ? { pets: record.pets } : {}) });
  const dim = record.dim;
  const receivedDay = record.rDay;
  const channel = state.dims[dim]!.channel;
  // The counters of the received day and of the end day: a page and the day's base index in it.
  const receivedPage = page(state, dim, receivedDay);
  const receivedBase = dayBase(receivedDay);
  receivedContributions(record, channel, receivedPage, receivedBase);
  const endPage = samePage(receivedDay, endDay) ? receivedPage : page(state, dim, endDay);
  const endBase = dayBase(endDay);
  endPage[endBase + endedSlot(ENDING_OF[outcome]!)]!++;
  const outcomeGroup = OUTCOME_GROUP_OF[outcome]!;
  const pol = policyOf(record.limit, env.policy);
  if (outcome === OUT_GRANTED || outcome === OUT_REFUSED) {
    receivedPage[receivedBase + SLOT.durationSum]! += env.wd.between(receivedDay, endDay);
    receivedPage[receivedBase + SLOT.durationCount]!++;
  }
  const kpiLegal = kpiIsLegal(record, env);
  if (kpiLegal && record.apology === null) {
    // Fast path: the four clock variants coincide.
    endPage[endBase + verdictSlot(VARIANT_GROUP.all, outcomeGroup) + resolvedK(Date.parse(endAt), endDay, record.due0, record.dueDay0, pol, env.cal)]!++;
    if (receivedDay < endDay) {
      // Pending within time from the received day to the first overdue day, then overdue until the end day.
      const overdueDay = pol === 'day' ? record.dueDay0 + 1 : dayOfMs(overdueFromMs(record.due0, record.dueDay0, pol, env.cal));
      const turn = overdueDay < receivedDay ? receivedDay : overdueDay > endDay ? endDay : overdueDay;
      const turnPage = turn === receivedDay ? receivedPage : turn === endDay ? endPage : page(state, dim, turn);
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
  const sameAs = (variant: number): number => (record.apology === null && (variant & 1) === 1 ? variant - 1 : kpiLegal && variant >= 2 ? variant - 2 : variant);
  const verdicts = [0, 0, 0, 0];
  for (let variant = 0; variant < 4; variant++) {
    const computed = sameAs(variant);
    verdicts[variant] = computed === variant ? endedK(record, endMs, endDay, variant as Variant, env) : verdicts[computed]!;
    endPage[endBase + verdictSlot(variant, outcomeGroup) + verdicts[variant]!]!++;
  }
  // Pending intervals between checkpoints (days on which the clock inputs changed).
  const checkpoints = [receivedDay];
  for (const sup of record.sups ?? []) {
    checkpoints.push(sup.reqDay);
    if (sup.provAt !== null) checkpoints.push(sup.provDay);
  }
  if (record.apology) checkpoints.push(record.apology.day);
  checkpoints.sort((a, b) => a - b);
  for (let i = 0; i < checkpoints.length; i++) {
    const from = checkpoints[i]!;
    if (i > 0 && from === checkpoints[i - 1]) continue;
    let until = endDay;
    for (let j = i + 1; j < checkpoints.length; j++)
      if (checkpoints[j]! > from) {
        until = Math.min(until, checkpoints[j]!);
        break;
      }
    if (from >= until) continue;
    const readAt = endOfDayMs(from);
    const readings: PendingReading[] = [];
    for (let variant = 0; variant < 4; variant++) {
      const computed = sameAs(variant);
      const reading = computed === variant ? pendingAt(record, readAt, variant as Variant, env) : readings[computed]!;
      readings.push(reading);
      const label = reading.label;
      if ((label === L_WITHIN || label === L_WAIT_WITHIN) && reading.overdueDay < until) {
        const over = label === L_WITHIN ? L_OVERDUE : L_WAIT_OVERDUE;
        bumpCell(state, dim, from, pendingSlot(variant, EDGE.start, label));
        bumpCell(state, dim, reading.overdueDay, pendingSlot(variant, EDGE.stop, label));
        bumpCell(state, dim, reading.overdueDay, pendingSlot(variant, EDGE.start, over));
        bumpCell(state, dim, until, pendingSlot(variant, EDGE.stop, over));
      } else {
        bumpCell(state, dim, from, pendingSlot(variant, EDGE.start, label));
        bumpCell(state, dim, until, pendingSlot(variant, EDGE.stop, label));
      }
    }
  }
}

/**
 * The intake entry of a stream not (or no longer) tracked, created on the first fact; its day becomes `day` when later,
 * and the entry moves to the end of the map, which stays ordered by that day (the eviction key).
 */
function intakeEntry(state: TimelinessState, id: string, day: number): IntakeEntry {
  let entry = state.intake.get(id);
  if (entry === undefined) state.intake.set(id, (entry = [0, day, -1]));
  else if (day > entry[1]) {
    entry[1] = day;
    state.intake.delete(id);
    state.intake.set(id, entry);
  }
  return entry;
}

/**
 * At acceptance: the syncs and petitions of the intake entry (made while the dossier was submitted or at the intake
 * supplement stage) join the record — flags on the record, petition counters on their own days under its dimension —
 * when their day is at most `windowDays` before `rDay`. Each was counted in `unattributed` when it came; no longer.
 */
function takeIntakeFacts(state: TimelinessState, record: TimelinessRec, entry: IntakeEntry, rDay: number, windowDays: number): void {
  for (let i = 3; i < entry.length; i++) {
    const fact = entry[i]!;
    if (typeof fact === 'number') {
      if (rDay - fact <= windowDays) {
        record.flags |= F_SYNCED;
        state.unattributed--;
      }
      continue;
    }
    const [petitionId, filedDay, answerDay, late] = fact;
    const filed = filedDay >= 0 && rDay - filedDay <= windowDays;
    const repeated = filed && (record.flags & F_HAS_PETITION) !== 0;
    if (filed) {
      state.unattributed--;
      bumpCell(state, record.dim, filedDay, SLOT.petitionFiled);
      if (repeated) bumpCell(state, record.dim, filedDay, SLOT.petitionRepeated);
      record.flags |= F_HAS_PETITION | F_PET_OR_DISLIKE;
    }
    if (answerDay >= 0 && rDay - answerDay <= windowDays) {
      state.unattributed--;
      bumpCell(state, record.dim, answerDay, SLOT.petitionAnswered);
      if (late) {
        bumpCell(state, record.dim, answerDay, SLOT.petitionAnsweredLate);
        // 5.3 subtracts a petition once: a repeated one is already subtracted as repeated.
        if (filed && !repeated) bumpCell(state, record.dim, filedDay, SLOT.petitionFiledAnsweredLate);
      }
    } else if (filed && answerDay < 0) (record.pets ??= []).push(repeated ? [petitionId, filedDay, 1] : [petitionId, filedDay]);
  }
}

/**
 * The return of the result (or the stop after a withdrawal) of an ended dossier: the window of its late events restarts
 * on that day when the day is within the window (a rating can only follow the return, and the satisfaction report's
 * record ends there). A function of the end day and this day, like the attribution ({@link restartWindow}).
 */
function windowFromLaterStep(state: TimelinessState, event: StoredEvent, env: ApplyEnv): void {
  const day = dayOfEventInstant(event.metadata.occurredAt);
  if (restartWindow(state, event.streamId, day, env.windowDays)) tick(state, day, env);
}

function setFlag(state: TimelinessState, record: TimelinessRec | TimelinessEnded, flag: number, slot: number): void {
  if (record.flags & flag) return;
  record.flags |= flag;
  if (record.closedDay >= 0) bumpCell(state, record.dim, record.rDay, slot);
}

/** Apply one event to the timeliness state (mutates and returns it). */
export function applyTimeliness(state: TimelinessState, event: StoredEvent, env: ApplyEnv): TimelinessState {
  const type = event.type as DossierEventType;
  switch (type) {
    case 'DossierAccepted': {
      const data = event.data as AcceptedData;
      const at = event.metadata.occurredAt;
      const rDay = dayOfEventInstant(at);
      let flags = data.usesPopulationData ? F_POPULATION : 0;
      const comps = data.components;
      if (comps.length > 0) {
        let all = true;
        for (const component of comps) {
          if (!component.digitised) all = false;
          if (component.reused) flags |= F_REUSED;
          if (component.fromCitizenStore) flags |= F_CSTORE;
        }
        if (all) flags |= F_DIG_COMPONENTS;
      }
      const intake = state.intake.get(event.streamId);
      if (intake) state.intake.delete(event.streamId);
      // Intake requests count when the first of them was made within the window before the acceptance (a function of the two days).
      const intakeSups = intake && intake[0] > 0 && rDay - intake[2] <= env.windowDays && env.countIntake(data.rulePack) ? intake[0] : 0;
      const record: TimelinessRec = {
        dim: dimOf(state, data),
        rDay,
        acceptedAt: at,
        // Shared per distinct value (event data is frozen): a province's window holds hundreds of thousands of records.
        limit: internLimit(data.limit),
        due0: internDue(data.due),
        dueDay0: dayOfTrustedDate(data.due.date),
        sups: null,
        apology: null,
        flags,
        intakeSups,
        closedDay: -1,
      };
      state.open.set(event.streamId, record);
      if (intake && intake.length > 3) takeIntakeFacts(state, record, intake, rDay, env.windowDays);
      tick(state, rDay, env);
      return state;
    }
    case 'IntakeSupplementRequested': {
      if (tracked(state, event.streamId) !== undefined) return state;
      const day = dayOfEventInstant(event.metadata.occurredAt);
      const entry = intakeEntry(state, event.streamId, day);
      entry[0]++;
      if (entry[2] < 0) entry[2] = day;
      return state;
    }
    case 'ReceptionRefused':
      state.intake.delete(event.streamId);
      return state;
    case 'SupplementRequested': {
      const record = state.open.get(event.streamId);
      if (record) {
        const at = event.metadata.occurredAt;
        (record.sups ??= []).push({ reqAt: at, reqMs: Date.parse(at), reqDay: dayOfEventInstant(at), provAt: null, provMs: 0, provDay: 0, due: null, dueDay: 0 });
      }
      return state;
    }
    case 'SupplementProvided': {
      const last = state.open.get(event.streamId)?.sups?.at(-1);
      if (last) {
        const at = event.metadata.occurredAt;
        last.provAt = at;
        last.provMs = Date.parse(at);
        last.provDay = dayOfEventInstant(at);
        last.due = (event.data as { due: Due }).due;
        last.dueDay = dayOfTrustedDate(last.due.date);
      }
      return state;
    }
    case 'ApologyIssued': {
      const record = state.open.get(event.streamId);
      if (record) {
        const at = event.metadata.occurredAt;
        const newDue = (event.data as { newDue: Due }).newDue;
        record.apology = { at, ms: Date.parse(at), day: dayOfEventInstant(at), newDue, newDueDay: dayOfTrustedDate(newDue.date) };
      }
      return state;
    }
    case 'FeePaid': {
      const record = state.open.get(event.streamId);
      if (record && (event.data as { method: string }).method === 'online') record.flags |= F_PAID_ONLINE;
      return state;
    }
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'WithdrawalRequested':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: its own ending (06a `other.closed`), timed like a stop
    case 'ProcessingStopped': {
      const record = state.open.get(event.streamId);
      if (!record) {
        // A stop after the withdrawal (already the end): the window of late events restarts, as at a return.
        if (event.type === 'ProcessingStopped') windowFromLaterStep(state, event, env);
        return state;
      }
      let outcome = OUT_GRANTED;
      if (event.type === 'DossierResolved') {
        if ((event.data as { electronicResult: boolean }).electronicResult) record.flags |= F_ERESULT;
      } else
        outcome =
          event.type === 'ResolutionRefused' ? OUT_REFUSED : event.type === 'WithdrawalRequested' ? OUT_WITHDRAWN : event.type === 'DossierClosed' ? OUT_CLOSED : OUT_STOPPED;
      close(state, event.streamId, record, event, outcome, env);
      tick(state, record.closedDay, env);
      return state;
    }
    case 'ResultReturned':
      windowFromLaterStep(state, event, env);
      return state;
    case 'PortalSynced': {
      // Most syncs come while the dossier is open (a sixth of a province's events): no day to parse then.
      const open = state.open.get(event.streamId);
      if (open) {
        setFlag(state, open, F_SYNCED, SLOT.synced);
        return state;
      }
      const day = dayOfEventInstant(event.metadata.occurredAt);
      const record = lateRecord(state, event.streamId, day, env.windowDays);
      if (record) setFlag(state, record, F_SYNCED, SLOT.synced);
      else {
        state.unattributed++;
        // Not accepted yet (submitted online, or at the intake supplement stage): kept for the acceptance. A compact
        // entry: one day per sync, and the online submission's sync at submission is the common case.
        if (tracked(state, event.streamId) === undefined) intakeEntry(state, event.streamId, day).push(day);
      }
      return state;
    }
    case 'DossierRated': {
      if ((event.data as { vote?: 'like' | 'dislike' }).vote !== 'dislike') return state;
      const record = lateRecord(state, event.streamId, dayOfEventInstant(event.metadata.occurredAt), env.windowDays);
      if (record) setFlag(state, record, F_PET_OR_DISLIKE, SLOT.petitionOrDislike);
      else state.unattributed++;
      return state;
    }
    case 'PetitionFiled':
    case 'PetitionAnswered': {
      const day = dayOfEventInstant(event.metadata.occurredAt);
      const record = lateRecord(state, event.streamId, day, env.windowDays);
      const petitionId = (event.data as { petitionId: string }).petitionId;
      if (!record) {
        state.unattributed++;
        // Not accepted yet: kept for the acceptance (PetitionFiled is allowed while submitted and at the intake supplement stage).
        if (tracked(state, event.streamId) === undefined) {
          const entry = intakeEntry(state, event.streamId, day);
          if (event.type === 'PetitionFiled') entry.push([petitionId, day, -1, 0]);
          else {
            const late = (event.data as { late: boolean }).late ? 1 : 0;
            let petition: IntakePetition | undefined;
            for (let i = 3; i < entry.length; i++) {
              const fact = entry[i]!;
              if (typeof fact !== 'number' && fact[0] === petitionId && fact[2] < 0) petition = fact;
            }
            if (petition) {
              petition[2] = day;
              petition[3] = late;
            } else entry.push([petitionId, -1, day, late]);
          }
        }
        return state;
      }
      if (event.type === 'PetitionFiled') {
        bumpCell(state, record.dim, day, SLOT.petitionFiled);
        const repeated = (record.flags & F_HAS_PETITION) !== 0;
        if (repeated) bumpCell(state, record.dim, day, SLOT.petitionRepeated);
        record.flags |= F_HAS_PETITION;
        setFlag(state, record, F_PET_OR_DISLIKE, SLOT.petitionOrDislike);
        // Its filed day, for a late answer (766 5.3 counts it against the petitions filed that day), and whether it is repeated.
        const pending: PendingPetition = repeated ? [petitionId, day, 1] : [petitionId, day];
        (record.pets ??= []).push(pending);
      } else {
        bumpCell(state, record.dim, day, SLOT.petitionAnswered);
        const late = (event.data as { late: boolean }).late;
        if (late) bumpCell(state, record.dim, day, SLOT.petitionAnsweredLate);
        const pets = record.pets;
        const index = pets ? pets.findIndex((pet) => pet[0] === petitionId) : -1;
        if (index >= 0) {
          const pending = pets![index]!;
          // 5.3 subtracts a petition once: a repeated one is already subtracted as repeated.
          if (late && pending[2] !== 1) bumpCell(state, record.dim, pending[1], SLOT.petitionFiledAnsweredLate);
          pets!.splice(index, 1);
          if (pets!.length === 0) delete record.pets;
        }
      }
      tick(state, day, env);
      return state;
    }
    case 'DossierSubmitted':
    case 'IntakeSupplementProvided':
    case 'DossierTransferred':
    case 'OfficerAssigned':
    case 'VerificationRecorded':
    case 'StepAssigned':
    case 'StepForwarded':
    case 'ReturnedForRework':
    case 'ConsultationRequested':
    case 'ConsultationAnswered':
    case 'FeeRequested':
    case 'InterAgencyStarted':
    case 'LegCompleted':
    case 'EarlyReturnNotified':
    case 'DossierAmended': // NĐ 118/2025 Đ21: the due date and the KPI clock do not move [U]
    case 'ResultErrorReported': // NĐ 118/2025 Đ23.1: after the return; not a processing clock
    case 'ResultCorrected':
    case 'EventCorrected': // reports read the corrected view (correctedLog / applyCorrections, docs/security.md)
      return state; // nothing to count
    default:
      return unknownEventType(type, state);
  }
}
