/**
 * Errors as data. Every error thrown by motcua is a {@link MotcuaError} with a
 * stable `code` and an `issues[]` list (code, path, message) in the shape of
 * zod issues, so an HTTP layer can return it as JSON unchanged.
 *
 * @example
 * ```ts
 * try { await engine.execute(cmd) }
 * catch (e) {
 *   if (e instanceof MotcuaError) res.status(e.httpStatus).json(e.toJSON());
 * }
 * ```
 */

/** One thing that is wrong, with where it is. */
export interface ErrorIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

/** Stable error codes. Never renamed; new ones may be added. */
export type MotcuaErrorCode =
  | 'VALIDATION_FAILED'
  | 'CONCURRENCY_CONFLICT'
  | 'INVALID_TRANSITION'
  | 'RULE_VIOLATION'
  | 'NOT_FOUND'
  | 'UNKNOWN_PROCEDURE'
  | 'INVALID_HISTORY'
  | 'DUPLICATE_EVENT'
  | 'STORE_SCHEMA_MISSING'
  | 'STORE_SCHEMA_OUTDATED'
  | 'STORE_CORRUPTED'
  | 'STORE_CONNECTION'
  | 'STORE_CLOSED'
  | 'IDEMPOTENCY_CONFLICT'
  | 'FORBIDDEN'
  | 'PORTAL_UNAVAILABLE'
  | 'PORTAL_REJECTED'
  | 'OUTBOX_NOT_FOUND'
  | 'OUTBOX_NOT_DEAD'
  | 'OUTBOX_NO_TRANSPORT'
  | 'OUTBOX_ROUTE_FAILED'
  | 'OUTBOX_PRUNE_UNSUPPORTED'
  | 'REBUILD_OUT_OF_MEMORY'
  | 'INTERNAL';

/** Base class of every motcua error. */
export class MotcuaError extends Error {
  readonly code: MotcuaErrorCode;
  readonly issues: ErrorIssue[];
  /** Suggested HTTP status for servers wrapping the engine. */
  readonly httpStatus: number;

  constructor(code: MotcuaErrorCode, message: string, issues: ErrorIssue[] = [], httpStatus = 500, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
    this.httpStatus = httpStatus;
  }

  /** Plain-data form: `{ name, code, message, issues, ...details }`. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, issues: this.issues };
  }
}

/** Input did not match its schema (zod issues with path and message). Nothing was appended. */
export class ValidationError extends MotcuaError {
  constructor(message: string, issues: ErrorIssue[]) {
    super('VALIDATION_FAILED', `${message}: ${issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`, issues, 400);
  }
}

/** The stream moved on since it was read: someone else appended first. */
export class ConcurrencyError extends MotcuaError {
  constructor(
    readonly streamId: string,
    readonly expected: string | number,
    readonly actual: number,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `Stream ${streamId}: expected version ${expected}, found ${actual}`,
      [{ code: 'version_mismatch', path: ['expectedVersion'], message: `expected ${expected}, found ${actual}` }],
      409,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), streamId: this.streamId, expected: this.expected, actual: this.actual };
  }
}

/** The command is not allowed in the dossier's current state; `allowed` lists what is. */
export class InvalidTransitionError extends MotcuaError {
  constructor(
    readonly command: string,
    readonly state: string,
    readonly allowed: string[],
  ) {
    super(
      'INVALID_TRANSITION',
      `${command} is not allowed in state '${state}'. Allowed here: ${allowed.join(', ') || '(none)'}`,
      [{ code: 'invalid_transition', path: ['type'], message: `not allowed in state '${state}'` }],
      409,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), command: this.command, state: this.state, allowed: this.allowed };
  }
}

/** A business rule refused the command (e.g. a second reschedule). `rule` is stable. */
export class RuleViolationError extends MotcuaError {
  constructor(
    readonly rule: string,
    message: string,
    path: (string | number)[] = [],
  ) {
    super('RULE_VIOLATION', message, [{ code: rule, path, message }], 422);
  }
  override toJSON() {
    return { ...super.toJSON(), rule: this.rule };
  }
}

