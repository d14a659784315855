import { z } from 'zod';
import { localDateSchema, timeLimitSchema } from '../procedure/time-limit';
import { isInstantString } from '../time';

/**
 * Size limits of strings and lists in commands (UTF-16 code units / elements).
 * Stable: raising one is compatible, lowering one is not.
 */
export const LIMITS = Object.freeze({
  /** Ids and short labels: actor id and role, consultation/petition ids, rating criteria. */
  id: 200,
  /** Unit, agency, component and item codes. */
  code: 100,
  /** Names of people, units, agencies, components. */
  name: 500,
  /** Phone and identity numbers. */
  number: 50,
  /** E-mail addresses. */
  email: 320,
  /** Postal addresses, file references. */
  address: 2000,
  /** Free text: reasons, contents, answers, notes. */
  text: 10_000,
  /** Elements of a list (components, items, participants, …). */
  list: 200,
});

/** No NUL character and no unpaired surrogate: text every store (JSON, SQLite, PostgreSQL jsonb) can hold as is. */
export const isWellFormedText = (input: string): boolean => input.indexOf('\u0000') === -1 && (input as unknown as { isWellFormed(): boolean }).isWellFormed();

/** A bounded, well-formed string of `min`–`max` code units. */
export const text = (max: number, min = 0) => (min > 0 ? z.string().min(min) : z.string()).max(max).refine(isWellFormedText, 'contains a NUL character or an unpaired surrogate');

/** ISO-8601 instant with offset. */
export const instantSchema = z
  .string()
  .refine(isInstantString, 'expected an ISO-8601 instant with offset naming a real day and time in the years 0000–9999, e.g. 2025-03-04T09:30:00+07:00');

/** A due date: local day + instant. */
export const dueSchema = z.object({ date: localDateSchema, at: instantSchema });

/** Receiving unit (Bộ phận Một cửa) or agency, identified by its TT 10/2016 code. */
export const unitSchema = z.object({
  code: z
    .string()
    .max(LIMITS.code)
    .regex(/^[0-9A-Z]+(\.[0-9A-Z]+)*$/, 'expected a unit code like 000.00.06.H56'),
  name: text(LIMITS.name, 1),
});

export const agencyRefSchema = z.object({ code: text(LIMITS.code, 1), name: text(LIMITS.name, 1) });

/** Applicant (người nộp hồ sơ / tổ chức, cá nhân). */
export const applicantSchema = z.object({
  name: text(LIMITS.name, 1),
  idNumber: text(LIMITS.number).optional(),
  phone: text(LIMITS.number).optional(),
  email: text(LIMITS.email).optional(),
  address: text(LIMITS.address).optional(),
  kind: z.enum(['citizen', 'organisation']).default('citizen'),
});

/** A dossier component (thành phần hồ sơ) with digitisation flags (766 group 4). */
export const componentSchema = z.object({
  code: text(LIMITS.code, 1),
  name: text(LIMITS.name, 1).optional(),
  /** bản chính / bản sao chứng thực / bản sao. */
  form: z.enum(['original', 'certified', 'copy', 'electronic']).default('copy'),
  /** Scanned/digitised at receipt (số hóa). */
  digitised: z.boolean().default(false),
  /** Taken from already-digitised data instead of asking the citizen (tái sử dụng). */
  reused: z.boolean().default(false),
  /** Taken from the citizen's DVCQG data store (kho dữ liệu). */
  fromCitizenStore: z.boolean().default(false),
});

/** Reception channel (kênh): 1 in person, 2 online, 3 public postal service. */
export const channelSchema = z.enum(['direct', 'online', 'postal']);
/** Reception channel (kênh tiếp nhận): `direct`, `online` or `postal`. */
export type Channel = z.output<typeof channelSchema>;

/** National channel code used by DVCQG (1 direct, 2 online, 3 postal). */
export const CHANNEL_CODE: Readonly<Record<Channel, 1 | 2 | 3>> = Object.freeze({ direct: 1, online: 2, postal: 3 });

export const supplementItemSchema = z.object({ code: text(LIMITS.code).optional(), name: text(LIMITS.name, 1), note: text(LIMITS.text).optional() });

export const procedureRefSchema = z.object({ code: z.string().min(1), version: z.string().min(1) });

export { localDateSchema, timeLimitSchema };
