import { ConcurrencyError, StoreError } from '../errors';
import type { AppendResult, ExpectedVersion, StoredEvent } from './types';

/**
 * Resolve an expected-version check; true when it holds.
 *
 * @example checkExpectedVersion('no_stream', 0); // true
 */
export function checkExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  return expected === actual;
}

/**
 * The error for a stream whose version is not the expected one. `actual` is
 * the stream's real current version (never a placeholder): an adapter that
 * learns of the clash from a unique index reads the version first.
 *
 * @example throw versionClash('dossier-1', 2, 3);
 */
export function versionClash(streamId: string, expected: ExpectedVersion, actual: number): ConcurrencyError {
  if (!Number.isSafeInteger(actual) || actual < 0) throw new StoreError('STORE_CORRUPTED', `Stream ${streamId}: version ${actual} is not a stream version`);
  return new ConcurrencyError(streamId, expected, actual);
}

/**
 * Refuse a batch that names one event id twice (`DUPLICATE_EVENT`), before
 * anything is looked up or written.
 *
 * @example assertDistinctIds(['a', 'b', 'a']); // throws DUPLICATE_EVENT
 */
export function assertDistinctIds(eventIds: readonly string[]): void {
  if (eventIds.length < 2) return;
  const seen = new Set<string>();
  for (const id of eventIds) {
    if (seen.has(id)) throw new StoreError('DUPLICATE_EVENT', `Event id ${id} appears twice in one batch`);
    seen.add(id);
  }
}

/** Where a batch's first event id is already stored. */
export interface SeenEvent {
  streamId: string;
  version: number;
}

/**
 * A batch whose first event id is already stored: the stored events if it is
 * the same batch on the same stream (an idempotent retry, `duplicate: true`),
 * else `DUPLICATE_EVENT`. `stored` are the events of `seen.streamId` from
 * `seen.version` on, at most as many as the batch.
 *
 * @example
 * ```ts
 * declare function readRange(streamId: string, from: number, to: number): StoredEvent[]; // the adapter's read
 * declare const seen: SeenEvent, ids: string[], currentVersion: number;
 * const stored = readRange(seen.streamId, seen.version, seen.version + ids.length - 1);
 * const result = retryResult('dossier-1', ids, seen, stored, currentVersion); // duplicate: true
 * ```
 */
export function retryResult(streamId: string, eventIds: readonly string[], seen: SeenEvent, stored: readonly StoredEvent[], currentVersion: number): AppendResult {
  const same = seen.streamId === streamId && stored.length === eventIds.length && stored.every((s, i) => s.metadata.eventId === eventIds[i]);
  if (!same)
    throw new StoreError('DUPLICATE_EVENT', `Event id ${eventIds[0]} is already stored in ${seen.streamId} at version ${seen.version}, and this batch is not that stored batch`);
  return { streamId, nextExpectedVersion: currentVersion, lastPosition: stored[stored.length - 1]!.position, events: stored, duplicate: true };
}

/**
 * The error for a unique-index violation on insert: an event id already
 * stored (`DUPLICATE_EVENT`) or a `(stream, version)` already taken (a
 * {@link versionClash} with the real `actual`).
 *
 * @example throw uniqueViolation('event_id', { streamId, expected, actual: 0, cause });
 */
export function uniqueViolation(
  kind: 'event_id' | 'stream_version',
  at: { streamId: string; expected: ExpectedVersion; actual: number; eventId?: string; cause?: unknown },
): ConcurrencyError | StoreError {
  if (kind === 'stream_version') return versionClash(at.streamId, at.expected, at.actual);
  return new StoreError('DUPLICATE_EVENT', `Event id ${at.eventId ?? '(of this batch)'} is already stored`, { cause: at.cause });
}
