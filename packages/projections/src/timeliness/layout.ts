/**
 * The timeliness cube's layout, declared once.
 *
 * The cube holds, per group dimension and local day, `SLOTS` integer
 * counters. Which counter means what is declared in `CUBE_LAYOUT` below, as
 * an ordered list of named blocks, each with its axes; everything else is
 * generated from it: the offset of every block (`SLOT`), the strides of the
 * multi-axis blocks (used by the typed accessors `receivedSlot`,
 * `endedSlot`, `verdictSlot`, `pendingSlot`), the number of counters per
 * day, and `LAYOUT_HASH`, a hash of the declaration and of the paging,
 * folded into the projection's version: moving, adding or resizing a block
 * changes the version, so a stored snapshot of another layout is never
 * read — the projection is rebuilt.
 *
 * Days are paged: one Map entry (`pageKey(dim, day)`) holds `PAGE_DAYS`
 * consecutive days of one dimension. The pages cover every day from
 * 1600-01-01 (the earliest year a calendar can cover) for
 * `PAGES_PER_DIMENSION × PAGE_DAYS` days (to 3034); a day outside them
 * throws instead of landing in another dimension's pages.
 */
import { daysFromCivil, formatDay } from '@motcua/calendar';

/** Reception channels, in the order of `DimInfo.channel` indices. */
export const CHANNELS = ['direct', 'online', 'postal'] as const;
/**
 * How a dossier ended, as counted on its end day. `closed`: closed by the one-stop
 * officer because the applicant did not complete the dossier in time (NĐ 118/2025 Đ19.5).
 */
export const ENDINGS = ['refused', 'withdrawn', 'stopped', 'closed', 'granted'] as const;
/**
 * Clock variant groups: the four clock variants (`Variant` 0..3: legal/original,
 * legal/rescheduled, KPI/original, KPI/rescheduled), and `all` for dossiers
 * whose four variants coincide (counted once, read by every variant).
 */
export const VARIANT_GROUPS = ['legalOriginal', 'legalRescheduled', 'kpiOriginal', 'kpiRescheduled', 'all'] as const;
/** Outcome groups of a timeliness verdict (`withdrawnOrStopped` also holds closed dossiers). */
export const OUTCOME_GROUPS = ['granted', 'refusedAfterAppraisal', 'withdrawnOrStopped'] as const;
/** Timeliness of an ended dossier (the clock's `K_EARLY`, `K_ON_TIME`, `K_LATE`). */
export const VERDICTS = ['early', 'onTime', 'late'] as const;
/** A pending interval starts (counted on its first day) or stops (counted on the day after its last). */
export const EDGES = ['start', 'stop'] as const;
/** Pending labels (the clock's `L_WITHIN`, `L_OVERDUE`, `L_WAIT_WITHIN`, `L_WAIT_OVERDUE`). */
export const PENDING_LABELS = ['within', 'overdue', 'waitingWithin', 'waitingOverdue'] as const;

/** The layout: `[name, ...axes]` blocks in order; a block without axes is one counter. */
export const CUBE_LAYOUT = [
  // Received-day counters: filled when a dossier ends (open dossiers are added at query time).
  ['received', CHANNELS],
  ['eResultOffline'],
  ['synced'],
  ['paidOnline'],
  ['eResult'],
  ['digitisedComponents'],
  ['digitisedWithEResult'],
  ['reused'],
  ['citizenStore'],
  ['population'],
  ['petitionOrDislike'],
  /** Working days from receipt to resolution, summed, and the number of resolved dossiers. */
  ['durationSum'],
  ['durationCount'],
  // End-day counters.
  ['ended', ENDINGS],
  ['verdict', VARIANT_GROUPS, OUTCOME_GROUPS, VERDICTS],
  // Pending intervals: +1 on the day a label starts to hold, +1 on the day it stops.
  ['pending', VARIANT_GROUPS, EDGES, PENDING_LABELS],
  // Event-day counters (petitions).
  ['petitionFiled'],
  ['petitionAnswered'],
  ['petitionAnsweredLate'],
  ['petitionRepeated'],
  /**
   * Petitions answered late that are not repeated, counted on the day the petition was filed (766 5.3 subtracts the
   * repeated petitions and the others answered late: each petition once).
   */
  ['petitionFiledAnsweredLate'],
] as const;

export type BlockName = (typeof CUBE_LAYOUT)[number][0];

const GENERATED = generateOffsets();
/** Offsets of every block's first counter, generated from {@link CUBE_LAYOUT}. */
export const SLOT: { readonly [K in BlockName]: number } = Object.freeze(GENERATED.offsets);
/** Counters per (dimension, day). */
export const SLOTS: number = GENERATED.total;

