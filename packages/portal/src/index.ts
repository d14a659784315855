/**
 * @motcua/portal — national-portal (Cổng DVCQG) sync for one-stop dossiers:
 * the status mapping 1–10, an outbox route and transport, an HTTP client, a
 * simulated portal and reconciliation. See docs/integration.md.
 */
export { PORTAL_EFFECTS, PAUSED_STATUSES, portalStatusOf } from './status';
export type { PortalEffect, PortalStatus } from './status';
export { portalStatusUpdateSchema, portalUpdateOf } from './update';
export type { PortalStatusUpdate } from './update';
export { applyPortalUpdate } from './record';
export type { PortalDossierRecord, PortalHistoryEntry } from './record';
export { decodePortalRecord, encodePortalRecord } from './compact';
export { PortalUnavailableError, PortalRejectedError } from './errors';
export { createHttpPortalClient } from './client';
export type { PortalClient, PortalAck, PortalBatchResult, HttpPortalClientOptions } from './client';
export { PORTAL_DESTINATION, portalRoute, portalTransport } from './route';
export type { PortalRoute, PortalMessage, PortalTransport, PortalTransportOptions } from './route';
export { startSimulatedPortal } from './simulated';
export type { SimulatedPortal, SimulatedPortalOptions, SimulatedPortalStats } from './simulated';
export { expectedPortalRecords, reconcile, PORTAL_MISMATCH_REASONS } from './reconcile';
export type { PortalMismatch, PortalMismatchReason, PortalSide, ReconcileInput, ReconciliationReport } from './reconcile';
export { portalSyncLog, syncLogEntryOf } from './sync-log';
export type { SyncLogEntry, SyncLogMessage, SyncLogSource } from './sync-log';
