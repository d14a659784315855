import { z } from 'zod';
import { type CommandType, commandSchemas } from '../commands/schemas';
import { deepFreeze } from '../deep-freeze';
import { parseInput } from '../zod-parse';
import { LIMITS, text } from '../events/parts';
import { localDateSchema } from '../procedure/time-limit';
import { isLocalDateString } from '../time';

/**
 * Which dossiers a rule reaches, from the actor's `unit` (the code of the
 * office the person works in) and the dossier's facts (`dossierFacts`):
 *
 * - `any` — every dossier (the role alone decides);
 * - `receivingUnit` — the actor's unit is the one-stop unit that received the dossier (Bộ phận Một cửa);
 * - `handlingAgency` — the actor's unit is the agency handling it (the transfer's recipient, else the competent unit, else the receiving unit);
 * - `ownLeg` — the actor's unit is the agency of the inter-agency leg (`CompleteLeg.legIndex`) or of the consultation (`AnswerConsultation.consultationId`) the command names;
 * - `applicant` — the actor's `id` is the applicant's ID number (số định danh cá nhân / CCCD, as the sign-in gives it);
 * - `currentStep` — the dossier is on a step of its internal approval route, the actor's role is that step's role, the
 *   actor's unit is the handling agency and, once the step is assigned, the actor is its assignee (quy trình nội bộ).
 */
export const POLICY_SCOPES = ['any', 'receivingUnit', 'handlingAgency', 'ownLeg', 'applicant', 'currentStep'] as const;
/** A scope of a policy rule (see {@link POLICY_SCOPES}). */
export type PolicyScope = (typeof POLICY_SCOPES)[number];

const COMMAND_TYPES = Object.keys(commandSchemas) as [CommandType, ...CommandType[]];
const roleName = text(LIMITS.id, 1);
/** A value a rule's `when` lets a command field take (command fields it can name are strings, numbers or booleans). */
const whenValue = z.union([text(LIMITS.id), z.number(), z.boolean()]);

/** One permission: these roles may issue these commands on the dossiers the scope reaches. */
export const policyRuleSchema = z.strictObject({
  roles: z.array(roleName).min(1).max(LIMITS.list),
  commands: z.union([z.literal('*'), z.array(z.enum(COMMAND_TYPES)).min(1).max(LIMITS.list)]),
  scope: z.enum(POLICY_SCOPES),
  /**
   * A condition on the command itself: the rule allows a command only when each field named here has one of the
   * values listed (`{ method: ['online'] }`: an online payment, not one at the counter). Every command the rule names
   * must have the field, and every value must be one the field accepts; a command that leaves the field out does
   * not match. Absent: no condition.
   */
  when: z.record(text(LIMITS.id, 1), z.array(whenValue).min(1).max(LIMITS.list)).optional(),
  /** Why (the legal basis or the office's practice); shown in the audit of the policy, not used to decide. */
  note: text(LIMITS.text).optional(),
});

/**
 * A province's access policy (phân quyền), versioned like the rule packs: an
 * `id`, the day it takes effect, the roles it knows and its rules. A command is
 * allowed when at least one rule names the actor's role and the command and
 * its scope reaches the dossier; everything else is forbidden.
 */
export const accessPolicySchema = z
  .strictObject({
    id: text(LIMITS.id, 1),
    validFrom: localDateSchema.refine(isLocalDateString, 'not a day of the calendar'),
    roles: z
      .array(z.strictObject({ name: roleName, label: text(LIMITS.name).optional() }))
      .min(1)
      .max(LIMITS.list),
    rules: z.array(policyRuleSchema).max(LIMITS.list * 5),
  })
  .superRefine((policy, ctx) => {
    const known = new Set<string>();
    policy.roles.forEach((role, index) => {
      if (known.has(role.name)) ctx.addIssue({ code: 'custom', path: ['roles', index, 'name'], message: `role '${role.name}' is declared twice` });
      known.add(role.name);
    });
    policy.rules.forEach((rule, ruleIndex) => {
      rule.roles.forEach((role, roleIndex) => {
        if (!known.has(role)) ctx.addIssue({ code: 'custom', path: ['rules', ruleIndex, 'roles', roleIndex], message: `role '${role}' is not declared in roles` });
      });
      if (rule.when) checkWhen(rule.when, rule.commands, ['rules', ruleIndex, 'when'], ctx);
    });
  });

