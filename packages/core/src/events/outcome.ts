import { z } from 'zod';
import { defineEvent } from './define';
import { dueSchema, localDateSchema, unitSchema } from './parts';

/** The citizen asked to withdraw the dossier (status 7). */
export const WithdrawalRequested = defineEvent({
  schema: z.object({ reason: z.string().optional() }),
  writes: [],
  evolve: (d, data, at) => void (d.withdrawal = { at, ...(data.reason ? { reason: data.reason } : {}) }),
  label: { vi: 'Công dân yêu cầu rút hồ sơ', en: 'Withdrawal requested' },
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
  schema: z.object({ reason: z.string().min(1) }),
  writes: [],
  evolve: (d, data, at) => void (d.closed = { at, reason: data.reason }),
  label: { vi: 'Đóng hồ sơ (không bổ sung trong 15 ngày)', en: 'Closed (supplement not provided within 15 days)' },
});

/** Result ready (Đã xử lý xong, status 9). */
export const DossierResolved = defineEvent({
  schema: z.object({ electronicResult: z.boolean(), resultFiles: z.array(z.string()).default([]) }),
  writes: [],
  evolve: (d, data, at) => void (d.resolution = { at, outcome: 'granted', electronicResult: data.electronicResult }),
  label: { vi: 'Có kết quả, chuyển Bộ phận Một cửa', en: 'Resolved, result to the one-stop unit' },
});

/** Refusal after appraisal with a written reason (status 9). */
export const ResolutionRefused = defineEvent({
  schema: z.object({ reason: z.string().min(1) }),
  writes: [],
  evolve: (d, data, at) => void (d.resolution = { at, outcome: 'refused', reason: data.reason, electronicResult: false }),
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
  }),
  writes: [],
  evolve: (d, data, at) => void (d.returned = { at, method: data.method, ...(data.place ? { place: data.place } : {}), ...(data.elsewhere ? { elsewhere: true } : {}) }),
  label: { vi: 'Trả kết quả', en: 'Result returned' },
});
    /** Where a counter return happened (NĐ 118/2025 Đ20.1); absent in older logs and for postal/online returns. */
    place: unitSchema.optional(),
    /** Returned at another place than the receiving unit, under a rule pack that flags it (NĐ 118/2025 Đ20.1). */
    elsewhere: z.literal(true).optional(),
