/**
 * A dossier's portal record as one short string (bản ghi gọn): a JSON array
 * of its fields in a fixed order, no history. For large simulations that keep
 * one record per dossier (the simulated portal with `history: false`, the
 * demo's expected view): one flat string instead of an object and a string
 * per field. Exact: `decodePortalRecord(id, encodePortalRecord(r))` gives back
 * every field of `r` but its history. Pure.
 */
import type { NationalStatus } from '@motcua/core';
import type { PortalDossierRecord } from './record';

/** The optional fields, in their place in the array after status, version, updatedAt and firstAt. */
const OPTIONAL = ['step', 'dossierCode', 'procedureCode', 'unitCode', 'channel', 'legalDue', 'rescheduledDue'] as const;

type Encoded = [NationalStatus | null, number, string, string, ...(string | number | null)[]];

const NO_HISTORY: PortalDossierRecord['history'] = Object.freeze([]) as unknown as PortalDossierRecord['history'];

/**
 * Encode a record (its dossier id and history left out) as one string.
 *
 * @example
 * ```ts
 * import { encodePortalRecord } from '@motcua/portal';
 * encodePortalRecord({ dossierId: 'd-1', status: 2, version: 1, updatedAt: '2025-07-01T08:00:00+07:00', firstAt: '2025-07-01T08:00:00+07:00', history: [] });
 * // '[2,1,"2025-07-01T08:00:00+07:00","2025-07-01T08:00:00+07:00",null,null,null,null,null,null,null]'
 * ```
 */
export function encodePortalRecord(record: PortalDossierRecord): string {
  const out: Encoded = [record.status, record.version, record.updatedAt, record.firstAt];
  for (const field of OPTIONAL) out.push(record[field] ?? null);
  return JSON.stringify(out);
}

/**
 * Decode what {@link encodePortalRecord} wrote: a new record of `dossierId`
 * with an empty (frozen) history; absent fields stay absent.
 *
 * @example
 * ```ts
 * import { decodePortalRecord } from '@motcua/portal';
 * decodePortalRecord('d-1', '[2,1,"2025-07-01T08:00:00+07:00","2025-07-01T08:00:00+07:00",null,null,null,null,null,null,null]').status; // 2
 * ```
 */
export function decodePortalRecord(dossierId: string, text: string): PortalDossierRecord {
  const [status, version, updatedAt, firstAt, ...rest] = JSON.parse(text) as Encoded;
  const record: PortalDossierRecord = { dossierId, status, version, updatedAt, firstAt, history: NO_HISTORY };
  OPTIONAL.forEach((field, i) => {
    const value = rest[i];
    if (value !== null && value !== undefined) (record as unknown as Record<string, unknown>)[field] = value;
  });
  return record;
}
