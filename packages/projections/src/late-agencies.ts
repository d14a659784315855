/**
 * Late consulted and route agencies across dossiers, for the head of each
 * receiving unit (NĐ 118/2025 Đ19.4c: an agency that does not answer a
 * consultation on time is reported to the head; Đ20.2: each agency of an
 * inter-agency route has its deadline). Core's `lateAgencyAlerts(state, at)`
 * answers for one dossier; this projection keeps the open consultations and
 * legs of every dossier and lists the late ones at an instant.
 */
import { DOSSIER_STREAM_PREFIX, localDateOf, type DossierEventType } from '@motcua/core';
import type { Projection } from './projection';

interface Pending {
  kind: 'consultation' | 'leg';
  ref: string;
  agency: { code: string; name: string };
  /** Deadline day (local date). */
  deadline?: string;
  /** Answer or completion instant. */
  doneAt?: string;
  late?: boolean;
}

interface DossierRec {
  unit?: { code: string; name: string };
  dossierCode?: string;
  items: Pending[];
}

/** State: per dossier stream, its consultations and route legs (dropped when the dossier ends). */
export interface LateAgencyState {
  dossiers: Map<string, DossierRec>;
}

/** JSON snapshot of {@link LateAgencyState}. */
export interface LateAgencySnapshot {
  dossiers: [string, DossierRec][];
}

/** One late agency on one dossier. */
export interface LateAgencyRow {
  streamId: string;
  dossierCode?: string;
  /** The receiving unit, whose head is alerted. */
  unit?: { code: string; name: string };
  kind: 'consultation' | 'leg';
  /** Consultation id, or the leg index. */
  ref: string;
  agency: { code: string; name: string };
  deadline: string;
  /** `overdue`: still open after its deadline day; `answeredLate`: answered or completed after it. */
  status: 'overdue' | 'answeredLate';
}

/**
 * The events after which a dossier is no longer in processing. A withdrawal request (status 7) ends it as the reports
 * and the deadline watcher count it: only the stop may follow, no agency can answer or complete its leg any more.
 */
const ENDS = new Set(['ResultReturned', 'ProcessingStopped', 'DossierClosed', 'ReceptionRefused', 'ResolutionRefused', 'DossierResolved', 'WithdrawalRequested']);

/** The event types the late-agency fold reads (its `filter.types`; every other type leaves the state as it is). Checked by `test/fold-filters.test.ts`. */
export const LATE_AGENCY_EVENT_TYPES: readonly DossierEventType[] = Object.freeze([
  'ResultReturned',
  'ProcessingStopped',
  'DossierClosed',
  'ReceptionRefused',
  'ResolutionRefused',
  'DossierResolved',
  'WithdrawalRequested',
  'DossierAccepted',
  'DossierSubmitted',
  'ConsultationRequested',
  'ConsultationAnswered',
  'InterAgencyStarted',
  'LegCompleted',
]);

/** The items of a dossier without consultations or legs yet: one shared frozen array (most dossiers never get one); {@link itemsOf} gives the record its own on the first push. */
const NO_ITEMS = Object.freeze([]) as unknown as Pending[];

function itemsOf(record: DossierRec): Pending[] {
  if (record.items === NO_ITEMS) record.items = [];
  return record.items;
}

/**
 * The late-agency projection. A dossier's items are dropped when it is
 * resolved, refused, withdrawn (status 7) or ends, so the state holds the dossiers in processing.
 *
 * @example
 * ```ts
 * const runner = createProjectionRunner({ store, projection: lateAgencyProjection() });
 * await runner.catchUp();
 * lateAgencies(runner.state, { at: '2025-07-04T08:00:00.000+07:00' });
 * ```
 */
