import type { Command } from '../commands/schemas';
import type { DecideEnv } from '../dossier/decide';
import type { WorkingCalendar } from '../deadlines';
import type { MotcuaError } from '../errors';
import type { EventStore } from '../store/types';
import { admit, type Admission } from './admit';
import { appendEvents } from './append';
import type { EngineClock } from './clock';
import { decideCommand } from './decision';
import { NEEDS_CODE, reserveCode, type HeldCode } from './dossier-code';
import type { Dossiers } from './dossiers';
import { commandFingerprint } from './fingerprint';
import { replayDuplicate } from './idempotency';
import type { Procedures } from './procedures';
import { backoff, shouldRetry } from './retry-policy';
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
  /** The engine's `nonWorkingReceipt` rule for a receiving unit. */
  receiptRuleFor(unitCode: string | undefined): NonWorkingReceipt | undefined;
}

/** How one attempt ended. */
type Outcome =
  | { kind: 'done'; result: ExecuteResult }
  /** Refused: final on verified state; on cached state, decide again on fresh state. */
  | { kind: 'refused'; error: MotcuaError }
  /** The append lost to another writer (`CONCURRENCY_CONFLICT`). */
  | { kind: 'conflict'; error: MotcuaError };

/** The optimistic attempt may also find that the command cannot be decided on unverified state (a dossier code is to be taken). */
type FirstOutcome = Outcome | { kind: 'verify' };
const VERIFY: FirstOutcome = { kind: 'verify' };

/** The dossier code one command holds (reserved on a verified attempt, kept across its retries). */
type CodeHold = { held?: HeldCode };

/**
 * A validated command, run on its dossier (the caller holds the dossier's
 * lock): first the optimistic attempt on the cached state, then — if it did
 * not settle the command — verified attempts on fresh state, retried after
 * lost append races (`retry-policy.ts`). Resolves with the result or rejects
 * with the refusal.
 */
export function commandPath(deps: CommandPathDeps): (c: Command, streamId: string) => Promise<ExecuteResult> {
  const { store, dossiers, procedures, clock, calendar, maxRetries } = deps;

  return async function run(c, streamId) {
    let hash: number | undefined;
    const fingerprint = () => (hash ??= commandFingerprint(c));
    const first = await optimisticAttempt(c, streamId, fingerprint);
    if (first.kind === 'done') return first.result;
    if (first.kind === 'conflict' && c.expectedVersion !== undefined) throw first.error; // the caller's version was stale: theirs to handle
    // Refused on cached state, a code to take, or a stale cache (a conflict): decide again on the stored state.
    const code: CodeHold = {};
    for (let retries = 0; ; ) {
      const outcome = await verifiedAttempt(c, streamId, fingerprint, code);
      if (outcome.kind === 'done') return outcome.result;
      if (outcome.kind === 'refused' || !shouldRetry(retries, maxRetries, c.expectedVersion !== undefined)) throw outcome.error;
      await backoff(++retries); // another writer won the race
    }
  };

  /**
   * The first attempt: on the cached state (an empty dossier if none is
   * cached) without reading the store — no `await` before the append, whose
   * expected-version check catches any staleness. It never takes a dossier
   * code, and its refusals are not final.
   */
  async function optimisticAttempt(c: Command, streamId: string, fingerprint: () => number): Promise<FirstOutcome> {
    const dossier = dossiers.cached(streamId, c.dossierId);
    const at = c.at ?? clock.now();
    const admission = admit(c, dossier, streamId, at, procedures);
    if (admission.kind === 'duplicate') {
      const replay = await replayDuplicate(store, c, streamId, dossier.state, admission.versions, fingerprint);
      return replay.kind === 'duplicate' ? { kind: 'done', result: replay.result } : replay;
    }
    if (admission.kind === 'refused') return admission;
    if (NEEDS_CODE.has(c.type)) return VERIFY;
    return decideAndAppend(c, streamId, dossier, admission, at, undefined, fingerprint);
  }

  /**
   * An attempt on the dossier as stored now. Its business time is read after
   * the state (a retry after losing a race to a later-stamped command is not
   * "before the last event"); a dossier code is reserved here, and kept
   * across retries (`code`).
   */
  async function verifiedAttempt(c: Command, streamId: string, fingerprint: () => number, code: CodeHold): Promise<Outcome> {
    const dossier = await dossiers.load(streamId, c.dossierId);
    const at = c.at ?? clock.now();
    const admission = admit(c, dossier, streamId, at, procedures);
    if (admission.kind === 'duplicate') {
      const replay = await replayDuplicate(store, c, streamId, dossier.state, admission.versions, fingerprint);
      return replay.kind === 'duplicate' ? { kind: 'done', result: replay.result } : replay;
    }
    if (admission.kind === 'refused') return admission;
    if (NEEDS_CODE.has(c.type)) {
      const reservation = await reserveCode(store, c, dossier.state, at, admission.rulePack, code.held);
      if (reservation.kind === 'refused') return reservation;
      code.held = reservation.held;
    }
    return decideAndAppend(c, streamId, dossier, admission, at, code.held?.code, fingerprint);
  }

  /** Decide the command on the dossier and append the events at the state's version. */
  async function decideAndAppend(
    c: Command,
    streamId: string,
    dossier: CachedDossier,
    admission: Extract<Admission, { kind: 'admitted' }>,
    at: string,
    dossierCode: string | undefined,
    fingerprint: () => number,
  ): Promise<Outcome> {
    const s = dossier.state;
    const nonWorkingReceipt = deps.receiptRuleFor((c as { unit?: { code: string } }).unit?.code ?? s.unit?.code);
    const env: DecideEnv = { procedure: admission.procedure, table: admission.table, rulePack: admission.rulePack, calendar, at };
    if (dossierCode) env.dossierCode = dossierCode;
    if (nonWorkingReceipt) env.nonWorkingReceipt = nonWorkingReceipt;
    const decision = decideCommand(c, s, env);
    if (decision.kind === 'refused') return decision;
    const appended = await appendEvents(store, dossiers, c, streamId, dossier, decision.bodies, { occurredAt: at, recordedAt: clock.recordedAt(), commandHash: fingerprint() });
    if (appended.kind === 'appended') return { kind: 'done', result: appended.result };
    if (appended.kind === 'conflict') return appended;
    throw appended.error;
  }
}