/** No dossier (stream) with that id or code. */
export class NotFoundError extends MotcuaError {
  constructor(what: string, id: string) {
    super('NOT_FOUND', `${what} not found: ${id}`, [{ code: 'not_found', path: [], message: `${what} ${id} does not exist` }], 404);
  }
}

/** The catalog has no such procedure, or no version in force on the date. */
export class UnknownProcedureError extends MotcuaError {
  constructor(code: string, at?: string) {
    super(
      'UNKNOWN_PROCEDURE',
      at ? `No version of procedure ${code} is in force on ${at}` : `Unknown procedure ${code}`,
      [{ code: 'unknown_procedure', path: ['procedureCode'], message: at ? `not in force on ${at}` : 'not in the catalog' }],
      422,
    );
  }
}

/** A storage-level failure: schema missing/outdated, corrupted row, connection, duplicate event id. */
export class StoreError extends MotcuaError {
  constructor(code: Extract<MotcuaErrorCode, `STORE_${string}` | 'DUPLICATE_EVENT'>, message: string, options?: { cause?: unknown }) {
    super(code, message, [{ code: code.toLowerCase(), path: [], message }], code === 'DUPLICATE_EVENT' ? 409 : 503, options);
  }
}

/** Convert zod issues (v4) to motcua issues. */
export function fromZodIssues(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[], prefix: (string | number)[] = []): ErrorIssue[] {
  return issues.map((issue) => ({
    code: issue.code,
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: issue.message,
  }));
}

/** A stored history the machine cannot replay (an event not allowed where it stands). */
export class InvalidHistoryError extends MotcuaError {
  constructor(streamId: string, version: number, message: string) {
    super('INVALID_HISTORY', `Stream ${streamId} at version ${version}: ${message}`, [{ code: 'invalid_history', path: ['events', version], message }], 500);
  }
}

/**
 * A command id that was already executed came back with a different command
 * (another type or payload). Nothing was appended; the first command's events
 * stand. Use a new command id for a new command.
 */
export class IdempotencyConflictError extends MotcuaError {
  constructor(
    readonly commandId: string,
    readonly streamId: string,
    readonly original: { type: string; version: number },
  ) {
    super(
      'IDEMPOTENCY_CONFLICT',
      `Command ${commandId} was already executed on ${streamId} with a different payload (first event ${original.type}, version ${original.version})`,
      [{ code: 'idempotency_conflict', path: ['commandId'], message: 'already used for a different command; use a new command id' }],
      409,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), commandId: this.commandId, streamId: this.streamId, original: this.original };
  }
}

/**
 * The access policy does not let this actor (role, unit) issue this command
 * on this dossier (`docs/security.md`). Nothing was appended.
 */
export class ForbiddenError extends MotcuaError {
  constructor(
    readonly actor: { id: string; role: string; unit?: string | undefined },
    readonly command: string,
    readonly policy: string,
    readonly reason: string,
  ) {
    super(
      'FORBIDDEN',
      `Forbidden: ${reason}`,
      [
        { code: 'forbidden', path: ['actor', 'role'], message: reason },
        {
          code: 'forbidden_command',
          path: ['type'],
          message: `${command} by role '${actor.role}'${actor.unit === undefined ? '' : ` of unit ${actor.unit}`} under policy ${policy}`,
        },
      ],
      403,
    );
  }
  override toJSON() {
    return { ...super.toJSON(), role: this.actor.role, unit: this.actor.unit, command: this.command, policy: this.policy };
  }
}

/**
 * Something failed that is not the caller's fault (a bug, a misbehaving
 * clock or calendar). The original error is the `cause` (for logs; never in
 * `toJSON()`). Nothing was appended.
 */
export class InternalError extends MotcuaError {
  constructor(message: string, cause: unknown) {
    super('INTERNAL', message, [{ code: 'internal', path: [], message: 'internal error' }], 500, { cause });
  }
}

/** `e` itself if it is a {@link MotcuaError}, else an {@link InternalError} wrapping it. */
export function asMotcuaError(error: unknown, what: string): MotcuaError {
  return error instanceof MotcuaError ? error : new InternalError(`Internal error in ${what}: ${error instanceof Error ? error.name : typeof error}`, error);
}