export function lateAgencyProjection(options: { name?: string } = {}): Projection<LateAgencyState, LateAgencySnapshot> {
  return {
    name: options.name ?? 'late-agencies',
    version: 'late-agencies/2',
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX, types: LATE_AGENCY_EVENT_TYPES },
    init: () => ({ dossiers: new Map() }),
    toSnapshot: (s) => ({ dossiers: [...s.dossiers] }),
    fromSnapshot: (j) => ({ dossiers: new Map(j.dossiers) }),
    apply(state, event) {
      const data = event.data as Record<string, unknown>;
      if (ENDS.has(event.type)) {
        state.dossiers.delete(event.streamId);
        return state;
      }
      let record = state.dossiers.get(event.streamId);
      switch (event.type) {
        case 'DossierAccepted':
        case 'DossierSubmitted':
          if (!record) state.dossiers.set(event.streamId, (record = { items: NO_ITEMS }));
          record.unit = data.unit as DossierRec['unit'];
          if (typeof data.dossierCode === 'string') record.dossierCode = data.dossierCode;
          return state;
        case 'ConsultationRequested':
          if (!record) state.dossiers.set(event.streamId, (record = { items: NO_ITEMS }));
          itemsOf(record).push({ kind: 'consultation', ref: String(data.consultationId), agency: data.agency as Pending['agency'], deadline: String(data.deadline) });
          return state;
        case 'ConsultationAnswered': {
          const consultation = record?.items.find((x) => x.kind === 'consultation' && x.ref === String(data.consultationId) && x.doneAt === undefined);
          if (consultation) {
            consultation.doneAt = event.metadata.occurredAt;
            consultation.late = data.late === true;
          }
          return state;
        }
        case 'InterAgencyStarted':
          if (!record) state.dossiers.set(event.streamId, (record = { items: NO_ITEMS }));
          // A route started again (after the first one ended) replaces it, as in the dossier's state (`route`).
          if (record.items.some((x) => x.kind === 'leg')) record.items = record.items.filter((x) => x.kind !== 'leg');
          for (const leg of data.legs as { index: number; agency: Pending['agency']; due?: { date: string } }[])
            itemsOf(record).push({ kind: 'leg', ref: String(leg.index), agency: leg.agency, ...(leg.due ? { deadline: leg.due.date } : {}) });
          return state;
        case 'LegCompleted': {
          const legIndex = Number(data.legIndex);
          const leg = record?.items.find((x) => x.kind === 'leg' && x.ref === String(legIndex));
          if (leg) {
            leg.doneAt = event.metadata.occurredAt;
            leg.late = data.late === true;
          }
          const next = record?.items.find((x) => x.kind === 'leg' && x.ref === String(legIndex + 1));
          const nextDue = data.nextLegDue as { date: string } | undefined;
          if (next && nextDue) next.deadline = nextDue.date;
          return state;
        }
        default:
          return state;
      }
    },
  };
}

/**
 * Late agencies at instant `at` (day precision, as in reports): open
 * consultations and legs past their deadline day (`overdue`), and those
 * answered or completed late (`answeredLate`) on dossiers still in
 * processing. `unit` keeps one receiving unit. Sorted by unit, deadline, dossier.
 *
 * @example
 * ```ts
 * const runner = createProjectionRunner({ store, projection: lateAgencyProjection() });
 * await runner.catchUp();
 * lateAgencies(runner.state, { at: '2025-07-04T08:00:00.000+07:00', unit: '000.01.20.H26' });
 * ```
 */
export function lateAgencies(state: LateAgencyState, query: { at: string; unit?: string }): LateAgencyRow[] {
  const today = localDateOf(query.at);
  const out: LateAgencyRow[] = [];
  for (const [streamId, record] of state.dossiers) {
    if (query.unit !== undefined && record.unit?.code !== query.unit) continue;
    for (const item of record.items) {
      if (item.deadline === undefined) continue;
      const status = item.doneAt !== undefined ? (item.late ? 'answeredLate' : undefined) : today > item.deadline ? 'overdue' : undefined;
      if (!status) continue;
      out.push({
        streamId,
        ...(record.dossierCode ? { dossierCode: record.dossierCode } : {}),
        ...(record.unit ? { unit: record.unit } : {}),
        kind: item.kind,
        ref: item.ref,
        agency: item.agency,
        deadline: item.deadline,
        status,
      });
    }
  }
  return out.sort(
    (left, right) =>
      (left.unit?.code ?? '').localeCompare(right.unit?.code ?? '') ||
      left.deadline.localeCompare(right.deadline) ||
      left.streamId.localeCompare(right.streamId) ||
      left.ref.localeCompare(right.ref),
  );
}
