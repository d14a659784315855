import type { ExpectedVersion, ReadAllOptions, StoredEvent } from './types';

/** Flatten `readBatches` into one event at a time (shared by all adapters). */
export async function* flattenBatches(batches: AsyncIterable<StoredEvent[]>): AsyncIterable<StoredEvent> {
  for await (const batch of batches) yield* batch;
}

/** Does an event pass the `types` / `streamPrefix` filters of {@link ReadAllOptions}? */
export function matchesFilter(event: StoredEvent, options: ReadAllOptions, typeSet?: ReadonlySet<string>): boolean {
  if (typeSet && !typeSet.has(event.type)) return false;
  if (options.streamPrefix !== undefined && !event.streamId.startsWith(options.streamPrefix)) return false;
  return true;
}

/** Resolve an expected-version check; true when it holds. */
export function checkExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
}
