/**
 * Satisfaction: citizen ratings per criterion (đánh giá mức độ hài lòng),
 * likes/dislikes, and petitions (phản ánh, kiến nghị) received and handled
 * on time, by unit, agency, procedure, official, criterion and period.
 */
import { DOSSIER_STREAM_PREFIX, unknownEventType, type DossierEventType, type StoredEvent } from '@motcua/core';
import type { Projection } from '../projection';
import { dayOfEventInstant } from '../time';
import { intern } from '../intern';
import { closeTracked, emptyTracked, lateRecord, tickTracked, trackedFromJson, trackedToJson, type Tracked, type TrackedSnapshot } from '../tracker';
import { SatisfactionCounters, type SatisfactionCell } from './counters';

export interface SatisfactionRec {
  closedDay: number;
  procedure: string;
  version: string;
  unit: string;
  official: string;
}

/** The satisfaction projection's state: the tracked dossiers and the counters (compact, see {@link SatisfactionCounters}). */
export interface SatisfactionState {
  t: Tracked<SatisfactionRec>;
  counters: SatisfactionCounters;
}

/**
 * The satisfaction projection's state as a JSON snapshot. Counters:
 * rating `r|${day}|${unit}|${procedure}|${version}|${official}|${criterion}|${level}` (then `|${content}` for a NĐ 118 Đ33 content a–i) → [count];
 * like `l|${day}|…official` → [likes, dislikes]; petition `p|${day}|…official` → [filed, answered, answeredLate].
 */
export interface SatisfactionSnapshot {
  t: TrackedSnapshot<SatisfactionRec>;
  counters: [string, number[]][];
}

/** The event types the satisfaction fold reads (its `filter.types`; every other type leaves the state as it is). Checked by `test/fold-filters.test.ts`. */
export const SATISFACTION_EVENT_TYPES: readonly DossierEventType[] = Object.freeze([
  'DossierSubmitted',
  'IntakeSupplementRequested',
  'ReceptionRefused',
  'DossierAccepted',
  'OfficerAssigned',
  'ResultReturned',
  'DossierClosed',
  'ProcessingStopped',
  'DossierRated',
  'PetitionFiled',
  'PetitionAnswered',
]);

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
    version: `satisfaction/4/window=${windowDays}`,
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX, types: SATISFACTION_EVENT_TYPES },
    init: () => ({ t: emptyTracked(), counters: new SatisfactionCounters() }),
    toSnapshot: (s) => ({ t: trackedToJson(s.t), counters: s.counters.toEntries() }),
    fromSnapshot: (j) => ({ t: trackedFromJson(j.t), counters: SatisfactionCounters.fromEntries(j.counters) }),
    apply(state, event) {
      applySatisfaction(state, event, windowDays);
      return state;
    },
  };
}

const cellOf = (kind: 'l' | 'p', r: SatisfactionRec): SatisfactionCell => ({ kind, unit: r.unit, procedure: r.procedure, version: r.version, official: r.official });

function applySatisfaction(state: SatisfactionState, event: StoredEvent, windowDays: number): void {
  const tracker = state.t;
  const type = event.type as DossierEventType;
  switch (type) {
    case 'DossierSubmitted':
    case 'IntakeSupplementRequested':
    case 'ReceptionRefused':
    case 'DossierAccepted': {
      // Every dossier the one-stop unit dealt with can be rated, including one refused at intake (Form 03):
      // its record starts at the first event carrying the intake details; the official is the actor of the latest intake event.
      type Intake = { procedure: { code: string; version: string }; unit: { code: string } };
      const data = event.data as Intake & { intake?: Intake };
      const det = event.type === 'DossierSubmitted' || event.type === 'DossierAccepted' ? data : data.intake;
      // A submission's actor is the citizen, who is no official: a dossier only submitted has none yet ('unknown', as
      // for an intake event without an actor). Its actor is not read (a rebuild need not decode a million citizens).
      const official = event.type === 'DossierSubmitted' ? 'unknown' : intern(event.metadata.actor?.id ?? 'unknown');
      const id = event.streamId;
      const day = dayOfEventInstant(event.metadata.occurredAt);
      let record = lateRecord(tracker, id, day, windowDays);
      if (!record) {
        if (!det?.procedure || !det.unit) return;
        record = { closedDay: -1, procedure: intern(det.procedure.code), version: intern(det.procedure.version), unit: intern(det.unit.code), official };
      } else {
        if (det?.procedure && det.unit) {
          // Unchanged codes (the usual case: acceptance after submission) keep their shared copy without a look-up.
          const { code, version } = det.procedure;
          if (record.procedure !== code) record.procedure = intern(code);
          if (record.version !== version) record.version = intern(version);
          if (record.unit !== det.unit.code) record.unit = intern(det.unit.code);
        }
        record.official = official;
      }
      if (event.type === 'DossierAccepted') {
        tracker.tail.delete(id);
        record.closedDay = -1;
        tracker.open.set(id, record);
      } else if (!tracker.open.has(id)) {
        // Before acceptance a dossier is kept like an ended one (evicted after the window if it never comes back), refreshed by each intake event.
        tracker.tail.delete(id);
        tracker.open.set(id, record);
        closeTracked(tracker, id, record, day);
      }
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'OfficerAssigned': {
      const record = tracker.open.get(event.streamId);
      if (record) record.official = intern((event.data as { officer: { id: string } }).officer.id);
      return;
    }
    case 'ResultReturned':
    case 'DossierClosed': // NĐ 118/2025 Đ19.5: reported like a stop
    case 'ProcessingStopped': {
      const record = tracker.open.get(event.streamId);
      if (!record) return;
      const day = dayOfEventInstant(event.metadata.occurredAt);
      closeTracked(tracker, event.streamId, record, day);
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'DossierRated':
    case 'PetitionFiled':
    case 'PetitionAnswered': {
      const day = dayOfEventInstant(event.metadata.occurredAt);
      const record = lateRecord(tracker, event.streamId, day, windowDays);
      if (!record) {
        tracker.unattributed++;
        return;
      }
      const counters = state.counters;
      if (event.type === 'DossierRated') {
        const data = event.data as { ratings: { criterion: string; level: string; content?: string }[]; vote?: 'like' | 'dislike' };
        for (const rating of data.ratings) {
          // Template strings as the text keys always were: the same row for the same text.
          const cell: SatisfactionCell = {
            kind: 'r',
            unit: record.unit,
            procedure: record.procedure,
            version: record.version,
            official: record.official,
            criterion: `${rating.criterion}`,
            level: `${rating.level}`,
          };
          if (rating.content !== undefined) cell.content = `${rating.content}`;
          counters.bump(day, cell, 0);
        }
        if (data.vote !== undefined) counters.bump(day, cellOf('l', record), data.vote === 'like' ? 0 : 1);
      } else if (event.type === 'PetitionFiled') counters.bump(day, cellOf('p', record), 0);
      else {
        const cell = cellOf('p', record);
        counters.bump(day, cell, 1);
        if ((event.data as { late: boolean }).late) counters.bump(day, cell, 2);
      }
      tickTracked(tracker, day, windowDays);
      return;
    }
    case 'IntakeSupplementProvided':
    case 'DossierTransferred':
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
    case 'DossierAmended':
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
