/**
 * Satisfaction: citizen ratings per criterion (đánh giá mức độ hài lòng),
 * likes/dislikes, and petitions (phản ánh, kiến nghị) received and handled
 * on time, by unit, agency, procedure, official, criterion and period.
 */
import { DOSSIER_STREAM_PREFIX, unknownEventType, type DossierEventType, type StoredEvent } from '@motcua/core';
import type { Projection } from '../projection';
import { dayOfInstant } from '../time';
import { bump, closeTracked, emptyTracked, tickTracked, tracked, trackedFromJson, trackedToJson, type Counters, type Tracked, type TrackedSnapshot } from '../tracker';

export interface SatisfactionRec {
  closedDay: number;
  procedure: string;
  version: string;
  unit: string;
  official: string;
}

/** Rating counters: `r|${day}|${unit}|${procedure}|${version}|${official}|${criterion}|${level}` (then `|${content}` for a NĐ 118 Đ33 content a–i) → [count]. */
/** Like counters: `l|${day}|…official` → [likes, dislikes]; petitions: `p|${day}|…official` → [filed, answered, answeredLate]. */
export interface SatisfactionState {
  t: Tracked<SatisfactionRec>;
  counters: Counters;
}

/** The satisfaction projection's state as a JSON snapshot. */
export interface SatisfactionSnapshot {
  t: TrackedSnapshot<SatisfactionRec>;
  counters: [string, number[]][];
}

/** Options of {@link satisfactionProjection}. */
export interface SatisfactionOptions {
  lateEventWindowDays?: number;
  name?: string;
}

/**
 * The satisfaction projection. Query with {@link satisfactionReport}.
 * @example const runner = createProjectionRunner({ store, projection: satisfactionProjection() });
 */
export function satisfactionProjection(options: SatisfactionOptions = {}): Projection<SatisfactionState, SatisfactionSnapshot> {
  const windowDays = options.lateEventWindowDays ?? 90;
  return {
    name: options.name ?? 'satisfaction',
    version: `satisfaction/2/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => ({ t: emptyTracked(), counters: new Map() }),
    toSnapshot: (s) => ({ t: trackedToJson(s.t), counters: [...s.counters] }),
    fromSnapshot: (j) => ({ t: trackedFromJson(j.t), counters: new Map(j.counters) }),
    apply(s, e) {
      applySatisfaction(s, e, windowDays);
      return s;
    },
  };
}

const base = (day: number, r: SatisfactionRec) => `${day}|${r.unit}|${r.procedure}|${r.version}|${r.official}`;

function applySatisfaction(s: SatisfactionState, e: StoredEvent, windowDays: number): void {
  const t = s.t;
  const type = e.type as DossierEventType;
  switch (type) {
    case 'DossierSubmitted':
    case 'IntakeSupplementRequested':
    case 'ReceptionRefused':
    case 'DossierAccepted': {
      // Every dossier the one-stop unit dealt with can be rated, including one refused at intake (Form 03):
      // its record starts at the first event carrying the intake details; the official is the actor of the latest intake event.
      type Intake = { procedure: { code: string; version: string }; unit: { code: string } };
      const d = e.data as Intake & { intake?: Intake };
      const det = e.type === 'DossierSubmitted' || e.type === 'DossierAccepted' ? d : d.intake;
      const official = e.metadata.actor?.id ?? 'unknown';
      const id = e.streamId;
      let r = t.open.get(id) ?? t.tail.get(id);
      if (!r) {
        if (!det?.procedure || !det.unit) return;
        r = { closedDay: -1, procedure: det.procedure.code, version: det.procedure.version, unit: det.unit.code, official };
      } else {
        if (det?.procedure && det.unit) Object.assign(r, { procedure: det.procedure.code, version: det.procedure.version, unit: det.unit.code });
        r.official = official;
      }
      const day = dayOfInstant(e.metadata.occurredAt);
      if (e.type === 'DossierAccepted') {
        t.tail.delete(id);
        r.closedDay = -1;
        t.open.set(id, r);
      } else if (!t.open.has(id)) {
        // Before acceptance a dossier is kept like an ended one (evicted after the window if it never comes back), refreshed by each intake event.
        t.tail.delete(id);
        t.open.set(id, r);
        closeTracked(t, id, r, day);
      }
      tickTracked(t, day, windowDays);
      return;
    }
    case 'OfficerAssigned': {
      const r = t.open.get(e.streamId);
      if (r) r.official = (e.data as { officer: { id: string } }).officer.id;
      return;
    }
    case 'ResultReturned':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: reported like a stop
    case 'ProcessingStopped': {
      const r = t.open.get(e.streamId);
      if (!r) return;
      const day = dayOfInstant(e.metadata.occurredAt);
      closeTracked(t, e.streamId, r, day);
      tickTracked(t, day, windowDays);
      return;
    }
    case 'DossierRated':
    case 'PetitionFiled':
    case 'PetitionAnswered': {
      const r = tracked(t, e.streamId);
      if (!r) {
        t.unattributed++;
        return;
      }
      const day = dayOfInstant(e.metadata.occurredAt);
      const b = base(day, r);
      if (e.type === 'DossierRated') {
        const d = e.data as { ratings: { criterion: string; level: string; content?: string }[]; vote?: 'like' | 'dislike' };
        for (const x of d.ratings) bump(s.counters, x.content === undefined ? `r|${b}|${x.criterion}|${x.level}` : `r|${b}|${x.criterion}|${x.level}|${x.content}`, 1, 0);
        if (d.vote !== undefined) bump(s.counters, `l|${b}`, 2, d.vote === 'like' ? 0 : 1);
      } else if (e.type === 'PetitionFiled') bump(s.counters, `p|${b}`, 3, 0);
      else {
        bump(s.counters, `p|${b}`, 3, 1);
        if ((e.data as { late: boolean }).late) bump(s.counters, `p|${b}`, 3, 2);
      }
      tickTracked(t, day, windowDays);
      return;
    }
    case 'IntakeSupplementProvided':
    case 'DossierTransferred':
    case 'VerificationRecorded':
    case 'ConsultationRequested':
    case 'ConsultationAnswered':
    case 'SupplementRequested':
    case 'SupplementProvided':
    case 'FeeRequested':
    case 'FeePaid':
    case 'InterAgencyStarted':
    case 'LegCompleted':
    case 'ApologyIssued':
    case 'WithdrawalRequested':
    case 'DossierResolved':
    case 'ResolutionRefused':
    case 'EarlyReturnNotified':
    case 'PortalSynced':
    case 'ResultErrorReported':
    case 'ResultCorrected':
    case 'EventCorrected': // reports read the corrected view (correctedLog / applyCorrections, docs/security.md)
      return; // nothing to count
    default:
      return unknownEventType(type, undefined);
  }
}
