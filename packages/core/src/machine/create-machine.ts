import { setup } from 'xstate';
import type { DossierEventType } from '../events/schemas';
import type { Procedure } from '../procedure/procedure';
import { addApprovalSteps } from './approval-states';

/** Events the machine understands: an event type, or `LegCompleted.<i>` for route legs. */
export interface MachineEvent {
  type: string;
}

/** Transitions by event key: a dossier event type (a typo does not compile) or a route leg. */
type On = {
  [K in DossierEventType | `LegCompleted.${number}` | `InterAgencyStarted.${'sequential' | 'parallel'}` | `ReturnedForRework.${number}`]?:
    | string
    | { target?: string; description?: string; actions?: string };
};
interface StateConfig {
  id?: string;
  description?: string;
  type?: 'parallel' | 'final';
  initial?: string;
  tags?: string[];
  on?: On;
  states?: Record<string, StateConfig>;
  onDone?: string;
}

/** A targetless transition: the event is allowed and recorded; the state stays. */
const stay = (description: string) => ({ actions: 'record', description });

/** Events that annotate a dossier in any state after submission without changing its state. */
const ANNOTATIONS: On = {
  PetitionFiled: stay('petition filed'),
  PetitionAnswered: stay('petition answered'),
  PortalSynced: stay('status synced to DVCQG'),
  EventCorrected: stay('entry corrected'),
};

/**
 * The state ids every procedure machine has at the top level. `interAgency`
 * exists only when the procedure has a route.
 */
export const TOP_LEVEL_STATES = [
  'draft',
  'submitted',
  'intakeSupplement',
  'refusedAtIntake',
  'received',
  'processing',
  'interAgency',
  'supplementRequested',
  'feeRequested',
  'withdrawalRequested',
  'stopped',
  'closed',
  'resolved',
  'refused',
  'returned',
] as const;
/** A top-level state of every procedure machine (see {@link TOP_LEVEL_STATES}). */
export type TopLevelState = (typeof TOP_LEVEL_STATES)[number];

/**
 * Build the XState v5 machine of a procedure's dossier lifecycle
 * (received → processing → inter-agency → returned, with the real branches of
 * NĐ 61/2018 Đ15–22). The machine is the single authority on which event —
 * and so which command — is allowed in which state. Business-rule guards that
 * depend on history (a second reschedule, deadlines) live in `decide`.
 *
 * States tagged `terminal` end processing; only annotations (petitions,
 * ratings, portal sync) are accepted there.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * const machine = createProcedureMachine(landProcedure);
 * const actor = createActor(machine).start();
 * actor.send({ type: 'DossierAccepted' });
 * actor.getSnapshot().value; // 'received'
 * ```
 */
