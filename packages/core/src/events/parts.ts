import { z } from 'zod';
import { localDateSchema, timeLimitSchema } from '../procedure/time-limit';
import { isInstantString } from '../time';

/** ISO-8601 instant with offset. */
export const instantSchema = z.string().refine(isInstantString, 'expected an ISO-8601 instant with offset, e.g. 2025-03-04T09:30:00+07:00');

/** A due date: local day + instant. */
export const dueSchema = z.object({ date: localDateSchema, at: instantSchema });

/** Receiving unit (Bộ phận Một cửa) or agency, identified by its TT 10/2016 code. */
export const unitSchema = z.object({ code: z.string().regex(/^[0-9A-Z]+(\.[0-9A-Z]+)*$/, 'expected a unit code like 000.00.06.H56'), name: z.string().min(1) });

export const agencyRefSchema = z.object({ code: z.string().min(1), name: z.string().min(1) });

/** Applicant (người nộp hồ sơ / tổ chức, cá nhân). */
export const applicantSchema = z.object({
  name: z.string().min(1),
  idNumber: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  address: z.string().optional(),
  kind: z.enum(['citizen', 'organisation']).default('citizen'),
});

/** A dossier component (thành phần hồ sơ) with digitisation flags (766 group 4). */
export const componentSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1).optional(),
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
export type Channel = z.output<typeof channelSchema>;

/** National channel code used by DVCQG (1 direct, 2 online, 3 postal). */
export const CHANNEL_CODE: Readonly<Record<Channel, 1 | 2 | 3>> = Object.freeze({ direct: 1, online: 2, postal: 3 });

export const supplementItemSchema = z.object({ code: z.string().optional(), name: z.string().min(1), note: z.string().optional() });

export const procedureRefSchema = z.object({ code: z.string().min(1), version: z.string().min(1) });

export { localDateSchema, timeLimitSchema };
