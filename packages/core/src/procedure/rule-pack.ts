import { z } from 'zod';
import type { TimeLimit } from '../deadlines';
import { clockTimeSchema, localDateSchema, timeLimitSchema } from './time-limit';

/**
 * A versioned set of the rules the engine enforces (bộ quy tắc). Each dossier
 * is pinned to the pack in force on its receipt date, so transitional clauses
 * keep old rules for earlier dossiers.
 */
export interface RulePack {
  id: string;
  /** Ids this pack had before (dossiers pinned to them still load): the 2025 pack was `nd118-2025-provisional`. */
  formerIds?: readonly string[];
  /** Legal basis, e.g. 'NĐ 61/2018/NĐ-CP'. */
  basis: string;
  validFrom: string;
  validTo?: string;
  /** Post-acceptance supplement notice due within N working days of receipt (NĐ 61 Đ19.4: 3). */
  supplementNoticeWorkingDays: number;
  /** Apology at the latest N working days before the due date (Đ19.9 says "01 ngày"; [U] working day). */
  apologyMinWorkingDaysBefore: number;
  /** How many times the return date may be rescheduled (Đ19.9: once). */
  maxReschedules: number;
  /** Paper transfer cut-off (Đ18: after 15:00 → next working day). */
  transferCutoff: string;
  /** Dossier code: pattern used for strict generation checks. */
  dossierCodePattern: string;
  /** KPI clock: count intake supplement requests towards ">1 request → late" ([U], default false). */
  kpiCountIntakeSupplements: boolean;
  /**
   * Reception SLA: an online dossier is accepted, refused or sent back for
   * supplement within this limit of its (re)submission (brief §10, NĐ 118/2025
   * Đ17.2: 8 working hours). Absent: reports use 8 working hours.
   */
  receptionLimit?: TimeLimit;
  /** Provisional packs are copies awaiting legal review. */
  provisional: boolean;
  /**
   * A result returned before its due date without a prior `NotifyEarlyReturn`
   * (NĐ 61 Đ20.2: early return "phải được thông báo trước"): `'flag'` records
   * it with `earlyWithoutNotice: true` on `ResultReturned`; `'refuse'` refuses
   * the command (`RULE_VIOLATION`, rule `EARLY_RETURN_WITHOUT_NOTICE`).
   * Absent → `'flag'` (the duty is the agency's; the return itself is valid).
   */
  earlyReturnWithoutNotice?: 'refuse' | 'flag';
  /**
   * Whose identifier prefixes the dossier code. `'receiving'` (absent; TT 01/2018
   * Đ19, NĐ 61 Đ26): the receiving unit's. `'competent'` (NĐ 118/2025 Đ28.2):
   * the competent agency's (`competentUnit` of the intake, else the receiving
   * unit); for a joint group (a procedure with a route) the receiving unit's,
   * or {@link nationalPortalCode} for an online filing.
   */
  dossierCodeUnit?: 'receiving' | 'competent';
  /** Identifier of the national portal (DVCQG) in dossier codes of online joint groups (NĐ 118 Đ28.2; exact code [U], default `'DVCQG'`). */
  nationalPortalCode?: string;
  /**
   * Reception regardless of administrative boundaries (NĐ 118/2025 Đ14.2,
   * Đ20.1): a dossier received at one centre for another unit's procedure is
   * transferred to the competent unit — on paper within this many working days
   * of receipt, electronically at once (the receipt's working day). Absent: no
   * cross-boundary rule (the transfer keeps the same-day `transferCutoff` due).
   */
  crossBoundaryPaperTransferWorkingDays?: number;
  /**
   * A counter return at another place than the receiving unit (NĐ 118/2025
   * Đ20.1: the result returns to the centre where the dossier was received):
   * `'refuse'` (`RULE_VIOLATION`, rule `RETURN_ELSEWHERE`) or `'flag'`
   * (`elsewhere: true` on `ResultReturned`). Absent: no check.
   */
  returnElsewhere?: 'refuse' | 'flag';
  /**
   * Inter-agency mode follows the medium (NĐ 118/2025 Đ20.2): electronic →
   * parallel with a lead agency, paper → sequential with a transfer slip. The
   * route's mode is the procedure version's data (its machine), so a mismatch
   * is recorded (`modeMismatch: true` on `InterAgencyStarted`), not refused.
   */
  interAgencyModeByMedium?: boolean;
  /**
   * How many supplement requests (Form 02) a dossier may receive (NĐ 118/2025
   * Đ11.2c, Đ16.3, Đ17.2a: "chỉ yêu cầu bổ sung một lần"). A request beyond
   * it is refused (`RULE_VIOLATION`, rule `SUPPLEMENT_LIMIT`), nothing is
   * appended. Absent → no limit (NĐ 61/2018: a second request is only
   * counted late on the KPI clock, F766).
   */
  maxSupplementRequests?: number;
  /**
   * Which requests share {@link maxSupplementRequests}: `'perStage'` (absent)
   * — one at intake (`RequestIntakeSupplement`, Đ16.3/Đ17.2a) and one after
   * appraisal (`RequestSupplement`, Đ19.5), counted apart: Đ19.5 lets the
   * competent agency ask for a supplement of a dossier the one-stop unit
   * already accepted, which a shared limit would forbid whenever intake had
   * asked; `'shared'` — one request in the dossier's whole life.
   */
  supplementLimitScope?: 'perStage' | 'shared';
  /**
   * Calendar days the applicant has to complete a requested supplement; after
   * them the one-stop officer closes the dossier (NĐ 118/2025 Đ19.5: 15 days
   * from the notice; a procedure's sector period, `procedure.supplementPeriodDays`,
   * wins). `CloseDossier` is allowed when the local day is later than notice
   * day + N; the deadline watcher closes then. Absent → the pack has no
   * closure (NĐ 61/2018): `CloseDossier` is refused (`CLOSURE_NOT_IN_RULE_PACK`);
   * `StopProcessing` (cause `supplementNotProvided`) stays available.
   */
  closeUncompletedAfterDays?: number;
  /**
   * Online reception alert (NĐ 118/2025 Đ17.2: the system alerts the receiving
   * officer within 2 hours of system receipt): the deadline watcher emits a
   * `receptionAlert` this many clock hours after `DossierSubmitted` /
   * `IntakeSupplementProvided` unless the dossier was handled by then. Absent
   * → no alert (NĐ 61/2018 has no such rule).
   */
  receptionAlertHours?: number;
  /**
   * The rescheduling form: `'apology'` — Form 04 "Phiếu xin lỗi và hẹn lại
   * ngày trả kết quả" (NĐ 61/2018 Đ19.9); `'extension'` — "Phiếu đề nghị gia
   * hạn thời gian giải quyết" (NĐ 118/2025 Đ19.6, TT 03/2025), also notified to
   * the applicant. Absent → `'apology'`. Both: at most {@link maxReschedules},
   * at least {@link apologyMinWorkingDaysBefore} before the due date.
   */
  rescheduleForm?: 'apology' | 'extension';
  /**
   * Unit of {@link apologyMinWorkingDaysBefore}: both decrees say "01 ngày"
   * without "làm việc" [U]; absent → `'workingDays'` (the reading kept from
   * 2018, see docs/calendar.md); `'calendarDays'` counts plain days.
   */
  rescheduleNoticeUnit?: 'workingDays' | 'calendarDays';
  /**
   * Electronic result document code (NĐ 118/2025 Đ22.4: personal or
   * organisation identifier + result-type code): `DossierResolved` with an
   * electronic result gets `resultDocumentCode` when true. Absent → none.
   */
  resultDocumentCode?: boolean;
  /**
   * Working days to correct an erroneous result from the report of the error
   * (NĐ 118/2025 Đ23.1: 3). Absent → no time limit (NĐ 61/2018 Đ21: fixed at
   * the agency's cost): `ResultErrorReported` has no due date.
   */
  resultCorrectionWorkingDays?: number;
  /**
   * The applicant may amend an online dossier until a decision (bổ sung, sửa
   * đổi hồ sơ trực tuyến, NĐ 118/2025 Đ21): `AmendDossier` is allowed. Absent →
   * refused (`RULE_VIOLATION`, rule `AMENDMENT_NOT_IN_RULE_PACK`; NĐ 61/2018
   * has no such rule).
   */
  onlineAmendment?: boolean;
  /** The article each rule's messages cite (absent keys: the 2018 articles, {@link citation}). */
  citations?: Partial<Record<RuleCitation, string>>;
}

