/**
 * The national-portal sync through the outbox: a route (which events leave,
 * as what) and a transport (how they reach the portal). Shapes match the
 * outbox contract of `@motcua/core` (`OutboxRoute`, `OutboxTransport`).
 */
import { fromZodIssues, ValidationError, type StoredEvent } from '@motcua/core';
import type { PortalAck, PortalBatchResult, PortalClient } from './client';
import { PortalRejectedError, PortalUnavailableError } from './errors';
import { portalStatusUpdateSchema, portalUpdateOf, type PortalStatusUpdate } from './update';

/** The outbox destination name of the national portal. */
export const PORTAL_DESTINATION = 'dvcqg';

/** An outbox route for the national portal: one `status` message per event that changes what the portal shows. */
export interface PortalRoute {
  readonly destination: typeof PORTAL_DESTINATION;
  messagesFor(event: StoredEvent): readonly { kind: 'status'; payload: PortalStatusUpdate }[];
}

/**
 * The outbox route for destination `'dvcqg'`: every dossier event that sets a
 * national status, moves a step or changes a due date becomes one `status`
 * message whose payload is {@link portalUpdateOf}. Pure.
 *
 * @example
 * ```ts
 * import { portalRoute } from '@motcua/portal';
 * const route = portalRoute();
 * route.destination; // 'dvcqg'
 * ```
 */
export function portalRoute(): PortalRoute {
  return {
    destination: PORTAL_DESTINATION,
    messagesFor(event) {
      const update = portalUpdateOf(event);
      return update ? [{ kind: 'status', payload: update }] : [];
    },
  };
}

/** A message as the outbox hands it to a transport (the fields the portal transport reads). */
export interface PortalMessage {
  id: string;
  payload: unknown;
  /** When the event was recorded (the outbox's `createdAt`): the sync lag counts from here. */
  createdAt?: string;
}

/** An outbox transport to the portal. */
export interface PortalTransport {
  deliver(message: PortalMessage, signal: AbortSignal): Promise<void>;
}

/** Options of {@link portalTransport}. */
export interface PortalTransportOptions {
  /**
   * Sees every acknowledgement (e.g. to measure the sync lag from `message.createdAt` to `ack.receivedAt`). If it
   * throws, that delivery fails with its error and the outbox sends it again (the portal applies a key once; the
   * callback then sees `duplicate: true`); the other items of a batch are not affected.
   */
  onAck?: (message: PortalMessage, ack: PortalAck) => void;
  /**
   * Coalesce the deliveries started in the same turn of the event loop (the
   * relay starts up to its `concurrency` at once, each of another dossier)
   * into one `sendStatusBatch` request of at most `maxItems` (default 1,000).
   * Needs a client with `sendStatusBatch`; otherwise ignored.
   */
  batch?: { maxItems?: number };
}

interface Queued {
  message: PortalMessage;
  update: PortalStatusUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal;
}

/**
 * The outbox transport for the portal: sends the message's payload with the
 * message id as the idempotency key, so a re-delivery after a lost
 * acknowledgement is applied once. Throws (so the outbox retries) on
 * `PortalUnavailableError` and `PortalRejectedError`; a payload that is not
 * a status update throws `ValidationError` (zod issues) without a request,
 * and ends as a dead letter.
 *
 * @example
 * ```ts
 * import { createHttpPortalClient, portalTransport } from '@motcua/portal';
 * const transport = portalTransport(createHttpPortalClient({ baseUrl: 'http://127.0.0.1:8080', token: 'secret' }), { batch: { maxItems: 500 } });
 * ```
 */
export function portalTransport(client: PortalClient, options: PortalTransportOptions = {}): PortalTransport {
  const sendBatch = options.batch && client.sendStatusBatch ? client.sendStatusBatch.bind(client) : undefined;
  const maxItems = Math.max(1, options.batch?.maxItems ?? 1_000);
  let queue: Queued[] = [];

  async function flush(items: Queued[]): Promise<void> {
    const live = items.filter((item) => !item.signal.aborted);
    for (const item of items) if (item.signal.aborted) item.reject(item.signal.reason);
    if (live.length === 0) return;
    let results: unknown;
    try {
      results = await sendBatch!(live.map((item) => ({ update: item.update, idempotencyKey: item.message.id })));
    } catch (error) {
      for (const item of live) item.reject(error);
      return;
    }
    // Every item settles, whatever the adapter answered and whatever the callback does: a delivery left pending stalls
    // the relay. An item without a result is retried (the portal applies a key once); a throwing `onAck` fails only its
    // own delivery, as it does without batching.
    const list = Array.isArray(results) ? (results as unknown[]) : undefined;
    live.forEach((item, index) => {
      const result = list?.[index] as PortalBatchResult | null | undefined;
      if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
        const answered = list ? `${list.length} results for ${live.length} items, none usable at ${index}` : 'no list of results';
        item.reject(new PortalUnavailableError(`Portal batch answered ${answered}: update ${item.message.id} to be sent again`));
      } else if (result.ok) {
        try {
          options.onAck?.(item.message, { duplicate: result.duplicate, receivedAt: result.receivedAt });
        } catch (error) {
          item.reject(error);
          return;
        }
        item.resolve();
      } else item.reject(new PortalRejectedError(`Portal refused update ${item.message.id}: HTTP ${result.status}`, result.status, result.issues));
    });
  }

  return {
    async deliver(message, signal) {
      if (typeof message !== 'object' || message === null || typeof message.id !== 'string')
        throw new ValidationError('Not an outbox message', [{ code: 'invalid_type', path: [], message: 'expected an outbox message with an id and a payload' }]);
      const parsed = portalStatusUpdateSchema.safeParse(message.payload);
      if (!parsed.success) throw new ValidationError(`Outbox message ${message.id} is not a portal status update`, fromZodIssues(parsed.error.issues));
      const update = parsed.data;
      if (!sendBatch) {
        const ack = await client.sendStatus(update, { idempotencyKey: message.id, signal });
        options.onAck?.(message, ack);
        return;
      }
      return new Promise<void>((resolve, reject) => {
        if (queue.length === 0)
          queueMicrotask(() => {
            const items = queue;
            queue = [];
            for (let start = 0; start < items.length; start += maxItems) void flush(items.slice(start, start + maxItems));
          });
        queue.push({ message, update, resolve, reject, signal });
      });
    },
  };
}
