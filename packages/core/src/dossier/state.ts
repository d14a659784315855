import type { z } from 'zod';
import type { applicantSchema, Channel, componentSchema, unitSchema } from '../events/parts';
import type { NationalStatus } from '../machine/national-status';
import type { TimeLimit, Due } from '../deadlines';

/** The applicant (người nộp hồ sơ) as stored on the dossier. */
export type Applicant = z.output<typeof applicantSchema>;
/** A dossier component (thành phần hồ sơ) as stored, with its digitisation flags. */
export type Component = z.output<typeof componentSchema>;
/** A receiving unit (Bộ phận Một cửa) by its TT 10/2016 code and name. */
export type Unit = z.output<typeof unitSchema>;
/** An agency (cơ quan) by code and name: a consulted agency, a transfer target. */
export interface AgencyRef {
  code: string;
  name: string;
}

/** A post-acceptance supplement request and its answer. */
export interface SupplementRecord {
  requestNo: number;
  requestedAt: string;
  providedAt?: string;
  items: { code?: string; name: string; note?: string }[];
  reason: string;
  lateNotice: boolean;
  /**
   * Requested after the due date in force (or after an earlier such request): the legal clock neither stopped nor
   * restarts when the supplement arrives; the dossier stays late against that date (docs/metrics.md §2, the control
   * slip's "Hẹn trả giữ nguyên"). Absent in logs written before this was recorded.
   */
  afterDue?: true;
}

/** One agency's part of an inter-agency route, with its own clock. */
export interface LegRecord {
  index: number;
  agency: AgencyRef;
  role: 'lead' | 'participant';
  budget: TimeLimit;
  startedAt?: string;
  due?: Due;
  completedAt?: string;
  late?: boolean;
  /** The agency's task (transfer slip, NĐ 118/2025 Đ20.2). */
  task?: string;
}

/** An officer named on a dossier (cán bộ, công chức): id and optional name. */
export interface OfficerRef {
  id: string;
  name?: string;
}

/**
 * Where a dossier is on its procedure's internal approval route (quy trình
 * nội bộ, `Procedure.approvalRoute`): the current step, who holds it, since
 * when and until when. `done` once the last step (the signature) is
 * forwarded: then the dossier may be resolved. Overdue when `dueAt` is past.
 */
export interface ApprovalState {
  stepId: string;
  stepIndex: number;
  /** The access-policy role that works on the step (`specialist`, `divisionHead`, `leader`). */
  role: string;
  /** The current step is the route's last: the signature (trình ký, lãnh đạo ký). */
  signing: boolean;
  /** The officer the step is assigned to (`AssignOfficer`, `ForwardStep.assignee`). */
  assignee?: OfficerRef;
  /** When the current step started (forwarded to it, returned to it, or the transfer for the first). */
  startedAt: string;
  /** The current step's internal deadline (its budget from `startedAt` on the deadline calendar); absent: no budget. */
  dueAt?: string;
  /** The last step was forwarded (signed): `Resolve`/`RefuseResolution` are allowed. */
  done: boolean;
  /** When the last step was forwarded. */
  doneAt?: string;
  /** Returns for rework so far. */
  reworks: number;
  /** The officer who last held each step, by step id: a return for rework goes back to them. */
  holders: Readonly<Record<string, OfficerRef>>;
}

/**
 * A dossier's state (hồ sơ), derived only from its events. Plain JSON, frozen.
 * `state` is the machine's state key; `topLevel` its top-level state.
 */
