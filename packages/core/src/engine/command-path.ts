import type { Authorizer } from '../auth/check';
import type { Command } from '../commands/schemas';
import type { DecideEnv } from '../dossier/decide';
import type { WorkingCalendar } from '../deadlines';
import type { DossierEventBody } from '../events/types';
import { InternalError, type MotcuaError } from '../errors';
import type { EventStore, StoredEvent } from '../store/types';
import { admit, type Admission } from './admit';
import { appendEvents, type Appended } from './append';
import type { EngineClock } from './clock';
import { decideCommand, type Decision } from './decision';
import { NEEDS_CODE, reserveCode, type HeldCode } from './dossier-code';
import type { Dossiers } from './dossiers';
import { commandFingerprint } from './fingerprint';
import { replayDuplicate, type Replay } from './idempotency';
import type { Procedures } from './procedures';
import { backoff, shouldRetry } from './retry-policy';
import { countConflict, countRetry, tracedAppend } from '../telemetry/engine';
import type { Telemetry, TelemetrySpan } from '../telemetry/types';
import type { CachedDossier } from './state-cache';
import type { ExecuteResult, NonWorkingReceipt } from './types';

/** What the command path needs from its engine. */
export interface CommandPathDeps {
  store: EventStore;
  /** Where appends go (the engine's group committer); default the store. */
  appender?: Pick<EventStore, 'append'>;
  dossiers: Dossiers;
  procedures: Procedures;
  clock: EngineClock;
  calendar: WorkingCalendar;
  maxRetries: number;
  /** The access policy's check (`EngineOptions.policy`); none: every command is allowed. */
  authorize?: Authorizer;
  /** How far ahead a command may set a date (`EngineOptions.dateHorizons`, with its defaults). */
  dateHorizons?: DecideEnv['dateHorizons'];
  /** The engine's `nonWorkingReceipt` rule for a receiving unit. */
  receiptRuleFor(unitCode: string | undefined): NonWorkingReceipt | undefined;
  /** Observability hooks (`EngineOptions.telemetry`); none: nothing is reported. */
  telemetry?: Telemetry;
}

/** What an attempt decided, before any write. */
type Attempt =
  /** Append these events at the dossier's version. */
  | { kind: 'append'; dossier: CachedDossier; bodies: DossierEventBody[]; at: string }
  /** The command id is known: replay its events (or refuse a different command under it). */
  | { kind: 'duplicate'; dossier: CachedDossier; versions: readonly [number, number] }
  /** Refused: final on verified state. */
  | { kind: 'refused'; error: MotcuaError }
  /** Not to be settled on unverified state (a refusal, or a dossier code to take): decide again on fresh state. */
  | { kind: 'verify' };

/** How an attempt ended. */
type Outcome = Appended | Replay | Extract<Attempt, { kind: 'refused' | 'verify' }>;

const VERIFY: Attempt = { kind: 'verify' };

/** The dossier code one command holds (reserved on a verified attempt, kept across its retries). */
type CodeHold = { held?: HeldCode };

/**
 * A validated command, run on its dossier (the caller holds the dossier's
 * lock): the optimistic attempt on the cached state, then — if that did not
 * settle the command — verified attempts on fresh state, retried after lost
 * append races (`retry-policy.ts`). Resolves with the result or rejects with
 * the refusal. Each attempt decides without writing (`Attempt`), then
 * `settle` writes or replays (`Outcome`).
 */