/** The rules whose article a pack names in messages and docs. */
export type RuleCitation = 'supplementLimit' | 'supplementRestart' | 'closure' | 'reschedule' | 'earlyReturn' | 'receptionClock' | 'resultCode' | 'resultCorrection' | 'amendment';
const RULE_CITATIONS = ['supplementLimit', 'supplementRestart', 'closure', 'reschedule', 'earlyReturn', 'receptionClock', 'resultCode', 'resultCorrection', 'amendment'] as const;

const CITATIONS_2018: Readonly<Record<RuleCitation, string>> = Object.freeze({
  supplementLimit: 'NĐ 61/2018 Điều 15.3',
  supplementRestart: 'NĐ 61/2018 Điều 19.4',
  closure: 'NĐ 61/2018 (no closure rule)',
  reschedule: 'NĐ 61/2018 Điều 19.9',
  earlyReturn: 'NĐ 61/2018 Điều 20.2',
  receptionClock: 'brief §10 (NĐ 61/2018 has no reception clock)',
  resultCode: 'NĐ 61/2018 (no result document code)',
  resultCorrection: 'NĐ 61/2018 Điều 21',
  amendment: 'NĐ 61/2018 (no amendment of an online dossier)',
});

/**
 * The article a pack cites for a rule (its `citations`, else the 2018 article).
 * @example
 * ```ts
 * citation(RULE_PACK_2025, 'closure'); // 'NĐ 118/2025 Điều 19.5'
 * ```
 */
