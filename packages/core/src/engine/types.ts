import type { PolicyOption } from '../auth/check';
import type { CommandInput, CommandType } from '../commands/schemas';
import type { WorkingCalendar } from '../deadlines';
import type { DossierState } from '../dossier/state';
import type { DossierEvent } from '../events/types';
import type { TransitionTable } from '../machine/compile';
import type { ProcedureMachine } from '../machine/create-machine';
import type { Catalog } from '../procedure/catalog';
import type { EventStore } from '../store/types';
import type { Telemetry } from '../telemetry/types';
import type { GroupCommitOptions } from './group-commit';

/** The engine's public types: its options, what `execute` returns, the engine itself. */

export interface EngineOptions {
  store: EventStore;
  catalog: Catalog;
  /** Deadline calendar; default `vietnamCalendar()` (state bodies). */
  calendar?: WorkingCalendar;
  /**
   * The engine's clock; default `() => new Date()`. It gives the business time
   * of commands without `at`, the limit of `futureTolerance`, and every event's
   * `recordedAt` (so a test that sets the clock controls both times).
   */
  clock?: () => Date;
  /**
   * Retries of a command after a concurrency conflict with another process,
   * with jittered growing backoff (default 10): a conflict ends in a retry,
   * each on fresh state and, for a command without `at`, at a fresh time.
   */
  maxRetries?: number;
  /** Hydrated dossiers kept in memory (default 10,000; 0 disables). */
  cacheSize?: number;
  /**
   * Automatic group commit (ghi gộp): concurrent `execute` calls append in one
   * store transaction (one fsync), each acknowledged only after that commit;
   * a command refused or in conflict does not fail the others. On by default
   * when the store has `appendMany` (SQLite, PostgreSQL); a lone command is
   * committed at once. `false` turns it off (one transaction per command).
   * Inside `engine.batch` the store's own batch is used instead.
   *
   * @example
   * ```ts
   * createEngine({ store, catalog, groupCommit: { maxBatch: 200 } });
   * createEngine({ store, catalog, groupCommit: false });
   * ```
   */
  groupCommit?: GroupCommitOptions | false;
  /**
   * How far a command's `at` (or `handedOverAt`) may lie ahead of the engine's
   * clock, in milliseconds (default 5 minutes; `Infinity` disables the check).
   * Later is refused with `RULE_VIOLATION` `TIME_IN_FUTURE`: an event in the
   * future would put every later command "before the last event".
   */
  futureTolerance?: number;
  /**
   * How far ahead a command may set a date, in calendar days; `Infinity` for no bound. The law bounds neither
   * (docs/rules.md §3.5): a date further out is taken for a typing error, `RULE_VIOLATION` and nothing appended.
   * - `consultationDeadlineDays` (default 365): a consultation's `deadline` after the day of the request
   *   (`CONSULTATION_DEADLINE_TOO_FAR`; a deadline before that day is always `CONSULTATION_DEADLINE_PASSED`);
   * - `rescheduleDays` (default 365): a rescheduled return date (`IssueApology.newDueDate`) after the current due
   *   date, or after the day of the reschedule when it comes later (`RESCHEDULE_TOO_FAR`; one not after the
   *   command's time is always `RESCHEDULE_IN_PAST`).
   *
   * @example
   * ```ts
   * createEngine({ store, catalog, dateHorizons: { consultationDeadlineDays: 60 } });
   * ```
   */
  dateHorizons?: { consultationDeadlineDays?: number; rescheduleDays?: number };
  /**
   * How a receipt on a non-working day (an online dossier on a Saturday)
   * counts for `workingDays` limits, per receiving unit: a value for every
   * unit, or a function of the unit code (`undefined`: the default). The
   * procedure's own `nonWorkingReceipt` wins; when both are absent,
   * `'nextDayIsStart'` (the next working day is the receipt day, not counted).
   *
   * @example
   * ```ts
   * createEngine({ store, catalog, nonWorkingReceipt: (unit) => (unit.startsWith('H56.') ? 'nextDayCounts' : undefined) });
   * ```
   */
  nonWorkingReceipt?: NonWorkingReceipt | ((unitCode: string) => NonWorkingReceipt | undefined);
  /**
   * Observability hooks (docs/observability.md): spans for `execute` and each
   * append, counters for commands, conflicts and retries, the command
   * duration. Off by default (nothing runs without it); `otelTelemetry()`
   * from `@motcua/core/otel` reports to OpenTelemetry, `logTelemetry()` to a log.
   *
   * @example
   * ```ts
   * createEngine({ store, catalog, telemetry: logTelemetry((entry) => console.log(JSON.stringify(entry))) });
   * ```
   */
  telemetry?: Telemetry;
  /**
   * The access policy the engine enforces before `decide` (`docs/security.md`):
   * one policy, or its versions (the one in force on the clock's day applies).
   * A command it does not allow fails with `FORBIDDEN` and appends nothing.
   * Absent: `DEFAULT_POLICY_2025` is enforced (secure by default); a province
   * passes its own (`extendPolicy`). `'none'` turns authorization off — only
   * for trusted imports, migrations and tests that are not about
   * authorization; never for an engine that takes commands from people.
   *
   * @example
   * ```ts
   * createEngine({ store, catalog }); // enforces DEFAULT_POLICY_2025
   * createEngine({ store, catalog, policy: [DEFAULT_POLICY_2025, extendPolicy(DEFAULT_POLICY_2025, { id: 'hanoi-2026', validFrom: '2026-01-01' })] });
   * createEngine({ store, catalog, policy: 'none' }); // trusted import: no authorization
   * ```
   */
  policy?: PolicyOption;
}

