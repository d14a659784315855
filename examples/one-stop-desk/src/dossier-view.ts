import { classifyPending, type WorkingCalendar } from '@motcua/calendar';
import { NATIONAL_STATUS_LABELS, type Catalog, type DossierState, type NationalStatus } from '@motcua/core';

/** The due date a dossier is measured against now: rescheduled (Form 04), else the legal one. */
export function effectiveDue(s: DossierState) {
  return s.due?.rescheduled ?? s.due?.legal;
}

/**
 * The plain summary of a dossier the API returns: identity, status with
 * Vietnamese and English labels, procedure name, due dates and, for an open
 * dossier, whether it is within time or overdue as of `now`.
 */
export function dossierView(s: DossierState, catalog: Catalog, calendar: WorkingCalendar, now: Date) {
  let procedureName: { vi: string; en: string } | undefined;
  if (s.procedure) {
    try {
      const p = catalog.get(s.procedure.code, s.procedure.version);
      procedureName = { vi: p.name.vi, en: p.name.en ?? p.name.vi };
    } catch {
      procedureName = undefined;
    }
  }
  const due = effectiveDue(s);
  const open = !s.terminal && !s.resolution && !s.returned && !s.stopped && !s.refusedAtIntake && due !== undefined;
  return {
    id: s.id,
    version: s.version,
    dossierCode: s.dossierCode ?? null,
    state: s.state,
    topLevel: s.topLevel,
    terminal: s.terminal,
    nationalStatus: s.nationalStatus === null ? null : { code: s.nationalStatus, ...NATIONAL_STATUS_LABELS[s.nationalStatus as NationalStatus] },
    procedure: s.procedure ? { ...s.procedure, name: procedureName ?? null } : null,
    applicant: s.applicant ?? null,
    unit: s.unit ?? null,
    channel: s.channel ?? null,
    acceptedAt: s.acceptedAt ?? null,
    due: s.due ?? null,
    pending: open ? classifyPending(now, due, calendar) : null,
    resolution: s.resolution ?? null,
    returned: s.returned ?? null,
    ratings: s.ratings,
  };
}

/** The JSON shape of {@link dossierView}. */
export type DossierView = ReturnType<typeof dossierView>;
