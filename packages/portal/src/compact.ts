/**
 * A dossier's portal record as one short string (bản ghi gọn): a JSON array
 * of its fields in a fixed order, no history. For large simulations that keep
 * one record per dossier (the simulated portal with `history: false`, the
 * demo's expected view): one flat string instead of an object and a string
 * per field. Exact: `decodePortalRecord(id, encodePortalRecord(r))` gives back
 * every field of `r` but its history. Pure.
 */
import { ValidationError, type ErrorIssue, type NationalStatus } from '@motcua/core';
import type { PortalDossierRecord } from './record';

/**
 * The optional fields, in their place in the array after status, version, updatedAt and firstAt. New fields go
 * at the end: a string written before one existed decodes with it absent.
 */
const OPTIONAL = ['step', 'dossierCode', 'procedureCode', 'unitCode', 'channel', 'legalDue', 'rescheduledDue', 'dueAt'] as const;

type Encoded = [NationalStatus | null, number, string, string, ...(string | number | null)[]];

const NO_HISTORY: PortalDossierRecord['history'] = Object.freeze([]) as unknown as PortalDossierRecord['history'];

/**
 * Encode a record (its dossier id and history left out) as one string.
 *
 * @example
 * ```ts
 * import { encodePortalRecord } from '@motcua/portal';
 * encodePortalRecord({ dossierId: 'd-1', status: 2, version: 1, updatedAt: '2025-07-01T08:00:00+07:00', firstAt: '2025-07-01T08:00:00+07:00', history: [] });
 * // '[2,1,"2025-07-01T08:00:00+07:00","2025-07-01T08:00:00+07:00",null,null,null,null,null,null,null,null]'
 * ```
 */
export function encodePortalRecord(record: PortalDossierRecord): string {
  const out: Encoded = [record.status, record.version, record.updatedAt, record.firstAt];
  for (const field of OPTIONAL) out.push(record[field] ?? null);
  return JSON.stringify(out);
}

/**
 * Decode what {@link encodePortalRecord} wrote: a new record of `dossierId`
 * with an empty (frozen) history; absent fields stay absent. Text it did not
 * write is a `ValidationError` (issues with the path in the array).
 *
 * @example
 * ```ts
 * import { decodePortalRecord } from '@motcua/portal';
 * decodePortalRecord('d-1', '[2,1,"2025-07-01T08:00:00+07:00","2025-07-01T08:00:00+07:00",null,null,null,null,null,null,null,null]').status; // 2
 * ```
 */
export function decodePortalRecord(dossierId: string, text: string): PortalDossierRecord {
  const [status, version, updatedAt, firstAt, ...rest] = parseEncoded(text);
  const record: PortalDossierRecord = { dossierId, status, version, updatedAt, firstAt, history: NO_HISTORY };
  OPTIONAL.forEach((field, i) => {
    const value = rest[i];
    if (value !== null && value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
  });
  return record;
}

/** The encoded array, checked: `ValidationError` for text `encodePortalRecord` did not write. */
function parseEncoded(text: string): Encoded {
  let value: unknown;
  try {
    value = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    value = undefined;
  }
  const issues: ErrorIssue[] = [];
  if (!Array.isArray(value) || value.length < 4) issues.push({ code: 'invalid_type', path: [], message: 'expected the JSON array written by encodePortalRecord' });
  else {
    const [status, version, updatedAt, firstAt] = value as unknown[];
    if (status !== null && !(Number.isInteger(status) && (status as number) >= 1 && (status as number) <= 10))
      issues.push({ code: 'invalid_value', path: [0], message: 'expected a national status 1–10 or null' });
    if (!Number.isInteger(version) || (version as number) < 0) issues.push({ code: 'invalid_type', path: [1], message: 'expected a version' });
    if (typeof updatedAt !== 'string') issues.push({ code: 'invalid_type', path: [2], message: 'expected an instant' });
    if (typeof firstAt !== 'string') issues.push({ code: 'invalid_type', path: [3], message: 'expected an instant' });
    (value as unknown[]).slice(4).forEach((field, i) => {
      if (field !== null && typeof field !== 'string' && typeof field !== 'number')
        issues.push({ code: 'invalid_type', path: [4 + i], message: `expected ${OPTIONAL[i] ?? 'a field'} as a string, a number or null` });
    });
  }
  if (issues.length) throw new ValidationError('Not a compact portal record', issues);
  return value as Encoded;
}
