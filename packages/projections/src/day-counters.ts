/**
 * Counter rows by (day, cell), kept compact — the store under the satisfaction and TT 01/2018 counters.
 *
 * A report projection counts per business day and per *cell* (everything else in a counter's key: unit,
 * procedure, official…). Kept as a `Map<string, number[]>` each row costs a 40–100-character key string, a `Map`
 * entry and a JS array (≈ 200–300 bytes and three objects for the GC to trace). Here the caller interns its cells
 * as small integers and a row is: its day, cell and offset (three `Int32Array` slots), one slot of an
 * open-addressing hash table, and its values in one shared typed array — ≈ 16–28 bytes plus 2 bytes a value, in
 * a handful of objects whatever the number of rows.
 *
 * Values are whole numbers in an `Int16Array` (a row counts one day of one group: dossiers, points, petitions —
 * hundreds at most); the first value that is not a 16-bit integer (a sum outside −32,768…32,767, or a fraction)
 * moves them all to a `Float64Array`, so any sequence of additions gives the same numbers as plain JS arithmetic.
 * Rows are numbered in the order they are created, which is the order of {@link DayCounters.forEachRow}.
 */

/** The typed array holding the values (read it only during a {@link DayCounters.forEachRow} callback). */
export type CounterValues = Int16Array | Float64Array;

const EMPTY = 0;
const FIRST_ROWS = 256;
const SHARED_VALUES = 1 << 16;

/** A (day, cell) pair to a table slot (a 32-bit mix; the table size is a power of two). */
function hashOf(day: number, cell: number): number {
  let h = Math.imul(day, 0x9e3779b1) ^ cell;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/**
 * Counter rows by (day, cell): a day and a cell are 32-bit integers (the caller interns its cells); a row holds
 * a fixed number of values (its width, by cell), created at zeros.
 * @example
 * ```ts
 * import { DayCounters } from '@motcua/projections';
 * const counters = new DayCounters(3); // three values a row
 * counters.bump(19_700, 0, 1); // day 19700, cell 0, value 1 += 1
 * counters.add(counters.row(19_700, 0) + 2, 5); // value 2 += 5, same row
 * counters.size; // 1
 * counters.forEachRow(19_700, 19_700, (day, cell, values, offset) => values[offset + 2]); // 5
 * ```
 */
export class DayCounters {
  private readonly widthOf: (cell: number) => number;
  /** Open addressing, linear probing: row number + 1, or 0 for a free slot. */
  private table = new Int32Array(2 * FIRST_ROWS);
  private rowDay = new Int32Array(FIRST_ROWS);
  private rowCell = new Int32Array(FIRST_ROWS);
  private rowOffset = new Int32Array(FIRST_ROWS);
  private values: CounterValues = new Int16Array(4 * FIRST_ROWS);
  private wide = false;
  private rows = 0;
  private used = 0;

  /** `width`: the number of values of every row, or of the rows of a cell. */
  constructor(width: number | ((cell: number) => number)) {
    this.widthOf = typeof width === 'number' ? () => width : width;
  }

  /** Number of rows (day × cell). */
  get size(): number {
    return this.rows;
  }

  /** The offset of the first value of the row of (`day`, `cell`), the row created at zeros if new. */
  row(day: number, cell: number): number {
    const table = this.table;
    const mask = table.length - 1;
    let slot = hashOf(day, cell) & mask;
    for (let entry = table[slot]!; entry !== EMPTY; entry = table[slot]!) {
      const row = entry - 1;
      if (this.rowDay[row] === day && this.rowCell[row] === cell) return this.rowOffset[row]!;
      slot = (slot + 1) & mask;
    }
    if ((day | 0) !== day || (cell | 0) !== cell) throw new RangeError(`DayCounters: day ${day} and cell ${cell} must be 32-bit integers`);
    return this.create(day, cell, slot);
  }

  /** Add `by` to the value at `offset` (an offset from {@link DayCounters.row} plus the value's index). */
  add(offset: number, by: number): void {
    const sum = this.values[offset]! + by;
    if (!this.wide && (sum << 16) >> 16 !== sum) this.widen();
    this.values[offset] = sum;
  }

  /** Add `by` to value `index` of the row of (`day`, `cell`). */
  bump(day: number, cell: number, index: number, by = 1): void {
    this.add(this.row(day, cell) + index, by);
  }

  /**
   * Each row whose day is in [`first`, `last`], in the order rows were created: its day, cell, and the values
   * array with the row's offset (the row is `values[offset … offset + width)`; the array is valid during the call).
   */
  forEachRow(first: number, last: number, fn: (day: number, cell: number, values: CounterValues, offset: number) => void): void {
    for (let row = 0; row < this.rows; row++) {
      const day = this.rowDay[row]!;
      if (day >= first && day <= last) fn(day, this.rowCell[row]!, this.values, this.rowOffset[row]!);
    }
  }

  /**
   * Each row, in the order rows were created, with its values as a plain array — the snapshot form. Rows with the
   * same values share one array (read-only: most rows count one dossier, so a few hundred distinct arrays stand for
   * hundreds of thousands of rows, ≈ 130 bytes a row less while a snapshot is held).
   */
  forEachEntry(fn: (day: number, cell: number, values: readonly number[]) => void): void {
    const shared = new Map<string, number[]>();
    const scratch: number[] = [];
    for (let row = 0; row < this.rows; row++) {
      const cell = this.rowCell[row]!;
      const offset = this.rowOffset[row]!;
      const width = this.widthOf(cell);
      scratch.length = width;
      for (let i = 0; i < width; i++) scratch[i] = this.values[offset + i]!;
      const key = scratch.join();
      let values = shared.get(key);
      if (values === undefined) {
        values = scratch.slice();
        // Bounded: past 65,536 distinct rows (not seen in a province's history) the rest get their own arrays.
        if (shared.size < SHARED_VALUES) shared.set(key, values);
      }
      fn(this.rowDay[row]!, cell, values);
    }
  }

  private create(day: number, cell: number, slot: number): number {
    const width = this.widthOf(cell);
    const row = this.rows;
    if (row === this.rowDay.length) {
      const size = Math.ceil(row * 1.5);
      this.rowDay = grown(this.rowDay, size);
      this.rowCell = grown(this.rowCell, size);
      this.rowOffset = grown(this.rowOffset, size);
    }
    if (this.used + width > this.values.length) this.values = grown(this.values, Math.max(this.used + width, Math.ceil(this.values.length * 1.5)));
    const offset = this.used;
    this.used += width;
    this.rowDay[row] = day;
    this.rowCell[row] = cell;
    this.rowOffset[row] = offset;
    this.rows = row + 1;
    this.table[slot] = row + 1;
    // At most half the slots taken: a miss probes ~2.5 slots.
    if (this.rows * 2 > this.table.length) this.rehash();
    return offset;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let row = 0; row < this.rows; row++) {
      let slot = hashOf(this.rowDay[row]!, this.rowCell[row]!) & mask;
      while (table[slot] !== EMPTY) slot = (slot + 1) & mask;
      table[slot] = row + 1;
    }
    this.table = table;
  }

  private widen(): void {
    const wide = new Float64Array(this.values.length);
    wide.set(this.values);
    this.values = wide;
    this.wide = true;
  }
}

function grown<A extends Int16Array | Int32Array | Float64Array>(array: A, size: number): A {
  const next = new (array.constructor as new (size: number) => A)(size);
  next.set(array);
  return next;
}
