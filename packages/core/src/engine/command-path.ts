import type { Authorizer } from '../auth/check';
import type { Command } from '../commands/schemas';
import type { DecideEnv } from '../dossier/decide';
import type { WorkingCalendar } from '../deadlines';
import type { DossierEventBody } from '../events/types';
import { InternalError, type MotcuaError } from '../errors';
import type { EventStore } from '../store/types';
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
  dossiers: Dossiers;
  procedures: Procedures;
  clock: EngineClock;
  calendar: WorkingCalendar;
  maxRetries: number;
  /** The access policy's check (`EngineOptions.policy`); none: every command is allowed. */
  authorize?: Authorizer;
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
export function commandPath(deps: CommandPathDeps): (c: Command, streamId: string, span?: TelemetrySpan) => Promise<ExecuteResult> {
  const { store, dossiers, procedures, clock, calendar, maxRetries, telemetry } = deps;

  /** `span`: the command's `execute` span when the engine has telemetry. */
  return async function run(c, streamId, span) {
    let hash: number | undefined;
    const fingerprint = () => (hash ??= commandFingerprint(c));
    const first = await settle(c, streamId, optimisticAttempt(c, streamId), fingerprint, span);
    if (first.kind === 'appended' || first.kind === 'duplicate') return first.result;
    if (first.kind === 'failed') throw first.error;
    if (first.kind === 'conflict') countConflict(telemetry, c, 'optimistic');
    if (first.kind === 'conflict' && c.expectedVersion !== undefined) throw first.error; // the caller's version was stale: theirs to handle
    // A refusal on cached state, a dossier code to take, or a stale cache (the conflict): decide on the stored state.
    const code: CodeHold = {};
    for (let retries = 0; ; ) {
      const outcome = await settle(c, streamId, await verifiedAttempt(c, streamId, code), fingerprint, span);
      if (outcome.kind === 'appended' || outcome.kind === 'duplicate') return outcome.result;
      if (outcome.kind === 'verify') throw new InternalError('A verified attempt asked for verification', outcome); // unreachable: verified state is final
      if (outcome.kind === 'conflict') countConflict(telemetry, c, 'verified');
      if (outcome.kind !== 'conflict' || !shouldRetry(retries, maxRetries, c.expectedVersion !== undefined)) throw outcome.error;
      await backoff(++retries); // another writer won the race
      countRetry(telemetry, c, retries, span);
    }
  };

  /**
   * The first attempt: on the cached state (an empty dossier if none is
   * cached), without reading the store — no I/O at all; the append's
   * expected-version check catches any staleness. It never takes a dossier
   * code, and none of its refusals is final.
   */
  function optimisticAttempt(c: Command, streamId: string): Attempt {
    const dossier = dossiers.cached(streamId, c.dossierId);
    const at = c.at ?? clock.now();
    const admission = admit(c, dossier, streamId, at, procedures, deps.authorize);
    if (admission.kind === 'duplicate') return { kind: 'duplicate', dossier, versions: admission.versions };
    if (admission.kind === 'refused' || NEEDS_CODE.has(c.type)) return VERIFY;
    const decision = decideOn(c, dossier, admission, at, undefined);
    return decision.kind === 'decided' ? { kind: 'append', dossier, bodies: decision.bodies, at } : VERIFY;
  }

  /**
   * An attempt on the dossier as stored now. Its business time is read after
   * the state (a retry after losing a race to a later-stamped command is not
   * "before the last event"); a dossier code is reserved here, and kept
   * across retries (`code`).
   */
  async function verifiedAttempt(c: Command, streamId: string, code: CodeHold): Promise<Attempt> {
    const dossier = await dossiers.load(streamId, c.dossierId);
    const at = c.at ?? clock.now();
    const admission = admit(c, dossier, streamId, at, procedures, deps.authorize);
    if (admission.kind === 'duplicate') return { kind: 'duplicate', dossier, versions: admission.versions };
    if (admission.kind === 'refused') return admission;
    if (NEEDS_CODE.has(c.type)) {
      const reservation = await reserveCode(store, c, dossier.state, at, admission.rulePack, code.held, admission.procedure);
      if (reservation.kind === 'refused') return reservation;
      code.held = reservation.held;
    }
    const decision = decideOn(c, dossier, admission, at, code.held?.code);
    return decision.kind === 'decided' ? { kind: 'append', dossier, bodies: decision.bodies, at } : decision;
  }

  /** Decide the command on the dossier, with the procedure `admit` resolved. */
  function decideOn(c: Command, dossier: CachedDossier, admission: Extract<Admission, { kind: 'admitted' }>, at: string, dossierCode: string | undefined): Decision {
    const s = dossier.state;
    const nonWorkingReceipt = deps.receiptRuleFor((c as { unit?: { code: string } }).unit?.code ?? s.unit?.code);
    const env: DecideEnv = { procedure: admission.procedure, table: admission.table, rulePack: admission.rulePack, calendar, at };
    if (dossierCode) env.dossierCode = dossierCode;
    if (nonWorkingReceipt) env.nonWorkingReceipt = nonWorkingReceipt;
    return decideCommand(c, s, env);
  }

  /** Append an attempt's events, stamped with the clock now. */
  function append(c: Command, streamId: string, attempt: Extract<Attempt, { kind: 'append' }>, fingerprint: () => number): Promise<Appended> {
    return appendEvents(store, dossiers, c, streamId, attempt.dossier, attempt.bodies, { occurredAt: attempt.at, recordedAt: clock.recordedAt(), commandHash: fingerprint() });
  }

  /** Carry out an attempt: append its events (stamped with the clock now), replay a duplicate, or pass a refusal on. */
  function settle(c: Command, streamId: string, attempt: Attempt, fingerprint: () => number, span: TelemetrySpan | undefined): Promise<Outcome> | Outcome {
    switch (attempt.kind) {
      case 'append':
        // Without telemetry: the append itself, no closure.
        return telemetry
          ? tracedAppend(telemetry, span, c, streamId, attempt.bodies.length, () => append(c, streamId, attempt, fingerprint))
          : append(c, streamId, attempt, fingerprint);
      case 'duplicate':
        return replayDuplicate(store, c, streamId, attempt.dossier.state, attempt.versions, fingerprint);
      default:
        return attempt;
    }
  }
}
