/**
 * Circular 01/2018 (TT 01/2018/TT-VPCP Đ13–15) indices per dossier,
 * aggregated per official and per agency. See docs/metrics.md for which
 * indices are computable from dossier events and how.
 */
import { DOSSIER_STREAM_PREFIX, unknownEventType, type DossierEventType, type StoredEvent } from '@motcua/core';
import { vietnamCalendar, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import type { Projection } from '../projection';
import { workingDayIndex } from '../working-days';
import { dayOfDate, dayOfInstant } from '../time';
import { bump, closeTracked, emptyTracked, tickTracked, tracked, trackedFromJson, trackedToJson, type Counters, type Tracked, type TrackedSnapshot } from '../tracker';
import { endedK, K_EARLY, K_ON_TIME, type ClockEnv, type PolicyOption } from '../timeliness/clock';
import type { ClockRec } from '../timeliness/state';

export interface Tt01Rec {
  closedDay: number;
  accepted: boolean;
  procedure: string;
  version: string;
  unit: string;
  channel: string;
  official: string | null;
  intakeSupplements: number;
  petitions: number;
  clock: ClockRec | null;
  transferDue: Due | null;
  legDue: (Due | null)[];
  sequential: boolean;
  steps: number[];
}

/** Per-dossier index sums: [s1, n1, s2, n2, s3, n3, s4, n4, s7, n7]. */
export const OFFICIAL_SIZE = 10;
/** Agency counters: [received, receivedOnline, onlineLate, petitionsAnswered, petitionsLate]. */
export const AGENCY_SIZE = 5;

/** State of the TT 01/2018 projection: index sums per official and counters per agency. */
export interface Tt01State {
  t: Tracked<Tt01Rec>;
  /** `${endDay}|${official}|${procedure}|${version}|${unit}` → index sums. */
  officials: Counters;
  /** `${day}|${procedure}|${version}|${unit}` → agency counters. */
  agencies: Counters;
}

/** The TT 01/2018 projection's state as a JSON snapshot. */
export interface Tt01Snapshot {
  t: TrackedSnapshot<Tt01Rec>;
  officials: [string, number[]][];
  agencies: [string, number[]][];
}

/** Options of {@link tt01Projection}. */
export interface Tt01Options {
  calendar?: WorkingCalendar;
  /** Comparison policy of index 1 (total time vs limit): the same option as the timeliness projection (default `'byLimit'`: minutes for working-hour limits, days otherwise). */
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
    version: `tt01/2/cal=${cal.id}/policy=${policy}/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => ({ t: emptyTracked(), officials: new Map(), agencies: new Map() }),
    toSnapshot: (s) => ({ t: trackedToJson(s.t), officials: [...s.officials], agencies: [...s.agencies] }),
    fromSnapshot: (j) => ({ t: trackedFromJson(j.t), officials: new Map(j.officials), agencies: new Map(j.agencies) }),
    apply(s, e) {
      applyTt01(s, e, env, windowDays);
      return s;
    },
  };
}

function applyTt01(s: Tt01State, e: StoredEvent, env: ClockEnv, windowDays: number): void {
  const id = e.streamId;
  const at = e.metadata.occurredAt;
  const t = s.t;
  const type = e.type as DossierEventType;
  switch (type) {
    case 'DossierSubmitted':
    case 'IntakeSupplementRequested': {
      let r = t.open.get(id);
      if (!r) t.open.set(id, (r = blank()));
      if (e.type === 'IntakeSupplementRequested') r.intakeSupplements++;
      return;
    }
    case 'ReceptionRefused': {
      const r = t.open.get(id);
      if (r) t.open.delete(id);
      return;
    }
    case 'DossierAccepted': {
      const d = e.data as { procedure: { code: string; version: string }; unit: { code: string }; channel: string; limit: TimeLimit; due: Due; transferDue: Due };
      let r = t.open.get(id);
      if (!r) t.open.set(id, (r = blank()));
      const day = dayOfInstant(at);
      Object.assign(r, { accepted: true, procedure: d.procedure.code, version: d.procedure.version, unit: d.unit.code, channel: d.channel, transferDue: d.transferDue });
      r.clock = { dim: 0, rDay: day, acceptedAt: at, limit: d.limit, due0: d.due, dueDay0: dayOfDate(d.due.date), sups: null, apology: null, flags: 0, intakeSups: 0 };
      const k = `${day}|${r.procedure}|${r.version}|${r.unit}`;
      bump(s.agencies, k, AGENCY_SIZE, 0);
      if (r.channel === 'online') bump(s.agencies, k, AGENCY_SIZE, 1);
      tickTracked(t, day, windowDays);
      return;
    }
    case 'DossierTransferred': {
      const r = t.open.get(id);
      if (!r?.transferDue) return;
      const late = (e.data as { late: boolean }).late;
      r.steps.push(late ? 0 : dayOfInstant(at) < dayOfDate(r.transferDue.date) ? 2 : 1);
      return;
    }
    case 'OfficerAssigned': {
      const r = t.open.get(id);
      if (r) r.official = (e.data as { officer: { id: string } }).officer.id;
      return;
    }
    case 'SupplementRequested': {
      const c = t.open.get(id)?.clock;
      if (c) (c.sups ??= []).push({ reqAt: at, reqMs: Date.parse(at), reqDay: dayOfInstant(at), provAt: null, provMs: 0, provDay: 0, due: null, dueDay: 0 });
      return;
    }
    case 'SupplementProvided': {
      const last = t.open.get(id)?.clock?.sups?.at(-1);
      if (last) {
        const due = (e.data as { due: Due }).due;
        Object.assign(last, { provAt: at, provMs: Date.parse(at), provDay: dayOfInstant(at), due, dueDay: dayOfDate(due.date) });
      }
      return;
    }
    case 'InterAgencyStarted': {
      const r = t.open.get(id);
      if (!r) return;
      const d = e.data as { mode: string; legs: { due?: Due }[] };
      r.sequential = d.mode === 'sequential';
      r.legDue = d.legs.map((l) => l.due ?? null);
      return;
    }
    case 'LegCompleted': {
      const r = t.open.get(id);
      if (!r) return;
      const d = e.data as { legIndex: number; late: boolean; nextLegDue?: Due };
      const due = r.legDue[d.legIndex];
      if (d.late) r.steps.push(0);
      else if (due) r.steps.push(dayOfInstant(at) < dayOfDate(due.date) ? 2 : 1);
      if (r.sequential && d.nextLegDue && d.legIndex + 1 < r.legDue.length) r.legDue[d.legIndex + 1] = d.nextLegDue;
      return;
    }
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'WithdrawalRequested':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: reported like a stop
    case 'ProcessingStopped': {
      const r = t.open.get(id);
      if (!r?.clock) return;
      const day = dayOfInstant(at);
      if (e.type === 'DossierResolved' || e.type === 'ResolutionRefused') {
        const official = r.official ?? e.metadata.actor?.id ?? 'unknown';
        const k = endedK(r.clock, at, Date.parse(at), day, 0, env);
        const key = `${day}|${official}|${r.procedure}|${r.version}|${r.unit}`;
        const contacts = r.intakeSupplements + (r.clock.sups?.length ?? 0);
        bump(s.officials, key, OFFICIAL_SIZE, 0, points(k));
        bump(s.officials, key, OFFICIAL_SIZE, 1);
        if (r.steps.length > 0) {
          bump(s.officials, key, OFFICIAL_SIZE, 2, Math.min(...r.steps));
          bump(s.officials, key, OFFICIAL_SIZE, 3);
        }
        bump(s.officials, key, OFFICIAL_SIZE, 4, contacts === 0 ? 2 : contacts === 1 ? 1 : 0);
        bump(s.officials, key, OFFICIAL_SIZE, 5);
        bump(s.officials, key, OFFICIAL_SIZE, 6, r.channel === 'direct' ? 1 : 2);
        bump(s.officials, key, OFFICIAL_SIZE, 7);
        bump(s.officials, key, OFFICIAL_SIZE, 8, r.petitions > 0 ? 0 : k === K_EARLY ? 2 : 1);
        bump(s.officials, key, OFFICIAL_SIZE, 9);
        if (r.channel === 'online' && k !== K_EARLY && k !== K_ON_TIME) bump(s.agencies, `${day}|${r.procedure}|${r.version}|${r.unit}`, AGENCY_SIZE, 2);
      }
      r.clock.sups = null;
      closeTracked(t, id, r, day);
      tickTracked(t, day, windowDays);
      return;
    }
    case 'PetitionFiled': {
      const r = tracked(t, id);
      if (r) r.petitions++;
      else t.unattributed++;
      return;
    }
    case 'PetitionAnswered': {
      const r = tracked(t, id);
      if (!r?.accepted) {
        t.unattributed++;
        return;
      }
      const day = dayOfInstant(at);
      const key = `${day}|${r.procedure}|${r.version}|${r.unit}`;
      bump(s.agencies, key, AGENCY_SIZE, 3);
      if ((e.data as { late: boolean }).late) bump(s.agencies, key, AGENCY_SIZE, 4);
      tickTracked(t, day, windowDays);
      return;
    }
    case 'IntakeSupplementProvided':
    case 'VerificationRecorded':
    case 'ConsultationRequested':
    case 'ConsultationAnswered':
    case 'FeeRequested':
    case 'FeePaid':
    case 'ApologyIssued':
    case 'EarlyReturnNotified':
    case 'ResultReturned':
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

function blank(): Tt01Rec {
  return {
    closedDay: -1,
    accepted: false,
    procedure: '',
    version: '',
    unit: '',
    channel: 'direct',
    official: null,
    intakeSupplements: 0,
    petitions: 0,
    clock: null,
    transferDue: null,
    legDue: [],
    sequential: false,
    steps: [],
  };
}
