/**
 * Zod schemas of the published shapes that the packages declare only as
 * TypeScript types: the stored-event envelope (`StoredEvent`, `EventMetadata`)
 * and the report rows of `@motcua/projections` (06a, Decision 766, TT 01/2018,
 * satisfaction, reception SLA). `scripts/schemas.ts` turns them into JSON
 * Schema; the desk's OpenAPI document uses the row schemas for its report
 * answers.
 *
 * Each schema is held to its type at compile time ({@link Same}): adding,
 * removing or retyping a field of `Report06aRow` (say) without changing the
 * schema here fails `pnpm typecheck`, so the published schemas cannot drift
 * from the code silently.
 */
import { z } from 'zod';
import { eventSchemas, type Actor, type DossierEventType, type EventMetadata } from '@motcua/core';
import { GROUP_DIMENSIONS } from '@motcua/projections';
import type {
  AgencyBand,
  Decision766Row,
  GroupDimension,
  Indicator766,
  IndicatorValue,
  OfficialBand,
  ReceptionDimension,
  ReceptionRow,
  Report06aRow,
  SatisfactionDimension,
  SatisfactionRow,
  Tt01Index,
  Tt01Row,
} from '@motcua/projections';
import type { Same } from '@motcua/core/testkit';

/** Compiles only for `true`. */
const same = <T extends true>(..._proof: T[]): void => undefined;

const count = z.number().int().min(0);
const rate = z.number().min(0).max(1).nullable();

// ---------------------------------------------------------------- events

/** Who did it (`Actor`). */
export const actorSchema = z.object({ id: z.string(), role: z.string(), unit: z.string().optional(), name: z.string().optional() }).meta({ title: 'Actor' });

/** Metadata carried by every stored event (`EventMetadata`). */
export const eventMetadataSchema = z
  .object({
    eventId: z.string().describe('uuid v7, unique across the store'),
    schemaVersion: z.number().int().min(1).describe('Schema version of `data` for this event type'),
    occurredAt: z.string().describe('Business time (Asia/Ho_Chi_Minh), ISO-8601 with offset'),
    recordedAt: z.string().describe('When the engine recorded it, ISO-8601 UTC'),
    actor: actorSchema.optional(),
    commandId: z.string().optional(),
    correlationId: z.string().optional(),
    causationId: z.string().optional(),
    commandHash: z.number().optional().describe('Fingerprint of the validated command that produced the event'),
    hash: z.string().optional().describe("The event's link in its stream's hash chain (SHA-256, hex), set by the store on append"),
    personalData: z
      .object({
        subject: z.string(),
        keyVersion: z.number(),
        fields: z.array(z.string()).readonly(),
        actor: z.array(z.string()).readonly().optional(),
        ct: z.string().optional(),
        erased: z.boolean().optional(),
      })
      .optional()
      .describe(
        'Which personal fields are stored encrypted (AES-256-GCM, their values in `ct`; the fields read `[mã hoá]` in the stored form) under whose key; `erased`: the key is destroyed and they read redacted (docs/security.md)',
      ),
  })
  .meta({ title: 'EventMetadata' });

same<Same<z.output<typeof actorSchema>, Actor>>();
same<Same<z.output<typeof eventMetadataSchema>, EventMetadata>>();

/** A stored dossier event of one type: `type`, its `data`, `metadata`, stream, stream version and global position. */
export function storedEventSchema<T extends DossierEventType>(type: T) {
  return z.object({
    type: z.literal(type),
    data: eventSchemas[type] as z.ZodType,
    metadata: eventMetadataSchema,
    streamId: z.string().regex(/^dossier-/),
    version: z.number().int().min(1),
    position: z.number().int().min(1),
  });
}

/** Any stored dossier event: the union of {@link storedEventSchema} over the live event registry. */
export function dossierEventSchema(types: readonly DossierEventType[]) {
  const members = types.map((t) => storedEventSchema(t));
  return z.discriminatedUnion('type', members as unknown as [ReturnType<typeof storedEventSchema>, ...ReturnType<typeof storedEventSchema>[]]);
}

// ---------------------------------------------------------------- report rows

const optionalStrings = <const K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, z.string().optional()])) as { [P in K]: z.ZodOptional<z.ZodString> };

/** A timeliness row's group: the grouping values (codes), and `period` when the query splits the period. */
export const groupKeySchema = z.object(optionalStrings<GroupDimension | 'period'>([...GROUP_DIMENSIONS, 'period'])).meta({ title: 'GroupKey' });

/** One row of report 06a (Mẫu 06a, TT 01/2018): columns 3–13 and the extra counters. */
export const report06aRowSchema = z
  .object({
    group: groupKeySchema,
    received: z.object({ total: count, online: count, directOrPostal: count, carriedOver: count }).describe('Columns 3–6'),
    resolved: z.object({ total: count, early: count, onTime: count, late: count }).describe('Columns 7–10'),
    pending: z.object({ total: count, withinTime: count, overdue: count }).describe('Columns 11–13'),
    other: z
      .object({ total: count, refused: count, withdrawn: count, stopped: count, closed: count, waitingForCitizen: count })
      .describe('Outside columns 7 and 11 (national convention: total = refused + withdrawn + stopped + closed); closed = NĐ 118/2025 Đ19.5'),
    onTimeRate: rate.describe('(early + on time) / resolved; null when nothing was resolved'),
    estimatedCalendarDays: count,
  })
  .meta({ title: 'Report06aRow', description: 'One row of report 06a (Mẫu 06a, Thông tư 01/2018/TT-VPCP).' });
same<Same<z.output<typeof report06aRowSchema>, Report06aRow>>();