/** A rule's `when` must name fields of every command of the rule, with values those fields accept. */
function checkWhen(when: Record<string, readonly unknown[]>, commands: '*' | readonly CommandType[], path: (string | number)[], ctx: z.RefinementCtx): void {
  if (commands === '*') {
    ctx.addIssue({ code: 'custom', path, message: "a condition on command fields needs the commands it applies to, not '*'" });
    return;
  }
  for (const [field, values] of Object.entries(when)) {
    const lacking = commands.filter((type) => !Object.hasOwn(commandSchemas[type].shape, field));
    if (lacking.length) {
      ctx.addIssue({ code: 'custom', path: [...path, field], message: `${lacking.join(', ')} ha${lacking.length > 1 ? 've' : 's'} no field '${field}'` });
      continue;
    }
    values.forEach((value, index) => {
      const refused = commands.filter((type) => !(commandSchemas[type].shape as Record<string, z.ZodType>)[field]!.safeParse(value).success);
      if (refused.length) ctx.addIssue({ code: 'custom', path: [...path, field, index], message: `${JSON.stringify(value)} is not a value of ${refused.join(', ')}.${field}` });
    });
  }
}

/** Does `command` meet a rule's `when` (every field named has one of its values)? No condition: yes. */
export function meetsCondition(when: Readonly<Record<string, readonly unknown[]>> | undefined, command: object): boolean {
  if (when === undefined) return true;
  for (const field in when) if (!when[field]!.includes((command as Record<string, unknown>)[field])) return false;
  return true;
}

/** An access policy as written (before validation). */
export type AccessPolicyInput = z.input<typeof accessPolicySchema>;
/** One rule of an access policy (validated). */
export type PolicyRule = z.output<typeof policyRuleSchema>;
/** A validated, frozen access policy. */
export type AccessPolicy = Readonly<z.output<typeof accessPolicySchema>>;

/**
 * Validate and freeze an access policy. Invalid data (an undeclared role in a
 * rule, an unknown command, an unknown scope) is a `VALIDATION_FAILED` with
 * the issues.
 *
 * @example
 * ```ts
 * const policy = definePolicy({
 *   id: 'commune-2025', validFrom: '2025-07-01',
 *   roles: [{ name: 'receivingOfficer' }, { name: 'applicant' }],
 *   rules: [
 *     { roles: ['receivingOfficer'], commands: ['ReceiveDossier', 'ReturnResult'], scope: 'receivingUnit' },
 *     { roles: ['applicant'], commands: ['SubmitOnline', 'Rate'], scope: 'applicant' },
 *   ],
 * });
 * policy.rules.length; // 2
 * ```
 */
export function definePolicy(input: AccessPolicyInput): AccessPolicy {
  return deepFreeze(parseInput(accessPolicySchema, input, 'Invalid access policy'));
}

/** What a province changes in a base policy: a new id and day, roles and rules added, roles removed (with their rules). */
export interface PolicyExtension {
  id: string;
  validFrom: string;
  roles?: AccessPolicyInput['roles'];
  rules?: AccessPolicyInput['rules'];
  /** Roles taken away: removed from `roles` and from every rule (a rule left with no role is dropped). */
  removeRoles?: string[];
}

/**
 * A new policy version from a base one (usually `DEFAULT_POLICY_2025`): a
 * province adds its own roles and rules or removes roles; the base is left
 * unchanged. The result is validated like {@link definePolicy}.
 *
 * @example
 * ```ts
 * const hanoi = extendPolicy(DEFAULT_POLICY_2025, {
 *   id: 'hanoi-2026', validFrom: '2026-01-01',
 *   roles: [{ name: 'postalClerk', label: 'Nhân viên bưu điện (dịch vụ công ích)' }],
 *   rules: [{ roles: ['postalClerk'], commands: ['ReturnResult'], scope: 'receivingUnit' }],
 * });
 * hanoi.roles.some((r) => r.name === 'postalClerk'); // true
 * ```
 */
export function extendPolicy(base: AccessPolicy, ext: PolicyExtension): AccessPolicy {
  const removed = new Set(ext.removeRoles ?? []);
  const rules = base.rules
    .map((rule) => ({ ...rule, roles: rule.roles.filter((x) => !removed.has(x)), commands: rule.commands === '*' ? rule.commands : [...rule.commands] }))
    .filter((r) => r.roles.length > 0);
  return definePolicy({
    id: ext.id,
    validFrom: ext.validFrom,
    roles: [...base.roles.filter((r) => !removed.has(r.name)), ...(ext.roles ?? [])],
    rules: [...rules, ...(ext.rules ?? [])],
  });
}

/**
 * The policy in force on a day (`YYYY-MM-DD`): the version with the latest
 * `validFrom` on or before it; `undefined` before the first one.
 *
 * @example
 * ```ts
 * policyAt([DEFAULT_POLICY_2025], '2026-03-02')?.id; // 'default-2025'
 * ```
 */
export function policyAt(versions: readonly AccessPolicy[], day: string): AccessPolicy | undefined {
  let best: AccessPolicy | undefined;
  for (const version of versions) if (version.validFrom <= day && (!best || version.validFrom >= best.validFrom)) best = version;
  return best;
}
