/**
 * A partition's snapshot added into another partition's live state (hấp thụ),
 * for the projections whose state is compact (TT 01/2018, satisfaction, and
 * since session 10 timeliness, its cube a `CompactCube`): the
 * owner of such a projection (`exchange.ts`) merges the other partitions'
 * parts into its own fold's state, instead of taking its own snapshot and
 * merging snapshots — no snapshot of its own part, no `Map` of every counter
 * key (on a province's history, the TT 01 merge of snapshots held ≈ 0.6 GB and
 * ran out of a 640 MB worker heap); the counters' own `addEntries` add the rows. The result is the state one fold over
 * both partitions gives (up to the order of map entries, which no report
 * reads); its snapshot is taken only when it is saved or kept.
 */
import type { SatisfactionSnapshot, SatisfactionState } from '../satisfaction/projection';
import { LAYOUT_HASH, PAGE_DAYS, PAGES_PER_DIMENSION, SLOTS } from '../timeliness/layout';
import type { TimelinessSnapshot } from '../timeliness/projection';
import { dimKey, type DimInfo, type TimelinessState } from '../timeliness/state';
import type { SnapshotPiece } from './chunks';
import type { Tracked, TrackedSnapshot } from '../tracker';
import type { Tt01Snapshot, Tt01State } from '../tt01/projection';
import { joinEntries } from './merge-parts';
import type { RebuildSpec } from './specs';

/**
 * Add the tracker snapshot of a disjoint partition into `into`: its open records, its ended ones (the tail kept
 * ordered by end day, as `mergeTracked` orders it), the latest day, the unattributed count.
 * @example
 * ```ts
 * const into = { open: new Map<string, { closedDay: number }>(), tail: new Map<string, { closedDay: number }>(), maxDay: 0, unattributed: 0 };
 * absorbTracked(into, { open: [['s1', { closedDay: -1 }]], tail: [], maxDay: 3, unattributed: 1 }); // into.open has s1, maxDay 3
 * ```
 */
export function absorbTracked<R extends { closedDay: number }, E extends { closedDay: number }>(into: Tracked<R, E>, part: TrackedSnapshot<R, E>): void {
  for (const [id, record] of part.open) into.open.set(id, record);
  if (part.tail.length > 0) into.tail = new Map(joinEntries([[...into.tail], part.tail], (record) => record.closedDay));
  into.maxDay = Math.max(into.maxDay, part.maxDay);
  into.unattributed += part.unattributed;
}

/**
 * Add a TT 01/2018 snapshot of a disjoint partition into a TT 01 state.
 * @example const tt01 = tt01Projection(); const state = tt01.init(); absorbTt01(state, tt01.toSnapshot(tt01.init()));
 */
export function absorbTt01(into: Tt01State, part: Tt01Snapshot): void {
  absorbTracked(into.t, part.t);
  into.officials.addEntries(part.officials);
  into.agencies.addEntries(part.agencies);
}

/**
 * Add a satisfaction snapshot of a disjoint partition into a satisfaction state.
 * @example const sat = satisfactionProjection(); const state = sat.init(); absorbSatisfaction(state, sat.toSnapshot(sat.init()));
 */
export function absorbSatisfaction(into: SatisfactionState, part: SatisfactionSnapshot): void {
  absorbTracked(into.t, part.t);
  into.counters.addEntries(part.counters);
}

/** The index of dimension `dim` in a timeliness state, added (a copy) if the state has none like it: the same look-up as the fold's (unit, procedure version, handling unit, rule pack, channel). */
function dimIndexIn(state: TimelinessState, dim: DimInfo): number {
  let byProc = state.dimTree.get(dim.unit);
  if (!byProc) state.dimTree.set(dim.unit, (byProc = new Map()));
  const procedureKey = dimKey(dim.procedure, dim.version, dim.handlingUnit, dim.rulePack);
  let slots = byProc.get(procedureKey);
  if (!slots) byProc.set(procedureKey, (slots = [-1, -1, -1]));
  const channel = dim.channel === 'direct' ? 0 : dim.channel === 'online' ? 1 : 2;
  let index = slots[channel]!;
  if (index < 0) {
    index = state.dims.length;
    state.dims.push({ ...dim });
    slots[channel] = index;
  }
  return index;
}

/**
 * An absorb function for one timeliness snapshot of a disjoint partition, given whole or piece by piece (in the
 * order of its pieces: its dimensions before its cube rows and records, as `mergeTimeliness` reads them): its
 * dimensions found or added in the state's (the fold's own look-up), its sparse cube rows added into the state's
 * pages under the renumbered dimension, its records renumbered (in place: the part is spent) and joined as
 * {@link absorbTracked} joins them, its intake entries (requests, syncs and petitions of dossiers not yet accepted)
 * joined. What the timeliness owner does instead of taking its
 * own part's snapshot and merging it with the others' (session 10: neither its own snapshot nor the merged one is
 * ever held). A snapshot of another cube layout is a `RangeError`.
 * @example
 * ```ts
 * const timeliness = timelinessProjection();
 * const state = timeliness.init();
 * timelinessAbsorber()(state as never, timeliness.toSnapshot(timeliness.init()) as never);
 * ```
 */
