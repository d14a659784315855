/**
 * The satisfaction projection's counters (đánh giá, thích/không thích, phản ánh kiến nghị), kept compact.
 *
 * What is counted is unchanged: one counter row per (kind, day, unit, procedure, version, official[, criterion,
 * level[, content]]), written in snapshots under the same text key as before
 * (`r|${day}|${unit}|${procedure}|${version}|${official}|${criterion}|${level}[|${content}]`, `l|…official`,
 * `p|…official`). In memory, the part of the key without the day (a *cell*) is interned once — a province has a
 * few tens of thousands of them — and each day holds a small `Map` from cell number to the row's offset in one
 * `Float64Array`. A counter row then costs ≈ 50 bytes instead of a ≈ 100-character key string, a `Map` entry and a
 * `number[]` (≈ 300 bytes: 244,000 rows after 6.8M events of a province-size run).
 */

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
 * Counter rows by day and cell. Rows keep the order they were first counted in (the order of a snapshot).
 * @example
 * const counters = new SatisfactionCounters();
 * counters.bump(18_700, { kind: 'p', unit: 'U1', procedure: 'P1', version: 'v1', official: 'o1' }, 1);
 * counters.size; // 1
 */
export class SatisfactionCounters {
  private readonly cells: SatisfactionCell[] = [];
  private readonly cellIds = new Map<string, number>();
  /** day → (cell → offset of the row in `values`). */
  private readonly days = new Map<number, Map<number, number>>();
  private values = new Float64Array(1024);
  private used = 0;
  private rows = 0;

  /** Number of counter rows (day × cell). */
  get size(): number {
    return this.rows;
  }

  /** Add `by` to value `index` of the row of `cell` on `day` (a new row starts at zeros). */
  bump(day: number, cell: SatisfactionCell, index: number, by = 1): void {
    const id = this.cellId(cell);
    let byCell = this.days.get(day);
    if (byCell === undefined) this.days.set(day, (byCell = new Map()));
    let offset = byCell.get(id);
    if (offset === undefined) {
      offset = this.allocate(WIDTH[cell.kind]);
      byCell.set(id, offset);
      this.rows++;
    }
    this.values[offset + index]! += by;
  }

  /**
   * Each row whose day is in [`first`, `last`]: its cell and values (a view valid during the call).
   * Rows come grouped by day, in no particular order.
   */
  forEachInDays(first: number, last: number, fn: (cell: SatisfactionCell, values: Float64Array, day: number) => void): void {
    for (const [day, byCell] of this.days) {
      if (day < first || day > last) continue;
      for (const [id, offset] of byCell) {
        const cell = this.cells[id]!;
        fn(cell, this.values.subarray(offset, offset + WIDTH[cell.kind]), day);
      }
    }
  }

  /** The rows as `[key, values]` in the order they were first counted — the snapshot form. */
  toEntries(): [string, number[]][] {
    const out: { offset: number; entry: [string, number[]] }[] = [];
    for (const [day, byCell] of this.days)
      for (const [id, offset] of byCell) {
        const cell = this.cells[id]!;
        out.push({ offset, entry: [keyOf(day, cell), Array.from(this.values.subarray(offset, offset + WIDTH[cell.kind]))] });
      }
    // Offsets are handed out in the order rows are created.
    return out.sort((a, b) => a.offset - b.offset).map((o) => o.entry);
  }

  /**
   * Counters from snapshot entries (keys as written by {@link SatisfactionCounters.toEntries}); a key that is not
   * one of the three forms is skipped.
   */
  static fromEntries(entries: Iterable<readonly [string, readonly number[]]>): SatisfactionCounters {
    const counters = new SatisfactionCounters();
    for (const [key, values] of entries) {
      const parsed = parseKey(key);
      if (!parsed) continue;
      const width = WIDTH[parsed.cell.kind];
      for (let i = 0; i < width; i++) counters.bump(parsed.day, parsed.cell, i, values[i] ?? 0);
    }
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

  private allocate(width: number): number {
    if (this.used + width > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const offset = this.used;
    this.used += width;
    return offset;
  }
}

/** The snapshot key of a row. */
function keyOf(day: number, cell: SatisfactionCell): string {
  const base = `${cell.kind}|${day}|${cell.unit}|${cell.procedure}|${cell.version}|${cell.official}`;
  if (cell.kind !== 'r') return base;
  return cell.content === undefined ? `${base}|${cell.criterion}|${cell.level}` : `${base}|${cell.criterion}|${cell.level}|${cell.content}`;
}

/** A snapshot key back into its day and cell (codes never contain `|`, as the report always assumed). */
function parseKey(key: string): { day: number; cell: SatisfactionCell } | undefined {
  const parts = key.split('|');
  const [kind, dayText, unit, procedure, version, official, criterion, level, content] = parts;
  const day = Number(dayText);
  if (!Number.isInteger(day) || unit === undefined || procedure === undefined || version === undefined || official === undefined) return undefined;
  if (kind === 'r') {
    if (parts.length !== 8 && parts.length !== 9) return undefined;
    const cell: SatisfactionCell = { kind, unit, procedure, version, official, criterion: criterion!, level: level! };
    if (content !== undefined) cell.content = content;
    return { day, cell };
  }
  if ((kind === 'l' || kind === 'p') && parts.length === 6) return { day, cell: { kind, unit, procedure, version, official } };
  return undefined;
}
