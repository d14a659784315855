/**
 * Seeded pseudo-random numbers — fast-check's `pure-rand` (xoroshiro128+,
 * uniform float64 and integer distributions) — and the few distributions the
 * simulation needs. Every dossier draws from its own generator, seeded by
 * (run seed, dossier number), so a dossier's history does not depend on how
 * other dossiers interleave with it — the what-if replay relies on that.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded generator of floats in [0, 1). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number;
}

/** 32-bit string/number hash (MurmurHash3 finaliser over FNV-1a), for seeding. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A generator seeded from any parts (e.g. `rng(seed, 'dossier', 42)`): the
 * parts are hashed to the 32-bit seed of a pure-rand xoroshiro128+ generator.
 * @example
 * ```ts
 * const r = rng(2021, 'arrivals');
 * r.next();        // 0.1698…
 * r.int(1, 6);     // 6
 * ```
 */
export function rng(...seed: (string | number)[]): Rng {
  const g = xoroshiro128plus(hash32(...seed) | 0);
  return { next: () => uniformFloat64(g), int: (lo, hi) => uniformInt(g, lo, hi) };
}

/** True with probability `p`. */
export const chance = (r: Rng, p: number): boolean => r.next() < p;

/** Integer in [lo, hi] (inclusive). */
export const intBetween = (r: Rng, lo: number, hi: number): number => r.int(lo, hi);

/** Pick an element. */
export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r.next() * items.length)]!;
}

/** Pick by weight (weights need not sum to 1). */
export function weighted<T>(r: Rng, items: readonly T[], weightOf: (t: T) => number): T {
  let total = 0;
  for (const it of items) total += weightOf(it);
  let x = r.next() * total;
  for (const it of items) {
    x -= weightOf(it);
    if (x < 0) return it;
  }
  return items[items.length - 1]!;
}

/** Geometric number of extra days (≥ 0) with the given mean. */
export function geometric(r: Rng, mean: number): number {
  if (mean <= 0) return 0;
  const p = 1 / (1 + mean);
  return Math.floor(Math.log(1 - r.next()) / Math.log(1 - p));
}

/**
 * A deterministic UUID (version 4 layout) from a generator: dossier and
 * command ids are reproducible for a given seed.
 */
export function uuidFrom(r: Rng): string {
  const h = (n: number) => r.int(0, 0xffff_ffff).toString(16).padStart(8, '0').slice(0, n);
  const a = h(8),
    b = h(8),
    c = h(8),
    d = h(8);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[r.int(0, 3)]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}
