/**
 * What the desk shows about the national portal (Cổng DVCQG, issue #15 items
 * 4 and 6): per dossier, what the portal was told and when (the outbox's
 * messages to `dvcqg`), the relay's counts, and the reconciliation of a
 * period (our status against the portal's). The desk reads this interface;
 * `createDeskPortal` (portal-sync.ts) implements it over `@motcua/portal` and
 * the outbox relay of `@motcua/core`.
 */

/** One message to the portal about a dossier. */
export interface PortalSyncEntry {
  /** Deterministic message id (the receiver's idempotency key). */
  id: string;
  /** Stream version of the dossier event the message came from. */
  version: number;
  eventType: string;
  /** The internal step the update reports, if any. */
  step?: string;
  /** The national status code sent (1–10), when the message carries one. */
  nationalStatus?: number;
  /** When the message was recorded (the event's commit). */
  createdAt: string;
  status: 'pending' | 'delivered' | 'dead' | 'skipped';
  attempts: number;
  lastError?: string;
}

/** A dossier whose status at the portal differs from ours. */
export interface PortalMismatch {
  dossierId: string;
  code?: string;
  ours: number | null;
  portal: number | null;
  reason: string;
}

/** A message the relay gave up on (dead letter): it holds up its dossier's later updates to the portal. */
export interface PortalDeadLetter extends PortalSyncEntry {
  dossierId: string;
}

/** The portal as the desk sees it. */
export interface DeskPortal {
  /** Dead letters to the portal, oldest first. */
  deadLetters(): Promise<PortalDeadLetter[]>;
  /** Send a dead letter again, attempts from 0 (`OUTBOX_NOT_FOUND` 404, `OUTBOX_NOT_DEAD` 409). */
  retry(id: string): Promise<void>;
  /** Give up on a dead letter: its dossier's later updates go on (`OUTBOX_NOT_FOUND`, `OUTBOX_NOT_DEAD`). */
  skip(id: string): Promise<void>;
  /** The messages about one dossier, oldest first. */
  syncLog(dossierId: string): Promise<PortalSyncEntry[]>;
  /** The relay's counts (pending, delivered, dead letters). */
  stats(): Promise<{ pending: number; delivered: number; dead: number }>;
  /** Our statuses against the portal's for dossiers received in `[from, to]` (local dates). */
  reconcile(period: { from: string; to: string }): Promise<{ checked: number; mismatches: PortalMismatch[] }>;
}
