/**
 * The waits the deadline watcher keeps for the rules of NĐ 118/2025 (pure
 * data and date arithmetic): the online reception alert (Đ17.2), the closure
 * of an uncompleted dossier (Đ19.5) and the correction of an erroneous result
 * (Đ23.1). Which of them a dossier gets comes from the rule pack it is pinned to.
 * Also the deadlines of consulted agencies and inter-agency legs (NĐ 118/2025
 * Đ19.4c, Đ20.2; NĐ 61/2018 Đ19.5), under every pack.
 */
import { computeDue, type Due, type WorkingCalendar } from '../deadlines';
import { supplementPeriodDays } from '../dossier/law-rules';
import type { Catalog } from '../procedure/catalog';
import type { RulePack } from '../procedure/rule-pack';
import { toVietnamInstant } from '../time';

/** An online (re)submission waiting for the reception decision (NĐ 118/2025 Đ17.2). */
export interface ReceptionWait {
  /** System receipt + the pack's `receptionAlertHours`. */
  alertAt: string;
  /** The reception decision's deadline (the pack's `receptionLimit`, default 8 working hours). */
  due: Due;
  alerted: boolean;
}

/** A supplement notice under a pack that closes uncompleted dossiers (NĐ 118/2025 Đ19.5). */
export interface SupplementWait {
  code?: string;
  /** Last day of the applicant's period (notice day + N calendar days). */
  periodEnded: string;
  /** 00:00 of the next day: closure allowed from then. */
  closeAt: string;
  alerted: boolean;
  /** `closeExpired` succeeded (the `DossierClosed` event is on its way). */
  closed: boolean;
}

const HOUR_MS = 3_600_000;
const DEFAULT_RECEPTION_LIMIT = Object.freeze({ unit: 'workingHours', value: 8 } as const);

/** A correction is overdue from the start of the day after its due date (a correction on the due day is on time, as `ResultCorrected.late`). */
export const correctionOverdueMs = (due: Due): number => dayAfterMs(due.date);

/** A local date plus `n` calendar days. */
const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** How the waits of a dossier are computed from its pinned rule pack. */
export interface WaitRules {
  reception(pack: string, at: string): ReceptionWait | undefined;
  closure(pin: Pin, at: string): SupplementWait | undefined;
}

export function waitRules(packs: readonly RulePack[], cal: WorkingCalendar, catalog: Pick<Catalog, 'get'> | undefined): WaitRules {
  const byId = new Map<string, RulePack>();
  for (const pack of packs) for (const id of [...(pack.formerIds ?? []), pack.id]) byId.set(id, pack);
  const procedureOf = (ref: { code: string; version: string } | undefined) => {
    if (!catalog || !ref) return undefined;
    try {
      return catalog.get(ref.code, ref.version);
    } catch {
      return undefined; // not in this catalog: the pack's period
    }
  };
  return {
    reception(id, at) {
      const pack = byId.get(id);
      const hours = pack?.receptionAlertHours;
      if (!pack || hours === undefined) return undefined;
      return {
        alertAt: toVietnamInstant(Date.parse(at) + hours * HOUR_MS),
        due: computeDue(at, pack.receptionLimit ?? DEFAULT_RECEPTION_LIMIT, cal),
        alerted: false,
      };
    },
    closure(pin, at) {
      const pack = byId.get(pin.pack);
      const days = pack && supplementPeriodDays(procedureOf(pin.procedure), pack);
      if (days === undefined) return undefined;
      // NĐ 118/2025 Đ19.5: N days from the notice (calendar days, the notice day not counted); closable from the next day.
      const periodEnded = addDays(at.slice(0, 10), days);
      return { periodEnded, closeAt: `${addDays(periodEnded, 1)}T00:00:00.000+07:00`, alerted: false, closed: false };
    },
  };
}

/** What a dossier is pinned to (its first event). */
export interface Pin {
  pack: string;
  procedure?: { code: string; version: string };
  /** The receiving unit, whose head is alerted of a late consulted agency (absent in checkpoints saved before it). */
  unit?: { code: string; name?: string };
}

/**
 * A consultation (lấy ý kiến) or an inter-agency leg waiting for its agency's
 * answer (NĐ 118/2025 Đ19.4c, Đ20.2): overdue from 00:00 of the day after its
 * deadline (day precision, as `lateAgencyAlerts`).
 */
export interface AgencyWait {
  kind: 'consultation' | 'leg';
  /** Consultation id, or the leg index as a string. */
  ref: string;
  agency: { code: string; name: string };
  /** The agency's deadline: a consultation's `deadline`, a leg's `due` (absent: a sequential leg not started yet). */
  due?: { date: string; at: string };
  alerted: boolean;
}

/** Key of an agency wait within its dossier. */
export const agencyWaitKey = (kind: AgencyWait['kind'], ref: string): string => `${kind}:${ref}`;

/** 00:00 (Vietnam) of the day after a local date: when a deadline on that day is overdue. */
export const dayAfterMs = (day: string): number => Date.parse(`${addDays(day, 1)}T00:00:00.000+07:00`);

/**
 * Consultations and inter-agency legs (NĐ 118/2025 Đ19.4c, Đ20.2): a request
 * or a started leg waits for its agency; an answer or a completed leg ends the
 * wait (a sequential route's next leg then starts with `nextLegDue`). Mutates
 * `agencies` (per dossier, per `kind:ref`); returns true when the event was one of them.
 */
export function applyAgencyWait(agencies: Record<string, Record<string, AgencyWait>>, id: string, type: string, data: Record<string, unknown>): boolean {
  const waitsOf = () => (agencies[id] ??= {});
  const drop = (key: string) => {
    const waits = agencies[id];
    if (!waits) return;
    delete waits[key];
    if (Object.keys(waits).length === 0) delete agencies[id];
  };
  switch (type) {
    case 'ConsultationRequested': {
      const deadline = data.deadline as string;
      const ref = data.consultationId as string;
      waitsOf()[agencyWaitKey('consultation', ref)] = {
        kind: 'consultation',
        ref,
        agency: data.agency as AgencyWait['agency'],
        due: { date: deadline, at: toVietnamInstant(dayAfterMs(deadline)) },
        alerted: false,
      };
      return true;
    }
    case 'ConsultationAnswered':
      drop(agencyWaitKey('consultation', data.consultationId as string));
      return true;
    case 'InterAgencyStarted': {
      const waits = waitsOf();
      for (const leg of data.legs as { index: number; agency: AgencyWait['agency']; due?: Due }[])
        waits[agencyWaitKey('leg', String(leg.index))] = { kind: 'leg', ref: String(leg.index), agency: leg.agency, ...(leg.due ? { due: leg.due } : {}), alerted: false };
      return true;
    }
    case 'LegCompleted': {
      const index = data.legIndex as number;
      drop(agencyWaitKey('leg', String(index)));
      const next = agencies[id]?.[agencyWaitKey('leg', String(index + 1))];
      if (next && !next.due && data.nextLegDue) next.due = data.nextLegDue as Due;
      return true;
    }
  }
  return false;
}
