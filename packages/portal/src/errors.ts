/** Errors of the portal integration: typed, with a stable code (docs/integration.md). */
import { MotcuaError, type ErrorIssue } from '@motcua/core';

/**
 * The portal could not be reached or answered 5xx / 429, or the request timed
 * out: the update may or may not have been applied; send it again (same
 * idempotency key). `status` is the HTTP status when there was an answer.
 */
export class PortalUnavailableError extends MotcuaError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super('PORTAL_UNAVAILABLE', message, [], 503, options);
  }
}

/**
 * The portal refused the update (HTTP 4xx other than 429): bad payload, bad
 * token, unknown dossier. Sending it again will not help; the outbox retries
 * it until it is dead-lettered and an operator looks at it.
 */
export class PortalRejectedError extends MotcuaError {
  constructor(
    message: string,
    readonly status: number,
    issues: ErrorIssue[] = [],
  ) {
    super('PORTAL_REJECTED', message, issues, 502);
  }
}