const INDICATORS_766 = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.1',
  '2.2',
  '3.1',
  '3.2',
  '3.3',
  '3.5',
  '3.5b',
  '3.6',
  '4.1',
  '4.2',
  '4.2b',
  '4.3',
  '4.4',
  '4.5a',
  '4.5b',
  '5.1',
  '5.2',
  '5.3',
  '5.4',
] as const satisfies readonly Indicator766[];
same<Same<(typeof INDICATORS_766)[number], Indicator766>>();

const nullableNumber = z.number().nullable();
/** One Decision 766 indicator's value. */
export const indicator766Schema = z
  .object({
    id: z.enum(INDICATORS_766),
    ratio: nullableNumber.describe('Ratio in [0, 1] (2.2: mean working days); null when not computable or the denominator is 0'),
    percent: nullableNumber,
    numerator: nullableNumber,
    denominator: nullableNumber,
    points: nullableNumber,
    max: z.number(),
  })
  .meta({ id: 'Indicator766', title: 'Indicator766', description: 'One indicator of Quyết định 766/QĐ-TTg.' });
same<Same<z.output<typeof indicator766Schema>, IndicatorValue>>();

const points = z.object({ points: z.number(), max: z.number() });
/** One row of the Decision 766 report. */
export const decision766RowSchema = z
  .object({
    group: groupKeySchema,
    indicators: z.object(Object.fromEntries(INDICATORS_766.map((id) => [id, indicator766Schema])) as { [K in Indicator766]: typeof indicator766Schema }),
    groups: z.object({ 1: points, 2: points, 3: points, 4: points, 5: points, 6: points }),
    total: z.number(),
    computedMax: z.number(),
    estimatedCalendarDays: count,
  })
  .meta({ title: 'Decision766Row', description: 'One row of the Quyết định 766/QĐ-TTg report: every indicator, points per group, total out of 100.' });
same<Same<z.output<typeof decision766RowSchema>, Decision766Row>>();

const TT01_INDICES = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const satisfies readonly Tt01Index[];
same<Same<(typeof TT01_INDICES)[number], Tt01Index>>();
const OFFICIAL_BANDS = ['full', 'partial', 'low'] as const satisfies readonly OfficialBand[];
const AGENCY_BANDS = ['excellent', 'good', 'fair', 'average', 'weak'] as const satisfies readonly AgencyBand[];
same<Same<(typeof OFFICIAL_BANDS)[number], OfficialBand>>();
same<Same<(typeof AGENCY_BANDS)[number], AgencyBand>>();

/** One row of the TT 01/2018 scoring (per official or per agency). */
export const tt01RowSchema = z
  .object({
    key: z.string().describe('Official id (by: official) or agency code (by: agency)'),
    indices: z.object(Object.fromEntries(TT01_INDICES.map((i) => [i, z.number().optional()])) as { [K in Tt01Index]: z.ZodOptional<z.ZodNumber> }),
    dossiers: count,
    total: z.number(),
    max: z.number(),
    scaled: z.number(),
    band: z.enum([...OFFICIAL_BANDS, ...AGENCY_BANDS]),
    estimatedCalendarDays: count,
  })
  .meta({ title: 'Tt01Row', description: 'One row of the Thông tư 01/2018/TT-VPCP scoring (Điều 13), per official or per agency.' });
same<Same<z.output<typeof tt01RowSchema>, Tt01Row>>();

const SATISFACTION_DIMENSIONS = ['unit', 'agency', 'procedure', 'official', 'criterion', 'content'] as const satisfies readonly SatisfactionDimension[];
same<Same<(typeof SATISFACTION_DIMENSIONS)[number], SatisfactionDimension>>();

/** One row of the satisfaction report. */
export const satisfactionRowSchema = z
  .object({
    group: z.object(optionalStrings(SATISFACTION_DIMENSIONS)),
    ratings: z.record(z.string(), count).describe('Ratings per level code of the scale'),
    unrecognised: count,
    total: count,
    satisfied: count,
    satisfactionRate: rate,
    likes: count,
    dislikes: count,
    petitions: z.object({ received: count, answered: count, answeredOnTime: count, onTimeRate: rate }),
  })
  .meta({ title: 'SatisfactionRow', description: 'One row of the satisfaction report (ratings, likes, petitions).' });
same<Same<z.output<typeof satisfactionRowSchema>, SatisfactionRow>>();

const RECEPTION_DIMENSIONS = ['unit', 'procedure'] as const satisfies readonly ReceptionDimension[];
same<Same<(typeof RECEPTION_DIMENSIONS)[number], ReceptionDimension>>();

/** One row of the reception-SLA report. */
export const receptionRowSchema = z
  .object({
    group: z.object(optionalStrings(RECEPTION_DIMENSIONS)),
    unitName: z.string().optional(),
    submitted: count,
    handled: z.object({ total: count, onTime: count, late: count, accepted: count, refused: count, supplementRequested: count }),
    pending: z.object({ total: count, withinTime: count, overdue: count }),
    cancelled: count,
    onTimeRate: rate,
    estimatedCalendarDays: count,
  })
  .meta({ title: 'ReceptionRow', description: 'One row of the online reception SLA report, per receiving unit and/or procedure.' });
same<Same<z.output<typeof receptionRowSchema>, ReceptionRow>>();

/** Every report row schema, by the file name it is published under (`schemas/reports/<name>.schema.json`). */
export const reportRowSchemas = {
  'report-06a-row': report06aRowSchema,
  'decision-766-row': decision766RowSchema,
  'decision-766-indicator': indicator766Schema,
  'tt01-row': tt01RowSchema,
  'satisfaction-row': satisfactionRowSchema,
  'reception-row': receptionRowSchema,
} as const;
