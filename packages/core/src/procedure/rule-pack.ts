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
}

export const rulePackSchema = z.object({
  id: z.string().min(1),
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
  nationalPortalCode: z.string().regex(/^[0-9A-Z]+(\.[0-9A-Z]+)*$/).optional(),
  crossBoundaryPaperTransferWorkingDays: z.number().int().min(0).optional(),
  returnElsewhere: z.enum(['refuse', 'flag']).optional(),
  interAgencyModeByMedium: z.boolean().optional(),
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

/** NĐ 118/2025 from 01/07/2025: a provisional copy of the 2018 rules until checked [U]. */
export const RULE_PACK_2025: RulePack = Object.freeze({
  ...RULE_PACK_2018,
  id: 'nd118-2025-provisional',
  basis: 'NĐ 118/2025/NĐ-CP; TT 03/2025/TT-VPCP (provisional copy of 2018 rules)',
  validFrom: '2025-07-01',
  validTo: undefined,
  provisional: true,
  // NĐ 118/2025 Đ28.2 (code), Đ14.2/Đ20.1 (reception regardless of boundaries, return where received), Đ20.2 (mode by medium).
  dossierCodeUnit: 'competent',
  nationalPortalCode: 'DVCQG',
  crossBoundaryPaperTransferWorkingDays: 1,
  returnElsewhere: 'refuse',
  interAgencyModeByMedium: true,
});

/** The bundled rule packs, oldest first. */
export const DEFAULT_RULE_PACKS: readonly RulePack[] = Object.freeze([RULE_PACK_2018, RULE_PACK_2025]);
