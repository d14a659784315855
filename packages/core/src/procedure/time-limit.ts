import { z } from 'zod';

/** `YYYY-MM-DD` local date. */
export const localDateSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected a local date YYYY-MM-DD');

/** `HH:MM` clock time. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a clock time HH:MM');

/**
 * A time limit (thời hạn giải quyết): working days, working hours, calendar
 * days, or same day with a cut-off (default 15:00).
 */
export const timeLimitSchema = z.discriminatedUnion('unit', [
  z.object({ unit: z.literal('workingDays'), value: z.number().int().min(0).max(3650) }),
  z.object({ unit: z.literal('workingHours'), value: z.number().positive().max(10_000) }),
  z.object({ unit: z.literal('calendarDays'), value: z.number().int().min(0).max(3650) }),
  z.object({ unit: z.literal('sameDay'), cutoff: clockTimeSchema.optional() }),
]);
