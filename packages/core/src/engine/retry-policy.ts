/**
 * What the engine does after losing an append race on verified state: retry
 * (on fresh state and, for a command without `at`, at a fresh time) up to
 * `maxRetries` times, unless the caller gave `expectedVersion` — then the
 * conflict is theirs to handle.
 */
export function shouldRetry(retriesSoFar: number, maxRetries: number, callerExpectsVersion: boolean): boolean {
  return !callerExpectsVersion && retriesSoFar < maxRetries;
}

/** Back off before retry number `retry` (1, 2, …): a few jittered milliseconds, growing with the retries (0–5 ms, 0–10 ms, …). */
export function backoff(retry: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * retry));
}
