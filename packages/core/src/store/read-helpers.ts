import { StoreError } from '../errors';
import type { EventStore, ReadAllOptions, StoredEvent, WaitOptions } from './types';

/**
 * Flatten `readBatches` into one event at a time (shared by all adapters),
 * with one already-resolved promise per item: an async generator's `yield*`
 * costs several microtask hops per item, which shows on a full-log replay.
 *
 * @example
 * ```ts nocheck
 * readAll(options) { return flattenBatches(this.readBatches(options)); } // an adapter's method
 * ```
 */
export function flattenBatches<T>(batches: AsyncIterable<readonly T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches[Symbol.asyncIterator]();
      let batch: readonly T[] = [];
      let index = 0;
      let finished = false;
      const pull = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          if (finished) return { value: undefined, done: true };
          const result = await source.next();
          if (result.done) {
            finished = true;
            return { value: undefined, done: true };
          }
          batch = result.value;
          index = 0;
          if (batch.length > 0) return { value: batch[index++]!, done: false };
        }
      };
      return {
        next: () => (index < batch.length ? Promise.resolve({ value: batch[index++]!, done: false }) : pull()),
        return: async (): Promise<IteratorResult<T>> => {
          finished = true;
          batch = [];
          await source.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

/**
 * Does an event pass the `types` / `streamPrefix` filters of {@link ReadAllOptions}?
 *
 * @example matchesFilter(event, { streamPrefix: 'dossier-' });
 */
export function matchesFilter(event: StoredEvent, options: ReadAllOptions, typeSet?: ReadonlySet<string>): boolean {
  if (typeSet && !typeSet.has(event.type)) return false;
  if (options.streamPrefix !== undefined && !event.streamId.startsWith(options.streamPrefix)) return false;
  return true;
}

/**
 * `waitUntilReadable` for any store: re-read the horizon on every notice and
 * on a backoff timer (2 ms … 100 ms) until it reaches `position`.
 * Rejects with `StoreError` `STORE_CONNECTION` after `timeoutMs` (default 30,000).
 *
 * @example
 * ```ts nocheck
 * waitUntilReadable(position, options) { return pollUntilReadable(this, position ?? lastCommitted, options); }
 * ```
 */
export async function pollUntilReadable(store: Pick<EventStore, 'headPosition' | 'notifications'>, position: number, options: WaitOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  for (;;) {
    const head = await store.headPosition();
    if (head >= position) return head;
    const left = deadline - Date.now();
    if (left <= 0)
      throw new StoreError(
        'STORE_CONNECTION',
        `Position ${position} did not become readable within ${timeoutMs} ms (horizon ${head}): not committed, or a transaction older than that write is still open`,
      );
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        store.notifications.off('appended', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(delay, left));
      store.notifications.on('appended', done);
    });
    delay = Math.min(100, delay * 2);
  }
}
