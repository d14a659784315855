/**
 * Dossier ids at province scale. Each dossier's random stream is seeded by a
 * 32-bit hash of (run seed, dossier number), so some of a province's 2.18M
 * dossiers share a seed (≈ n² / 2³³ pairs) and drew the same `uuidFrom` id:
 * the full `--scale lang-son` run refused 716 commands of dossiers that
 * landed on another's stream. The oracle here is a brute-force search for two
 * dossier numbers whose seeds collide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hash32, numberedUuid, rng, uuidFrom } from '../src/index';

/** Two dossier numbers of run `seed` whose generators get the same 32-bit seed (birthday search). */
function collidingNumbers(seed: number): [number, number] {
  const seen = new Map<number, number>();
  for (let n = 0; n < 2_000_000; n++) {
    const h = hash32(seed, 'dossier', n);
    const earlier = seen.get(h);
    if (earlier !== undefined) return [earlier, n];
    seen.set(h, n);
  }
  throw new Error('no collision in 2M numbers');
}

describe('dossier ids', () => {
  it('two dossiers whose seeds collide: the same uuidFrom id (the bug), different numbered ids (the fix)', () => {
    const [a, b] = collidingNumbers(2021);
    expect(uuidFrom(rng(2021, 'dossier', a))).toBe(uuidFrom(rng(2021, 'dossier', b)));
    expect(numberedUuid(rng(2021, 'dossier', a), a)).not.toBe(numberedUuid(rng(2021, 'dossier', b), b));
  });

  it('a numbered id is a UUID whose first 8 hex digits are the number, the rest as uuidFrom draws it (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer(), (n, seed) => {
        const id = numberedUuid(rng(seed, 'dossier', n), n);
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(Number.parseInt(id.slice(0, 8), 16)).toBe(n);
        expect(id.slice(8)).toBe(uuidFrom(rng(seed, 'dossier', n)).slice(8));
      }),
      { numRuns: 300, seed: 216 },
    );
    expect(() => numberedUuid(rng(1), 2 ** 32)).toThrow(RangeError);
  });
});
