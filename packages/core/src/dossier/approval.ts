/**
 * Decisions on the internal approval route (quy trình nội bộ, domain §12.2):
 * assigning the current step, forwarding it, returning for rework, and the
 * refusal of a resolution before the route is done. Pure.
 */
import type { CommandOf, CommandType } from '../commands/schemas';
import { computeDue, exceededFromMs, type WorkingCalendar } from '../deadlines';
import { type ErrorIssue, InvalidTransitionError, RuleViolationError } from '../errors';
import type { StepEntry } from '../events/approval';
import type { DossierEventBody } from '../events/types';
import { allowedCommands } from '../machine/allowed';
import type { TransitionTable } from '../machine/compile';
import type { ApprovalRoute } from '../procedure/approval-route';
import type { Procedure } from '../procedure/procedure';
import { compareInstants } from '../time';
import type { ApprovalState, DossierState, OfficerRef } from './state';

/**
 * `Resolve` or `RefuseResolution` on a dossier whose internal approval route
 * is not finished (the leader has not signed). An `INVALID_TRANSITION` (409)
 * whose issue code is `approval_incomplete`; `step` is where the dossier is.
 *
 * @example
 * ```ts
 * const refused = await engine.execute(cmd).catch((error: unknown) => error);
 * if (refused instanceof ApprovalIncompleteError) console.log(refused.step.stepId); // 'review'
 * ```
 */
export class ApprovalIncompleteError extends InvalidTransitionError {
  constructor(
    command: string,
    state: string,
    allowed: string[],
    readonly step: { stepId: string; stepIndex: number; role: string; label: string },
  ) {
    super(command, state, allowed);
    this.message = `${command} needs the internal approval route to be finished: the dossier is at step '${step.stepId}' (${step.label}; role ${step.role}), the last step must be forwarded (signed) first. Allowed here: ${allowed.join(', ') || '(none)'}`;
    (this as { issues: ErrorIssue[] }).issues = [{ code: 'approval_incomplete', path: ['type'], message: `the approval route is at step '${step.stepId}'` }];
  }
  override toJSON() {
    return { ...super.toJSON(), step: this.step };
  }
}

const RESOLUTION: ReadonlySet<CommandType> = new Set(['Resolve', 'RefuseResolution']);

/**
 * The error for a command the machine does not allow: an
 * {@link ApprovalIncompleteError} for a resolution before the route is done,
 * else the plain `INVALID_TRANSITION`.
 */
export function transitionRefusal(type: CommandType, state: DossierState, table: TransitionTable, procedure: Procedure | undefined): InvalidTransitionError {
  const allowed = allowedCommands(table, state.state);
  const route = procedure?.approvalRoute;
  if (route && RESOLUTION.has(type) && (state.topLevel === 'processing' || state.topLevel === 'interAgency')) {
    const current = currentStep(state, route);
    if (!current.done) {
      const step = route.steps[current.stepIndex]!;
      return new ApprovalIncompleteError(type, state.state, allowed, { stepId: step.id, stepIndex: current.stepIndex, role: step.role, label: step.label });
    }
  }
  return new InvalidTransitionError(type, state.state, allowed);
}

/**
 * The dossier's position on the route. A dossier transferred before its
 * procedure version had a route has no `approval` in its state; it is at the
 * first step since its transfer.
 *
 * @example
 * ```ts
 * const state = await engine.get(dossierId);
 * currentStep(state, defaultApprovalRoute()).stepId; // 'draft' right after the transfer
 * ```
 */
export function currentStep(state: DossierState, route: ApprovalRoute): ApprovalState {
  if (state.approval) return state.approval;
  const first = route.steps[0]!;
  return {
    stepId: first.id,
    stepIndex: 0,
    role: first.role,
    signing: route.steps.length === 1,
    startedAt: state.transfer?.at ?? state.lastEventAt ?? '',
    done: false,
    reworks: 0,
    holders: {},
  };
}

/**
 * Entering step `index` at `at`: its role, whether it is the signature, its
 * internal deadline (its budget from `at` on the deadline calendar, the start
 * day not counted) and its officer.
 */
export function stepEntry(route: ApprovalRoute, index: number, at: string, calendar: WorkingCalendar, assignee?: OfficerRef): StepEntry {
  const step = route.steps[index]!;
  return {
    stepId: step.id,
    stepIndex: index,
    role: step.role,
    label: step.label,
    signing: index === route.steps.length - 1,
    ...(step.limit ? { dueAt: computeDue(at, step.limit, calendar).at } : {}),
    ...(assignee ? { assignee } : {}),
  };
}

/** The caller's view of the current step (`step`) must be the dossier's. */
function checkStep(expected: string | undefined, current: ApprovalState): void {
  if (expected !== undefined && expected !== current.stepId)
    throw new RuleViolationError('STEP_MISMATCH', `The dossier is at step '${current.stepId}', not '${expected}' (it moved on since it was read)`, ['step']);
}

/**
 * Forwarded (or returned) after the step's internal deadline? A budget in working hours is exceeded only once working
 * time has elapsed after `dueAt`: from the first working instant after it (`exceededFromMs`), so a step done in closed
 * time right after a deadline that ends a session (17:30, the lunch break, a weekend, a holiday) is on time. A budget
 * in working days: after `dueAt`, the close of its last day.
 */