export function createProcedureMachine(procedure: Procedure) {
  const route = procedure.route;
  const machineId = `procedure.${procedure.code}.v${procedure.version}` as const;
  const withdraw = { WithdrawalRequested: 'withdrawalRequested' };
  const apology = { ApologyIssued: stay('apology and new appointment (Form 04), at most once') };
  // NĐ 118/2025 Đ21: the applicant amends an online dossier until a decision; `decide` checks the channel and the pack.
  const amend = { DossierAmended: stay('online dossier amended by the applicant (NĐ 118/2025 Đ21)') };
  // A consultation stays open across a pause (supplement, fee) or an inter-agency route, and out of the `consultation`
  // sub-state after a pause: its answer is recorded wherever the dossier is still processed (NĐ 61/2018 Đ19.5,
  // NĐ 118/2025 Đ19.4c); `decide` refuses an answer with no open consultation (UNKNOWN_CONSULTATION).
  const answer = { ConsultationAnswered: stay('answer of a consultation still open') };

  const states: Record<string, StateConfig> = {
    draft: {
      description: 'No event yet',
      on: {
        DossierSubmitted: 'submitted',
        DossierAccepted: 'received',
        IntakeSupplementRequested: 'intakeSupplement',
        ReceptionRefused: 'refusedAtIntake',
      },
    },
    submitted: {
      description: 'Submitted online, not yet accepted (status 1)',
      on: { ...ANNOTATIONS, ...amend, DossierAccepted: 'received', IntakeSupplementRequested: 'intakeSupplement', ReceptionRefused: 'refusedAtIntake' },
    },
    intakeSupplement: {
      description: 'Form 02 at intake: waiting for the applicant; not accepted, no due date',
      on: {
        ...ANNOTATIONS,
        ...amend,
        IntakeSupplementProvided: 'submitted',
        DossierAccepted: 'received',
        ReceptionRefused: 'refusedAtIntake',
        DossierClosed: 'closed',
      },
    },
    refusedAtIntake: { description: 'Form 03: refused at intake (status 3)', tags: ['terminal'], on: { ...ANNOTATIONS, DossierRated: stay('rating') } },
    received: {
      description: 'Accepted with a due date, at the one-stop unit (status 2)',
      on: {
        ...ANNOTATIONS,
        ...apology,
        ...amend,
        ...withdraw,
        DossierTransferred: 'processing',
        ...(procedure.instant ? { DossierResolved: 'resolved' } : {}),
      },
    },
    processing: {
      description: 'At the competent agency (status 4)',
      initial: 'appraisal',
      states: {
        appraisal: { description: 'Appraisal and verification', on: { ConsultationRequested: 'consultation' } },
        consultation: { description: 'Waiting for a consulted agency (Đ19.5)', on: { ConsultationAnswered: 'appraisal' } },
      },
      on: {
        ...ANNOTATIONS,
        ...apology,
        ...amend,
        ...withdraw,
        ...answer,
        OfficerAssigned: stay('officer assigned'),
        VerificationRecorded: stay('verification logged'),
        SupplementRequested: 'supplementRequested',
        FeeRequested: 'feeRequested',
        // The route's mode keys the start (eventKeyOf): a `byMedium` route enters the path chosen for the medium.
        ...(route?.mode === 'byMedium'
          ? { 'InterAgencyStarted.sequential': 'interAgency.sequential', 'InterAgencyStarted.parallel': 'interAgency.parallel' }
          : route
            ? { [`InterAgencyStarted.${route.mode}`]: 'interAgency' }
            : {}),
        DossierResolved: 'resolved',
        ResolutionRefused: 'refused',
      },
    },
    supplementRequested: {
      description: 'Form 02 after appraisal: paused until the complete dossier arrives (status 5)',
      on: { ...ANNOTATIONS, ...amend, ...withdraw, ...answer, SupplementProvided: 'processing', ProcessingStopped: 'stopped', DossierClosed: 'closed' },
    },
    feeRequested: {
      description: 'Waiting for the financial obligation (status 6)',
      on: { ...ANNOTATIONS, ...apology, ...amend, ...withdraw, ...answer, FeePaid: 'processing', ProcessingStopped: 'stopped' },
    },
    withdrawalRequested: { description: 'The citizen asked to withdraw (status 7)', on: { ...ANNOTATIONS, ProcessingStopped: 'stopped' } },
    stopped: { description: 'Processing stopped (status 8)', tags: ['terminal'], on: { ...ANNOTATIONS, DossierRated: stay('rating') } },
    closed: {
      description: 'Closed by the one-stop officer: supplement not provided within 15 days of the notice (NĐ 118/2025 Đ19.5; status 8)',
      tags: ['terminal'],
      on: { ...ANNOTATIONS, DossierRated: stay('rating') },
    },
    resolved: {
      description: 'Result ready (status 9)',
      initial: 'ready',
      states: {
        ready: { on: { EarlyReturnNotified: 'notified' } },
        notified: { description: 'Early return announced to the applicant (Đ20)' },
      },
      on: { ...ANNOTATIONS, ResultReturned: 'returned' },
    },
    refused: { description: 'Refused after appraisal, reason in writing (status 9)', on: { ...ANNOTATIONS, ResultReturned: 'returned' } },
    returned: {
      description: 'Result returned (status 10)',
      tags: ['terminal'],
      on: {
        ...ANNOTATIONS,
        DossierRated: stay('rating'),
        // NĐ 118/2025 Đ23.1, NĐ 61/2018 Đ21: an erroneous result is corrected; the dossier stays returned.
        ResultErrorReported: stay('error in the result reported'),
        ResultCorrected: stay('result corrected'),
      },
    },
  };

  if (route) {
    const legs = route.legs;
    const common: On = { ...ANNOTATIONS, ...apology, ...amend, ...withdraw, ...answer, ResolutionRefused: 'refused' };
    const sequential = (onDone: string): StateConfig => {
      const legStates: Record<string, StateConfig> = {};
      legs.forEach((leg, i) => {
        legStates[`leg${i}`] = { description: `${leg.agency.name} (${leg.role})`, on: { [`LegCompleted.${i}`]: i + 1 < legs.length ? `leg${i + 1}` : 'done' } };
      });
      legStates.done = { type: 'final' };
      return { description: 'Inter-agency, sequential (paper)', initial: 'leg0', states: legStates, onDone };
    };
    const parallel = (onDone: string): StateConfig => {
      const regions: Record<string, StateConfig> = {};
      legs.forEach((leg, i) => {
        regions[`leg${i}`] = {
          description: `${leg.agency.name} (${leg.role})`,
          initial: 'working',
          states: { working: { on: { [`LegCompleted.${i}`]: 'done' } }, done: { type: 'final' } },
        };
      });
      return { description: 'Inter-agency, parallel (electronic)', type: 'parallel', states: regions, onDone };
    };
    if (route.mode === 'byMedium') {
      // NĐ 118/2025 Đ20.2: both paths; the start event's mode (from the dossier's medium) picks one.
      (states.processing as StateConfig).id = 'processing'; // the target of both paths' end
      const backToProcessing = '#processing';
      states.interAgency = {
        description: 'Inter-agency by medium: parallel (electronic) or sequential (paper)',
        initial: 'parallel',
        states: { sequential: sequential(backToProcessing), parallel: parallel(backToProcessing) },
        on: common,
      };
    } else states.interAgency = { ...(route.mode === 'sequential' ? sequential('processing') : parallel('processing')), on: common };
  }

  // The internal approval route (quy trình nội bộ): steps inside `processing`, resolution only once signed.
  if (procedure.approvalRoute) addApprovalSteps(states as never, procedure.approvalRoute);

  return setup({
    types: {} as { events: MachineEvent },
    actions: { record: () => {} },
  }).createMachine({
    id: machineId,
    description: procedure.name.vi,
    initial: 'draft',
    states: states as never,
  });
}

/** The state machine of a procedure (from {@link createProcedureMachine}). */
export type ProcedureMachine = ReturnType<typeof createProcedureMachine>;
