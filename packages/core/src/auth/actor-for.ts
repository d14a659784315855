import type { Command } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import type { Actor } from '../store/types';
import { dossierFacts } from './authorize';
import { type AccessPolicy, meetsCondition } from './policy';

/**
 * An actor the policy allows to issue `command` on the dossier in `state`
 * (pure): the first rule naming the command whose condition (`when`) the
 * command meets and whose scope the dossier can satisfy gives the role, and the dossier's facts the unit (or, for the
 * applicant scope, the applicant's ID number as the id). `undefined` when no
 * actor can issue it (e.g. an applicant command on a dossier without an ID
 * number). For tests, simulations and tools that drive an engine with a
 * policy: scenarios pick their actors with it.
 *
 * @example
 * ```ts
 * const c = commandSchemas.ReceiveDossier.parse({
 *   type: 'ReceiveDossier', commandId: uuidv7(), dossierId: uuidv7(), actor: { id: '?', role: '?' },
 *   procedureCode: '1.001193', unit: { code: '000.00.06.H56', name: 'Xã A' }, applicant: { name: 'A' }, channel: 'direct',
 * });
 * actorFor(DEFAULT_POLICY_2025, c, initialDossierState(c.dossierId)); // { id: 'receivingOfficer@000.00.06.H56', role: 'receivingOfficer', unit: '000.00.06.H56' }
 * ```
 */
export function actorFor(policy: AccessPolicy, command: Command, state: DossierState): Actor | undefined {
  const facts = dossierFacts(state, command);
  for (const rule of policy.rules) {
    if (rule.commands !== '*' && !rule.commands.includes(command.type)) continue;
    if (!meetsCondition(rule.when, command)) continue;
    const role = rule.roles[0]!;
    switch (rule.scope) {
      case 'any':
        return { id: role, role };
      case 'applicant':
        if (facts.applicantId !== undefined) return { id: facts.applicantId, role };
        break;
      case 'receivingUnit':
      case 'handlingAgency':
      case 'ownLeg': {
        const unit = facts[rule.scope];
        if (unit !== undefined) return { id: `${role}@${unit}`, role, unit };
        break;
      }
      case 'currentStep': {
        const unit = facts.handlingAgency;
        const step = facts.step;
        if (unit !== undefined && step !== undefined && rule.roles.includes(step.role)) return { id: step.assignee ?? `${step.role}@${unit}`, role: step.role, unit };
        break;
      }
    }
  }
  return undefined;
}