/** Receipt on a non-working day: the next working day is the receipt day (`nextDayIsStart`) or already counts (`nextDayCounts`). */
export type NonWorkingReceipt = 'nextDayIsStart' | 'nextDayCounts';

/** What `engine.execute` returns: the dossier's new state, the events appended, and whether the command was a duplicate (idempotent retry). */
export interface ExecuteResult {
  dossierId: string;
  streamId: string;
  /** State after the command. */
  state: DossierState;
  /** Events the command produced (the original ones on an idempotent repeat). */
  events: DossierEvent[];
  /** True when this command id had already been executed: nothing was appended. */
  duplicate: boolean;
}

/** The command engine over an event store. */
export interface Engine {
  /**
   * Validate, load, decide, append (with the expected version, retrying conflicts), evolve. Idempotent by
   * `commandId` **within the dossier**: the same command id and dossier id again give the first result
   * (`duplicate: true`, no dossier code taken), from any engine on the store. A command id is not looked up in other
   * dossiers' streams (no store keeps an index of them): a retried intake under a fresh `dossierId` opens another
   * dossier, so keep the dossier id of an intake across its retries (or derive it from the idempotency key).
   */
  execute(command: CommandInput): Promise<ExecuteResult>;
  /** Current state of a dossier; throws NOT_FOUND if it has no events. */
  get(dossierId: string): Promise<DossierState>;
  /** The dossier's events, oldest first. */
  history(dossierId: string): Promise<DossierEvent[]>;
  /** State as of a business instant (events with `occurredAt <=` it). */
  stateAt(dossierId: string, instant: Date | string): Promise<DossierState>;
  /** Commands the machine allows for the dossier now. */
  allowedCommands(dossierId: string): Promise<CommandType[]>;
  /**
   * Drop the dossier's cached state (after its commands in flight), so the
   * next read folds it again from the store: after an erasure of personal
   * data (`ProtectedEventStore.eraseSubject`), the decrypted state must not be
   * served from memory.
   */
  forget(dossierId: string): Promise<void>;
  /**
   * Run `fn` (which executes commands on this engine) as one group commit when
   * the store supports it (`store.batch`), else just run it. If the batch
   * fails, nothing it appended persists and the engine's cache is dropped.
   * Commands acknowledged inside are durable only when the batch commits.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** Compiled machine of a procedure version (cached). */
  tableFor(procedure: { code: string; version: string }): TransitionTable;
  /** XState machine of a procedure version (cached). */
  machineFor(procedure: { code: string; version: string }): ProcedureMachine;
  readonly store: EventStore;
  readonly catalog: Catalog;
  readonly calendar: WorkingCalendar;
}

/** Prefix of every dossier's stream id (`dossier-<uuid>`): filter projections with it. */
export const DOSSIER_STREAM_PREFIX = 'dossier-';

/** Dossier id of a dossier stream id (the inverse of {@link dossierStreamId}). */
export const dossierIdOfStream = (streamId: string): string => streamId.slice(DOSSIER_STREAM_PREFIX.length);

/**
 * Stream id of a dossier.
 *
 * @example
 * ```ts
 * dossierStreamId('0190f2a0-0000-7000-8000-000000000001'); // 'dossier-0190f2a0-0000-7000-8000-000000000001'
 * ```
 */
export const dossierStreamId = (dossierId: string): string => `${DOSSIER_STREAM_PREFIX}${dossierId}`;
