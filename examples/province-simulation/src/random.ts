/**
 * Seeded pseudo-random numbers (sfc32, by Chris Doty-Humphrey; public domain)
 * and the few distributions the simulation needs. Every dossier draws from
 * its own generator, seeded by (run seed, dossier number), so a dossier's
 * history does not depend on how other dossiers interleave with it — the
 * what-if replay relies on that.
 */

/** A seeded generator of floats in [0, 1). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
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
 * sfc32 generator seeded from any parts (e.g. `rng(seed, 'dossier', 42)`).
 * @example const r = rng(2021, 'arrivals'); r.next(); // 0.42…
 */
export function rng(...seed: (string | number)[]): Rng {
  let a = hash32(...seed, 'a');
  let b = hash32(...seed, 'b');
  let c = hash32(...seed, 'c');
  let d = hash32(...seed, 'd') | 1;
  const next = (): number => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return { next };
}

/** True with probability `p`. */
export const chance = (r: Rng, p: number): boolean => r.next() < p;

/** Integer in [lo, hi] (inclusive). */
export const intBetween = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r.next() * (hi - lo + 1));

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
  const h = (n: number) => Math.floor(r.next() * 2 ** 32).toString(16).padStart(8, '0').slice(0, n);
  const a = h(8), b = h(8), c = h(8), d = h(8);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[Math.floor(r.next() * 4)]}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}
