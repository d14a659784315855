import type { Command } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import { ForbiddenError, ValidationError } from '../errors';
import { authorize } from './authorize';
import { DEFAULT_POLICY_2025 } from './default-policy';
import { type AccessPolicy, policyAt } from './policy';

/**
 * What the engine is given: one policy, or its versions (the one in force
 * today applies), or `'none'` — the explicit opt-out of authorization, for
 * trusted imports, migrations and tests that are not about authorization.
 * Absent, the engine enforces `DEFAULT_POLICY_2025`.
 */
export type PolicyOption = AccessPolicy | readonly AccessPolicy[] | 'none';

/** The engine's authorization step: `FORBIDDEN` for a command the policy in force does not allow, else `undefined`. */
export type Authorizer = (command: Command, state: DossierState) => ForbiddenError | undefined;

/**
 * The authorization step of an engine (`EngineOptions.policy`). With several
 * versions, the one in force on the engine clock's day (Vietnam time) decides:
 * who may act is a matter of when the command is issued, not of the business
 * time it claims (a command backdated with `at` is judged by today's policy).
 * Before the first version's `validFrom` the first version applies; a single
 * policy applies whatever the day.
 */
export function authorizer(option: Exclude<PolicyOption, 'none'>, today: () => string): Authorizer {
  const versions: readonly AccessPolicy[] = Array.isArray(option) ? option : [option as AccessPolicy];
  if (versions.length === 0)
    throw new ValidationError('Invalid engine options', [{ code: 'invalid_option', path: ['policy'], message: 'expected a policy or a non-empty list of versions' }]);
  const single = versions.length === 1 ? versions[0]! : undefined;
  const first = versions.reduce((a, b) => (b.validFrom < a.validFrom ? b : a));
  return (command, state) => {
    const policy = single ?? policyAt(versions, today()) ?? first;
    const answer = authorize(policy, command.actor, command, state);
    return answer.allowed ? undefined : new ForbiddenError(command.actor, command.type, policy.id, answer.reason);
  };
}

/**
 * The engine's authorization step for `EngineOptions.policy`: absent, the
 * default policy (`DEFAULT_POLICY_2025`); `'none'`, no check at all
 * (`undefined`); otherwise `authorizer(option, today)`.
 */
export function engineAuthorizer(option: PolicyOption | undefined, today: () => string): Authorizer | undefined {
  if (option === 'none') return undefined;
  return authorizer(option ?? DEFAULT_POLICY_2025, today);
}
