import { classifyPending, type WorkingCalendar } from '@motcua/calendar';
import { NATIONAL_STATUS_LABELS, type Catalog, type DossierState, type NationalStatus } from '@motcua/core';

/** The due date a dossier is measured against now: rescheduled (Form 04), else the legal one. */
export function effectiveDue(state: DossierState) {
  return state.due?.rescheduled ?? state.due?.legal;
}

/**
 * The plain summary of a dossier the API returns: identity, status with
 * Vietnamese and English labels, procedure name, due dates and, for an open
 * dossier, whether it is within time or overdue as of `now`.
 */
export function dossierView(state: DossierState, catalog: Catalog, calendar: WorkingCalendar, now: Date) {
  let procedureName: { vi: string; en: string } | undefined;
  if (state.procedure) {
    try {
      const procedure = catalog.get(state.procedure.code, state.procedure.version);
      procedureName = { vi: procedure.name.vi, en: procedure.name.en ?? procedure.name.vi };
    } catch {
      procedureName = undefined;
    }
  }
  const due = effectiveDue(state);
  const open = !state.terminal && !state.resolution && !state.returned && !state.stopped && !state.refusedAtIntake && due !== undefined;
  return {
    id: state.id,
    version: state.version,
    dossierCode: state.dossierCode ?? null,
    state: state.state,
    topLevel: state.topLevel,
    terminal: state.terminal,
    nationalStatus: state.nationalStatus === null ? null : { code: state.nationalStatus, ...NATIONAL_STATUS_LABELS[state.nationalStatus as NationalStatus] },
    procedure: state.procedure ? { ...state.procedure, name: procedureName ?? null } : null,
    applicant: state.applicant ?? null,
    unit: state.unit ?? null,
    channel: state.channel ?? null,
    acceptedAt: state.acceptedAt ?? null,
    due: state.due ?? null,
    pending: open ? classifyPending(now, due, calendar) : null,
    resolution: state.resolution ?? null,
    returned: state.returned ?? null,
    ratings: state.ratings,
  };
}

/** The JSON shape of {@link dossierView}. */
export type DossierView = ReturnType<typeof dossierView>;
