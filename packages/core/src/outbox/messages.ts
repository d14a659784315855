// Pure parts of the outbox: message ids, messages from events, the queue order, backoff with jitter.
import type { StoredEvent } from '../store/types';
import { OutboxError } from './errors';
import type { OutboxMessage, OutboxRoute, RetryPolicy } from './types';

/** The default retry policy: 8 attempts, 1 s doubling to at most 5 min, half jitter. */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({ maxAttempts: 8, baseMs: 1_000, maxMs: 300_000, jitter: 0.5 });

/**
 * The deterministic id of a message: the same in every process and every
 * attempt, so a receiver deduplicates by it.
 *
 * @example
 * ```ts
 * outboxMessageId('citizen', '0190f2a0-0000-7000-8000-000000000001', 0); // 'citizen/0190f2a0-0000-7000-8000-000000000001/0'
 * ```
 */
export function outboxMessageId(destination: string, eventId: string, index: number): string {
  return `${destination}/${eventId}/${index}`;
}

/**
 * The messages the routes derive from one event, pending, due at the
 * event's `recordedAt` (the relay sets `nextAttemptAt` to its own clock when
 * it writes them). A route that throws is a bug in the route: the error
 * is an `OUTBOX_ROUTE_FAILED` (the relay stops at that event, it does not skip it).
 *
 * @example
 * ```ts
 * const route: OutboxRoute = { destination: 'audit', messagesFor: (event) => [{ kind: event.type, payload: {} }] };
 * const [message] = messagesOf(event, [route]); // message.id === `audit/${event.metadata.eventId}/0`
 * ```
 */
export function messagesOf(event: StoredEvent, routes: readonly OutboxRoute[]): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  for (const route of routes) {
    let drafts: ReturnType<OutboxRoute['messagesFor']>;
    try {
      drafts = route.messagesFor(event);
    } catch (cause) {
      throw new OutboxError(
        'OUTBOX_ROUTE_FAILED',
        `Route ${route.destination} failed on ${event.type} at position ${event.position}: ${(cause as Error)?.message ?? String(cause)}`,
        ['routes', route.destination],
        { cause },
      );
    }
    drafts.forEach((draft, index) => {
      out.push({
        id: outboxMessageId(route.destination, event.metadata.eventId, index),
        destination: route.destination,
        streamId: event.streamId,
        position: event.position,
        index,
        eventType: event.type,
        kind: draft.kind,
        payload: JSON.parse(JSON.stringify(draft.payload ?? null)) as unknown,
        createdAt: event.metadata.recordedAt,
        attempts: 0,
        status: 'pending',
        nextAttemptAt: event.metadata.recordedAt,
      });
    });
  }
  return out;
}

/** Queue order: position, then index (one event's messages in the route's order). */
export const compareMessages = (a: Pick<OutboxMessage, 'position' | 'index'>, b: Pick<OutboxMessage, 'position' | 'index'>): number => a.position - b.position || a.index - b.index;

/** The queue a message waits in: its destination and stream (a failure holds up only this queue). */
export const queueOf = (message: Pick<OutboxMessage, 'destination' | 'streamId'>): string => `${message.destination}\u0000${message.streamId}`;

/**
 * The wait before the next attempt after `attempts` failed ones:
 * `min(maxMs, baseMs · 2^(attempts − 1))`, of which the share `jitter` is
 * drawn at random (`random()` in [0, 1)): `delay · (1 − jitter + jitter · random())`.
 *
 * @example
 * ```ts
 * backoffDelay(3, { maxAttempts: 8, baseMs: 1000, maxMs: 60_000, jitter: 0 }, Math.random); // 4000
 * ```
 */
export function backoffDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 52));
  const jitter = Math.min(1, Math.max(0, policy.jitter));
  return Math.round(ceiling * (1 - jitter + jitter * random()));
}
