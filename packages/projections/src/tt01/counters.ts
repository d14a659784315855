/**
 * The TT 01/2018 projection's counters (index sums per official, counters per agency), kept compact.
 *
 * What is counted is unchanged: one row per (end day, official, agency) and one per (day, agency), where the
 * agency part is `${procedure}|${version}|${unit}`; snapshots write them under the same text keys as before,
 * `${day}|${official}|${agency}` and `${day}|${agency}`, in the order rows were first counted. In memory the key
 * without the day (a *cell*: official and agency, or agency) is interned once — looked up by the two interned
 * strings, no key text is built while folding — and the rows live in a {@link DayCounters}: ≈ 20 bytes a row
 * plus 2 bytes a value, instead of a 40–70-character key string, a `Map` entry and a `number[]` (≈ 250 bytes;
 * 547,356 official rows after folding half of Lạng Sơn's 13.6M events).
 */
import { DayCounters, type CounterValues } from '../day-counters';

/**
 * One table of TT 01/2018 counters: rows of `width` values by (day, agency) or, `byOfficial`, by (day, official,
 * agency). Codes never contain `|` (as the report always assumed when it split the keys).
 * @example
 * ```ts
 * import { Tt01Counters } from '@motcua/projections';
 * const agencies = new Tt01Counters(5, false);
 * agencies.bump(19_700, '1.001|1|UBND-X', '', 0);
 * agencies.toEntries(); // [['19700|1.001|1|UBND-X', [1, 0, 0, 0, 0]]]
 * ```
 */
export class Tt01Counters {
  /** agency → official (`''` in a table without officials) → cell. */
  private readonly ids = new Map<string, Map<string, number>>();
  private readonly agencyOf: string[] = [];
  private readonly officialOf: string[] = [];
  private readonly rows: DayCounters;

  constructor(
    /** Values a row. */
    readonly width: number,
    /** Rows per official too (keys `${day}|${official}|${agency}`), else per agency (`${day}|${agency}`). */
    readonly byOfficial: boolean,
  ) {
    this.rows = new DayCounters(width);
  }

  /** Number of rows. */
  get size(): number {
    return this.rows.size;
  }

  /** The offset of the row of (`day`, `agency`, `official`), created at zeros if new: pass it to {@link Tt01Counters.add}. */
  row(day: number, agency: string, official = ''): number {
    let byOfficial = this.ids.get(agency);
    if (byOfficial === undefined) this.ids.set(agency, (byOfficial = new Map()));
    let cell = byOfficial.get(official);
    if (cell === undefined) {
      cell = this.agencyOf.length;
      this.agencyOf.push(agency);
      this.officialOf.push(official);
      byOfficial.set(official, cell);
    }
    return this.rows.row(day, cell);
  }

  /** Add `by` to value `index` of the row at `offset`. */
  add(offset: number, index: number, by = 1): void {
    this.rows.add(offset + index, by);
  }

  /** Add `by` to value `index` of the row of (`day`, `agency`, `official`). */
  bump(day: number, agency: string, official: string, index: number, by = 1): void {
    this.rows.add(this.row(day, agency, official) + index, by);
  }

  /**
   * Each row whose day is in [`first`, `last`], in the order rows were first counted: its agency
   * (`${procedure}|${version}|${unit}`), official (`''` without officials), the values array with the row's offset
   * (valid during the call), and its day.
   */
  forEachInDays(first: number, last: number, fn: (agency: string, official: string, values: CounterValues, offset: number, day: number) => void): void {
    this.rows.forEachRow(first, last, (day, cell, values, offset) => fn(this.agencyOf[cell]!, this.officialOf[cell]!, values, offset, day));
  }

  /** The rows as `[key, values]` in the order they were first counted — the snapshot form (rows with equal values share one array: read-only). */
  toEntries(): [string, number[]][] {
    const out: [string, number[]][] = [];
    this.forEachEntry((entry) => out.push(entry));
    return out;
  }

  /**
   * Each entry of {@link Tt01Counters.toEntries}, in its order, without the array of them all (a rebuild writes a
   * province's rows to a file as they come, `rebuild/streamed-states.ts`).
   * @example
   * ```ts
   * import { Tt01Counters } from '@motcua/projections';
   * const agencies = new Tt01Counters(5, false);
   * agencies.bump(19_700, '1.001|1|UBND-X', '', 0);
   * agencies.forEachEntry(([key]) => console.log(key)); // 19700|1.001|1|UBND-X
   * ```
   */
  forEachEntry(fn: (entry: [string, number[]]) => void): void {
    this.rows.forEachEntry((day, cell, values) => {
      // join() makes one flat string (≈ 70 bytes), where a template literal keeps a tree of concatenations (≈ 120).
      const key = this.byOfficial ? [day, this.officialOf[cell], this.agencyOf[cell]].join('|') : [day, this.agencyOf[cell]].join('|');
      fn([key, values as number[]]);
    });
  }

  /**
   * Add snapshot entries (keys as written by {@link Tt01Counters.toEntries}) into these counters, row by row — a
   * disjoint partition's rows merged in without a table of their own (a row of zeros is created too). A key without a
   * (32-bit) integer day, or without an official where one is expected, is skipped.
   */
  addEntries(entries: Iterable<readonly [string, readonly number[]]>): void {
    const width = this.width;
    for (const [key, values] of entries) {
      const bar = key.indexOf('|');
      const day = Number(key.slice(0, bar));
      if (bar < 1 || (day | 0) !== day) continue;
      let official = '';
      let agency = key.slice(bar + 1);
      if (this.byOfficial) {
        const next = key.indexOf('|', bar + 1);
        if (next < 0) continue;
        official = key.slice(bar + 1, next);
        agency = key.slice(next + 1);
      }
      const offset = this.row(day, agency, official);
      for (let i = 0; i < width; i++) {
        const value = values[i] ?? 0;
        if (value !== 0) this.add(offset, i, value);
      }
    }
  }

  /** Counters from snapshot entries (each key once, as a snapshot has them; see {@link Tt01Counters.addEntries}). */
  static fromEntries(entries: Iterable<readonly [string, readonly number[]]>, width: number, byOfficial: boolean): Tt01Counters {
    const counters = new Tt01Counters(width, byOfficial);
    counters.addEntries(entries);
    return counters;
  }
}
