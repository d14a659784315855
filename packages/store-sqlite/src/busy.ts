import { StoreError } from '@motcua/core';
import { isBusy } from './errors';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Run `fn`, retrying while the file is locked by another process
 * (SQLITE_BUSY after SQLite's own `busy_timeout`), with jittered backoff,
 * for at most `lockTimeoutMs`. The caller never sees SQLITE_BUSY: past the
 * budget it gets a `StoreError` `STORE_CONNECTION`.
 */
export async function retryBusy<T>(fn: () => T, lockTimeoutMs: number): Promise<T> {
  const deadline = Date.now() + lockTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() >= deadline) {
        throw new StoreError('STORE_CONNECTION', `The SQLite file stayed locked by another connection for more than ${lockTimeoutMs} ms`, { cause: error });
      }
      await sleep(Math.min(50, 1 + attempt) * (0.5 + Math.random()));
    }
  }
}
