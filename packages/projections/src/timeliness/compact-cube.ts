/**
 * A compact store for the timeliness projection's cube (the counters behind
 * report 06a and Decision 766): the recently used pages stay as they are,
 * the others are kept as their non-zero cells only.
 *
 * Why: a cube page is 16 days × 109 counters (6,976 bytes) per group
 * dimension, created as soon as one counter of those days is touched, and
 * the cube keeps every page of the period. At province scale (Lạng Sơn:
 * ≈ 900 dimensions, 3.5 years ≈ 80 pages each) that is hundreds of MB, of
 * which 98 % are zeros (measured: 1.6 % of the cells are non-zero, 3.8 days
 * of 16 used per page). The writes go to pages of recent days, so a bounded
 * set of plain pages takes them; the old pages are kept as `[index, value,
 * …]` pairs (≈ 30 non-zero cells each) and turned back into a page when a
 * write or a read needs one (in 16 bits when the page's values fit). The projection code is unchanged: this is a
 * `Map` whose `get`/`set` hand out plain `Int32Array` pages. Used by the
 * province simulation's report thread and by the rebuild (each partition's fold
 * and the merge; session 8: a province's history (3½ years) of plain pages took ≈ 0.5 GB per
 * worker outside the V8 heap caps).
 *
 * Contract with the projection (what makes it safe): a page returned by
 * `get` stays plain until `capacity` other pages have been used since (the
 * timeliness projection holds at most three pages at a time, inside one
 * event's apply). Iterating yields a packed page as a new page that is not
 * kept: read it (the queries and the snapshot do), writing to it changes
 * nothing.
 */

/** The cube's type in `@motcua/projections` (`TimelinessState.cube`). */
type Cube = Map<number, Int32Array>;

/** Fewest plain pages kept: far above the three an event's apply holds at once. */
export const MIN_PLAIN_PAGES = 64;

/**
 * A cube map keeping at most `capacity` plain pages (at least {@link MIN_PLAIN_PAGES});
 * the least recently used others are stored as their non-zero cells.
 *
 * @example
 * ```ts
 * const cube = new CompactCube(2048);
 * cube.set(1, new Int32Array(16 * 109));
 * cube.get(1)![5]! += 1;
 * ```
 */
export class CompactCube extends Map<number, Int32Array> {
  readonly #plain = new Map<number, Int32Array>();
  readonly #packed = new Map<number, Packed>();
  /** Cells per page: the first page's length (every page of a cube has the same). */
  #pageLength = 0;
  readonly #capacity: number;

  /** `capacity`: plain pages kept (default 2,048 ≈ 14 MB: on the Lạng Sơn history a rebuild partition's fold costs the same CPU with 2,048 or 4,096, and clearly more with 512). */
  constructor(capacity = 2048) {
    super();
    this.#capacity = Math.max(MIN_PLAIN_PAGES, Number.isFinite(capacity) ? Math.floor(capacity) : MIN_PLAIN_PAGES);
  }

  /** Plain pages now (for measurements). */
  get plainPages(): number {
    return this.#plain.size;
  }

  override get size(): number {
    return this.#plain.size + this.#packed.size;
  }

  override has(key: number): boolean {
    return this.#plain.has(key) || this.#packed.has(key);
  }

  override get(key: number): Int32Array | undefined {
    const page = this.#plain.get(key);
    if (page !== undefined) {
      // Most recently used last: eviction takes the first.
      this.#plain.delete(key);
      this.#plain.set(key, page);
      return page;
    }
    const pairs = this.#packed.get(key);
    if (pairs === undefined) return undefined;
    this.#packed.delete(key);
    const unpacked = this.#unpack(pairs, new Int32Array(this.#pageLength));
    this.#keepPlain(key, unpacked);
    return unpacked;
  }

  override set(key: number, page: Int32Array): this {
    if (this.#pageLength === 0) this.#pageLength = page.length;
    else if (page.length !== this.#pageLength) throw new RangeError(`CompactCube: a page has ${this.#pageLength} cells, got ${page.length}`);
    this.#packed.delete(key);
    this.#plain.delete(key);
    this.#keepPlain(key, page);
    return this;
  }

  override delete(key: number): boolean {
    const plain = this.#plain.delete(key);
    return this.#packed.delete(key) || plain;
  }

  override clear(): void {
    this.#plain.clear();
    this.#packed.clear();
  }

  override keys(): MapIterator<number> {
    return this.#keys() as unknown as MapIterator<number>;
  }

  override values(): MapIterator<Int32Array> {
    return this.#values() as unknown as MapIterator<Int32Array>;
  }

  override entries(): MapIterator<[number, Int32Array]> {
    return this.#entries() as unknown as MapIterator<[number, Int32Array]>;
  }

  override [Symbol.iterator](): MapIterator<[number, Int32Array]> {
    return this.entries();
  }

  override forEach(callback: (value: Int32Array, key: number, map: Map<number, Int32Array>) => void, thisArg?: unknown): void {
    for (const [key, page] of this.#entries()) callback.call(thisArg, page, key, this);
  }

  *#keys(): Generator<number> {
    yield* this.#plain.keys();
    yield* this.#packed.keys();
  }

  *#values(): Generator<Int32Array> {
    for (const [, page] of this.#entries()) yield page;
  }

  *#entries(): Generator<[number, Int32Array]> {
    // Snapshots of the key lists: a consumer reading pages must not see one twice or miss one.
    for (const [key, page] of [...this.#plain]) yield [key, page];
    // A packed page is read as a new plain page (not kept: iterating does not grow the plain set).
    for (const [key, pairs] of [...this.#packed]) yield [key, this.#unpack(pairs, new Int32Array(this.#pageLength))];
  }

  #keepPlain(key: number, page: Int32Array): void {
    this.#plain.set(key, page);
    while (this.#plain.size > this.#capacity) {
      const [oldest, oldPage] = this.#plain.entries().next().value as [number, Int32Array];
      this.#plain.delete(oldest);
      this.#packed.set(oldest, pack(oldPage));
    }
  }

  #unpack(pairs: Packed, into: Int32Array): Int32Array {
    for (let i = 0; i < pairs.length; i += 2) into[pairs[i]!] = pairs[i + 1]!;
    return into;
  }
}

/** A packed page: `[index, value, …]`, in 16 bits when every index and value fits (most do: half the bytes, and V8 keeps a small one in its heap). */
type Packed = Int16Array | Int32Array;

/** `[index, value, …]` of the non-zero cells of a page. */
function pack(page: Int32Array): Packed {
  let nonZero = 0;
  let narrow = page.length <= 0x8000;
  for (let i = 0; i < page.length; i++) {
    const value = page[i]!;
    if (value === 0) continue;
    nonZero++;
    if (value < -0x8000 || value > 0x7fff) narrow = false;
  }
  const pairs = narrow ? new Int16Array(2 * nonZero) : new Int32Array(2 * nonZero);
  for (let i = 0, j = 0; i < page.length; i++) {
    if (page[i] !== 0) {
      pairs[j++] = i;
      pairs[j++] = page[i]!;
    }
  }
  return pairs;
}

/**
 * A {@link CompactCube} holding a cube's pages (e.g. a state made by the projection's `init` or `fromSnapshot`).
 * @example const compact = compactCube(new Map([[1, new Int32Array(8)]]));
 */
export function compactCube(cube: Cube, capacity?: number): CompactCube {
  const compact = new CompactCube(capacity);
  for (const [key, page] of cube) compact.set(key, page);
  return compact;
}
