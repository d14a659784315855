import { z } from 'zod';
import { defineEvent } from './define';
import { componentSchema, dueSchema, localDateSchema, unitSchema } from './parts';

/** The citizen asked to withdraw the dossier (status 7). */
export const WithdrawalRequested = defineEvent({
  schema: z.object({ reason: z.string().optional() }),
  writes: [],
  evolve: (d, data, at) => void (d.withdrawal = { at, ...(data.reason ? { reason: data.reason } : {}) }),
  label: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawal requested' },
});

/**
 * The applicant amended the online dossier (bổ sung, sửa đổi hồ sơ trực
 * tuyến, NĐ 118/2025 Đ21): allowed until a decision, for dossiers filed
 * online under the 2025 rule pack. `description` says what changed;
 * `components`, when given, replaces the dossier's component list (same shape
 * as at submission). The status, the due date and the KPI clock do not move
 * (the decree says nothing of the clock [U]).
 */
export const DossierAmended = defineEvent({
  schema: z.object({ description: z.string().min(1), components: z.array(componentSchema).optional() }),
  writes: [],
  evolve: (d, data, at) => {
    d.amendment = { count: (d.amendment?.count ?? 0) + 1, lastAt: at, description: data.description };
    if (data.components) d.components = data.components;
  },
  label: { vi: 'Bổ sung, sửa đổi hồ sơ trực tuyến', en: 'Online dossier amended' },
});

/** Processing stopped (status 8). */
export const ProcessingStopped = defineEvent({
  schema: z.object({ reason: z.string().min(1), cause: z.enum(['withdrawal', 'supplementNotProvided', 'feeNotPaid', 'other']) }),
  writes: [],
  evolve: (d, data, at) => void (d.stopped = { at, reason: data.reason, cause: data.cause }),
  label: { vi: 'Dừng xử lý', en: 'Stopped' },
});

/**
 * The one-stop officer closed the dossier: the applicant did not complete the
 * requested supplement within 15 days of the notice (NĐ 118/2025 Đ19.5).
 * Final; national status 8 (stopped).
 */
export const DossierClosed = defineEvent({
  schema: z.object({
    reason: z.string().min(1),
    /** The last day the applicant had (notice day + the period); absent in older logs. */
    periodEnded: localDateSchema.optional(),
  }),
  writes: [],
  evolve: (d, data, at) => void (d.closed = { at, reason: data.reason }),
  label: { vi: 'Đóng hồ sơ (không bổ sung trong 15 ngày)', en: 'Closed (supplement not provided within 15 days)' },
});

/** Result ready (Đã xử lý xong, status 9). */
export const DossierResolved = defineEvent({
  schema: z.object({
    electronicResult: z.boolean(),
    resultFiles: z.array(z.string()).default([]),
    /**
     * Document code of the electronic result on the national portal (NĐ 118/2025
     * Đ22.4): the applicant's personal or organisation identifier + the
     * procedure's result-type code, `<id>-<resultTypeCode>` [U: separator].
     * Absent in older logs, for paper results, under NĐ 61/2018, or when the
     * applicant has no identifier or the procedure no result-type code.
     */
    resultDocumentCode: z.string().min(1).optional(),
  }),
  writes: [],
  evolve: (draft, data, at) =>
    void (draft.resolution = {
      at,
      outcome: 'granted',
      electronicResult: data.electronicResult,
      ...(data.resultDocumentCode ? { resultDocumentCode: data.resultDocumentCode } : {}),
    }),
  label: { vi: 'Có kết quả, chuyển Bộ phận Một cửa', en: 'Resolved, result to the one-stop unit' },
});

/** Refusal after appraisal with a written reason (status 9). */
export const ResolutionRefused = defineEvent({
  schema: z.object({ reason: z.string().min(1) }),
  writes: [],
  evolve: (draft, data, at) => void (draft.resolution = { at, outcome: 'refused', reason: data.reason, electronicResult: false }),
  label: { vi: 'Từ chối giải quyết', en: 'Refused after appraisal' },
});

/** Early return needs prior notice (Đ20). */
export const EarlyReturnNotified = defineEvent({
  schema: z.object({ channel: z.enum(['sms', 'email', 'phone', 'social', 'portal']) }),
  writes: [],
  evolve: (d, _data, at) => void (d.earlyReturnNotifiedAt = at),
  label: { vi: 'Thông báo trả kết quả trước hạn', en: 'Early return notified' },
});

/** Result returned (Đã trả kết quả, status 10). */
export const ResultReturned = defineEvent({
  schema: z.object({
    method: z.enum(['counter', 'postal', 'online']),
    receiver: z.string().optional(),
    /** Returned before the due date without prior notice (Đ20.2), under a rule pack that flags it. Absent otherwise. */
    earlyWithoutNotice: z.literal(true).optional(),
    /** Where a counter return happened (NĐ 118/2025 Đ20.1); absent in older logs and for postal/online returns. */
    place: unitSchema.optional(),
    /** Returned at another place than the receiving unit, under a rule pack that flags it (NĐ 118/2025 Đ20.1). */
    elsewhere: z.literal(true).optional(),
  }),
  writes: [],
  evolve: (draft, data, at) => void (draft.returned = { at, method: data.method, ...(data.place ? { place: data.place } : {}), ...(data.elsewhere ? { elsewhere: true } : {}) }),
  label: { vi: 'Trả kết quả', en: 'Result returned' },
});

/**
 * An error in the returned result was reported (by the applicant or found by
 * the agency). Under NĐ 118/2025 Đ23.1 it must be corrected within 3 working
 * days: `due` (from the rule pack's `resultCorrectionWorkingDays`, counted from
 * the report); absent under NĐ 61/2018 Đ21 (no limit).
 */
export const ResultErrorReported = defineEvent({
  schema: z.object({ description: z.string().min(1), reportedBy: z.enum(['applicant', 'agency']), due: dueSchema.optional() }),
  writes: [],
  evolve: (draft, data, at) =>
    void (draft.resultCorrection = { reportedAt: at, description: data.description, ...(data.due ? { due: data.due } : {}), count: (draft.resultCorrection?.count ?? 0) + 1 }),
  label: { vi: 'Phát hiện sai sót trong kết quả', en: 'Error in the result reported' },
});

/** The erroneous result was corrected and returned again; `late` against the report's `due` (NĐ 118/2025 Đ23.1). */
export const ResultCorrected = defineEvent({
  schema: z.object({ note: z.string().optional(), late: z.boolean() }),
  writes: [],
  evolve: (draft, data, at) => void (draft.resultCorrection &&= { ...draft.resultCorrection, correctedAt: at, late: data.late }),
  label: { vi: 'Sửa sai sót, trả lại kết quả', en: 'Result corrected' },
});
