/**
 * The per-dossier sync log (nhật ký đồng bộ): what the portal was told about
 * one dossier and when, read from the outbox's messages for `'dvcqg'`
 * (domain §12.4). The desk shows it next to the dossier's own status.
 */
import { dossierStreamId, type NationalStatus } from '@motcua/core';
import { PORTAL_DESTINATION } from './route';
import type { PortalStatusUpdate } from './update';

/** The outbox message fields the sync log reads (a subset of core's `OutboxMessage`). */
export interface SyncLogMessage {
  id: string;
  eventType: string;
  payload: unknown;
  createdAt: string;
  attempts: number;
  status: string;
  lastError?: string;
  deliveredAt?: string;
}

/** The outbox store method the sync log uses (core's `OutboxStore.list`). */
export interface SyncLogSource {
  list(query: { destination?: string; streamId?: string; limit?: number }): Promise<readonly SyncLogMessage[]>;
}

/** One line of a dossier's sync log. */
export interface SyncLogEntry {
  /** The idempotency key the portal saw. */
  messageId: string;
  version: number;
  eventType: string;
  /** The national status sent (absent for a due-date-only update). */
  status?: NationalStatus;
  step?: string;
  /** When the event was recorded (the sync lag counts from here). */
  createdAt: string;
  /** `pending`, `delivered`, `dead` or `skipped`. */
  outboxStatus: string;
  attempts: number;
  deliveredAt?: string;
  lastError?: string;
}

/**
 * The sync log of one dossier, oldest first: every message of the dossier to the portal, however many.
 *
 * @example
 * ```ts
 * import { portalSyncLog, type SyncLogSource } from '@motcua/portal';
 * declare const outbox: SyncLogSource; // e.g. createSqliteOutboxStore(db)
 * const log = await portalSyncLog(outbox, '0190f2a0-0000-7000-8000-000000000001');
 * log.filter((entry) => entry.outboxStatus !== 'delivered'); // what the portal has not acknowledged
 * ```
 */
export async function portalSyncLog(outbox: SyncLogSource, dossierId: string): Promise<SyncLogEntry[]> {
  const query = { destination: PORTAL_DESTINATION, streamId: dossierStreamId(dossierId) };
  // The source pages by a limit only (oldest first): ask again for more until the answer is shorter than asked, so
  // the log is whole (a dossier has tens of updates; the first read is nearly always the only one).
  for (let limit = 1_000; ; limit *= 4) {
    const messages = await outbox.list({ ...query, limit });
    if (messages.length < limit) return messages.map(syncLogEntryOf);
  }
}

/**
 * One outbox message to the portal as a sync-log line (e.g. for a list of
 * dead letters, `relay.deadLetters('dvcqg')`). A payload that is not an
 * update (a dead letter's) gives version 0 and no status.
 *
 * @example
 * ```ts
 * import { syncLogEntryOf, type SyncLogMessage } from '@motcua/portal';
 * declare const deadLetters: SyncLogMessage[];
 * const lines = deadLetters.map(syncLogEntryOf); // status sent, attempts, last error
 * ```
 */
export function syncLogEntryOf(message: SyncLogMessage): SyncLogEntry {
  // A dead letter's payload may be anything (that is why it died): read only what is there.
  const update = (typeof message.payload === 'object' && message.payload !== null ? message.payload : {}) as Partial<PortalStatusUpdate>;
  return {
    messageId: message.id,
    version: typeof update.version === 'number' ? update.version : 0,
    eventType: message.eventType,
    ...(typeof update.status === 'number' ? { status: update.status as NationalStatus } : {}),
    ...(typeof update.step === 'string' ? { step: update.step } : {}),
    createdAt: message.createdAt,
    outboxStatus: message.status,
    attempts: message.attempts,
    ...(message.deliveredAt !== undefined ? { deliveredAt: message.deliveredAt } : {}),
    ...(message.lastError !== undefined ? { lastError: message.lastError } : {}),
  };
}
