/**
 * The satisfaction projection's counters (đánh giá, thích/không thích, phản ánh kiến nghị), kept compact.
 *
 * What is counted is unchanged: one counter row per (kind, day, unit, procedure, version, official[, criterion,
 * level[, content]]), written in snapshots under the same text key as before
 * (`r|${day}|${unit}|${procedure}|${version}|${official}|${criterion}|${level}[|${content}]`, `l|…official`,
 * `p|…official`). In memory, the part of the key without the day (a *cell*) is interned once — a province has a
 * few tens of thousands of them — and the rows are kept by (day, cell number) in a {@link DayCounters} (shared with
 * the TT 01/2018 counters). A counter row then costs ≈ 30 bytes instead of a ≈ 100-character key string, a `Map`
 * entry and a `number[]` (≈ 300 bytes: 244,000 rows after 6.8M events of a province-size run).
 */

import { DayCounters, type CounterValues } from '../day-counters';

/** The kinds of counter rows: ratings (1 value), likes (likes, dislikes), petitions (filed, answered, answered late). */
export type SatisfactionCounterKind = 'r' | 'l' | 'p';

/** A cell: everything in a counter's key except the day. */
export interface SatisfactionCell {
  kind: SatisfactionCounterKind;
  unit: string;
  procedure: string;
  version: string;
  official: string;
  /** Ratings only. */
  criterion?: string;
  /** Ratings only. */
  level?: string;
  /** Ratings for a NĐ 118/2025 Đ33 content (a–i) only. */
  content?: string;
}

const WIDTH: Record<SatisfactionCounterKind, number> = { r: 1, l: 2, p: 3 };
const SEP = '\u0000';

/**
 * Counter rows by day and cell (stored in a {@link DayCounters}). Rows keep the order they were first counted in
 * (the order of a snapshot).
 * @example
 * const counters = new SatisfactionCounters();
 * counters.bump(18_700, { kind: 'p', unit: 'U1', procedure: 'P1', version: 'v1', official: 'o1' }, 1);
 * counters.size; // 1
 */
export class SatisfactionCounters {
  private readonly cells: SatisfactionCell[] = [];
  private readonly cellIds = new Map<string, number>();
  private readonly rows = new DayCounters((id) => WIDTH[this.cells[id]!.kind]);

  /** Number of counter rows (day × cell). */
  get size(): number {
    return this.rows.size;
  }

  /** Add `by` to value `index` of the row of `cell` on `day` (a new row starts at zeros). */
  bump(day: number, cell: SatisfactionCell, index: number, by = 1): void {
    this.rows.bump(day, this.cellId(cell), index, by);
  }

  /**
   * Each row whose day is in [`first`, `last`]: its cell and values (a view valid during the call), in the order
   * rows were first counted.
   */
  forEachInDays(first: number, last: number, fn: (cell: SatisfactionCell, values: CounterValues, day: number) => void): void {
    this.rows.forEachRow(first, last, (day, id, values, offset) => {
      const cell = this.cells[id]!;
      fn(cell, values.subarray(offset, offset + WIDTH[cell.kind]), day);
    });
  }

  /** The rows as `[key, values]` in the order they were first counted — the snapshot form (rows with equal values share one array: read-only). */
  toEntries(): [string, number[]][] {
    const out: [string, number[]][] = [];
    this.forEachEntry((entry) => out.push(entry));
    return out;
  }

  /**
   * Each entry of {@link SatisfactionCounters.toEntries}, in its order, without the array of them all (a rebuild
   * writes a province's rows to a file as they come, `rebuild/streamed-states.ts`).
   * @example
   * ```ts
   * import { SatisfactionCounters } from '@motcua/projections';
   * const counters = new SatisfactionCounters();
   * counters.bump(18_700, { kind: 'p', unit: 'U1', procedure: 'P1', version: 'v1', official: 'o1' }, 1);
   * counters.forEachEntry(([key, values]) => console.log(key, values)); // p|18700|U1|P1|v1|o1 [0, 1, 0]
   * ```
   */
  forEachEntry(fn: (entry: [string, number[]]) => void): void {
    this.rows.forEachEntry((day, id, values) => fn([keyOf(day, this.cells[id]!), values as number[]]));
  }

  /**
   * Add snapshot entries (keys as written by {@link SatisfactionCounters.toEntries}) into these counters, row by row —
   * a disjoint partition's rows merged in without a table of their own; a key that is not one of the three forms is
   * skipped.
   */
  addEntries(entries: Iterable<readonly [string, readonly number[]]>): void {
    for (const [key, values] of entries) {
      const parsed = parseKey(key);
      if (!parsed) continue;
      const width = WIDTH[parsed.cell.kind];
      for (let i = 0; i < width; i++) this.bump(parsed.day, parsed.cell, i, values[i] ?? 0);
    }
  }

  /** Counters from snapshot entries (see {@link SatisfactionCounters.addEntries}). */
  static fromEntries(entries: Iterable<readonly [string, readonly number[]]>): SatisfactionCounters {
    const counters = new SatisfactionCounters();
    counters.addEntries(entries);
    return counters;
  }

  private cellId(cell: SatisfactionCell): number {
    const text =
      cell.kind === 'r'
        ? `r${SEP}${cell.unit}${SEP}${cell.procedure}${SEP}${cell.version}${SEP}${cell.official}${SEP}${cell.criterion}${SEP}${cell.level}${cell.content === undefined ? '' : `${SEP}${SEP}${cell.content}`}`
        : `${cell.kind}${SEP}${cell.unit}${SEP}${cell.procedure}${SEP}${cell.version}${SEP}${cell.official}`;
    let id = this.cellIds.get(text);
    if (id === undefined) {
      id = this.cells.length;
      const copy: SatisfactionCell = { kind: cell.kind, unit: cell.unit, procedure: cell.procedure, version: cell.version, official: cell.official };
      if (cell.kind === 'r') {
        copy.criterion = cell.criterion ?? '';
        copy.level = cell.level ?? '';
        if (cell.content !== undefined) copy.content = cell.content;
      }
      this.cells.push(copy);
      this.cellIds.set(text, id);
    }
    return id;
  }
}

/** The snapshot key of a row (built with `join`: one flat string, not a tree of concatenations, while a snapshot is held). */
function keyOf(day: number, cell: SatisfactionCell): string {
  const base = [cell.kind, day, cell.unit, cell.procedure, cell.version, cell.official];
  if (cell.kind === 'r') base.push(`${cell.criterion}`, `${cell.level}`);
  if (cell.kind === 'r' && cell.content !== undefined) base.push(cell.content);
  return base.join('|');
}

/** A snapshot key back into its day and cell (codes never contain `|`, as the report always assumed). */
function parseKey(key: string): { day: number; cell: SatisfactionCell } | undefined {
  const parts = key.split('|');
  const [kind, dayText, unit, procedure, version, official, criterion, level, content] = parts;
  const day = Number(dayText);
  if ((day | 0) !== day || unit === undefined || procedure === undefined || version === undefined || official === undefined) return undefined;
  if (kind === 'r') {
    if (parts.length !== 8 && parts.length !== 9) return undefined;
    const cell: SatisfactionCell = { kind, unit, procedure, version, official, criterion: criterion!, level: level! };
    if (content !== undefined) cell.content = content;
    return { day, cell };
  }
  if ((kind === 'l' || kind === 'p') && parts.length === 6) return { day, cell: { kind, unit, procedure, version, official } };
  return undefined;
}
