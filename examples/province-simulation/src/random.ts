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
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0xff;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
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
  const generator = xoroshiro128plus(hash32(...seed) | 0);
  return { next: () => uniformFloat64(generator), int: (lo, hi) => uniformInt(generator, lo, hi) };
}

/** True with probability `p`. */
export const chance = (r: Rng, p: number): boolean => r.next() < p;

/** Integer in [lo, hi] (inclusive). */
export const intBetween = (r: Rng, lo: number, hi: number): number => r.int(lo, hi);

/** Pick an element. */
export function pick<T>(random: Rng, items: readonly T[]): T {
  return items[Math.floor(random.next() * items.length)]!;
}

/** Pick by weight (weights need not sum to 1). */
export function weighted<T>(random: Rng, items: readonly T[], weightOf: (item: T) => number): T {
  let total = 0;
  for (const it of items) total += weightOf(it);
  let remaining = random.next() * total;
  for (const it of items) {
    remaining -= weightOf(it);
    if (remaining < 0) return it;
  }
  return items[items.length - 1]!;
}

/** Geometric number of extra days (≥ 0) with the given mean. */
export function geometric(random: Rng, mean: number): number {
  if (mean <= 0) return 0;
  const probability = 1 / (1 + mean);
  return Math.floor(Math.log(1 - random.next()) / Math.log(1 - probability));
}

/**
 * A deterministic UUID (version 4 layout) from a generator: dossier and
 * command ids are reproducible for a given seed. Two generators whose 32-bit
 * seeds collide give the same id: where ids must differ, use {@link numberedUuid}.
 *
 * @example uuidFrom(rng(2021, 'dossier', 7)); // the same text on every run
 */
export function uuidFrom(random: Rng): string {
  const hex = (n: number) => random.int(0, 0xffff_ffff).toString(16).padStart(8, '0').slice(0, n);
  const first = hex(8),
    second = hex(8),
    third = hex(8),
    fourth = hex(8);
  return `${first}-${second.slice(0, 4)}-4${second.slice(5, 8)}-${'89ab'[random.int(0, 3)]}${third.slice(1, 4)}-${third.slice(4, 8)}${fourth}`;
}

/**
 * A UUID unique to `n` (0 ≤ n < 2³²) whatever the generator: the first 8 hex
 * digits of {@link uuidFrom} replaced by `n`. A dossier's generator is seeded
 * by a 32-bit hash of (run seed, dossier number), so among the 2.18M dossiers
 * of a province two seeds collide ~550 times (n² / 2³³): their `uuidFrom` ids
 * would too, and the second dossier's commands would land on the first
 * (`pnpm demo --scale lang-son` refused 716 commands that way). The same draws
 * are taken, so everything else about the dossier stays as it was.
 *
 * @example numberedUuid(rng(2021, 'dossier', 7), 7).slice(0, 8); // '00000007'
 */
export function numberedUuid(random: Rng, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new RangeError(`numberedUuid: ${n} is not a 32-bit unsigned integer`);
  return `${n.toString(16).padStart(8, '0')}${uuidFrom(random).slice(8)}`;
}
