import type { Authorizer } from '../auth/check';
import { type Command, type CommandType, INTAKE_COMMANDS } from '../commands/schemas';
import { commandAllowed } from '../dossier/decide';
import { ConcurrencyError, InvalidTransitionError, MotcuaError, NotFoundError } from '../errors';
import { allowedCommands } from '../machine/allowed';
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
export function admit(c: Command, dossier: CachedDossier, streamId: string, at: string, procedures: Procedures, authorize?: Authorizer): Admission {
  const versions = dossier.commands.get(c.commandId);
  if (versions) return { kind: 'duplicate', versions };
  const s = dossier.state;
  if (c.expectedVersion !== undefined && c.expectedVersion !== s.version) return { kind: 'refused', error: new ConcurrencyError(streamId, c.expectedVersion, s.version) };
  if (s.version === 0 && !OPENS_STREAM.has(c.type)) return { kind: 'refused', error: new NotFoundError('Dossier', c.dossierId) };
  const forbidden = authorize?.(c, s);
  if (forbidden) return { kind: 'refused', error: forbidden };
  let resolved: ReturnType<Procedures['resolve']>;
  let table: TransitionTable;
  try {
    resolved = procedures.resolve(c, s, at);
    table = procedures.tableFor(resolved.procedure);
  } catch (e) {
    if (e instanceof MotcuaError) return { kind: 'refused', error: e };
    throw e;
  }
  if (!commandAllowed(table, s, c.type)) return { kind: 'refused', error: new InvalidTransitionError(c.type, s.state, allowedCommands(table, s.state)) };
  return { kind: 'admitted', procedure: resolved.procedure, rulePack: resolved.rulePack, table };
}
