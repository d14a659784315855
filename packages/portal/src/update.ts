/**
 * The status update sent to the national portal for one committed event: a
 * pure function of the event (so the outbox can derive it from the log, see
 * docs/integration.md). Updates are partial: each carries what its event
 * tells (status, step, dossier code, procedure, unit, channel, due dates and
 * the appointment in force);
 * the portal keeps the latest of each field. No personal data leaves: no
 * applicant, no ID number.
 */
import { CHANNEL_CODE, DOSSIER_STREAM_PREFIX, dossierIdOfStream, instantMs, isInstantString, type Channel, type StoredEvent } from '@motcua/core';
import { z } from 'zod';
import { PORTAL_EFFECTS } from './status';

const instant = z.string().refine(isInstantString, 'expected an ISO-8601 instant with offset');

/** Zod schema of a {@link PortalStatusUpdate} (the simulated portal validates requests with it). */
export const portalStatusUpdateSchema = z.strictObject({
  /** Our dossier id (the stream id without its prefix). */
  dossierId: z.string().min(1).max(200),
  /** Version of the event in its dossier stream: the order of updates of one dossier. */
  version: z.number().int().min(1),
  /** The event it comes from. */
  eventType: z.string().min(1).max(100),
  /** Business time of the event. */
  occurredAt: instant,
  /** National status 1–10, when the event sets it. */
  status: z.number().int().min(1).max(10).optional(),
  /** The step inside processing (status 4), e.g. `OfficerAssigned` or an approval step id. */
  step: z.string().min(1).max(200).optional(),
  dossierCode: z.string().min(1).max(100).optional(),
  procedureCode: z.string().min(1).max(100).optional(),
  unitCode: z.string().min(1).max(100).optional(),
  /** 1 direct, 2 online, 3 postal. */
  channel: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Legal due instant (set at acceptance, restarted when a supplement arrives). */
  legalDue: instant.optional(),
  /** Rescheduled due instant (Form 04). */
  rescheduledDue: instant.optional(),
  /**
   * The appointment in force (ngày hẹn trả kết quả) from this event on, when the event sets it: the legal due at
   * acceptance, Form 04's date, the restarted legal due when a supplement arrives. The portal cannot tell it from
   * `legalDue` and `rescheduledDue` alone: a restart after Form 04 replaces Form 04's date, a supplement requested
   * past the due date (`SupplementRequested.afterDue`) changes nothing.
   */
  dueAt: instant.optional(),
});

/** One status update for the portal (cập nhật trạng thái hồ sơ lên Cổng DVCQG). */
export type PortalStatusUpdate = z.output<typeof portalStatusUpdateSchema>;

interface EventFields {
  dossierCode?: string;
  procedure?: { code?: string };
  unit?: { code?: string };
  channel?: Channel;
  intake?: EventFields;
  due?: { at?: string };
  newDue?: { at?: string };
  /** Internal approval steps (StepAssigned; StepForwarded/ReturnedForRework `from`/`to`; DossierTransferred `step`). */
  stepId?: string;
  from?: { stepId?: string };
  to?: { stepId?: string };
  step?: { stepId?: string };
}

/**
 * The portal update of one stored dossier event, or `undefined` when the
 * event tells the portal nothing (see `PORTAL_EFFECTS`) or is not a dossier
 * stream's. Pure.
 *
 * @example
 * ```ts
 * import type { StoredEvent } from '@motcua/core';
 * import { portalUpdateOf } from '@motcua/portal';
 * declare const accepted: StoredEvent; // a DossierAccepted event
 * portalUpdateOf(accepted)?.status; // 2
 * ```
 */
export function portalUpdateOf(event: StoredEvent): PortalStatusUpdate | undefined {
  if (!event.streamId.startsWith(DOSSIER_STREAM_PREFIX)) return undefined;
  const effect = PORTAL_EFFECTS[event.type];
  if (effect === undefined || effect === 'none') return undefined;
  const data = (event.data ?? {}) as EventFields;
  const intake = data.intake ?? data;
  const update: PortalStatusUpdate = {
    dossierId: dossierIdOfStream(event.streamId),
    version: event.version,
    eventType: event.type,
    occurredAt: event.metadata.occurredAt,
  };
  if (effect === 'step') {
    update.status = 4;
    update.step = data.to?.stepId ?? data.stepId ?? data.from?.stepId ?? event.type;
  } else if (effect !== 'facts') update.status = effect;
  if (effect === 4 && typeof data.step?.stepId === 'string') update.step = data.step.stepId;
  if (typeof data.dossierCode === 'string') update.dossierCode = data.dossierCode;
  if (typeof intake.procedure?.code === 'string') update.procedureCode = intake.procedure.code;
  if (typeof intake.unit?.code === 'string') update.unitCode = intake.unit.code;
  if (intake.channel !== undefined && CHANNEL_CODE[intake.channel] !== undefined) update.channel = CHANNEL_CODE[intake.channel];
  // Due dates: set at acceptance, restarted by a supplement (both the legal due), rescheduled by Form 04.
  if ((event.type === 'DossierAccepted' || event.type === 'SupplementProvided') && typeof data.due?.at === 'string') update.legalDue = data.due.at;
  if (event.type === 'ApologyIssued' && typeof data.newDue?.at === 'string') update.rescheduledDue = data.newDue.at;
  // The appointment in force: the legal due at acceptance; Form 04's date; after a supplement, the restarted legal
  // due, which replaces Form 04's date (domain §3.3, §4.3). A supplement requested past the due date restarts
  // nothing (`SupplementRequested.afterDue`): its `due` is the unchanged legal due, already past when the supplement
  // arrives, while a restarted due always lies after the arrival — so a `due` not after the event is no new appointment.
  if (event.type === 'DossierAccepted' && update.legalDue !== undefined) update.dueAt = update.legalDue;
  if (event.type === 'ApologyIssued' && update.rescheduledDue !== undefined) update.dueAt = update.rescheduledDue;
  if (
    event.type === 'SupplementProvided' &&
    update.legalDue !== undefined &&
    isInstantString(update.legalDue) &&
    isInstantString(update.occurredAt) &&
    instantMs(update.legalDue) > instantMs(update.occurredAt)
  )
    update.dueAt = update.legalDue;
  return update;
}
