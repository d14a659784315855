import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs } from '../src/instant';

const canonical = (ms: number) => `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 23)}+07:00`;

describe('instant parsing fast paths', () => {
  it('the canonical engine form (…SS.sss+07:00) and the short form parse exactly as Date.parse', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2090-01-01T00:00:00Z') }), (ms) => {
        const long = canonical(ms);
        expect(long).toHaveLength(29);
        expect(instantMs(long)).toBe(Date.parse(long));
        const short = `${long.slice(0, 19)}+07:00`;
        expect(instantMs(short)).toBe(Date.parse(short));
        const utc = new Date(ms).toISOString();
        expect(instantMs(utc)).toBe(ms);
      }),
    );
  });

  it('rejects malformed canonical-length strings', () => {
    for (const bad of ['2024-03-04T09:00:00.0x0+07:00', '2024-03-04T25:00:00.000+07:00', '2024-03-04T09:00:00.000*07:00']) expect(() => instantMs(bad)).toThrow();
  });
});
