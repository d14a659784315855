/**
 * What a correction (đính chính) may change, by event type: the whitelist.
 * Only the business time (`occurredAt`) of the events that end a step and
 * that no stored due date depends on: the resolution (or refusal) and the
 * return of the result. These events happen at most once per dossier, so a
 * correction names its target by type. A wrong time of reception is not
 * correctable this way: the due dates stored on `DossierAccepted` were
 * computed from it (see docs/security.md, "Corrections as events").
 */
export const CORRECTABLE = Object.freeze({
  DossierResolved: Object.freeze(['occurredAt'] as const),
  ResolutionRefused: Object.freeze(['occurredAt'] as const),
  ResultReturned: Object.freeze(['occurredAt'] as const),
});

/** An event type a correction may target. */
export type CorrectableType = keyof typeof CORRECTABLE;
/** A field a correction may change. */
export type CorrectableField = (typeof CORRECTABLE)[CorrectableType][number];

/** The event types a correction may target (the keys of {@link CORRECTABLE}). */
export const CORRECTABLE_TYPES = Object.keys(CORRECTABLE) as [CorrectableType, ...CorrectableType[]];
/** The fields a correction may change, over all correctable types. */
export const CORRECTABLE_FIELDS = ['occurredAt'] as const satisfies readonly CorrectableField[];