export function citation(pack: RulePack, rule: RuleCitation): string {
  return pack.citations?.[rule] ?? CITATIONS_2018[rule];
}

/** Zod schema of a rule pack (the legal rules a dossier is pinned to: NĐ 61/2018 or NĐ 118/2025). */
export const rulePackSchema = z.object({
  id: z.string().min(1),
  formerIds: z.array(z.string().min(1)).optional(),
  basis: z.string().min(1),
  validFrom: localDateSchema,
  validTo: localDateSchema.optional(),
  supplementNoticeWorkingDays: z.number().int().min(0),
  apologyMinWorkingDaysBefore: z.number().int().min(0),
  maxReschedules: z.number().int().min(0),
  transferCutoff: clockTimeSchema,
  dossierCodePattern: z.string().min(1),
  kpiCountIntakeSupplements: z.boolean(),
  receptionLimit: timeLimitSchema.optional(),
  provisional: z.boolean(),
  earlyReturnWithoutNotice: z.enum(['refuse', 'flag']).optional(),
  dossierCodeUnit: z.enum(['receiving', 'competent']).optional(),
  nationalPortalCode: z
    .string()
    .regex(/^[0-9A-Z]+(\.[0-9A-Z]+)*$/)
    .optional(),
  crossBoundaryPaperTransferWorkingDays: z.number().int().min(0).optional(),
  returnElsewhere: z.enum(['refuse', 'flag']).optional(),
  interAgencyModeByMedium: z.boolean().optional(),
  maxSupplementRequests: z.number().int().min(0).optional(),
  supplementLimitScope: z.enum(['perStage', 'shared']).optional(),
  closeUncompletedAfterDays: z.number().int().min(0).max(3650).optional(),
  receptionAlertHours: z.number().positive().max(10_000).optional(),
  rescheduleForm: z.enum(['apology', 'extension']).optional(),
  rescheduleNoticeUnit: z.enum(['workingDays', 'calendarDays']).optional(),
  resultDocumentCode: z.boolean().optional(),
  resultCorrectionWorkingDays: z.number().int().min(0).max(3650).optional(),
  onlineAmendment: z.boolean().optional(),
  citations: z.partialRecord(z.enum(RULE_CITATIONS), z.string().min(1)).optional(),
});

const DOSSIER_CODE_2018 = '^[0-9A-Z]+(\\.[0-9A-Z]+)*-\\d{6}-\\d{4}$';

/** NĐ 61/2018 + TT 01/2018 (2018 wording), in force 21/06/2018 – 30/06/2025. */
export const RULE_PACK_2018: RulePack = Object.freeze({
  id: 'nd61-2018',
  basis: 'NĐ 61/2018/NĐ-CP; TT 01/2018/TT-VPCP',
  validFrom: '2018-06-21',
  validTo: '2025-06-30',
  supplementNoticeWorkingDays: 3,
  apologyMinWorkingDaysBefore: 1,
  maxReschedules: 1,
  transferCutoff: '15:00',
  dossierCodePattern: DOSSIER_CODE_2018,
  kpiCountIntakeSupplements: false,
  provisional: false,
  earlyReturnWithoutNotice: 'flag',
});