function late(at: string, current: ApprovalState, route: ApprovalRoute, calendar: WorkingCalendar): boolean {
  if (current.dueAt === undefined) return false;
  if (route.steps[current.stepIndex]?.limit?.unit === 'workingHours') return Date.parse(at) >= exceededFromMs(Date.parse(current.dueAt), calendar);
  return compareInstants(at, current.dueAt) > 0;
}
const ref = (current: ApprovalState) => ({ stepId: current.stepId, stepIndex: current.stepIndex });

/** `AssignOfficer`: the dossier's officer, and on a route the current step's (`StepAssigned`). */
export function decideAssign(command: CommandOf<'AssignOfficer'>, state: DossierState, procedure: Procedure, calendar: WorkingCalendar): DossierEventBody[] {
  const route = procedure.approvalRoute;
  const assigned: DossierEventBody = { type: 'OfficerAssigned', data: { officer: command.officer } };
  if (!route) {
    if (command.step !== undefined)
      throw new RuleViolationError('NO_APPROVAL_ROUTE', `Procedure ${procedure.code} has no internal approval route: assign without a step`, ['step']);
    return [assigned];
  }
  const current = currentStep(state, route);
  checkStep(command.step, current);
  if (current.done) {
    if (command.step !== undefined) throw new RuleViolationError('STEP_MISMATCH', 'The approval route is finished: no step to assign', ['step']);
    return [assigned];
  }
  // A dossier transferred before its procedure version had a route enters the first step now, as from its transfer.
  const entered = state.approval ? {} : { step: stepEntry(route, current.stepIndex, current.startedAt, calendar) };
  const step: DossierEventBody = { type: 'StepAssigned', data: { ...ref(current), officer: command.officer, ...entered } };
  // The first step's officer is the dossier's officer (chuyên viên thụ lý), as without a route.
  return current.stepIndex === 0 ? [assigned, step] : [step];
}

/** `ForwardStep`: the current step is done; to the next one, or the route is done (signed). */
export function decideForward(command: CommandOf<'ForwardStep'>, state: DossierState, route: ApprovalRoute, at: string, calendar: WorkingCalendar): DossierEventBody[] {
  const current = currentStep(state, route);
  checkStep(command.step, current);
  const nextIndex = current.stepIndex + 1;
  if (nextIndex >= route.steps.length && command.assignee)
    throw new RuleViolationError('NO_NEXT_STEP', `Step '${current.stepId}' is the last: forwarding it signs, there is no next officer`, ['assignee']);
  const to = nextIndex < route.steps.length ? stepEntry(route, nextIndex, at, calendar, command.assignee ?? current.holders[route.steps[nextIndex]!.id]) : undefined;
  // Who did the step: its assignee, else the officer forwarding it (a return for rework goes back to them).
  const by = current.assignee ?? (command.actor.name ? { id: command.actor.id, name: command.actor.name } : { id: command.actor.id });
  return [
    { type: 'StepForwarded', data: { from: ref(current), late: late(at, current, route, calendar), ...(command.note ? { note: command.note } : {}), ...(to ? { to } : {}), by } },
  ];
}

/** `ReturnForRework`: back to an earlier step (default the previous one), with a reason. */
export function decideReturn(command: CommandOf<'ReturnForRework'>, state: DossierState, route: ApprovalRoute, at: string, calendar: WorkingCalendar): DossierEventBody[] {
  const current = currentStep(state, route);
  checkStep(command.step, current);
  const target = command.toStep === undefined ? current.stepIndex - 1 : route.steps.findIndex((s) => s.id === command.toStep);
  if (command.toStep !== undefined && target < 0)
    throw new RuleViolationError('UNKNOWN_STEP', `The approval route has no step '${command.toStep}' (steps: ${route.steps.map((s) => s.id).join(', ')})`, ['toStep']);
  if (target < 0 || target >= current.stepIndex)
    throw new RuleViolationError('RETURN_NOT_BACKWARDS', `A return for rework goes to an earlier step than '${current.stepId}'`, ['toStep']);
  const to = stepEntry(route, target, at, calendar, command.assignee ?? current.holders[route.steps[target]!.id]);
  return [{ type: 'ReturnedForRework', data: { from: ref(current), to, reason: command.reason, late: late(at, current, route, calendar) } }];
}

/**
 * The step a paused dossier returns to (`SupplementProvided`, `FeePaid`), its
 * budget counted again from the resumption (a pause is not the officer's
 * time), with the same assignee; undefined without a running step.
 */
export function resumedStep(state: DossierState, procedure: Procedure, at: string, calendar: WorkingCalendar): { step: StepEntry } | Record<string, never> {
  const route = procedure.approvalRoute;
  if (!route || !state.approval || state.approval.done) return {};
  return { step: stepEntry(route, state.approval.stepIndex, at, calendar, state.approval.assignee) };
}

/**
 * What a worklist needs of a dossier's approval (the dossier list's `step`,
 * `assignee` and `stepDueAt` columns): the current step's id and officer
 * while the route runs; nulls without a route or once it is done.
 *
 * @example
 * ```ts
 * import { initialDossierState } from '@motcua/core';
 * approvalWorklistFields(initialDossierState('d1')); // { step: null, stepRole: null, assignee: null, stepDueAt: null }
 * ```
 */
export function approvalWorklistFields(state: DossierState): { step: string | null; stepRole: string | null; assignee: string | null; stepDueAt: string | null } {
  const approval = state.approval;
  if (!approval || approval.done || state.topLevel !== 'processing') return { step: null, stepRole: null, assignee: null, stepDueAt: null };
  return { step: approval.stepId, stepRole: approval.role, assignee: approval.assignee?.id ?? null, stepDueAt: approval.dueAt ?? null };
}
