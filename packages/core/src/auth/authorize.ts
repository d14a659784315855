import { type Command, type CommandType, INTAKE_COMMANDS } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import type { Actor } from '../store/types';
import { type AccessPolicy, type PolicyScope, meetsCondition } from './policy';

/**
 * The facts of a dossier that scopes are checked against. On a dossier with
 * no history, an intake command (`SubmitOnline`, `ReceiveDossier`, …) gives
 * them itself (its `unit`, `applicant` and `competentUnit`), so the first
 * command of a dossier is scoped too; once the dossier exists its own facts
 * decide, whatever an intake command names (a command cannot name itself
 * into another unit's or another applicant's dossier).
 */
export interface DossierFacts {
  /** Code of the one-stop unit that receives (or received) the dossier. */
  receivingUnit?: string;
  /** Code of the agency handling it: the transfer's recipient, else the competent unit (Đ14.2), else the receiving unit. */
  handlingAgency?: string;
  /** The applicant's ID number (CCCD / số định danh), when known. */
  applicantId?: string;
  /** Code of the agency of the leg (`CompleteLeg`) or consultation (`AnswerConsultation`) the command names. */
  ownLeg?: string;
  /** The internal approval step in progress (not yet signed, while processing): its role and assignee. */
  step?: { role: string; assignee?: string };
}

const INTAKE: ReadonlySet<CommandType> = new Set(INTAKE_COMMANDS);

type IntakeFields = { unit?: { code: string }; applicant?: { idNumber?: string }; competentUnit?: { code: string }; intake?: IntakeFields };

/**
 * The facts of `state` that `command`'s scope is checked against (pure): the
 * dossier's own, or, on a dossier with no history (`state.version === 0`),
 * an intake command's.
 *
 * @example
 * ```ts
 * const facts = dossierFacts(initialDossierState('d1'), {
 *   type: 'SubmitOnline', commandId: 'c', dossierId: 'd1', actor: { id: '001090000001', role: 'applicant' },
 *   procedureCode: '1.001193', unit: { code: '000.00.06.H56', name: 'Xã A' }, applicant: { name: 'A', idNumber: '001090000001', kind: 'citizen' },
 *   channel: 'online', components: [], usesPopulationData: false,
 * });
 * facts.applicantId; // '001090000001'
 * ```
 */
export function dossierFacts(state: DossierState, command: Command): DossierFacts {
  // Only a dossier with no history takes its facts from the command: an existing one is judged by what it recorded.
  const given: IntakeFields | undefined = state.version === 0 && INTAKE.has(command.type) ? ((command as IntakeFields).intake ?? (command as IntakeFields)) : undefined;
  const receivingUnit = given?.unit?.code ?? state.unit?.code;
  const facts: DossierFacts = {};
  if (receivingUnit !== undefined) facts.receivingUnit = receivingUnit;
  const handling = state.transfer?.to?.code ?? given?.competentUnit?.code ?? state.competentUnit?.code ?? receivingUnit;
  if (handling !== undefined) facts.handlingAgency = handling;
  const applicantId = given?.applicant?.idNumber ?? state.applicant?.idNumber;
  if (applicantId !== undefined) facts.applicantId = applicantId;
  const leg =
    command.type === 'CompleteLeg'
      ? state.route?.legs[command.legIndex]?.agency.code
      : command.type === 'AnswerConsultation'
        ? state.consultations.find((x) => x.id === command.consultationId)?.agency.code
        : undefined;
  if (leg !== undefined) facts.ownLeg = leg;
  const approval = state.approval;
  if (approval && !approval.done && state.topLevel === 'processing')
    facts.step = approval.assignee ? { role: approval.role, assignee: approval.assignee.id } : { role: approval.role };
  return facts;
}

/** The answer of {@link authorize}: the rule that allows the command, or why none does. */
export type Authorization = { allowed: true; rule: number } | { allowed: false; reason: string };

/** Whether `scope` reaches a dossier with these facts for this actor. */
export function scopeReaches(scope: PolicyScope, actor: Actor, facts: DossierFacts): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'applicant':
      return facts.applicantId !== undefined && actor.id === facts.applicantId;
    case 'receivingUnit':
      return actor.unit !== undefined && actor.unit === facts.receivingUnit;
    case 'handlingAgency':
      return actor.unit !== undefined && actor.unit === facts.handlingAgency;
    case 'ownLeg':
      return actor.unit !== undefined && actor.unit === facts.ownLeg;
    case 'currentStep':
      return (
        actor.unit !== undefined &&
        actor.unit === facts.handlingAgency &&
        facts.step !== undefined &&
        actor.role === facts.step.role &&
        (facts.step.assignee === undefined || facts.step.assignee === actor.id)
      );
  }
}

/** One rule as the index keeps it: its position in the policy, its scope and its condition on the command. */
type Entry = { readonly rule: number; readonly scope: PolicyScope; readonly when?: Readonly<Record<string, readonly unknown[]>> };
/** role → command (or `'*'`) → the rules naming both, in policy order. */
type Index = Map<string, Map<string, Entry[]>>;
const indexes = new WeakMap<AccessPolicy, Index>();

