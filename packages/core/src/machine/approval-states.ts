/**
 * The internal approval route compiled into the procedure machine (domain
 * §12.2). With a route, `processing` becomes a parallel state: the region
 * `work` is today's appraisal ⇄ consultation, the region `approval` holds one
 * state per step (`step0`, `step1`, …) and `signed` after the last. Resolving
 * or refusing is allowed only from `signed`; a supplement or fee request
 * pauses the dossier at the step it was made in (`supplementRequested.step1`,
 * …) and the answer returns it there. The national status stays 4 in every
 * step (the top-level state is `processing`).
 */
import type { ApprovalRoute } from '../procedure/approval-route';

/** A transition: a target, or a targetless recorded event. */
type Transition = string | { target?: string; description?: string; actions?: string };
/** The subset of a state config this module builds (see create-machine.ts). */
export interface ApprovalStateConfig {
  id?: string;
  description?: string;
  type?: 'parallel' | 'final';
  initial?: string;
  tags?: string[];
  on?: Record<string, Transition>;
  states?: Record<string, ApprovalStateConfig>;
  onDone?: string;
}

/** The state name of step `index` in the machine. */
export const stepStateName = (index: number): string => `step${index}`;
/** The state name after the last step (signed). */
export const SIGNED_STATE = 'signed';

const PAUSES = [
  { state: 'supplementRequested', request: 'SupplementRequested', answer: 'SupplementProvided', prefix: 'supplementAt' },
  { state: 'feeRequested', request: 'FeeRequested', answer: 'FeePaid', prefix: 'feeAt' },
] as const;
/** Processing transitions that leave for a step-aware place, so they move from `processing` to the step states. */
const MOVED = ['SupplementRequested', 'FeeRequested', 'DossierResolved', 'ResolutionRefused'];
const isStart = (key: string) => key === 'InterAgencyStarted' || key.startsWith('InterAgencyStarted.');
const byId = (transition: Transition): Transition => (typeof transition === 'string' && !transition.startsWith('#') ? `#${transition}` : transition);
const cap = (name: string) => name[0]!.toUpperCase() + name.slice(1);

/**
 * Rewrite `processing`, `supplementRequested` and `feeRequested` of a
 * procedure machine's states for an approval route (in place). The
 * inter-agency route may start only in the first step (its end returns to
 * `processing`, i.e. the first step).
 */
export function addApprovalSteps(states: Record<string, ApprovalStateConfig>, route: ApprovalRoute): void {
  const processing = states.processing!;
  const on = { ...processing.on };
  const moved: Record<string, Transition> = {};
  const starts: Record<string, Transition> = {};
  for (const key of Object.keys(on)) {
    if (MOVED.includes(key)) moved[key] = on[key]!;
    // Moved into `approval.step0`, a sibling target (`interAgency`, `interAgency.parallel`) becomes an id target.
    else if (isStart(key)) starts[key] = byId(on[key]!);
    else continue;
    delete on[key];
  }
  if (states.interAgency) {
    states.interAgency.id = 'interAgency';
    // A refusal needs the signature too: not from inside the inter-agency route (it returns to the first step).
    const interOn = { ...states.interAgency.on };
    delete interOn.ResolutionRefused;
    states.interAgency.on = interOn;
  }
  // Targets from inside `processing.approval` to the top level go by id.
  for (const pause of PAUSES) states[pause.state]!.id = pause.state;
  states.resolved!.id = 'resolved';
  states.refused!.id = 'refused';

  const positions = [...route.steps.map((_, index) => stepStateName(index)), SIGNED_STATE];
  const idOf = (prefix: string, position: string) => `${prefix}${cap(position)}`;
  const pausesFrom = (position: string): Record<string, Transition> => Object.fromEntries(PAUSES.map((pause) => [pause.request, `#${idOf(pause.prefix, position)}`]));

  const approval: Record<string, ApprovalStateConfig> = {};
  route.steps.forEach((step, index) => {
    const stepOn: Record<string, Transition> = {
      StepAssigned: { actions: 'record', description: 'step assigned' },
      StepForwarded: index + 1 < route.steps.length ? stepStateName(index + 1) : SIGNED_STATE,
      ...pausesFrom(stepStateName(index)),
      ...(index === 0 ? starts : {}),
    };
    for (let back = 0; back < index; back++) stepOn[`ReturnedForRework.${back}`] = stepStateName(back);
    approval[stepStateName(index)] = { id: idOf('approval', stepStateName(index)), description: `${step.label} (${step.role})`, on: stepOn };
  });
  approval[SIGNED_STATE] = {
    id: idOf('approval', SIGNED_STATE),
    description: 'Signed: the result or the refusal may be issued',
    on: {
      ...pausesFrom(SIGNED_STATE),
      ...(moved.DossierResolved ? { DossierResolved: '#resolved' } : {}),
      ...(moved.ResolutionRefused ? { ResolutionRefused: '#refused' } : {}),
    },
  };

  const { states: work, initial, ...rest } = processing;
  states.processing = {
    ...rest,
    type: 'parallel',
    on,
    states: {
      work: { description: 'Appraisal and consultations', initial: initial!, states: work! },
      approval: { description: 'Internal approval route (quy trình nội bộ)', initial: stepStateName(0), states: approval },
    },
  };

  for (const pause of PAUSES) {
    const config = states[pause.state]!;
    const pauseOn = { ...config.on };
    delete pauseOn[pause.answer];
    const children: Record<string, ApprovalStateConfig> = {};
    for (const position of positions) children[position] = { id: idOf(pause.prefix, position), on: { [pause.answer]: `#${idOf('approval', position)}` } };
    states[pause.state] = { ...config, initial: positions[0]!, on: pauseOn, states: children };
  }
}
