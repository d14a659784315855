import { z } from 'zod';
import { instantSchema, localDateSchema, unitSchema } from '../events/parts';

/**
 * The five evaluation groups of NĐ 118/2025/NĐ-CP Điều 32.1 (formerly the
 * Decision 766 groups) and their maxima: publicity 18, progress 20,
 * digitisation 22, online service 22 (online services 12 + online payment 10),
 * satisfaction 18 — total 100.
 */
export const EVALUATION_GROUPS_2025 = Object.freeze({
  publicity: { vi: 'Công khai, minh bạch', en: 'Publicity and transparency', max: 18 },
  progress: { vi: 'Tiến độ giải quyết', en: 'Progress of resolution', max: 20 },
  digitisation: { vi: 'Số hóa hồ sơ', en: 'Digitisation', max: 22 },
  onlineService: { vi: 'Cung cấp dịch vụ trực tuyến (gồm thanh toán trực tuyến)', en: 'Online service (incl. online payment)', max: 22 },
  satisfaction: { vi: 'Mức độ hài lòng', en: 'Satisfaction', max: 18 },
} as const);

/** A group of the 2025 evaluation (publicity, progress, digitisation, online service, satisfaction). */
export type EvaluationGroup2025 = keyof typeof EVALUATION_GROUPS_2025;

const score = (max: number) =>
  z.object({ points: z.number().min(0), max: z.literal(max) }).refine((g) => g.points <= g.max + 1e-9, { message: 'points above the group maximum', path: ['points'] });

/**
 * The payload of the real-time evaluation sync to the national portal (NĐ
 * 118/2025 Đ32.2: results "được đồng bộ theo thời gian thực" to the national
 * portal and published): one unit, one period, the five groups of Đ32.1 with
 * their indicator values. The transport (and the portal's own field names,
 * not published [U]) belongs to the portal integration; this is the content.
 */
export const portalEvaluationPayloadSchema = z
  .object({
    basis: z.literal('NĐ 118/2025/NĐ-CP Điều 32'),
    unit: z.object({ code: unitSchema.shape.code, name: z.string().optional() }),
    period: z.object({ from: localDateSchema, to: localDateSchema }),
    groups: z.object({
      publicity: score(18),
      progress: score(20),
      digitisation: score(22),
      onlineService: score(22),
      satisfaction: score(18),
    }),
    /** Sum of the group points, out of 100 (indicators without data count 0). */
    total: z.number().min(0).max(100),
    /** Sum of the maxima of indicators with a value: what `total` could reach from dossier events alone. */
    computedMax: z.number().min(0).max(100),
    indicators: z.array(
      z.object({
        /** Decision 766 indicator id, e.g. '2.1'. */
        id: z.string().min(1),
        group: z.enum(['publicity', 'progress', 'digitisation', 'onlineService', 'satisfaction']),
        ratio: z.number().nullable(),
        numerator: z.number().nullable(),
        denominator: z.number().nullable(),
        points: z.number().nullable(),
        max: z.number().min(0),
      }),
    ),
    /** Days of the period whose working status the calendar only estimates (0 = all official). */
    estimatedCalendarDays: z.number().int().min(0),
    generatedAt: instantSchema,
  })
  .refine((p) => p.period.from <= p.period.to, { message: 'period.from is after period.to', path: ['period', 'to'] });

/** A validated evaluation payload for the national portal. */
export type PortalEvaluationPayload = z.output<typeof portalEvaluationPayloadSchema>;