export interface DossierState {
  id: string;
  /** Stream version = number of events applied. */
  version: number;
  state: string;
  topLevel: string;
  nationalStatus: NationalStatus | null;
  terminal: boolean;
  procedure?: { code: string; version: string };
  rulePack?: string;
  dossierCode?: string;
  /** The receiving unit (Bộ phận Một cửa / Trung tâm phục vụ hành chính công). */
  unit?: Unit;
  /** The competent (handling) unit when it is not the receiving unit (NĐ 118/2025 Đ14.2). */
  competentUnit?: Unit;
  applicant?: Applicant;
  channel?: Channel;
  components: Component[];
  usesPopulationData: boolean;
  submittedAt?: string;
  acceptedAt?: string;
  handedOverAt?: string;
  limit?: TimeLimit;
  /** Due dates: the original (Form 01), the legal one (restarted after a supplement), the rescheduled one (Form 04). */
  due?: { original: Due; legal: Due; rescheduled?: Due };
  transfer?: { due: Due; at?: string; late?: boolean; to?: AgencyRef; mode?: 'paper' | 'electronic'; crossBoundary?: boolean };
  intakeSupplements: { requestedAt: string; providedAt?: string; reason: string; itemCount: number }[];
  supplements: SupplementRecord[];
  consultations: { id: string; agency: AgencyRef; requestedAt: string; deadline: string; answeredAt?: string; late?: boolean }[];
  fees: { requested: { at: string; totalVnd: number }[]; paid: { at: string; amountVnd: number; method: 'counter' | 'postal' | 'online'; gateway?: 'dvcqg' | 'local' }[] };
  route?: { mode: 'sequential' | 'parallel'; startedAt: string; legs: LegRecord[]; medium?: 'paper' | 'electronic' };
  /** Form 04: the apology (NĐ 61/2018 Đ19.9) or extension request (NĐ 118/2025 Đ19.6, `form: 'extension'`). */
  apology?: { at: string; reason: string; lateUnit: string; originalDue: Due; newDue: Due; lateApology: boolean; form?: 'apology' | 'extension' };
  officer?: { id: string; name?: string };
  /** The internal approval route's position (absent when the procedure has no route or before the transfer). */
  approval?: ApprovalState;
  verifications: number;
  withdrawal?: { at: string; reason?: string };
  /** The applicant's amendments of the online dossier (NĐ 118/2025 Đ21): how many, and the last one's time and description. */
  amendment?: { count: number; lastAt: string; description: string };
  stopped?: { at: string; reason: string; cause: string };
  /** Closed by the one-stop officer: supplement not provided within 15 days of the notice (NĐ 118/2025 Đ19.5). */
  closed?: { at: string; reason: string };
  refusedAtIntake?: { at: string; reason: string };
  resolution?: { at: string; outcome: 'granted' | 'refused'; reason?: string; electronicResult: boolean; resultDocumentCode?: string };
  /**
   * The latest report of an error in the returned result and its correction
   * (NĐ 118/2025 Đ23.1: within 3 working days; NĐ 61/2018 Đ21: no limit, `due` absent).
   */
  resultCorrection?: { reportedAt: string; description: string; due?: Due; correctedAt?: string; late?: boolean; count: number };
  earlyReturnNotifiedAt?: string;
  returned?: { at: string; method: 'counter' | 'postal' | 'online'; place?: Unit; elsewhere?: boolean };
  ratings: { at: string; channel: string; ratings: { criterion: string; level: string; content?: string }[]; like?: boolean }[];
  petitions: { id: string; filedAt: string; answeredAt?: string; outcome?: string; late?: boolean }[];
  portalSyncs: number;
  /** occurredAt of the last event (business time never goes backwards within a dossier). */
  lastEventAt?: string;
}

/**
 * Every field of a state, the optional ones too. A literal of this type must
 * name them all, so every state object has the same shape (fields not yet
 * known hold `undefined`): copies are one literal, reads stay monomorphic.
 */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/** The state of a dossier with no events. Fields not yet known are `undefined`. */
export function initialDossierState(id: string): DossierState {
  const state: EveryField<DossierState> = {
    id: id,
    version: 0,
    state: 'draft',
    topLevel: 'draft',
    nationalStatus: null,
    terminal: false,
    procedure: undefined,
    rulePack: undefined,
    dossierCode: undefined,
    unit: undefined,
    competentUnit: undefined,
    applicant: undefined,
    channel: undefined,
    components: [],
    usesPopulationData: false,
    submittedAt: undefined,
    acceptedAt: undefined,
    handedOverAt: undefined,
    limit: undefined,
    due: undefined,
    transfer: undefined,
    intakeSupplements: [],
    supplements: [],
    consultations: [],
    fees: { requested: [], paid: [] },
    route: undefined,
    apology: undefined,
    officer: undefined,
    approval: undefined,
    verifications: 0,
    withdrawal: undefined,
    amendment: undefined,
    stopped: undefined,
    closed: undefined,
    refusedAtIntake: undefined,
    resolution: undefined,
    resultCorrection: undefined,
    earlyReturnNotifiedAt: undefined,
    returned: undefined,
    ratings: [],
    petitions: [],
    portalSyncs: 0,
    lastEventAt: undefined,
  };
  return state;
}

/**
 * A shallow copy of a state (same field order, same shape): one object
 * literal, ten times cheaper than a spread of a frozen object. The literal is
 * generated once from the fields of {@link initialDossierState}, so the field
 * list is written in one place.
 */
export const copyDossierState: (state: DossierState) => DossierState = new Function(
  'state',
  `return { ${Object.keys(initialDossierState(''))
    .map((k) => `${k}: state.${k}`)
    .join(', ')} };`,
) as (state: DossierState) => DossierState;
