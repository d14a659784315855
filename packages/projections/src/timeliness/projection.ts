import { vietnamCalendar, type WorkingCalendar } from '@motcua/calendar';
import { DEFAULT_RULE_PACKS, packLookup, type Catalog, type DossierEventType, type RulePack } from '@motcua/core';
import type { Projection } from '../projection';
import { checkRulePacks } from '../rule-packs';
import { trackedFromJson, trackedToJson, type TrackedSnapshot } from '../tracker';
import { workingDayIndex } from '../working-days';
import { applyTimeliness, type ApplyEnv } from './apply';
import type { PolicyOption } from './clock';
import { LAYOUT_HASH, PAGE_DAYS, SLOTS } from './layout';
import { dimKey, emptyState, type DimInfo, type IntakeEntry, type TimelinessEnded, type TimelinessRec, type TimelinessState } from './state';

/**
 * The event types the timeliness fold reads (every other type leaves its state
 * as it is): its `filter.types`, so a runner or a rebuild skips the rest
 * (transfers, legs, fees requested, assignments; returns were skipped too
 * until `timeliness/6`). Checked by `test/fold-filters.test.ts`.
 */
export const TIMELINESS_EVENT_TYPES: readonly DossierEventType[] = Object.freeze([
  'DossierAccepted',
  'IntakeSupplementRequested',
  'ReceptionRefused',
  'SupplementRequested',
  'SupplementProvided',
  'ApologyIssued',
  'FeePaid',
  'DossierResolved',
  'ResolutionRefused',
  'WithdrawalRequested',
  'DossierClosed',
  'ProcessingStopped',
  // The return of the result restarts the window of late events (a rating follows it): its day only.
  'ResultReturned',
  'PortalSynced',
  'DossierRated',
  'PetitionFiled',
  'PetitionAnswered',
]);

/** Options of {@link timelinessProjection}. */
export interface TimelinessOptions {
  /** Deadline calendar (default `vietnamCalendar()`); must be the engine's. A change of `calendar.id` rebuilds. */
  calendar?: WorkingCalendar;
  /**
   * Comparison policy for early/on time/late and overdue (brief §11): `'byLimit'`
   * (default: working time for limits in working hours — passed from the first
   * working instant after the due, closed time adds none —, local days
   * otherwise), `'day'`, `'minute'` (limits in working hours: working time) or
   * `'workingTime'` for every dossier.
   */
  policy?: PolicyOption;
  /** KPI clock: more supplement requests than this count as late (default 1, F766; `null` disables). */
  maxSupplementRequests?: number | null;
  /**
   * KPI clock: count intake supplement requests (Form 02 before acceptance) in
   * ">N requests → late". Default: the rule pack the dossier is pinned to
   * (`RulePack.kpiCountIntakeSupplements`, false in the bundled packs, brief §11).
   */
  kpiCountIntakeSupplements?: boolean;
  /**
   * Rule packs to read `kpiCountIntakeSupplements` from, by the id (or a former id) on `DossierAccepted` (default
   * `DEFAULT_RULE_PACKS`). Give the engine's: `catalog.rulePacks`. A KPI-clock report ({@link report06a} with
   * `clock: 'kpi'`, {@link decision766}) refuses to answer when these disagree with its catalog's on a pack the
   * state's dossiers are pinned to (`rule_pack_mismatch`).
   */
  rulePacks?: readonly RulePack[];
  /**
   * Ended dossiers stay attributable to late annotations (sync, ratings, petitions) this many days (default 90) after
   * the end, or after the return of the result / the stop after a withdrawal when that came within them.
   */
  lateEventWindowDays?: number;
  /** Checkpoint name (default `'timeliness'`). */
  name?: string;
}

/**
 * Plain-JSON snapshot of {@link TimelinessState}: the tracker's snapshot
 * (`open`, `tail`, `maxDay`, `unattributed`) plus the cube. `v: 2`: records end
 * on `closedDay` (the tracker's field; `v: 1` records had `endDay`). Tail
 * records are `TimelinessEnded` (older snapshots' full records there read the same).
 */
export interface TimelinessSnapshot extends TrackedSnapshot<TimelinessRec, TimelinessEnded> {
  v: 2;
  /** `LAYOUT_HASH` of the cube layout the counters were written with (absent: written before the layout was declared). */
  layout?: string;
  dims: DimInfo[];
  /** `[key, index, value, index, value, …]` per non-empty cube page (`pageKey`, index `dayBase + slot`). */
  cube: number[][];
  /**
   * Dossiers not yet accepted (`IntakeEntry`): `[requests, latest day, first request day, ...syncs and petitions]`
   * (before layout `petitionFiledAnsweredLate`: `[requests, first request day]`; such a snapshot is of another layout: rebuild).
   */
  intake?: [string, IntakeEntry][];
}

/** The timeliness projection with its environment (calendar, policy), for queries. */
export interface TimelinessProjection extends Projection<TimelinessState, TimelinessSnapshot> {
  readonly env: ApplyEnv;
}

/**
 * The timeliness projection behind report 06a and the Decision 766
 * indicators (brief §7.4: built from the same projection). Query it with
 * {@link report06a} and {@link decision766}.
 *
 * @example
 * ```ts
 * const timeliness = timelinessProjection({ calendar: vietnamCalendar() });
 * const runner = createProjectionRunner({ store, projection: timeliness });
 * await runner.catchUp();
 * report06a(runner.state, { projection: timeliness, catalog, from: '2024-01-01', to: '2024-12-31', groupBy: ['agency'] });
 * ```
 */
