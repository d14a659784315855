/**
 * Capped-linear scoring of Decision 766 (brief §7.2):
 * `score = min(Pmax, Pmax × ratio / threshold)` with a threshold, else `ratio × Pmax`.
 *
 * @example
 * cappedLinear(0.4, 4, 0.5) // 3.2
 * cappedLinear(0.6, 4, 0.5) // 4
 * cappedLinear(0.9, 20)     // 18
 */
export function cappedLinear(ratio: number, max: number, threshold?: number): number {
  if (!(ratio >= 0)) return 0;
  const raw = threshold !== undefined && threshold > 0 ? (max * ratio) / threshold : ratio * max;
  return round2(Math.min(max, raw));
}

/** Round to 2 decimals (F766). @example round2(1.005) // 1.01 */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Round to 1 decimal (TT 01/2018 index scores). @example round1(1.25) // 1.3 */
export function round1(value: number): number {
  return Math.round((value + Number.EPSILON) * 10) / 10;
}

/**
 * Round to 4 decimals (a ratio whose percentage has 2 decimals), exactly
 * representable as printed: `round4(0.0714)` is `0.0714`, never `0.07139999999999999`.
 * @example round4(1 / 14) // 0.0714
 */
export function round4(value: number): number {
  return Number((Math.round((value + Number.EPSILON) * 10000) / 10000).toFixed(4));
}
