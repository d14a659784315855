import type { z } from 'zod';
import { DossierRated, PetitionAnswered, PetitionFiled, PortalSynced } from './annotations';
import { ReturnedForRework, StepAssigned, StepForwarded } from './approval';
import { EventCorrected } from '../corrections/event';
import type { Label } from './define';
import { DossierAccepted, DossierSubmitted, IntakeSupplementProvided, IntakeSupplementRequested, ReceptionRefused } from './intake';
import {
  DossierAmended,
  DossierClosed,
  DossierResolved,
  EarlyReturnNotified,
  ProcessingStopped,
  ResolutionRefused,
  ResultCorrected,
  ResultErrorReported,
  ResultReturned,
  WithdrawalRequested,
} from './outcome';
import {
  ApologyIssued,
  ConsultationAnswered,
  ConsultationRequested,
  DossierTransferred,
  FeePaid,
  FeeRequested,
  InterAgencyStarted,
  LegCompleted,
  OfficerAssigned,
  SupplementProvided,
  SupplementRequested,
  VerificationRecorded,
} from './processing';

/**
 * Every dossier event type and its definition (`events/define.ts`), in
 * lifecycle order. The one list: the event union, the schemas, the
 * copy-on-write table (`dossier/thaw.ts`), the evolve dispatch and the
 * exhaustiveness of every switch on event types are derived from it. The
 * names are the domain's (see docs/glossary.md).
 */
export const EVENTS = {
  DossierSubmitted,
  IntakeSupplementRequested,
  IntakeSupplementProvided,
  ReceptionRefused,
  DossierAccepted,
  DossierTransferred,
  OfficerAssigned,
  StepAssigned,
  StepForwarded,
  ReturnedForRework,
  VerificationRecorded,
  ConsultationRequested,
  ConsultationAnswered,
  SupplementRequested,
  SupplementProvided,
  FeeRequested,
  FeePaid,
  InterAgencyStarted,
  LegCompleted,
  ApologyIssued,
  DossierAmended,
  WithdrawalRequested,
  ProcessingStopped,
  DossierClosed,
  DossierResolved,
  ResolutionRefused,
  EarlyReturnNotified,
  ResultReturned,
  ResultErrorReported,
  ResultCorrected,
  DossierRated,
  PetitionFiled,
  PetitionAnswered,
  PortalSynced,
  EventCorrected,
} as const;

/** The name of a dossier event type (sự kiện), e.g. `DossierAccepted`. */
export type DossierEventType = keyof typeof EVENTS;
type Schemas = { readonly [T in DossierEventType]: (typeof EVENTS)[T]['schema'] };
/** The `data` of an event of one type (validated, defaults applied). */
export type EventData<T extends DossierEventType> = z.output<Schemas[T]>;

/** Zod schemas of every dossier event's `data`, by type (from {@link EVENTS}). */
export const eventSchemas: Schemas = Object.freeze(Object.fromEntries(Object.entries(EVENTS).map(([t, d]) => [t, d.schema])) as unknown as Schemas);

/** Labels of every event type, in Vietnamese and English (from {@link EVENTS}). */
export const EVENT_LABELS: Readonly<Record<DossierEventType, Label>> = Object.freeze(
  Object.fromEntries(Object.entries(EVENTS).map(([t, d]) => [t, d.label])) as Record<DossierEventType, Label>,
);

/**
 * Current schema version of each event type's data: its definition's
 * `version` (bumped together with an upcaster, docs/events.md). Written into
 * every event's `metadata.schemaVersion`.
 */
export const EVENT_SCHEMA_VERSION: Readonly<Record<DossierEventType, number>> = Object.freeze(
  Object.fromEntries(Object.entries(EVENTS).map(([k, d]) => [k, d.version])) as Record<DossierEventType, number>,
);

/** Every event type, in lifecycle order. */
export const DOSSIER_EVENT_TYPES = Object.freeze(Object.keys(EVENTS) as DossierEventType[]);

/**
 * The exhaustiveness check of a switch on event types: call it in `default`
 * with the switched value. It compiles only when every event type has its
 * `case` (the value is `never` there); at run time it returns `result`, so an
 * event of a type this code does not know (a newer writer) is skipped.
 *
 * @example
 * ```ts nocheck
 * const type = e.type as DossierEventType;
 * switch (type) {
 *   case 'DossierAccepted': …; return s; // one case per event type (a fragment: the other cases are left out)
 *   case 'OfficerAssigned': return s; // nothing to do, said explicitly
 *   default: return unknownEventType(type, s);
 * }
 * ```
 */
export function unknownEventType<R>(_type: never, result: R): R {
  return result;
}
