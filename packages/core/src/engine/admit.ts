import type { Authorizer } from '../auth/check';
import { type Command, type CommandType, INTAKE_COMMANDS } from '../commands/schemas';
import { commandAllowed, timeBeforeLastEvent } from '../dossier/decide';
import { transitionRefusal } from '../dossier/approval';
import { handOverRefusal, type IntakeFields, intakeUnitMismatch, missingIntake, notInstantRefusal } from '../dossier/decide-support';
import { ConcurrencyError, MotcuaError, NotFoundError, ValidationError } from '../errors';
import type { TransitionTable } from '../machine/compile';
import type { Procedure } from '../procedure/procedure';
import type { RulePack } from '../procedure/rule-pack';
import type { Procedures } from './procedures';
import type { CachedDossier } from './state-cache';

/** What the state a command meets says before anything is decided. */
export type Admission =
  /** This command id already produced the events at these versions (check it is the same command: `replayDuplicate`). */
  | { kind: 'duplicate'; versions: readonly [number, number] }
  /** The machine allows the command here; decide it with this procedure version. */
  | { kind: 'admitted'; procedure: Procedure; rulePack: RulePack; table: TransitionTable }
  | { kind: 'refused'; error: MotcuaError };

const OPENS_STREAM: ReadonlySet<CommandType> = new Set(INTAKE_COMMANDS);

/** What a command opening a new dossier lacks of its intake data (Form 02/03 carry it in `intake`). */
function incompleteIntake(command: Command): ValidationError | undefined {
  if (!OPENS_STREAM.has(command.type)) return undefined;
  if (command.type === 'RequestIntakeSupplement' || command.type === 'RefuseReception')
    return command.intake
      ? missingIntake(command.intake, undefined, ['intake'])
      : new ValidationError('Missing intake data for a new dossier', [{ code: 'invalid_type', path: ['intake'], message: 'required for a dossier with no history' }]);
  return missingIntake(command as IntakeFields);
}

/**
 * The preconditions of a command on a dossier (pure, no I/O): idempotency (a
 * known command id), the caller's `expectedVersion` (`CONCURRENCY_CONFLICT`),
 * existence (`NOT_FOUND` unless the command opens a dossier), complete intake
 * data on a new dossier (`VALIDATION_FAILED` naming `unit`, `applicant`,
 * `channel` or `intake`), the access
 * policy (`FORBIDDEN`, when the engine has one), the procedure version (pinned
 * at the first event, else in force at `at`), the machine's permission
 * (`INVALID_TRANSITION` with the allowed commands), then the business rules a
 * dossier code must not be reserved for (`NOT_INSTANT_PROCEDURE`,
 * `TIME_BEFORE_LAST_EVENT`, `HANDOVER_NOT_POSTAL`, `HANDOVER_AFTER_RECEIPT`).
 */
export function admit(command: Command, dossier: CachedDossier, streamId: string, at: string, procedures: Procedures, authorize?: Authorizer): Admission {
  const versions = dossier.commands.get(command.commandId);
  if (versions) return { kind: 'duplicate', versions };
  const state = dossier.state;
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version)
    return { kind: 'refused', error: new ConcurrencyError(streamId, command.expectedVersion, state.version) };
  if (state.version === 0 && !OPENS_STREAM.has(command.type)) return { kind: 'refused', error: new NotFoundError('Dossier', command.dossierId) };
  // Incomplete intake data on a new dossier is a VALIDATION_FAILED naming the field, before the policy is asked (without a unit it cannot say whose dossier it is).
  if (state.version === 0) {
    const incomplete = incompleteIntake(command);
    if (incomplete) return { kind: 'refused', error: incomplete };
  }
  const forbidden = authorize?.(command, state);
  if (forbidden) return { kind: 'refused', error: forbidden };
  // Before a dossier code is reserved for it (decide refuses it too): an intake command naming another unit than the dossier's.
  if (state.version > 0 && OPENS_STREAM.has(command.type)) {
    const formIntake = command.type === 'RequestIntakeSupplement' || command.type === 'RefuseReception';
    const mismatch = intakeUnitMismatch(formIntake ? command.intake : (command as IntakeFields), state, formIntake ? ['intake'] : []);
    if (mismatch) return { kind: 'refused', error: mismatch };
  }
  let resolved: ReturnType<Procedures['resolve']>;
  let table: TransitionTable;
  try {
    resolved = procedures.resolve(command, state, at);
    table = procedures.tableFor(resolved.procedure);
  } catch (error) {
    if (error instanceof MotcuaError) return { kind: 'refused', error };
    throw error;
  }
  if (!commandAllowed(table, state, command.type)) return { kind: 'refused', error: transitionRefusal(command.type, state, table, resolved.procedure) };
  // Before a dossier code is reserved for it (decide refuses each of these too): an instant command on a procedure
  // that is not instant, an acceptance timed before the dossier's last event, a postal hand-over that cannot be one.
  const notInstant = notInstantRefusal(command, resolved.procedure);
  if (notInstant) return { kind: 'refused', error: notInstant };
  const early = timeBeforeLastEvent(at, state);
  if (early) return { kind: 'refused', error: early };
  const handOver = handOverRefusal(command, state, at);
  if (handOver) return { kind: 'refused', error: handOver };
  return { kind: 'admitted', procedure: resolved.procedure, rulePack: resolved.rulePack, table };
}