/**
 * NĐ 118/2025/NĐ-CP (in force 01/07/2025, Đ40.1) guided by TT 03/2025/TT-VPCP:
 * one supplement request per stage (Đ11.2c, Đ16.3, Đ17.2a), closure after 15
 * days without the supplement (Đ19.5), online reception alert within 2 hours
 * and decision within 8 working hours (Đ17.2), extension instead of apology
 * (Đ19.6), electronic result document code (Đ22.4), correction of an
 * erroneous result within 3 working days (Đ23.1), amendment of an online
 * dossier until a decision (Đ21). As in 2018: the
 * 3-working-day supplement notice and the restart from zero (Đ19.5), the
 * 15:00 transfer cut-off (Đ18.2), at most one reschedule "at least 01 day"
 * before the due date (read as a working day [U]); early return needs prior
 * notice (Đ22.5), flagged when missing (docs/lifecycle.md).
 */
export const RULE_PACK_2025: RulePack = Object.freeze({
  ...RULE_PACK_2018,
  id: 'nd118-2025',
  formerIds: Object.freeze(['nd118-2025-provisional']),
  basis: 'NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP',
  validFrom: '2025-07-01',
  validTo: undefined,
  provisional: false,
  receptionLimit: Object.freeze({ unit: 'workingHours', value: 8 }) as TimeLimit,
  maxSupplementRequests: 1,
  supplementLimitScope: 'perStage',
  closeUncompletedAfterDays: 15,
  receptionAlertHours: 2,
  rescheduleForm: 'extension',
  rescheduleNoticeUnit: 'workingDays',
  resultDocumentCode: true,
  resultCorrectionWorkingDays: 3,
  onlineAmendment: true,
  citations: Object.freeze({
    supplementLimit: 'NĐ 118/2025 Điều 11.2c, 16.3, 17.2a',
    supplementRestart: 'NĐ 118/2025 Điều 19.5',
    closure: 'NĐ 118/2025 Điều 19.5',
    reschedule: 'NĐ 118/2025 Điều 19.6',
    earlyReturn: 'NĐ 118/2025 Điều 22.5',
    receptionClock: 'NĐ 118/2025 Điều 17.2',
    resultCode: 'NĐ 118/2025 Điều 22.4',
    resultCorrection: 'NĐ 118/2025 Điều 23.1',
    amendment: 'NĐ 118/2025 Điều 21',
  }),
  // NĐ 118/2025 Đ28.2 (code), Đ14.2/Đ20.1 (reception regardless of boundaries, return where received), Đ20.2 (mode by medium).
  dossierCodeUnit: 'competent',
  nationalPortalCode: 'DVCQG',
  crossBoundaryPaperTransferWorkingDays: 1,
  returnElsewhere: 'refuse',
  interAgencyModeByMedium: true,
});

/** The bundled rule packs, oldest first. */
export const DEFAULT_RULE_PACKS: readonly RulePack[] = Object.freeze([RULE_PACK_2018, RULE_PACK_2025]);

/**
 * A pinned rule-pack id → its pack among `packs`: by id, else by a former id
 * (the 2025 pack was `nd118-2025-provisional`); among several, the first in
 * force (oldest `validFrom`). `undefined` when none. What `catalog.rulePack`
 * resolves with, and what the report projections read their packs with.
 *
 * @example
 * ```ts
 * const packOf = packLookup(DEFAULT_RULE_PACKS);
 * packOf('nd118-2025-provisional')?.id; // 'nd118-2025'
 * packOf('tinh-x'); // undefined
 * ```
 */
export function packLookup(packs: readonly RulePack[]): (id: string | undefined) => RulePack | undefined {
  const ordered = [...packs].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const byId = new Map<string, RulePack>();
  const byFormerId = new Map<string, RulePack>();
  for (const pack of ordered) {
    if (!byId.has(pack.id)) byId.set(pack.id, pack);
    for (const former of pack.formerIds ?? []) if (!byFormerId.has(former)) byFormerId.set(former, pack);
  }
  return (id) => (id === undefined ? undefined : (byId.get(id) ?? byFormerId.get(id)));
}
