import type { Authorizer } from '../auth/check';
import { type Command, type CommandType, INTAKE_COMMANDS } from '../commands/schemas';
import { commandAllowed } from '../dossier/decide';
import { transitionRefusal } from '../dossier/approval';
import { ConcurrencyError, MotcuaError, NotFoundError } from '../errors';
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

/**
 * The preconditions of a command on a dossier (pure, no I/O): idempotency (a
 * known command id), the caller's `expectedVersion` (`CONCURRENCY_CONFLICT`),
 * existence (`NOT_FOUND` unless the command opens a dossier), the access
 * policy (`FORBIDDEN`, when the engine has one), the procedure version (pinned
 * at the first event, else in force at `at`) and the machine's permission
 * (`INVALID_TRANSITION` with the allowed commands).
 */
export function admit(command: Command, dossier: CachedDossier, streamId: string, at: string, procedures: Procedures, authorize?: Authorizer): Admission {
  const versions = dossier.commands.get(command.commandId);
  if (versions) return { kind: 'duplicate', versions };
  const state = dossier.state;
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version)
    return { kind: 'refused', error: new ConcurrencyError(streamId, command.expectedVersion, state.version) };
  if (state.version === 0 && !OPENS_STREAM.has(command.type)) return { kind: 'refused', error: new NotFoundError('Dossier', command.dossierId) };
  const forbidden = authorize?.(command, state);
  if (forbidden) return { kind: 'refused', error: forbidden };
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
  return { kind: 'admitted', procedure: resolved.procedure, rulePack: resolved.rulePack, table };
}
