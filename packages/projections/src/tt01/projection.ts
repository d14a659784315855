/**
 * Circular 01/2018 (TT 01/2018/TT-VPCP Đ13–15) indices per dossier,
 * aggregated per official and per agency. See docs/metrics.md for which
 * indices are computable from dossier events and how.
 */
import { DOSSIER_STREAM_PREFIX, unknownEventType, type DossierEventType, type StoredEvent } from '@motcua/core';
import { vietnamCalendar, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import type { Projection } from '../projection';
import { workingDayIndex } from '../working-days';
import { dayOfDate, dayOfEventInstant } from '../time';
import { intern } from '../intern';
import { emptyTracked, endTracked, lateRecord, restartWindow, tickTracked, trackedFromJson, trackedToJson, type Tracked, type TrackedSnapshot } from '../tracker';
import { Tt01Counters } from './counters';
import { endedK, K_EARLY, K_ON_TIME, type ClockEnv, type PolicyOption } from '../timeliness/clock';
import type { ClockRec } from '../timeliness/state';

/** An open dossier's record. */
export interface Tt01Rec {
  closedDay: number;
  /** `${procedure}|${version}|${unit}` (interned) once accepted, else null: the agency part of the counter keys. */
  agency: string | null;
  channel: string;
  official: string | null;
  intakeSupplements: number;
  petitions: number;
  clock: ClockRec | null;
  transferDue: Due | null;
  /** Each route leg's due while it is open (null: not started, or completed and scored). */
  legDue: (Due | null)[];
  sequential: boolean;
  steps: number[];
  /**
   * Petition answers given before the acceptance, `[day, late (1) or not (0)]`: there is no agency to count them
   * under yet. Counted at the acceptance on their own days when at most the window before it, as 766 5.2 counts them.
   */
  answers?: [number, 0 | 1][];
}

/**
 * What is kept of an ended dossier (the tracker's tail): late petitions read
 * only its petition count and agency key (procedure, version, unit).
 */
export interface Tt01Ended {
  closedDay: number;
  petitions: number;
  agency: string;
}

/** Per-dossier index sums: [s1, n1, s2, n2, s3, n3, s4, n4, s7, n7]. */
export const OFFICIAL_SIZE = 10;
/** Agency counters: [received, receivedOnline, onlineLate, petitionsAnswered, petitionsLate]. */
export const AGENCY_SIZE = 5;

/** State of the TT 01/2018 projection: index sums per official and counters per agency (compact, see {@link Tt01Counters}). */
export interface Tt01State {
  t: Tracked<Tt01Rec, Tt01Ended>;
  /** (end day, official, agency) → index sums; snapshot keys `${endDay}|${official}|${procedure}|${version}|${unit}`. */
  officials: Tt01Counters;
  /** (day, agency) → agency counters; snapshot keys `${day}|${procedure}|${version}|${unit}`. */
  agencies: Tt01Counters;
}

/** The TT 01/2018 projection's state as a JSON snapshot (counter rows as `[key, values]`, in the order first counted). */
export interface Tt01Snapshot {
  t: TrackedSnapshot<Tt01Rec, Tt01Ended>;
  officials: [string, number[]][];
  agencies: [string, number[]][];
}

/** The event types the TT 01/2018 fold reads (its `filter.types`; every other type leaves the state as it is). Checked by `test/fold-filters.test.ts`. */
export const TT01_EVENT_TYPES: readonly DossierEventType[] = Object.freeze([
  'DossierSubmitted',
  'IntakeSupplementRequested',
  'ReceptionRefused',
  'DossierAccepted',
  'DossierTransferred',
  'OfficerAssigned',
  'SupplementRequested',
  'SupplementProvided',
  'InterAgencyStarted',
  'LegCompleted',
  'DossierResolved',
  'ResolutionRefused',
  'WithdrawalRequested',
  'DossierClosed',
  'ProcessingStopped',
  'ResultReturned',
  'PetitionFiled',
  'PetitionAnswered',
]);

/** Options of {@link tt01Projection}. */
export interface Tt01Options {
  calendar?: WorkingCalendar;
  /** Comparison policy of index 1 (total time vs limit): the same option as the timeliness projection (default `'byLimit'`: working time for working-hour limits, days otherwise). */
  policy?: PolicyOption;
  lateEventWindowDays?: number;
  name?: string;
}

const points = (k: number) => (k === K_EARLY ? 2 : k === K_ON_TIME ? 1 : 0);

/**
 * The TT 01/2018 projection. Query with {@link tt01Report}.
 * @example const runner = createProjectionRunner({ store, projection: tt01Projection() });
 */
export function tt01Projection(options: Tt01Options = {}): Projection<Tt01State, Tt01Snapshot> {
  const cal = options.calendar ?? vietnamCalendar();
  const windowDays = options.lateEventWindowDays ?? 90;
  const policy = options.policy ?? 'byLimit';
  const env: ClockEnv = { cal, policy, maxSup: 1, wd: workingDayIndex(cal) };
  return {
    name: options.name ?? 'tt01',
    // tt01/6: index 1 of a limit in working hours counts working time (a result in closed time after its due is on time).
    // tt01/7: index 2 scores 0 for a route leg still open after its due day when the dossier is resolved or refused.
    version: `tt01/7/cal=${cal.id}/policy=${policy}/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX, types: TT01_EVENT_TYPES },
    init: () => ({ t: emptyTracked(), officials: new Tt01Counters(OFFICIAL_SIZE, true), agencies: new Tt01Counters(AGENCY_SIZE, false) }),
    toSnapshot: (s) => ({ t: trackedToJson(s.t), officials: s.officials.toEntries(), agencies: s.agencies.toEntries() }),
    fromSnapshot: (j) => ({
      t: trackedFromJson(j.t),
      officials: Tt01Counters.fromEntries(j.officials, OFFICIAL_SIZE, true),
      agencies: Tt01Counters.fromEntries(j.agencies, AGENCY_SIZE, false),
    }),
    apply(state, event) {
      applyTt01(state, event, env, windowDays);
      return state;
    },
  };
}

function applyTt01(state: Tt01State, event: StoredEvent, env: ClockEnv, windowDays: number): void {
  const id = event.streamId;
  const at = event.metadata.occurredAt;
  const tracker = state.t;
  const type = event.type as DossierEventType;
  switch (type) {
    case 'DossierSubmitted':
    case 'IntakeSupplementRequested': {
      let record = tracker.open.get(id);
      if (!record) tracker.open.set(id, (record = blank()));
      if (event.type === 'IntakeSupplementRequested') record.intakeSupplements++;
      return;
    }
    case 'ReceptionRefused': {
      const record = tracker.open.get(id);
      if (record) tracker.open.delete(id);
      return;
    }
    case 'DossierAccepted': {
      const data = event.data as { procedure: { code: string; version: string }; unit: { code: string }; channel: string; limit: TimeLimit; due: Due; transferDue: Due };
      let record = tracker.open.get(id);
      if (!record) tracker.open.set(id, (record = blank()));
      const day = dayOfEventInstant(at);
      record.agency = intern(`${data.procedure.code}|${data.procedure.version}|${data.unit.code}`);
      record.channel = intern(data.channel);
      record.transferDue = data.transferDue;
      record.clock = {
        dim: 0,
        rDay: day,
        acceptedAt: at,
        limit: data.limit,
        due0: data.due,
        dueDay0: dayOfDate(data.due.date),
        sups: null,
        apology: null,
        flags: 0,
        intakeSups: 0,
      };
      const row = state.agencies.row(day, record.agency);
      state.agencies.add(row, 0);
      if (record.channel === 'online') state.agencies.add(row, 1);
      if (record.answers) takeEarlyAnswers(state, record, day, windowDays);
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'DossierTransferred': {
      const record = tracker.open.get(id);
      const data = event.data as { late: boolean; due?: Due };
      // A transfer across administrative boundaries carries its own due (NĐ 118/2025 Đ20.1); else the acceptance's.
      const transferDue = data.due ?? record?.transferDue;
      if (!record || !transferDue) return;
      stepsOf(record).push(data.late ? 0 : dayOfEventInstant(at) < dayOfDate(transferDue.date) ? 2 : 1);
      return;
    }
    case 'OfficerAssigned': {
      const record = tracker.open.get(id);
      if (record) record.official = intern((event.data as { officer: { id: string } }).officer.id);
      return;
    }
    case 'SupplementRequested': {
      const clock = tracker.open.get(id)?.clock;
      if (clock) (clock.sups ??= []).push({ reqAt: at, reqMs: Date.parse(at), reqDay: dayOfEventInstant(at), provAt: null, provMs: 0, provDay: 0, due: null, dueDay: 0 });
      return;
    }
    case 'SupplementProvided': {
      const last = tracker.open.get(id)?.clock?.sups?.at(-1);
      if (last) {
        const due = (event.data as { due: Due }).due;
        Object.assign(last, { provAt: at, provMs: Date.parse(at), provDay: dayOfEventInstant(at), due, dueDay: dayOfDate(due.date) });
      }
      return;
    }
    case 'InterAgencyStarted': {
      const record = tracker.open.get(id);
      if (!record) return;
      const data = event.data as { mode: string; legs: { due?: Due }[] };
      record.sequential = data.mode === 'sequential';
      record.legDue = data.legs.map((l) => l.due ?? null);
      return;
    }
    case 'LegCompleted': {
      const record = tracker.open.get(id);
      if (!record) return;
      const data = event.data as { legIndex: number; late: boolean; nextLegDue?: Due };
      const due = record.legDue[data.legIndex];
      if (data.late) stepsOf(record).push(0);
      else if (due) stepsOf(record).push(dayOfEventInstant(at) < dayOfDate(due.date) ? 2 : 1);
      // Scored: no longer an open leg (an own array: `legDue` holds a due only after InterAgencyStarted).
      if (due) record.legDue[data.legIndex] = null;
      if (record.sequential && data.nextLegDue && data.legIndex + 1 < record.legDue.length) record.legDue[data.legIndex + 1] = data.nextLegDue;
      return;
    }
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'WithdrawalRequested':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: reported like a stop
    case 'ProcessingStopped': {
      const record = tracker.open.get(id);
      if (!record) {
        // The stop after the withdrawal (already the end): the window of late events restarts, as at the return.
        if (event.type === 'ProcessingStopped') windowFromLaterStep(tracker, id, dayOfEventInstant(at), windowDays);
        return;
      }
      if (!record.clock) {
        // Ended before any acceptance (closed at the intake supplement stage, NĐ 118/2025 Đ19.5; the other ends only in an
        // imported log): nothing of it was scored and nothing later can be, so the record goes (it stayed open for ever).
        tracker.open.delete(id);
        return;
      }
      const day = dayOfEventInstant(at);
      if (event.type === 'DossierResolved' || event.type === 'ResolutionRefused') {
        const official = record.official ?? event.metadata.actor?.id ?? 'unknown';
        const ended = endedK(record.clock, Date.parse(at), day, 0, env);
        const contacts = record.intakeSupplements + (record.clock.sups?.length ?? 0);
        // Index 2: a leg still open after its due day when the dossier ends (refused during the route) took longer than its limit.
        for (const due of record.legDue) if (due && day > dayOfDate(due.date)) stepsOf(record).push(0);
        // One look-up of the row, then the ten sums (what ten `bump`s on the same row would add).
        const sums = state.officials;
        const row = sums.row(day, record.agency!, official);
        sums.add(row, 0, points(ended));
        sums.add(row, 1);
        if (record.steps.length > 0) {
          sums.add(row, 2, Math.min(...record.steps));
          sums.add(row, 3);
        }
        sums.add(row, 4, contacts === 0 ? 2 : contacts === 1 ? 1 : 0);
        sums.add(row, 5);
        sums.add(row, 6, record.channel === 'direct' ? 1 : 2);
        sums.add(row, 7);
        sums.add(row, 8, record.petitions > 0 ? 0 : ended === K_EARLY ? 2 : 1);
        sums.add(row, 9);
        if (record.channel === 'online' && ended !== K_EARLY && ended !== K_ON_TIME) state.agencies.bump(day, record.agency!, '', 2);
      }
      // Ended: only the petition count and the agency key are read again (a record accepted: it has a clock).
      endTracked(tracker, id, { closedDay: day, petitions: record.petitions, agency: record.agency! });
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'PetitionFiled': {
      const record = lateRecord(tracker, id, dayOfEventInstant(at), windowDays);
      if (record) record.petitions++;
      else tracker.unattributed++;
      return;
    }
    case 'ResultReturned':
      windowFromLaterStep(tracker, id, dayOfEventInstant(at), windowDays);
      return;
    case 'PetitionAnswered': {
      const day = dayOfEventInstant(at);
      const record = lateRecord(tracker, id, day, windowDays);
      const agency = record?.agency;
      if (!agency) {
        // Before the acceptance (no agency yet) the answer waits in the open record; it stays unattributed until counted.
        if (record) ((record as Tt01Rec).answers ??= []).push([day, (event.data as { late: boolean }).late ? 1 : 0]);
        tracker.unattributed++;
        return;
      }
      const row = state.agencies.row(day, agency);
      state.agencies.add(row, 3);
      if ((event.data as { late: boolean }).late) state.agencies.add(row, 4);
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'IntakeSupplementProvided':
    case 'VerificationRecorded':
    case 'StepAssigned':
    case 'StepForwarded':
    case 'ReturnedForRework':
    case 'ConsultationRequested':
    case 'ConsultationAnswered':
    case 'FeeRequested':
    case 'FeePaid':
    case 'ApologyIssued':
    case 'DossierAmended':
    case 'EarlyReturnNotified':
    case 'DossierRated':
    case 'PortalSynced':
    case 'ResultErrorReported':
    case 'ResultCorrected':
    case 'EventCorrected': // reports read the corrected view (correctedLog / applyCorrections, docs/security.md)
      return; // nothing to count
    default:
      return unknownEventType(type, undefined);
  }
}

/**
 * The return of the result (or the stop after a withdrawal) of an ended dossier on business day `day`: its window of
 * late events restarts there when `day` is within it ({@link restartWindow}, as the timeliness projection does) — a
 * petition answered after a late return counts in index 8 as in 766 5.2 and the satisfaction report.
 */
function windowFromLaterStep(tracker: Tracked<Tt01Rec, Tt01Ended>, id: string, day: number, windowDays: number): void {
  if (restartWindow(tracker, id, day, windowDays)) tickTracked(tracker, day, windowDays);
}

/**
 * At the acceptance on day `rDay`, the petition answers given before it (no agency to count them under until now):
 * each counted on its own day in index 8's counters when at most `windowDays` before `rDay` — the rule 766 5.2 applies
 * to them — and no longer unattributed; older ones stay unattributed.
 */
function takeEarlyAnswers(state: Tt01State, record: Tt01Rec, rDay: number, windowDays: number): void {
  for (const [day, late] of record.answers!) {
    if (rDay - day > windowDays) continue;
    state.t.unattributed--;
    const row = state.agencies.row(day, record.agency!);
    state.agencies.add(row, 3);
    if (late) state.agencies.add(row, 4);
  }
  delete record.answers;
}

/**
 * The empty `legDue` and `steps` of a new record: one shared frozen array
 * instead of two allocations per dossier (most never transfer nor start an
 * inter-agency route); `stepsOf` gives the record its own array on the first push.
 */
const NONE = Object.freeze([]) as unknown as never[];

function stepsOf(record: Tt01Rec): number[] {
  if (record.steps === NONE) record.steps = [];
  return record.steps;
}

function blank(): Tt01Rec {
  return {
    closedDay: -1,
    agency: null,
    channel: 'direct',
    official: null,
    intakeSupplements: 0,
    petitions: 0,
    clock: null,
    transferDue: null,
    legDue: NONE,
    sequential: false,
    steps: NONE,
  };
}
