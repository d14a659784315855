/**
 * What the portal keeps about one dossier (hồ sơ trên Cổng DVCQG), and how an
 * update changes it. The simulated portal applies updates in the order they
 * arrive, like a plain receiver; our expected view applies them in stream
 * order. Pure.
 */
import type { NationalStatus } from '@motcua/core';
import type { PortalStatusUpdate } from './update';

/** One update as the portal received it. */
export interface PortalHistoryEntry {
  /** The idempotency key (the outbox message id). */
  key: string;
  version: number;
  eventType: string;
  status?: NationalStatus;
  occurredAt: string;
  /** When the portal received it (its wall clock, ISO-8601 UTC). */
  receivedAt: string;
}

/** A dossier as the portal knows it: the latest value of every field, and what it was told when. */
export interface PortalDossierRecord {
  dossierId: string;
  /** The latest status received; null while only status-less updates arrived. */
  status: NationalStatus | null;
  /** Version of the last update applied. */
  version: number;
  /** Business time of the last update applied. */
  updatedAt: string;
  /** Business time of the first update applied. */
  firstAt: string;
  step?: string;
  dossierCode?: string;
  procedureCode?: string;
  unitCode?: string;
  channel?: 1 | 2 | 3;
  legalDue?: string;
  rescheduledDue?: string;
  /** The appointment in force (ngày hẹn trả kết quả): the latest `dueAt` received. */
  dueAt?: string;
  /** Every distinct update received, in arrival order (duplicates are not repeated). */
  history: PortalHistoryEntry[];
}

/**
 * Apply one update to a record (or start one). Fields present in the update
 * replace the record's; the status stays when the update has none.
 * `keepHistory: false` keeps no history (large simulations: memory).
 *
 * @example
 * ```ts
 * import { applyPortalUpdate } from '@motcua/portal';
 * const record = applyPortalUpdate(undefined, { dossierId: 'd-1', version: 1, eventType: 'DossierAccepted', occurredAt: '2025-07-01T08:00:00+07:00', status: 2 }, 'k1', '2025-07-01T01:00:01Z');
 * record.status; // 2
 * ```
 */
export function applyPortalUpdate(record: PortalDossierRecord | undefined, update: PortalStatusUpdate, key: string, receivedAt: string, keepHistory = true): PortalDossierRecord {
  const next: PortalDossierRecord = record
    ? { ...record, history: keepHistory ? [...record.history] : record.history }
    : { dossierId: update.dossierId, status: null, version: 0, updatedAt: update.occurredAt, firstAt: update.occurredAt, history: [] };
  const status = update.status as NationalStatus | undefined;
  if (status !== undefined) next.status = status;
  next.version = update.version;
  next.updatedAt = update.occurredAt;
  if (update.step !== undefined) next.step = update.step;
  else if (status !== undefined && status !== 4) delete next.step;
  for (const field of ['dossierCode', 'procedureCode', 'unitCode', 'channel', 'legalDue', 'rescheduledDue', 'dueAt'] as const) {
    if (update[field] !== undefined) (next as unknown as Record<string, unknown>)[field] = update[field];
  }
  if (keepHistory)
    next.history.push({
      key,
      version: update.version,
      eventType: update.eventType,
      ...(status !== undefined ? { status } : {}),
      occurredAt: update.occurredAt,
      receivedAt,
    });
  return next;
}
