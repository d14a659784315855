/**
 * Reception SLA (brief §10; NĐ 118/2025 Đ17.2): an online dossier must be
 * received — accepted, refused (Form 03) or sent back for supplement (Form 02) —
 * within the reception limit of its submission (default 8 working hours).
 * Its own clock, separate from the processing clock, reported per unit.
 *
 * The clock starts at `DossierSubmitted` (online, status 1) and again at each
 * `IntakeSupplementProvided` (the citizen resubmitted); it stops at
 * `DossierAccepted`, `ReceptionRefused` or `IntakeSupplementRequested`.
 * A withdrawal or stop before reception cancels it (counted apart).
 *
 * The limit is working time ("trong 08 giờ làm việc"): a decision is late when
 * more working time than the limit has elapsed. Closed time (after hours, the
 * lunch break, weekends, holidays) adds none, so a decision made then, right
 * after a due instant that ended a session, is on time; late from the first
 * working instant after the due (`receptionOverdueMs`).
 */
import { computeDue, exceededFromMs, vietnamCalendar, type ComparePolicy, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import { DOSSIER_STREAM_PREFIX, unknownEventType, DEFAULT_RULE_PACKS, packLookup, type RulePack, type StoredEvent, type DossierEventType } from '@motcua/core';
import type { Projection } from '../projection';
import { dayOfEventInstant, dayOfMs, startOfDayMs, dayOfTrustedDate } from '../time';
import { policyOf, type PolicyOption } from '../timeliness/clock';
import { bump, evictionLimit, type Counters } from '../tracker';

/** Default reception limit: 8 working hours (brief §10, NĐ 118/2025 Đ17.2). */
export const DEFAULT_RECEPTION_LIMIT: TimeLimit = Object.freeze({ unit: 'workingHours', value: 8 }) as TimeLimit;

/** Counter slots per `${unit}|${procedure}|${version}|${day}`. */
export const R_STARTED = 0;
export const R_ON_TIME = 1;
export const R_LATE = 2;
export const R_ACCEPTED = 3;
export const R_REFUSED = 4;
export const R_SUPPLEMENT = 5;
export const R_CANCELLED = 6;
/** Pending intervals: within-time start/stop, overdue start/stop (the pending count at the end of day T is Σ_{d ≤ T} start − stop). */
export const R_WITHIN_START = 7;
export const R_WITHIN_STOP = 8;
export const R_OVERDUE_START = 9;
export const R_OVERDUE_STOP = 10;
export const R_SIZE = 11;

/** One running reception clock. */
export interface ReceptionRec {
  unit: string;
  unitName: string;
  procedure: string;
  version: string;
  startedAt: string;
  day: number;
  due: Due;
  /** First instant (ms) at which the dossier is late for reception (the first working instant after the due, for limits in working hours). */
  overdueMs: number;
  /** Rule pack the dossier is pinned to (for the limit of a resubmission). */
  rulePack?: string;
}

/** State of the reception projection: running clocks and counters per unit, procedure and day. */
export interface ReceptionState {
  /** Running clocks by stream id. */
  open: Map<string, ReceptionRec>;
  /** Unit and procedure of online dossiers between clocks (after an intake supplement request), by stream id. */
  waiting: Map<string, { unit: string; unitName: string; procedure: string; version: string; rulePack?: string; day: number }>;
  counters: Counters;
  /** Unit names by code. */
  units: Map<string, string>;
  /** Events that could not be read (a missing limit or an invalid instant): left out, never an error. */
  skipped: number;
  /** Reception clocks started per rule pack the dossier is pinned to (what `receptionReport` checks against its catalog). */
  packs: Map<string, number>;
}

/** The reception projection's state as a JSON snapshot. */
export interface ReceptionSnapshot {
  open: [string, ReceptionRec][];
  waiting: [string, ReceptionState['waiting'] extends Map<string, infer V> ? V : never][];
  counters: [string, number[]][];
  units: [string, string][];
  skipped: number;
  /** Clocks started per pinned rule pack, by id (absent in snapshots written before it was kept). */
  packs?: [string, number][];
}

/** The event types the reception fold reads (its `filter.types`; every other type leaves the state as it is). Checked by `test/fold-filters.test.ts`. */
export const RECEPTION_EVENT_TYPES: readonly DossierEventType[] = Object.freeze([
  'DossierSubmitted',
  'IntakeSupplementProvided',
  'DossierAccepted',
  'ReceptionRefused',
  'IntakeSupplementRequested',
  'WithdrawalRequested',
  'DossierClosed',
  'ProcessingStopped',
]);

/** Options of {@link receptionProjection}. */
export interface ReceptionOptions {
  /** Deadline calendar the working hours are counted on (default `vietnamCalendar()`). */
  calendar?: WorkingCalendar;
  /** Force one reception limit for every dossier (default: the pinned rule pack's `receptionLimit`, else 8 working hours). */
  receptionLimit?: TimeLimit;
  /**
   * Rule packs by the id (or a former id) on `DossierSubmitted` (default `DEFAULT_RULE_PACKS`). Give the engine's:
   * `catalog.rulePacks`. `receptionReport` with a `catalog` refuses to answer when these give another limit than
   * its catalog's for a pack the state's clocks were started under (`rule_pack_mismatch`).
   */
  rulePacks?: readonly RulePack[];
  /** Comparison policy (default `'byLimit'`: working time for limits in working hours — late from the first working instant after the due). */
  policy?: PolicyOption;
  /** Days a dossier between two reception clocks (waiting for the citizen's resubmission) is remembered (default 90). */
  windowDays?: number;
  name?: string;
}

export interface ReceptionProjection extends Projection<ReceptionState, ReceptionSnapshot> {
  readonly env: {
    policy: PolicyOption;
    cal: WorkingCalendar;
    /** The limit a clock of a dossier pinned to this rule pack id runs on. */
    limitFor: (pack: string | undefined) => TimeLimit;
    /** The limit is forced by the option `receptionLimit` (the packs are not read). */
    limitForced: boolean;
  };
}

interface IntakeData {
  rulePack?: string;
  procedure?: { code: string; version: string };
  unit?: { code: string; name?: string };
  channel?: string;
}

/**
 * The reception SLA projection. Query with {@link receptionReport}.
 * @example
 * ```ts
 * const reception = receptionProjection();
 * const runner = createProjectionRunner({ store, projection: reception });
 * await runner.catchUp();
 * receptionReport(runner.state, { projection: reception, from: '2025-10-01', to: '2025-10-31' });
 * ```
 */
export function receptionProjection(options: ReceptionOptions = {}): ReceptionProjection {
  const cal = options.calendar ?? vietnamCalendar();
  const policy = options.policy ?? 'byLimit';
  const windowDays = options.windowDays ?? 90;
  const packList = options.rulePacks ?? DEFAULT_RULE_PACKS;
  // Dossiers pinned to a pack's former id (the 2025 pack was `nd118-2025-provisional`) get its limit too.
  const packOf = packLookup(packList);
  const limitFor = (pack: string | undefined): TimeLimit => options.receptionLimit ?? packOf(pack)?.receptionLimit ?? DEFAULT_RECEPTION_LIMIT;
  const limitTag = options.receptionLimit
    ? JSON.stringify(options.receptionLimit)
    : packList.map((p) => `${p.id}:${p.receptionLimit ? JSON.stringify(p.receptionLimit) : '-'}`).join(',');
  return {
    name: options.name ?? 'reception',
    // reception/3: late from the first working instant after the due (a decision in closed time after it is on time).
    version: `reception/3/cal=${cal.id}/policy=${policy}/limits=${limitTag}/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX, types: RECEPTION_EVENT_TYPES },
    env: { policy, cal, limitFor, limitForced: options.receptionLimit !== undefined },
    init: () => ({ open: new Map(), waiting: new Map(), counters: new Map(), units: new Map(), skipped: 0, packs: new Map() }),
    toSnapshot: (state) => ({
      open: [...state.open],
      waiting: [...state.waiting],
      counters: [...state.counters],
      units: [...state.units],
      skipped: state.skipped,
      // by id: the same text whatever order the dossiers came in (a partitioned rebuild merges them)
      packs: [...state.packs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    }),
    fromSnapshot: (snapshot) => ({
      open: new Map(snapshot.open),
      waiting: new Map(snapshot.waiting),
      counters: new Map(snapshot.counters),
      units: new Map(snapshot.units),
      skipped: snapshot.skipped,
      packs: new Map(snapshot.packs ?? []),
    }),
    apply(state, event) {
      try {
        applyReception(state, event, cal, policy, limitFor, windowDays);
      } catch {
        // Bad input never makes a report fail: the event is left out and counted.
        state.skipped++;
      }
      return state;
    },
  };
}

const keyOf = (record: { unit: string; procedure: string; version: string }, day: number) => `${record.unit}|${record.procedure}|${record.version}|${day}`;

function start(
  state: ReceptionState,
  id: string,
  base: { unit: string; unitName: string; procedure: string; version: string; rulePack?: string },
  at: string,
  limit: TimeLimit,
  cal: WorkingCalendar,
  policy: PolicyOption,
): void {
  const due = computeDue(at, limit, cal);
  const overdueMs = receptionOverdueMs(due, limit, policyOf(limit, policy), cal);
  const day = dayOfEventInstant(at);
  state.open.set(id, { ...base, startedAt: at, day, due, overdueMs });
  bump(state.counters, keyOf(base, day), R_SIZE, R_STARTED);
  if (base.rulePack !== undefined) state.packs.set(base.rulePack, (state.packs.get(base.rulePack) ?? 0) + 1);
}

/**
 * The first instant (ms) at which a reception decision is late: working time
 * past `due` has elapsed (NĐ 118/2025 Đ17.2 counts working hours; closed time
 * counts nothing, so a decision after hours, at lunch, on a weekend or a
 * holiday right after the due is on time).
 * - `workingTime`, `minute`: the calendar's `exceededFromMs` — `due.at` + 1 ms
 *   inside a session; the next session's opening + 1 ms when `due.at` ends one
 *   (e.g. due Fri 17:00 → late from Mon 07:00:00.001).
 * - `day`: the start of the next working day after the due day (a decision on
 *   a Saturday after a Friday due is on time).
 * A limit in calendar days counts calendar time: late from `due.at` + 1 ms, or
 * the next calendar day.
 */
export function receptionOverdueMs(due: Due, limit: TimeLimit, policy: ComparePolicy, cal: WorkingCalendar): number {
  if (limit.unit === 'calendarDays') return policy === 'day' ? startOfDayMs(dayOfTrustedDate(due.date) + 1) : Date.parse(due.at) + 1;
  if (policy === 'day') return startOfDayMs(dayOfTrustedDate(cal.nextWorkingDay(due.date)));
  return exceededFromMs(Date.parse(due.at), cal);
}

/** The counter row at `key`, created with zeros (what `bump` adds into). */
function rowAt(counters: Counters, key: string): number[] {
  let row = counters.get(key);
  if (!row) counters.set(key, (row = new Array<number>(R_SIZE).fill(0)));
  return row;
}

/** Stop a running clock at `at` with an outcome slot (or cancel it). Rows are looked up in the order the `bump`s of each slot would create them. */
function stop(state: ReceptionState, id: string, record: ReceptionRec, at: string, outcome: number): void {
  state.open.delete(id);
  const ms = Date.parse(at);
  const end = dayOfEventInstant(at);
  const overdueDay = dayOfMs(record.overdueMs);
  const counters = state.counters;
  // The end day's row, looked up once (up to three slots of it are counted).
  const endRow = rowAt(counters, keyOf(record, end));
  if (outcome !== R_CANCELLED) endRow[ms >= record.overdueMs ? R_LATE : R_ON_TIME]!++;
  endRow[outcome]!++;
  // Pending at the end of day T for day ≤ T < end: within before o, overdue from o.
  const mid = Math.min(Math.max(overdueDay, record.day), end);
  if (mid > record.day) {
    rowAt(counters, keyOf(record, record.day))[R_WITHIN_START]!++;
    (mid === end ? endRow : rowAt(counters, keyOf(record, mid)))[R_WITHIN_STOP]!++;
  }
  if (mid < end) {
    rowAt(counters, keyOf(record, mid))[R_OVERDUE_START]!++;
    endRow[R_OVERDUE_STOP]!++;
  }
}

function applyReception(
  state: ReceptionState,
  event: StoredEvent,
  cal: WorkingCalendar,
  policy: PolicyOption,
  limitFor: (pack: string | undefined) => TimeLimit,
  windowDays: number,
): void {
  const id = event.streamId;
  const at = event.metadata.occurredAt;
  const type = event.type as DossierEventType;
  switch (type) {
    case 'DossierSubmitted': {
      const data = event.data as IntakeData;
      if (!data.unit?.code || !data.procedure?.code) return;
      const base = {
        unit: data.unit.code,
        unitName: data.unit.name ?? data.unit.code,
        procedure: data.procedure.code,
        version: data.procedure.version ?? '1',
        ...(data.rulePack !== undefined ? { rulePack: data.rulePack } : {}),
      };
      state.units.set(base.unit, base.unitName);
      state.waiting.delete(id);
      start(state, id, base, at, limitFor(data.rulePack), cal, policy);
      return;
    }
    case 'IntakeSupplementProvided': {
      const waiting = state.waiting.get(id);
      if (!waiting) return;
      state.waiting.delete(id);
      // A resubmission starts a new clock when it comes within the window after the request (a function of the two days, as the tracker's late events).
      if (dayOfEventInstant(at) - waiting.day > windowDays) return;
      start(
        state,
        id,
        {
          unit: waiting.unit,
          unitName: waiting.unitName,
          procedure: waiting.procedure,
          version: waiting.version,
          ...(waiting.rulePack !== undefined ? { rulePack: waiting.rulePack } : {}),
        },
        at,
        limitFor(waiting.rulePack),
        cal,
        policy,
      );
      return;
    }
    case 'DossierAccepted':
    case 'ReceptionRefused':
    case 'IntakeSupplementRequested': {
      state.waiting.delete(id);
      const record = state.open.get(id);
      if (!record) return;
      stop(state, id, record, at, event.type === 'DossierAccepted' ? R_ACCEPTED : event.type === 'ReceptionRefused' ? R_REFUSED : R_SUPPLEMENT);
      if (event.type === 'IntakeSupplementRequested') {
        const day = dayOfEventInstant(at);
        state.waiting.set(id, {
          unit: record.unit,
          unitName: record.unitName,
          procedure: record.procedure,
          version: record.version,
          ...(record.rulePack !== undefined ? { rulePack: record.rulePack } : {}),
          day,
        });
        // Forget dossiers never resubmitted within the window.
        const limit = evictionLimit(day, windowDays);
        for (const [wid, waiter] of state.waiting) {
          if (waiter.day >= limit) break;
          state.waiting.delete(wid);
        }
      }
      return;
    }
    case 'WithdrawalRequested':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: reported like a stop
    case 'ProcessingStopped': {
      state.waiting.delete(id);
      const record = state.open.get(id);
      if (record) stop(state, id, record, at, R_CANCELLED);
      return;
    }
    case 'DossierTransferred':
    case 'OfficerAssigned':
    case 'VerificationRecorded':
    case 'StepAssigned':
    case 'StepForwarded':
    case 'ReturnedForRework':
    case 'ConsultationRequested':
    case 'ConsultationAnswered':
    case 'SupplementRequested':
    case 'SupplementProvided':
    case 'FeeRequested':
    case 'FeePaid':
    case 'InterAgencyStarted':
    case 'LegCompleted':
    case 'ApologyIssued':
    case 'DossierAmended': // NĐ 118/2025 Đ21: the reception clock does not restart [U]
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'EarlyReturnNotified':
    case 'ResultReturned':
    case 'DossierRated':
    case 'PetitionFiled':
    case 'PetitionAnswered':
    case 'PortalSynced':
    case 'ResultErrorReported':
    case 'ResultCorrected':
    case 'EventCorrected': // reports read the corrected view (correctedLog / applyCorrections, docs/security.md)
      return; // nothing to count
    default:
      return unknownEventType(type, undefined);
  }
}
