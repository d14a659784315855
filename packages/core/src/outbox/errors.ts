import { MotcuaError, type MotcuaErrorCode } from '../errors';

/**
 * An outbox error: `OUTBOX_NOT_FOUND` (no message with that id),
 * `OUTBOX_NOT_DEAD` (retry/skip of a message that is not a dead letter),
 * `OUTBOX_NO_TRANSPORT` (a route's destination has no transport),
 * `OUTBOX_ROUTE_FAILED` (a route threw on an event: a bug in the route),
 * `OUTBOX_PRUNE_UNSUPPORTED` (`relay.prune` on an outbox store without `prune`).
 *
 * @example
 * ```ts
 * const relay = createOutboxRelay({ log: new InMemoryEventStore(), outbox: new InMemoryOutboxStore(), routes: [], transports: {} });
 * try { await relay.retry('dvcqg/unknown/0'); }
 * catch (e) { if (e instanceof OutboxError && e.code === 'OUTBOX_NOT_FOUND') console.log('no such message'); }
 * ```
 */
export class OutboxError extends MotcuaError {
  constructor(code: Extract<MotcuaErrorCode, `OUTBOX_${string}`>, message: string, path: (string | number)[] = [], options?: { cause?: unknown }) {
    const status = code === 'OUTBOX_NOT_FOUND' ? 404 : code === 'OUTBOX_NOT_DEAD' ? 409 : 500;
    super(code, message, [{ code: code.toLowerCase(), path, message }], status, options);
  }
}
