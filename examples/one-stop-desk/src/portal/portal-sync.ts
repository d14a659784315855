/**
 * The desk's national-portal sync (issue #15 items 4 and 6): the outbox relay
 * of `@motcua/core` run in the desk process, sending every status change to
 * the portal through `@motcua/portal`'s route and transport; and the
 * {@link DeskPortal} the pages read — the per-dossier sync log from the
 * outbox, the relay's counts and the reconciliation of what we should have
 * told the portal (the log) against what it holds (its API).
 */
import { createOutboxRelay, dossierIdOfStream, type EventStore, type OutboxRelay, type OutboxStore, type StoredEvent } from '@motcua/core';
import {
  expectedPortalRecords,
  PORTAL_DESTINATION,
  portalRoute,
  portalSyncLog,
  portalTransport,
  reconcile,
  syncLogEntryOf,
  type PortalClient,
  type SyncLogEntry,
} from '@motcua/portal';
import type { DeskPortal, PortalSyncEntry } from './desk-portal';

/** What {@link createDeskPortal} needs. */
export interface DeskPortalOptions {
  /** The event log (a `protectPersonalData` store is fine: the portal gets no personal data). */
  store: EventStore;
  /** The outbox table in the same database (`createSqliteOutboxStore`, `createPostgresOutboxStore`). */
  outbox: OutboxStore;
  /** The portal's API (`createHttpPortalClient`). */
  client: PortalClient;
  /** Retry policy of the relay (defaults of `@motcua/core`). */
  retry?: Parameters<typeof createOutboxRelay>[0]['retry'];
  clock?: () => Date;
  onError?: (error: Error) => void;
  /** Prune the outbox's finished messages older than this many days while the relay runs (`retention` of `createOutboxRelay`; default: never). The sync log of a dossier then starts after what was pruned. */
  keepDays?: number;
}

/** A running portal sync: the relay and what the desk shows. */
export interface DeskPortalSync {
  portal: DeskPortal;
  relay: OutboxRelay;
}

const OUTBOX_STATUSES: readonly string[] = ['pending', 'delivered', 'dead', 'skipped'];

/** A sync-log line as the desk's pages show it. */
function deskEntry(entry: SyncLogEntry): PortalSyncEntry {
  return {
    id: entry.messageId,
    version: entry.version,
    eventType: entry.eventType,
    ...(entry.status !== undefined ? { nationalStatus: entry.status } : {}),
    ...(entry.step !== undefined ? { step: entry.step } : {}),
    createdAt: entry.createdAt,
    status: (OUTBOX_STATUSES.includes(entry.outboxStatus) ? entry.outboxStatus : 'pending') as PortalSyncEntry['status'],
    attempts: entry.attempts,
    ...(entry.lastError !== undefined ? { lastError: entry.lastError } : {}),
  };
}

/** Every event of the log (the reconciliation's "ours"; a desk's log is small enough to read whole). */
async function wholeLog(store: EventStore): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const batch of store.readBatches({ after: 0, batchSize: 1_000 })) events.push(...batch);
  return events;
}

/**
 * The outbox relay to the portal and the desk's view of it. Call
 * `relay.start()` to send in the background and `relay.stop()` at shutdown.
 *
 * @example
 * ```ts
 * import { createHttpPortalClient } from '@motcua/portal';
 * import { createSqliteOutboxStore, createSqliteEventStore } from '@motcua/store-sqlite';
 * declare const store: Awaited<ReturnType<typeof createSqliteEventStore>>;
 * const { portal, relay } = createDeskPortal({ store, outbox: createSqliteOutboxStore(store), client: createHttpPortalClient({ baseUrl: 'http://127.0.0.1:9000', token: 'secret' }) });
 * relay.start();
 * const log = await portal.syncLog('0190f2a0-0000-7000-8000-000000000001');
 * ```
 */
export function createDeskPortal(options: DeskPortalOptions): DeskPortalSync {
  const { store, outbox, client } = options;
  const relay = createOutboxRelay({
    log: store,
    outbox,
    routes: [portalRoute()],
    transports: { dvcqg: portalTransport(client) },
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.keepDays !== undefined ? { retention: { keepDays: options.keepDays } } : {}),
  });
  const portal: DeskPortal = {
    async syncLog(dossierId) {
      return (await portalSyncLog(outbox, dossierId)).map(deskEntry);
    },
    async deadLetters() {
      return (await relay.deadLetters(PORTAL_DESTINATION)).map((message) => ({ ...deskEntry(syncLogEntryOf(message)), dossierId: dossierIdOfStream(message.streamId) }));
    },
    retry: (id) => relay.retry(id),
    skip: (id) => relay.skip(id),
    async stats() {
      const stats = await relay.stats();
      return { pending: stats.pending, delivered: stats.delivered, dead: stats.dead };
    },
    async reconcile(period) {
      const [events, held] = await Promise.all([wholeLog(store), client.listDossiers()]);
      const report = reconcile({ period, ours: expectedPortalRecords(events).values(), portal: held });
      return {
        checked: report.checked,
        mismatches: report.mismatches.map((m) => ({
          dossierId: m.dossierId,
          ...(m.dossierCode !== undefined ? { code: m.dossierCode } : {}),
          ours: m.ours?.status ?? null,
          portal: m.portal?.status ?? null,
          reason: m.reason,
        })),
      };
    },
  };
  return { portal, relay };
}
