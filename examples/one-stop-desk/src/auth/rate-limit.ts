/**
 * An in-process token bucket per key (hạn mức yêu cầu): `capacity` requests
 * at once, then `perSecond` more each second. For one desk process; several
 * processes behind a load balancer need a shared limiter (docs/security.md).
 */
export interface RateLimiter {
  /** Take one token for `key`: allowed, or refused with how long to wait. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/** Options of {@link createRateLimiter}. */
export interface RateLimitOptions {
  /** Bucket size: requests allowed in a burst. */
  capacity: number;
  /** Tokens added per second. */
  perSecond: number;
  /** Milliseconds clock (default `Date.now`); tests inject their own. */
  now?: () => number;
  /** Forget full buckets when more than this many keys are tracked (default 10,000). */
  maxKeys?: number;
}

/**
 * A token-bucket limiter.
 *
 * @example
 * ```ts
 * const signIn = createRateLimiter({ capacity: 5, perSecond: 1 / 12 });
 * const ip = '203.0.113.7';
 * if (!signIn.take(`ip:${ip}`).ok) console.log('429 Too Many Requests');
 * ```
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (b: { tokens: number; at: number }, t: number) => Math.min(options.capacity, b.tokens + ((t - b.at) / 1000) * options.perSecond);
  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: options.capacity, at: time };
      const tokens = level(bucket, time);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: time });
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / options.perSecond)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: time });
      if (buckets.size > maxKeys) for (const [staleKey, staleBucket] of buckets) if (level(staleBucket, time) >= options.capacity) buckets.delete(staleKey);
      return { ok: true };
    },
  };
}