function indexOf(policy: AccessPolicy): Index {
  const index = indexes.get(policy);
  if (index) return index;
  const built: Index = new Map();
  policy.rules.forEach((rule, ruleIndex) => {
    for (const role of rule.roles) {
      let byCommand = built.get(role);
      if (!byCommand) built.set(role, (byCommand = new Map()));
      const entry: Entry = rule.when ? { rule: ruleIndex, scope: rule.scope, when: rule.when } : { rule: ruleIndex, scope: rule.scope };
      for (const commandType of rule.commands === '*' ? ['*'] : rule.commands) {
        const list = byCommand.get(commandType);
        if (list) list.push(entry);
        else byCommand.set(commandType, [entry]);
      }
    }
  });
  indexes.set(policy, built);
  return built;
}

/** The earliest rule of `list` whose condition the command meets and whose scope reaches the dossier (the list is in policy order), else -1. */
function firstReaching(list: readonly Entry[] | undefined, actor: Actor, command: Command, state: DossierState): number {
  if (list === undefined) return -1;
  let facts: DossierFacts | undefined;
  for (let i = 0; i < list.length; i++) {
    const entry = list[i]!;
    if (entry.when !== undefined && !meetsCondition(entry.when, command)) continue;
    if (entry.scope === 'any') return entry.rule;
    facts ??= dossierFacts(state, command);
    if (scopeReaches(entry.scope, actor, facts)) return entry.rule;
  }
  return -1;
}

/**
 * May `actor` issue `command` on the dossier in `state`, under `policy`? Pure:
 * allowed when a rule names the actor's role and the command (or `'*'`), the
 * command meets the rule's `when` and its scope reaches the dossier; otherwise
 * the reason, for the `FORBIDDEN` error. A role the policy does not declare is
 * never allowed.
 *
 * @example
 * ```ts
 * const c = commandSchemas.SubmitOnline.parse({
 *   type: 'SubmitOnline', commandId: uuidv7(), dossierId: uuidv7(), actor: { id: '001090000001', role: 'leader', unit: 'SXD' },
 *   procedureCode: '1.001193', unit: { code: '000.00.06.H56', name: 'Xã A' }, applicant: { name: 'A', idNumber: '001090000001' },
 * });
 * authorize(DEFAULT_POLICY_2025, c.actor, c, initialDossierState(c.dossierId)).allowed; // false: a leader does not submit for the applicant
 * ```
 */
export function authorize(policy: AccessPolicy, actor: Actor, command: Command, state: DossierState): Authorization {
  const byCommand = indexOf(policy).get(actor.role);
  if (!byCommand) return { allowed: false, reason: `role '${actor.role}' is not a role of policy ${policy.id}` };
  const named = byCommand.get(command.type);
  const all = byCommand.get('*');
  if (!named && !all) return { allowed: false, reason: `policy ${policy.id} does not let role '${actor.role}' issue ${command.type}` };
  const namedRule = firstReaching(named, actor, command, state);
  const anyRule = firstReaching(all, actor, command, state);
  if (namedRule >= 0 || anyRule >= 0) return { allowed: true, rule: namedRule < 0 ? anyRule : anyRule < 0 ? namedRule : Math.min(namedRule, anyRule) };
  const facts = dossierFacts(state, command);
  const why = [...new Set([...(named ?? []), ...(all ?? [])].map((e) => describe(e, actor, command, facts)))];
  return { allowed: false, reason: `role '${actor.role}' may issue ${command.type} only ${why.join(' or ')}` };
}

/** Why one rule did not allow the command: its scope (with what failed, when it failed) and its condition on the command. */
function describe(entry: Entry, actor: Actor, command: Command, facts: DossierFacts): string {
  const reached = scopeReaches(entry.scope, actor, facts);
  const scope = describeScope(entry.scope, actor, facts, reached);
  if (entry.when === undefined) return scope;
  const fields = command as unknown as Record<string, unknown>;
  const conditions = Object.entries(entry.when).map(([field, values]) => {
    const value = fields[field];
    const met = values.includes(value);
    return `with ${field} ${values.map(String).join(' or ')}${met ? '' : ` (the command's ${field} is ${value === undefined ? 'absent' : String(value)})`}`;
  });
  return `${scope} ${conditions.join(' and ')}`;
}

function describeScope(scope: PolicyScope, actor: Actor, facts: DossierFacts, reached: boolean): string {
  const unit = actor.unit === undefined ? 'the actor names no unit' : `the actor's unit is ${actor.unit}`;
  const why = (text: string) => (reached ? '' : ` (${text})`);
  switch (scope) {
    case 'any':
      return 'on any dossier';
    case 'applicant':
      return `as the dossier's applicant${why(facts.applicantId === undefined ? 'the dossier has no applicant ID number' : "the actor's id is not the applicant's ID number")}`;
    case 'receivingUnit':
      return `in the receiving unit ${facts.receivingUnit ?? '(unknown)'}${why(unit)}`;
    case 'handlingAgency':
      return `in the handling agency ${facts.handlingAgency ?? '(unknown)'}${why(unit)}`;
    case 'ownLeg':
      return `for its own agency's leg or consultation ${facts.ownLeg ?? '(none named)'}${why(unit)}`;
    case 'currentStep':
      return facts.step === undefined
        ? 'on the current step of an internal approval route (the dossier is on none)'
        : `as the ${facts.step.role}${facts.step.assignee === undefined ? '' : ` ${facts.step.assignee}`} of the current step in the handling agency ${facts.handlingAgency ?? '(unknown)'}${why(`${unit}, role ${actor.role}`)}`;
  }
}
