/**
 * Flatten batches into single items with one already-resolved promise per
 * item (an async generator's `yield*` costs several microtask hops per item,
 * which shows on a full-log replay).
 */
export function flattenFast<T>(batches: AsyncIterable<T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const source = batches[Symbol.asyncIterator]();
      let batch: T[] = [];
      let index = 0;
      let finished = false;
      const pull = async (): Promise<IteratorResult<T>> => {
        for (;;) {
          if (finished) return { value: undefined, done: true };
          const r = await source.next();
          if (r.done) {
            finished = true;
            return { value: undefined, done: true };
          }
          batch = r.value;
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
