import type { DestroyedKey, ErasureRecord, SubjectKey } from './key-store';

/**
 * A row of a SQL key table (`personal_keys` / `motcua_personal_keys`), as both
 * the SQLite and the PostgreSQL key stores read it: the key is NULL once
 * destroyed, and the erasure's time, reason and author are kept.
 */
export interface KeyRow {
  subject: string;
  version: number;
  key: Uint8Array | null;
  erased_at: string | null;
  reason: string | null;
  erased_by: string | null;
}

/**
 * The key (or the record that it was destroyed) of a key-table row, frozen.
 *
 * @example
 * ```ts
 * import { keyFromRow } from '@motcua/core/store-kit';
 * keyFromRow({ subject: 'hs-1', version: 1, key: null, erased_at: '2026-11-30T08:00:00.000Z', reason: 'NĐ 13/2023 request', erased_by: null });
 * // { subject: 'hs-1', destroyed: true, erasedAt: '2026-11-30T08:00:00.000Z', reason: 'NĐ 13/2023 request' }
 * ```
 */
export const keyFromRow = (row: KeyRow): SubjectKey | DestroyedKey =>
  row.key === null
    ? Object.freeze({ subject: row.subject, destroyed: true as const, erasedAt: row.erased_at ?? '', reason: row.reason ?? '' })
    : Object.freeze({ subject: row.subject, version: row.version, key: new Uint8Array(row.key) });

/** The erasure record of a key-table row whose key is destroyed. */
export const erasureFromRow = (row: KeyRow): ErasureRecord => ({
  subject: row.subject,
  erasedAt: row.erased_at ?? '',
  reason: row.reason ?? '',
  ...(row.erased_by !== null ? { by: row.erased_by } : {}),
});
