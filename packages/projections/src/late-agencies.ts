/**
 * Late consulted and route agencies across dossiers, for the head of each
 * receiving unit (NĐ 118/2025 Đ19.4c: an agency that does not answer a
 * consultation on time is reported to the head; Đ20.2: each agency of an
 * inter-agency route has its deadline). Core's `lateAgencyAlerts(state, at)`
 * answers for one dossier; this projection keeps the open consultations and
 * legs of every dossier and lists the late ones at an instant.
 */
import { DOSSIER_STREAM_PREFIX, localDateOf } from '@motcua/core';
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

const ENDS = new Set(['ResultReturned', 'ProcessingStopped', 'DossierClosed', 'ReceptionRefused', 'ResolutionRefused', 'DossierResolved']);

/**
 * The late-agency projection. A dossier's items are dropped when it is
 * resolved, refused or ends, so the state holds the dossiers in processing.
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
    version: 'late-agencies/1',
    filter: { streamPrefix: DOSSIER_STREAM_PREFIX },
    init: () => ({ dossiers: new Map() }),
    toSnapshot: (s) => ({ dossiers: [...s.dossiers] }),
    fromSnapshot: (j) => ({ dossiers: new Map(j.dossiers) }),
    apply(s, e) {
      const d = e.data as Record<string, unknown>;
      if (ENDS.has(e.type)) {
        s.dossiers.delete(e.streamId);
        return s;
      }
      let r = s.dossiers.get(e.streamId);
      switch (e.type) {
        case 'DossierAccepted':
        case 'DossierSubmitted':
          if (!r) s.dossiers.set(e.streamId, (r = { items: [] }));
          r.unit = d.unit as DossierRec['unit'];
          if (typeof d.dossierCode === 'string') r.dossierCode = d.dossierCode;
          return s;
        case 'ConsultationRequested':
          if (!r) s.dossiers.set(e.streamId, (r = { items: [] }));
          r.items.push({ kind: 'consultation', ref: String(d.consultationId), agency: d.agency as Pending['agency'], deadline: String(d.deadline) });
          return s;
        case 'ConsultationAnswered': {
          const c = r?.items.find((x) => x.kind === 'consultation' && x.ref === String(d.consultationId) && x.doneAt === undefined);
          if (c) {
            c.doneAt = e.metadata.occurredAt;
            c.late = d.late === true;
          }
          return s;
        }
        case 'InterAgencyStarted':
          if (!r) s.dossiers.set(e.streamId, (r = { items: [] }));
          for (const l of d.legs as { index: number; agency: Pending['agency']; due?: { date: string } }[])
            r.items.push({ kind: 'leg', ref: String(l.index), agency: l.agency, ...(l.due ? { deadline: l.due.date } : {}) });
          return s;
        case 'LegCompleted': {
          const i = Number(d.legIndex);
          const leg = r?.items.find((x) => x.kind === 'leg' && x.ref === String(i));
          if (leg) {
            leg.doneAt = e.metadata.occurredAt;
            leg.late = d.late === true;
          }
          const next = r?.items.find((x) => x.kind === 'leg' && x.ref === String(i + 1));
          const nextDue = d.nextLegDue as { date: string } | undefined;
          if (next && nextDue) next.deadline = nextDue.date;
          return s;
        }
        default:
          return s;
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
export function lateAgencies(state: LateAgencyState, q: { at: string; unit?: string }): LateAgencyRow[] {
  const today = localDateOf(q.at);
  const out: LateAgencyRow[] = [];
  for (const [streamId, r] of state.dossiers) {
    if (q.unit !== undefined && r.unit?.code !== q.unit) continue;
    for (const x of r.items) {
      if (x.deadline === undefined) continue;
      const status = x.doneAt !== undefined ? (x.late ? 'answeredLate' : undefined) : today > x.deadline ? 'overdue' : undefined;
      if (!status) continue;
      out.push({
        streamId,
        ...(r.dossierCode ? { dossierCode: r.dossierCode } : {}),
        ...(r.unit ? { unit: r.unit } : {}),
        kind: x.kind,
        ref: x.ref,
        agency: x.agency,
        deadline: x.deadline,
        status,
      });
    }
  }
  return out.sort(
    (a, b) => (a.unit?.code ?? '').localeCompare(b.unit?.code ?? '') || a.deadline.localeCompare(b.deadline) || a.streamId.localeCompare(b.streamId) || a.ref.localeCompare(b.ref),
  );
}