function generateOffsets(): { offsets: Record<BlockName, number>; total: number } {
  const offsets = {} as Record<BlockName, number>;
  let next = 0;
  for (const [name, ...axes] of CUBE_LAYOUT) {
    if (name in offsets) throw new Error(`timeliness cube layout: block ${name} is declared twice`);
    offsets[name] = next;
    next += axes.reduce((size, axis) => size * axis.length, 1);
  }
  return { offsets, total: next };
}

/** Index of each name on an axis. */
function indexOn<T extends readonly string[]>(axis: T): { readonly [K in T[number]]: number } {
  return Object.freeze(Object.fromEntries(axis.map((name, i) => [name, i]))) as { readonly [K in T[number]]: number };
}
export const CHANNEL = indexOn(CHANNELS);
export const ENDING = indexOn(ENDINGS);
export const VARIANT_GROUP = indexOn(VARIANT_GROUPS);
export const OUTCOME_GROUP = indexOn(OUTCOME_GROUPS);
export const EDGE = indexOn(EDGES);

const VERDICT_GROUP_STRIDE = OUTCOME_GROUPS.length * VERDICTS.length;
const PENDING_GROUP_STRIDE = EDGES.length * PENDING_LABELS.length;
/** Verdict counters per variant group (granted E/O/L, refused after appraisal E/O/L, withdrawn|stopped E/O/L). */
export const VERDICTS_PER_GROUP = VERDICT_GROUP_STRIDE;

/** Received-day counter of a channel (`CHANNEL.*`). */
export const receivedSlot = (channel: number): number => SLOT.received + channel;
/** End-day counter of an ending (`ENDING.*`). */
export const endedSlot = (ending: number): number => SLOT.ended + ending;
/** First verdict counter of (variant group, outcome group): add a verdict (`K_*`) to it. */
export const verdictSlot = (group: number, outcome: number): number => SLOT.verdict + group * VERDICT_GROUP_STRIDE + outcome * VERDICTS.length;
/** Pending counter of (variant group, edge, label). */
export const pendingSlot = (group: number, edge: number, label: number): number => SLOT.pending + group * PENDING_GROUP_STRIDE + edge * PENDING_LABELS.length + label;

// Paging.
const PAGE_SHIFT = 4;
/** Days per cube page (one Map entry holds this many consecutive days of one dimension). */
export const PAGE_DAYS = 1 << PAGE_SHIFT;
/** Pages per dimension: page keys are `dimension × PAGES_PER_DIMENSION + page`. */
export const PAGES_PER_DIMENSION = 1 << 15;
/** First day the pages cover: 1600-01-01, the earliest day of any calendar. */
export const FIRST_DAY = daysFromCivil(1600, 1, 1);
/** Last day the pages cover. */
export const LAST_DAY = FIRST_DAY + PAGES_PER_DIMENSION * PAGE_DAYS - 1;

/** Key of the page holding (dimension, day); throws for a day the pages do not cover. */
export function pageKey(dim: number, day: number): number {
  const page = (day - FIRST_DAY) >> PAGE_SHIFT;
  if (!(page >= 0 && page < PAGES_PER_DIMENSION))
    throw new RangeError(`timeliness cube: day ${Number.isFinite(day) ? formatDay(day) : day} is outside ${formatDay(FIRST_DAY)}…${formatDay(LAST_DAY)}`);
  return dim * PAGES_PER_DIMENSION + page;
}

/** Dimension of a page key. */
export const dimensionOfKey = (key: number): number => Math.floor(key / PAGES_PER_DIMENSION);
/** First day of a page key. */
export const firstDayOfKey = (key: number): number => FIRST_DAY + (key % PAGES_PER_DIMENSION) * PAGE_DAYS;
/** True if two days are on the same page (of one dimension). */
export const samePage = (a: number, b: number): boolean => (a - FIRST_DAY) >> PAGE_SHIFT === (b - FIRST_DAY) >> PAGE_SHIFT;
/** Index of a day's first counter inside its page. */
export const dayBase = (day: number): number => ((day - FIRST_DAY) & (PAGE_DAYS - 1)) * SLOTS;

/**
 * Hash of the layout and the paging (FNV-1a, 8 hex digits): part of the
 * projection's version and of its snapshots.
 */
export const LAYOUT_HASH: string = fnv1a(JSON.stringify({ layout: CUBE_LAYOUT, pageDays: PAGE_DAYS, pages: PAGES_PER_DIMENSION, firstDay: FIRST_DAY }));

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