export function commandPath(deps: CommandPathDeps): (command: Command, streamId: string, span?: TelemetrySpan) => Promise<ExecuteResult> {
  const { store, dossiers, procedures, clock, calendar, maxRetries, telemetry } = deps;

  /** `span`: the command's `execute` span when the engine has telemetry. */
  return async function run(command, streamId, span) {
    let hash: number | undefined;
    const fingerprint = () => (hash ??= commandFingerprint(command));
    const first = await settle(command, streamId, optimisticAttempt(command, streamId), fingerprint, span);
    if (first.kind === 'appended' || first.kind === 'duplicate') return first.result;
    if (first.kind === 'failed') throw first.error;
    if (first.kind === 'conflict') countConflict(telemetry, command, 'optimistic');
    if (first.kind === 'conflict' && command.expectedVersion !== undefined) throw first.error; // the caller's version was stale: theirs to handle
    // A refusal on cached state, a dossier code to take, or a stale cache (the conflict): decide on the stored state.
    const code: CodeHold = {};
    for (let retries = 0; ; ) {
      const outcome = await settle(command, streamId, await verifiedAttempt(command, streamId, code), fingerprint, span);
      if (outcome.kind === 'appended' || outcome.kind === 'duplicate') return outcome.result;
      if (outcome.kind === 'verify') throw new InternalError('A verified attempt asked for verification', outcome); // unreachable: verified state is final
      if (outcome.kind === 'conflict') countConflict(telemetry, command, 'verified');
      if (outcome.kind !== 'conflict' || !shouldRetry(retries, maxRetries, command.expectedVersion !== undefined)) throw outcome.error;
      await backoff(++retries); // another writer won the race
      countRetry(telemetry, command, retries, span);
    }
  };

  /**
   * The first attempt: on the cached state (an empty dossier if none is
   * cached), without reading the store — no I/O at all; the append's
   * expected-version check catches any staleness. It never takes a dossier
   * code, and none of its refusals is final.
   */
  function optimisticAttempt(command: Command, streamId: string): Attempt {
    const dossier = dossiers.cached(streamId, command.dossierId);
    const at = command.at ?? clock.now();
    const admission = admit(command, dossier, streamId, at, procedures, deps.authorize);
    if (admission.kind === 'duplicate') return { kind: 'duplicate', dossier, versions: admission.versions };
    // A correction is decided against the stored history (`DecideEnv.history`), which this attempt does not read.
    if (admission.kind === 'refused' || NEEDS_CODE.has(command.type) || command.type === 'CorrectEvent') return VERIFY;
    const decision = decideOn(command, dossier, admission, at, undefined);
    return decision.kind === 'decided' ? { kind: 'append', dossier, bodies: decision.bodies, at } : VERIFY;
  }

  /**
   * An attempt on the dossier as stored now. Its business time is read after
   * the state (a retry after losing a race to a later-stamped command is not
   * "before the last event"); a dossier code is reserved here, and kept
   * across retries (`code`).
   */
  async function verifiedAttempt(command: Command, streamId: string, code: CodeHold): Promise<Attempt> {
    const dossier = await dossiers.load(streamId, command.dossierId);
    const at = command.at ?? clock.now();
    const admission = admit(command, dossier, streamId, at, procedures, deps.authorize);
    if (admission.kind === 'duplicate') return { kind: 'duplicate', dossier, versions: admission.versions };
    if (admission.kind === 'refused') return admission;
    if (NEEDS_CODE.has(command.type)) {
      const reservation = await reserveCode(store, command, dossier.state, at, admission.rulePack, code.held, admission.procedure);
      if (reservation.kind === 'refused') return reservation;
      code.held = reservation.held;
    }
    // A correction must keep its target between its neighbours: the events up to the state's version (a later append loses the race at the append).
    const version = dossier.state.version;
    const history = command.type === 'CorrectEvent' ? (version === 0 ? [] : (await store.readStream(streamId, { toVersion: version })).events) : undefined;
    const decision = decideOn(command, dossier, admission, at, code.held?.code, history);
    return decision.kind === 'decided' ? { kind: 'append', dossier, bodies: decision.bodies, at } : decision;
  }

  /** Decide the command on the dossier, with the procedure `admit` resolved. */
  function decideOn(
    command: Command,
    dossier: CachedDossier,
    admission: Extract<Admission, { kind: 'admitted' }>,
    at: string,
    dossierCode: string | undefined,
    history?: readonly StoredEvent[],
  ): Decision {
    const state = dossier.state;
    const nonWorkingReceipt = deps.receiptRuleFor((command as { unit?: { code: string } }).unit?.code ?? state.unit?.code);
    const env: DecideEnv = { procedure: admission.procedure, table: admission.table, rulePack: admission.rulePack, calendar, at };
    if (dossierCode) env.dossierCode = dossierCode;
    if (nonWorkingReceipt) env.nonWorkingReceipt = nonWorkingReceipt;
    if (history) env.history = history;
    if (deps.dateHorizons) env.dateHorizons = deps.dateHorizons;
    return decideCommand(command, state, env);
  }

  /** Append an attempt's events, stamped with the clock now. */
  function append(command: Command, streamId: string, attempt: Extract<Attempt, { kind: 'append' }>, fingerprint: () => number): Promise<Appended> {
    return appendEvents(deps.appender ?? store, dossiers, command, streamId, attempt.dossier, attempt.bodies, {
      occurredAt: attempt.at,
      recordedAt: clock.recordedAt(),
      commandHash: fingerprint(),
    });
  }

  /** Carry out an attempt: append its events (stamped with the clock now), replay a duplicate, or pass a refusal on. */
  function settle(command: Command, streamId: string, attempt: Attempt, fingerprint: () => number, span: TelemetrySpan | undefined): Promise<Outcome> | Outcome {
    switch (attempt.kind) {
      case 'append':
        // Without telemetry: the append itself, no closure.
        return telemetry
          ? tracedAppend(telemetry, span, command, streamId, attempt.bodies.length, () => append(command, streamId, attempt, fingerprint))
          : append(command, streamId, attempt, fingerprint);
      case 'duplicate':
        return replayDuplicate(store, command, streamId, attempt.dossier.state, attempt.versions, fingerprint);
      default:
        return attempt;
    }
  }
}
