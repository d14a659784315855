/**
 * State of the timeliness projection (report 06a and Decision 766).
 *
 * - `open`, `tail`, `maxDay`, `unattributed`: the shared per-dossier tracker
 *   (`../tracker.ts`): one compact record per accepted dossier that has not
 *   ended, and records of dossiers that ended less than `lateEventWindowDays`
 *   ago (business time), so that late annotations (portal sync, ratings,
 *   petitions) are still attributed to the dossier's group; then evicted.
 * - `cube`: counters of ended dossiers by group dimension and local day
 *   (received day, end day, day a pending interval starts/stops). Memory grows
 *   with groups × days and open dossiers, not with events.
 */
import type { Due, TimeLimit } from '@motcua/calendar';
import type { Tracked } from '../tracker';
import { PAGE_DAYS, SLOTS, dayBase, pageKey } from './layout';

/** One post-acceptance supplement request. */
export interface SupRec {
  reqAt: string;
  reqMs: number;
  reqDay: number;
  provAt: string | null;
  provMs: number;
  provDay: number;
  /** Restarted legal due date (SupplementProvided.due). */
  due: Due | null;
  dueDay: number;
}

/** The apology and new date (Form 04). */
export interface ApologyRec {
  at: string;
  ms: number;
  day: number;
  newDue: Due;
  newDueDay: number;
}

/** Clock inputs of one accepted dossier (what `clock.ts` reads; tt01's index 1 keeps one too). */
export interface ClockRec {
  dim: number;
  rDay: number;
  acceptedAt: string;
  limit: TimeLimit;
  due0: Due;
  dueDay0: number;
  sups: SupRec[] | null;
  apology: ApologyRec | null;
  flags: number;
  /** Intake supplement requests (Form 02 before acceptance) counted by the KPI clock's ">N requests → late" (0 unless `kpiCountIntakeSupplements`). */
  intakeSups: number;
}

/**
 * A petition counted as filed and not answered yet: [petition id, filed day, 1 if repeated]. A late answer counts on the
 * filed day (766 5.3) unless the petition is repeated: 5.3 subtracts each petition once.
 */
export type PendingPetition = [string, number] | [string, number, 1];

/** Compact record of one accepted dossier, as tracked by the timeliness projection. */
export interface TimelinessRec extends ClockRec {
  /** End day (-1 while open); the tracker's eviction key. */
  closedDay: number;
  /** Petitions counted as filed and not answered yet (absent: none). */
  pets?: PendingPetition[];
}

/**
 * What is kept of a dossier once it ended (the tracker's tail, for late
 * annotations: sync, ratings, petitions): its dimension, received day and
 * flags — not its clock inputs, whose verdicts are already in the cube.
 */
export interface TimelinessEnded {
  /**
   * The day late events are counted from (at most `lateEventWindowDays` after it): the end day, moved to the day of the
   * return of the result or of the stop after a withdrawal when that came within the window (a rating follows the return).
   */
  closedDay: number;
  dim: number;
  rDay: number;
  flags: number;
  /** Petitions not answered yet (a late answer counts on the filed day, 766 5.3). */
  pets?: PendingPetition[];
}

/** A petition filed (or answered) before acceptance: [petition id, filed day (-1: filed before the entry), answer day (-1: not answered), 1 if answered late]. */
export type IntakePetition = [string, number, number, number];

/**
 * What a dossier not yet accepted left (stream id → entry), taken into its record at `DossierAccepted`:
 * `[intake supplement requests, day of the latest fact (the eviction key), day of the first request (-1: none), ...facts]`,
 * each fact a portal sync (its day) or a petition ({@link IntakePetition}). A fact counts when its day is at most
 * `lateEventWindowDays` before the acceptance day (a function of the two days, as late events after the end).
 * An online submission's sync at submission is `[0, day, -1, day]`.
 */
export type IntakeEntry = [number, number, number, ...(number | IntakePetition)[]];

/** Group dimension: receiving unit × procedure version × channel × handling unit × rule pack. */
export interface DimInfo {
  /** The receiving unit (đơn vị tiếp nhận). */
  unit: string;
  unitName: string;
  procedure: string;
  version: string;
  channel: 'direct' | 'online' | 'postal';
  /** The competent (handling) unit when it differs from the receiving one (NĐ 118/2025 Đ14.2); absent: the receiving unit. */
  handlingUnit?: string;
  /** The rule pack the dossier is pinned to (absent in logs without one). */
  rulePack?: string;
}

/** Key of a dimension under its receiving unit in `dimTree`: procedure version, plus handling unit and rule pack when present. */
export function dimKey(procedure: string, version: string, handlingUnit: string | undefined, rulePack: string | undefined): string {
  const base = version === '1' ? procedure : `${procedure}@${version}`;
  return handlingUnit === undefined && rulePack === undefined ? base : `${base}|${handlingUnit ?? ''}|${rulePack ?? ''}`;
}

/** The tracker's fields (`open`, `tail`, `maxDay`, `unattributed`) are the state's own, so the tracker functions take the state itself. */
export interface TimelinessState extends Tracked<TimelinessRec, TimelinessEnded> {
  dims: DimInfo[];
  /** unit code → `dimKey` → dimension index per channel (direct, online, postal). */
  dimTree: Map<string, Map<string, number[]>>;
  /** Page key (`pageKey(dim, day)`, see `layout.ts`) → `PAGE_DAYS × SLOTS` counters (day-major). */
  cube: Map<number, Int32Array>;
  /** Dossiers not yet accepted: intake supplement requests, portal syncs and petitions ({@link IntakeEntry}), in the order of their latest day. */
  intake: Map<string, IntakeEntry>;
}

// Flags on a record.
export const F_SYNCED = 1;
export const F_PAID_ONLINE = 2;
export const F_ERESULT = 4;
export const F_PET_OR_DISLIKE = 8;
export const F_HAS_PETITION = 16;
export const F_DIG_COMPONENTS = 32;
export const F_REUSED = 64;
export const F_CSTORE = 128;
export const F_POPULATION = 256;

/** Clock variants: 0 legal/original, 1 legal/rescheduled, 2 KPI/original, 3 KPI/rescheduled. */
export type Variant = 0 | 1 | 2 | 3;

/** Which clock to read (brief §4.3): the legal due date (restart after a supplement) or the 766 KPI clock (pause). */
export type ClockKind = 'legal' | 'kpi';
/** Which due date: the original appointment or the apology's new date (Form 04) once issued. */
export type DueKind = 'original' | 'rescheduled';

export const variantOf = (clock: ClockKind, due: DueKind): Variant => ((clock === 'kpi' ? 2 : 0) + (due === 'rescheduled' ? 1 : 0)) as Variant;

export function emptyState(): TimelinessState {
  return { dims: [], dimTree: new Map(), cube: new Map(), open: new Map(), tail: new Map(), maxDay: 0, unattributed: 0, intake: new Map() };
}

/** The page holding (dimension, day), created on first use. */
export function page(state: TimelinessState, dim: number, day: number): Int32Array {
  const key = pageKey(dim, day);
  let counters = state.cube.get(key);
  if (counters === undefined) {
    counters = new Int32Array(PAGE_DAYS * SLOTS);
    state.cube.set(key, counters);
  }
  return counters;
}

/** Increment one counter of (dimension, day). */
export function bumpCell(state: TimelinessState, dim: number, day: number, slot: number, by = 1): void {
  page(state, dim, day)[dayBase(day) + slot]! += by;
}
