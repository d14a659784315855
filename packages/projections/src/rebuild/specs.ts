/**
 * The report projections a rebuild can run on worker threads, named by a
 * plain-data spec (a thread cannot receive functions): the kind and its
 * serialisable options. The deadline calendar is the default
 * (`vietnamCalendar()`) in every thread.
 */
import { EVENTS } from '@motcua/core';
import type { Projection } from '../projection';
import { lateAgencyProjection } from '../late-agencies';
import { receptionProjection, type ReceptionOptions } from '../reception/projection';
import { satisfactionProjection, type SatisfactionOptions } from '../satisfaction/projection';
import { timelinessProjection, type TimelinessOptions } from '../timeliness/projection';
import { tt01Projection, type Tt01Options } from '../tt01/projection';
import { mergeLateAgencies, mergeReception, mergeSatisfaction, mergeTimeliness, mergeTt01 } from './merge';

/**
 * One report projection to rebuild: its kind and options (plain data; the calendar is always the default one).
 * Rule packs are data: give timeliness and reception the engine's (`catalog.rulePacks`), as to the projections
 * the reports read, so the rebuilt checkpoints are theirs.
 * @example const specs: RebuildSpec[] = [{ kind: 'timeliness', options: { rulePacks: catalog.rulePacks } }, { kind: 'satisfaction', options: { lateEventWindowDays: 90 } }];
 */
export type RebuildSpec =
  | { kind: 'timeliness'; options?: Omit<TimelinessOptions, 'calendar'> }
  | { kind: 'tt01'; options?: Omit<Tt01Options, 'calendar'> }
  | { kind: 'satisfaction'; options?: SatisfactionOptions }
  | { kind: 'reception'; options?: Omit<ReceptionOptions, 'calendar'> }
  | { kind: 'late-agencies'; options?: { name?: string } };

/** The kinds of {@link RebuildSpec}, i.e. every report projection. */
export const REBUILD_KINDS = ['timeliness', 'tt01', 'satisfaction', 'reception', 'late-agencies'] as const;

/**
 * The metadata keys the report projections read (`occurredAt`; `actor` for the
 * official's id; `schemaVersion`, which upcasting reads): a lean read decodes
 * only these (`source` of `rebuildProjections`). Checked against what the
 * projections actually touch by `test/rebuild-lean.test.ts`.
 * @example const keys: readonly string[] = REBUILD_METADATA_KEYS; // ['occurredAt', 'actor', 'schemaVersion']
 */
export const REBUILD_METADATA_KEYS: readonly string[] = Object.freeze(['occurredAt', 'actor', 'schemaVersion']);

/** The keys of {@link REBUILD_METADATA_KEYS} every event needs: `actor` is read only on the types of {@link REBUILD_METADATA_KEYS_BY_TYPE}. */
export const REBUILD_COMMON_METADATA_KEYS: readonly string[] = Object.freeze(['occurredAt', 'schemaVersion']);

/**
 * The event types whose `actor` a report projection reads, with their keys:
 * satisfaction takes the official from the intake events handled by an officer
 * (`IntakeSupplementRequested`, `ReceptionRefused`, `DossierAccepted`; a
 * submission's actor is the citizen, never read), TT 01/2018
 * from the decision (`DossierResolved`, `ResolutionRefused`); only `occurredAt` on
 * `PortalSynced` (a report notes only that the dossier was synced, and the day
 * decides whether a sync after the end is still attributed to it). Every other event
 * is read with {@link REBUILD_COMMON_METADATA_KEYS}: a citizen's actor is a
 * dictionary read when it is not cached, and a province's history holds
 * millions of them. Checked against what the projections touch, type by type,
 * by `test/rebuild-lean.test.ts`.
 * @example const keys = REBUILD_METADATA_KEYS_BY_TYPE.DossierAccepted; // ['occurredAt', 'actor', 'schemaVersion']
 */
export const REBUILD_METADATA_KEYS_BY_TYPE: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ...Object.fromEntries(['IntakeSupplementRequested', 'ReceptionRefused', 'DossierAccepted', 'DossierResolved', 'ResolutionRefused'].map((type) => [type, REBUILD_METADATA_KEYS])),
  // The portal's acknowledgement (a sixth of a province's events): a report notes only that the dossier was synced;
  // the day is read for the attribution window of a sync after the end (tracker.ts, `lateRecord`). `schemaVersion`
  // stays wanted if the type ever gets upcasters (version above 1): upcasting reads it.
  PortalSynced: EVENTS.PortalSynced.version > 1 ? ['occurredAt', 'schemaVersion'] : ['occurredAt'],
});

/** A projection and the merge of its partial snapshots. */
export interface Rebuildable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  projection: Projection<any, any>;
  /**
   * Merge partial snapshots. `reuse`: the parts belong to the caller alone
   * (e.g. structured clones from worker threads) and are not read again, so
   * their records may be taken over (and rewritten) instead of copied.
   */
  merge(parts: readonly unknown[], options?: MergeOptions): unknown;
}

/** Options of a merge. */
export interface MergeOptions {
  /** Take over the parts' records instead of copying them (the parts must not be used afterwards). Default false. */
  reuse?: boolean;
}

/**
 * The projection a spec names, with its merge.
 * @example const { projection, merge } = rebuildable({ kind: 'tt01' });
 */
export function rebuildable(spec: RebuildSpec): Rebuildable {
  switch (spec.kind) {
    case 'timeliness':
      return { projection: timelinessProjection(spec.options), merge: (parts, options) => mergeTimeliness(parts as never, options) };
    case 'tt01':
      return { projection: tt01Projection(spec.options), merge: (parts, options) => mergeTt01(parts as never, options) };
    case 'satisfaction':
      return { projection: satisfactionProjection(spec.options), merge: (parts, options) => mergeSatisfaction(parts as never, options) };
    case 'reception':
      return { projection: receptionProjection(spec.options), merge: (parts, options) => mergeReception(parts as never, options) };
    case 'late-agencies':
      return { projection: lateAgencyProjection(spec.options), merge: (parts) => mergeLateAgencies(parts as never) };
  }
}