export function timelinessProjection(options: TimelinessOptions = {}): TimelinessProjection {
  const cal = options.calendar ?? vietnamCalendar();
  const policy = options.policy ?? 'byLimit';
  const maxSup = options.maxSupplementRequests === undefined ? 1 : options.maxSupplementRequests;
  const windowDays = options.lateEventWindowDays ?? 90;
  const packList = options.rulePacks ?? DEFAULT_RULE_PACKS;
  const packOf = packLookup(packList);
  const forced = options.kpiCountIntakeSupplements;
  const countIntake = (id: string | undefined): boolean => forced ?? packOf(id)?.kpiCountIntakeSupplements === true;
  const env: ApplyEnv = { cal, policy, maxSup, windowDays, wd: workingDayIndex(cal), countIntake, intakeForced: forced !== undefined };
  const intakeTag =
    forced === undefined
      ? packList
          .filter((p) => p.kpiCountIntakeSupplements)
          .flatMap((p) => [p.id, ...(p.formerIds ?? [])])
          .join('+') || 'none'
      : String(forced);
  return {
    name: options.name ?? 'timeliness',
    // timeliness/7: a limit in working hours is passed only by working time (a result in closed time after its due is on time).
    version: `timeliness/7/layout=${LAYOUT_HASH}/cal=${cal.id}/policy=${policy}/maxSup=${maxSup}/intake=${intakeTag}/window=${windowDays}`,
    env,
    // Types only (no stream prefix): the projection has always read these types from any stream.
    filter: { types: TIMELINESS_EVENT_TYPES },
    init: emptyState,
    apply: (state, event) => applyTimeliness(state, event, env),
    toSnapshot: toTimelinessSnapshot,
    fromSnapshot: fromTimelinessSnapshot,
  };
}

function toTimelinessSnapshot(state: TimelinessState): TimelinessSnapshot {
  const cube: number[][] = [];
  for (const [key, counters] of state.cube) {
    const row = [key];
    for (let i = 0; i < counters.length; i++) if (counters[i] !== 0) row.push(i, counters[i]!);
    if (row.length > 1) cube.push(row);
  }
  return { v: 2, layout: LAYOUT_HASH, dims: state.dims, cube, ...trackedToJson(state), intake: [...state.intake] };
}

function fromTimelinessSnapshot(snapshot: TimelinessSnapshot): TimelinessState {
  // The version names the layout, so a runner never hands over another layout's snapshot; a direct caller might.
  if (snapshot.layout !== LAYOUT_HASH)
    throw new RangeError(`timeliness snapshot of cube layout ${snapshot.layout ?? '(undeclared)'}, expected ${LAYOUT_HASH}: rebuild the projection`);
  if (snapshot.v !== 2) throw new RangeError(`timeliness snapshot v${String(snapshot.v)}, expected v2: rebuild the projection`);
  const state = emptyState();
  state.dims = snapshot.dims.map((dim) => ({ ...dim }));
  state.dims.forEach((dim, index) => {
    let byProc = state.dimTree.get(dim.unit);
    if (!byProc) state.dimTree.set(dim.unit, (byProc = new Map()));
    const procedureKey = dimKey(dim.procedure, dim.version, dim.handlingUnit, dim.rulePack);
    let slots = byProc.get(procedureKey);
    if (!slots) byProc.set(procedureKey, (slots = [-1, -1, -1]));
    slots[dim.channel === 'direct' ? 0 : dim.channel === 'online' ? 1 : 2] = index;
  });
  for (const row of snapshot.cube) {
    const counters = new Int32Array(SLOTS * PAGE_DAYS);
    for (let i = 1; i + 1 < row.length; i += 2) counters[row[i]!] = row[i + 1]!;
    state.cube.set(row[0]!, counters);
  }
  Object.assign(state, trackedFromJson(snapshot));
  state.intake = new Map(snapshot.intake ?? []);
  return state;
}

/**
 * Before a KPI-clock report: the projection counted intake supplement
 * requests (`kpiCountIntakeSupplements`) with the catalog's rule packs for
 * every pack the state's dossiers are pinned to, else `VALIDATION_FAILED`
 * (`rule_pack_mismatch`, `../rule-packs.ts`). Nothing to check when the
 * projection forces the setting.
 *
 * @example
 * ```ts
 * const timeliness = timelinessProjection({ rulePacks: catalog.rulePacks });
 * const runner = createProjectionRunner({ store, projection: timeliness });
 * await runner.catchUp();
 * checkIntakePacks(runner.state, { projection: timeliness, catalog }); // as report06a on the KPI clock does: throws if the packs disagree
 * ```
 */
export function checkIntakePacks(state: TimelinessState, query: { projection: TimelinessProjection; catalog: Pick<Catalog, 'rulePacks'> }): void {
  const { env } = query.projection;
  if (env.intakeForced) return;
  checkRulePacks(query.catalog, {
    projection: 'timeliness',
    field: 'kpiCountIntakeSupplements',
    ids: state.dims.flatMap((dim) => (dim.rulePack === undefined ? [] : [dim.rulePack])),
    used: (id) => env.countIntake(id),
    wanted: (pack) => pack.kpiCountIntakeSupplements === true,
  });
}