export function timelinessAbsorber(): (into: TimelinessState, part: TimelinessSnapshot) => void {
  // The part's dimension index → the state's, filled as its dimensions come.
  const remap: number[] = [];
  const renumber = <T extends { dim: number }>(record: T): T => {
    const dim = remap[record.dim];
    if (dim === undefined) throw new RangeError(`timeliness absorb: a record of dimension ${record.dim} before that dimension`);
    record.dim = dim;
    return record;
  };
  return (into, part) => {
    if (part.layout !== undefined && part.layout !== LAYOUT_HASH) throw new RangeError(`timeliness absorb: a snapshot of cube layout ${part.layout}, expected ${LAYOUT_HASH}`);
    for (const dim of part.dims) remap.push(dimIndexIn(into, dim));
    for (const row of part.cube) {
      const key = row[0]!;
      const dim = remap[Math.floor(key / PAGES_PER_DIMENSION)];
      if (dim === undefined) throw new RangeError(`timeliness absorb: a cube row of page ${key} before its dimension`);
      const pageKey = dim * PAGES_PER_DIMENSION + (key % PAGES_PER_DIMENSION);
      let page = into.cube.get(pageKey);
      if (page === undefined) into.cube.set(pageKey, (page = new Int32Array(PAGE_DAYS * SLOTS)));
      for (let i = 1; i + 1 < row.length; i += 2) page[row[i]!]! += row[i + 1]!;
    }
    for (const entry of part.open) renumber(entry[1]);
    for (const entry of part.tail) renumber(entry[1]);
    absorbTracked(into, part);
    for (const [id, intake] of part.intake ?? []) into.intake.set(id, intake);
  };
}

/**
 * A new absorb function (one per part absorbed: a timeliness one keeps the part's dimensions) for a kind of
 * projection, if its state takes one (else its parts are merged as snapshots).
 * @example const absorb = absorberOf('tt01')?.(); // absorbTt01
 */
export function absorberOf(kind: RebuildSpec['kind']): (() => (into: never, part: never) => void) | undefined {
  if (kind === 'tt01') return () => absorbTt01 as (into: never, part: never) => void;
  if (kind === 'satisfaction') return () => absorbSatisfaction as (into: never, part: never) => void;
  if (kind === 'timeliness') return timelinessAbsorber as () => (into: never, part: never) => void;
  return undefined;
}

/**
 * `skeleton` copied with its arrays emptied and its numbers zeroed at every depth, `items` at `path`: a piece as a
 * snapshot to absorb. Every depth: a count nested in the skeleton (TT 01's `t.unattributed`) must not be added once
 * a piece, and the skeleton itself must not be written (a piece of `t.tail` set into it would come back with the
 * next piece). Found by rebuild-exchange's property (3 partitions, pieces of one entry: `unattributed` 5 for 1).
 */
function pieceAsSnapshot(skeleton: unknown, path: readonly string[], items: unknown[]): unknown {
  const blank = (value: unknown): unknown => {
    if (Array.isArray(value)) return [];
    if (typeof value === 'number') return 0;
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, blank(field)]));
    return value;
  };
  const snapshot = blank(skeleton) as Record<string, unknown>;
  let target = snapshot;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[path[path.length - 1]!] = items;
  return snapshot;
}

/**
 * Absorb a snapshot given piece by piece (`chunks.ts`: the skeleton, then slices of its long arrays), each piece as
 * it comes, so the whole part is never held — except the slices of a tracker's `tail`, kept until `finish()` and
 * absorbed at once (each absorb re-sorts the whole tail by end day). `absorb` must take a snapshot whose arrays are
 * partial and whose counts are zero (as {@link absorbTt01} and {@link absorbSatisfaction} do: rows add, records
 * join, the latest day is a max).
 * @example
 * ```ts
 * import { forEachSnapshotPiece } from './chunks';
 * const tt01 = tt01Projection();
 * const pieces = absorbPieces(tt01.init(), absorbTt01 as never);
 * forEachSnapshotPiece(tt01.toSnapshot(tt01.init()), 8192, (piece) => pieces.add(piece));
 * pieces.finish();
 * ```
 */
export function absorbPieces(into: unknown, absorb: (into: never, part: never) => void): { add(piece: SnapshotPiece): void; finish(): void } {
  let skeleton: unknown;
  const tails = new Map<string, { path: string[]; items: unknown[] }>();
  return {
    add(piece) {
      if ('skeleton' in piece) {
        skeleton = piece.skeleton;
        absorb(into as never, skeleton as never);
        return;
      }
      if (skeleton === undefined) throw new RangeError('snapshot piece before its skeleton');
      if (piece.path[piece.path.length - 1] === 'tail') {
        const key = piece.path.join('.');
        let tail = tails.get(key);
        if (tail === undefined) tails.set(key, (tail = { path: piece.path, items: [] }));
        for (const item of piece.items) tail.items.push(item);
      } else absorb(into as never, pieceAsSnapshot(skeleton, piece.path, piece.items) as never);
    },
    finish() {
      for (const { path, items } of tails.values()) absorb(into as never, pieceAsSnapshot(skeleton, path, items) as never);
      tails.clear();
    },
  };
}
