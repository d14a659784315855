/**
 * The national-portal sync through the outbox: a route (which events leave,
 * as what) and a transport (how they reach the portal). Shapes match the
 * outbox contract of `@motcua/core` (`OutboxRoute`, `OutboxTransport`).
 */
import { fromZodIssues, ValidationError, type StoredEvent } from '@motcua/core';
import type { PortalClient } from './client';
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
}

/** An outbox transport to the portal; `onAck` sees every acknowledgement (e.g. to measure the sync lag). */
export interface PortalTransport {
  deliver(message: PortalMessage, signal: AbortSignal): Promise<void>;
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
 * const transport = portalTransport(createHttpPortalClient({ baseUrl: 'http://127.0.0.1:8080', token: 'secret' }));
 * ```
 */
export function portalTransport(
  client: PortalClient,
  options: { onAck?: (message: PortalMessage, ack: { duplicate: boolean; receivedAt: string }) => void } = {},
): PortalTransport {
  return {
    async deliver(message, signal) {
      const parsed = portalStatusUpdateSchema.safeParse(message.payload);
      if (!parsed.success) throw new ValidationError(`Outbox message ${message.id} is not a portal status update`, fromZodIssues(parsed.error.issues));
      const update = parsed.data;
      const ack = await client.sendStatus(update, { idempotencyKey: message.id, signal });
      options.onAck?.(message, ack);
    },
  };
}
