/**
 * Reconciliation with the national portal (đối soát trạng thái hồ sơ): for a
 * period, every dossier whose status at the portal differs from ours, and why
 * — the check Đồng Nai ordered in 2026 (domain §10). Pure.
 */
import { isInstantString, isLocalDateString, localDateOf, ValidationError, type ErrorIssue, type NationalStatus, type StoredEvent } from '@motcua/core';
import { applyPortalUpdate, type PortalDossierRecord } from './record';
import { PAUSED_STATUSES } from './status';
import { portalUpdateOf, type PortalStatusUpdate } from './update';

/**
 * Why a dossier's status at the portal differs from ours (first that applies, in this order):
 * - `never-sent`: the portal does not know the dossier;
 * - `unknown-to-us`: the portal knows a dossier we do not have;
 * - `paused-reported-as-processed`: ours is paused (5, 6), the portal shows 9 (đã xử lý xong);
 * - `out-of-order`: the portal received our latest update but then applied an older one over it;
 * - `behind`: the portal's latest update is older than ours (updates not received yet, or lost);
 * - `ahead`: the portal holds a later update than ours (ours is cut at the period's end, or it came from elsewhere);
 * - `wrong-code`: the same update, another status code;
 * - `missed-updates`: same latest update and code, but earlier updates never arrived (a step the portal never saw);
 * - `due-date-differs`: same status, another legal or rescheduled due date, or another appointment in force (`dueAt`).
 */
export type PortalMismatchReason =
  | 'never-sent'
  | 'unknown-to-us'
  | 'paused-reported-as-processed'
  | 'out-of-order'
  | 'behind'
  | 'ahead'
  | 'wrong-code'
  | 'missed-updates'
  | 'due-date-differs';

/** The reasons, in the order they are checked. */
export const PORTAL_MISMATCH_REASONS: readonly PortalMismatchReason[] = Object.freeze([
  'never-sent',
  'unknown-to-us',
  'paused-reported-as-processed',
  'out-of-order',
  'behind',
  'ahead',
  'wrong-code',
  'missed-updates',
  'due-date-differs',
]);

/** One side's view in a mismatch. */
export interface PortalSide {
  status: NationalStatus | null;
  version: number;
  updatedAt: string;
  legalDue?: string;
  rescheduledDue?: string;
  /** The appointment in force. */
  dueAt?: string;
}

/** One dossier whose status at the portal differs from ours. */
export interface PortalMismatch {
  dossierId: string;
  dossierCode?: string;
  reason: PortalMismatchReason;
  ours?: PortalSide;
  portal?: PortalSide;
  /** For `missed-updates` and `behind`: our versions the portal never received. */
  missedVersions?: number[];
}

/** What {@link reconcile} returns. */
export interface ReconciliationReport {
  period: { from: string; to: string };
  /** Dossiers compared (in the period on either side). */
  checked: number;
  mismatches: PortalMismatch[];
  /** Mismatches by reason (every reason present, 0 when none). */
  byReason: Record<PortalMismatchReason, number>;
}

/** Input of {@link reconcile}. `ours` is what we should have told the portal: {@link expectedPortalRecords}. */
export interface ReconcileInput {
  /** Local dates (YYYY-MM-DD, Vietnam time), inclusive. */
  period: { from: string; to: string };
  ours: Iterable<PortalDossierRecord>;
  portal: Iterable<PortalDossierRecord>;
}

const TERMINAL: ReadonlySet<NationalStatus> = new Set<NationalStatus>([3, 8, 10]);

/**
 * What the portal should hold if every update had arrived once and in order:
 * the log's portal updates ({@link portalUpdateOf}) applied in stream order.
 * `receivedAt` of the history is the event's business time. The events may
 * come in any order and more than once (a log read again after a restart):
 * each dossier's updates are applied once each, by stream version. Anything
 * but an iterable of stored events is a `ValidationError`.
 *
 * @example
 * ```ts
 * import { expectedPortalRecords } from '@motcua/portal';
 * const ours = expectedPortalRecords([]); // Map dossierId → record
 * ours.size; // 0
 * ```
 */
export function expectedPortalRecords(events: Iterable<StoredEvent>): Map<string, PortalDossierRecord> {
  if (!isIterable(events))
    throw new ValidationError('expectedPortalRecords needs stored events', [{ code: 'invalid_type', path: [], message: 'expected an iterable of stored events' }]);
  /** Each dossier's updates by stream version (the first of a version kept: a replay is the same update). */
  const byDossier = new Map<string, Map<number, PortalStatusUpdate>>();
  let index = 0;
  for (const event of events) {
    const at = index++;
    const e = event as Partial<StoredEvent> | null;
    if (typeof e !== 'object' || e === null || typeof e.streamId !== 'string' || !Number.isInteger(e.version) || typeof e.metadata?.occurredAt !== 'string')
      throw new ValidationError('expectedPortalRecords needs stored events', [
        { code: 'invalid_type', path: [at], message: 'expected a stored event (streamId, version, metadata.occurredAt)' },
      ]);
    const update = portalUpdateOf(event);
    if (!update) continue;
    let updates = byDossier.get(update.dossierId);
    if (!updates) byDossier.set(update.dossierId, (updates = new Map()));
    if (!updates.has(update.version)) updates.set(update.version, update);
  }
  const out = new Map<string, PortalDossierRecord>();
  for (const [dossierId, updates] of byDossier) {
    let record: PortalDossierRecord | undefined;
    for (const version of [...updates.keys()].sort((a, b) => a - b)) {
      const update = updates.get(version)!;
      record = applyPortalUpdate(record, update, `v${version}`, update.occurredAt);
    }
    out.set(dossierId, record!);
  }
  return out;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return value !== null && value !== undefined && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function inPeriod(record: PortalDossierRecord, from: string, to: string): boolean {
  if (localDateOf(record.firstAt) > to) return false;
  return !(record.status !== null && TERMINAL.has(record.status)) || localDateOf(record.updatedAt) >= from;
}

function side(record: PortalDossierRecord): PortalSide {
  return {
    status: record.status,
    version: record.version,
    updatedAt: record.updatedAt,
    ...(record.legalDue !== undefined ? { legalDue: record.legalDue } : {}),
    ...(record.rescheduledDue !== undefined ? { rescheduledDue: record.rescheduledDue } : {}),
    ...(record.dueAt !== undefined ? { dueAt: record.dueAt } : {}),
  };
}

/** A record's history; none for a record read back from a portal that keeps none (a real portal through an adapter). */
function historyOf(record: PortalDossierRecord): PortalDossierRecord['history'] {
  return Array.isArray(record.history) ? record.history : [];
}

/** The records of one side, checked: `ValidationError` (path `[side, index, field]`) for one that is not a record. */
function recordsOf(records: unknown, name: 'ours' | 'portal', issues: ErrorIssue[]): PortalDossierRecord[] {
  if (!isIterable(records)) {
    issues.push({ code: 'invalid_type', path: [name], message: 'expected an iterable of portal dossier records' });
    return [];
  }
  const out: PortalDossierRecord[] = [];
  let index = 0;
  for (const record of records) {
    const at = index++;
    const r = record as Partial<PortalDossierRecord> | null;
    if (typeof r !== 'object' || r === null) {
      issues.push({ code: 'invalid_type', path: [name, at], message: 'expected a portal dossier record' });
      continue;
    }
    const before = issues.length;
    if (typeof r.dossierId !== 'string' || r.dossierId.length === 0) issues.push({ code: 'invalid_type', path: [name, at, 'dossierId'], message: 'expected a dossier id' });
    if (r.status !== null && !(Number.isInteger(r.status) && r.status! >= 1 && r.status! <= 10))
      issues.push({ code: 'invalid_value', path: [name, at, 'status'], message: 'expected a national status 1–10 or null' });
    if (!Number.isInteger(r.version)) issues.push({ code: 'invalid_type', path: [name, at, 'version'], message: 'expected a version' });
    for (const field of ['firstAt', 'updatedAt'] as const)
      if (typeof r[field] !== 'string' || !isInstantString(r[field]))
        issues.push({ code: 'invalid_date', path: [name, at, field], message: 'expected an ISO-8601 instant with offset' });
    if (r.history !== undefined && !Array.isArray(r.history)) issues.push({ code: 'invalid_type', path: [name, at, 'history'], message: 'expected an array (or none)' });
    if (issues.length === before) out.push(r as PortalDossierRecord);
  }
  return out;
}

function compare(ours: PortalDossierRecord, portal: PortalDossierRecord): Omit<PortalMismatch, 'dossierId' | 'ours' | 'portal' | 'dossierCode'> | undefined {
  // Without a history on either side (a portal or view kept without one), missed and reordered updates cannot be named.
  const oursHistory = historyOf(ours);
  const portalHistory = historyOf(portal);
  const histories = oursHistory.length > 0 && portalHistory.length > 0;
  const received = new Set(portalHistory.map((entry) => entry.version));
  const missed = histories ? oursHistory.map((entry) => entry.version).filter((version) => !received.has(version)) : [];
  if (ours.status !== null && PAUSED_STATUSES.has(ours.status) && portal.status === 9) return { reason: 'paused-reported-as-processed' };
  if (portal.version < ours.version) return received.has(ours.version) ? { reason: 'out-of-order' } : { reason: 'behind', missedVersions: missed };
  if (portal.version > ours.version) return { reason: 'ahead' };
  if (portal.status !== ours.status) return { reason: 'wrong-code' };
  if (missed.length > 0) return { reason: 'missed-updates', missedVersions: missed };
  if (portal.legalDue !== ours.legalDue || portal.rescheduledDue !== ours.rescheduledDue || portal.dueAt !== ours.dueAt) return { reason: 'due-date-differs' };
  return undefined;
}

/**
 * Compare what the portal holds with what we should have told it, for the
 * dossiers of a period: a dossier is in the period when its first update is
 * on or before `to` and it is still open, or its last update is on or after
 * `from`. Throws `ValidationError` on a malformed period, on `ours` or
 * `portal` not iterable and on a record that is not one (path `[side, index,
 * field]`); never on a mismatch. Records without a history (a real portal
 * read back through an adapter) are compared; their missed versions cannot be named.
 *
 * @example
 * ```ts
 * import { expectedPortalRecords, reconcile } from '@motcua/portal';
 * const report = reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours: expectedPortalRecords([]).values(), portal: [] });
 * report.mismatches.length; // 0
 * ```
 */
export function reconcile(input: ReconcileInput): ReconciliationReport {
  const { from, to } = (input as Partial<ReconcileInput> | undefined)?.period ?? ({} as { from: string; to: string });
  const issues: ErrorIssue[] = [];
  if (typeof from !== 'string' || !isLocalDateString(from)) issues.push({ code: 'invalid_date', path: ['period', 'from'], message: 'expected YYYY-MM-DD' });
  if (typeof to !== 'string' || !isLocalDateString(to)) issues.push({ code: 'invalid_date', path: ['period', 'to'], message: 'expected YYYY-MM-DD' });
  if (issues.length === 0 && from > to) issues.push({ code: 'invalid_period', path: ['period', 'to'], message: '`to` is before `from`' });
  if (issues.length) throw new ValidationError('Invalid reconciliation period', issues);
  const oursRecords = recordsOf((input as Partial<ReconcileInput>).ours, 'ours', issues);
  const portalRecords = recordsOf((input as Partial<ReconcileInput>).portal, 'portal', issues);
  if (issues.length) throw new ValidationError('Invalid reconciliation input', issues);

  const portalById = new Map<string, PortalDossierRecord>();
  for (const record of portalRecords) portalById.set(record.dossierId, record);
  const byReason = Object.fromEntries(PORTAL_MISMATCH_REASONS.map((reason) => [reason, 0])) as Record<PortalMismatchReason, number>;
  const mismatches: PortalMismatch[] = [];
  const seen = new Set<string>();
  let checked = 0;
  const add = (mismatch: PortalMismatch) => {
    mismatches.push(mismatch);
    byReason[mismatch.reason]++;
  };
  for (const ours of oursRecords) {
    seen.add(ours.dossierId);
    const portal = portalById.get(ours.dossierId);
    if (!inPeriod(ours, from, to) && !(portal && inPeriod(portal, from, to))) continue;
    checked++;
    const code = ours.dossierCode ?? portal?.dossierCode;
    const base = { dossierId: ours.dossierId, ...(code !== undefined ? { dossierCode: code } : {}), ours: side(ours) };
    if (!portal) {
      add({ ...base, reason: 'never-sent', missedVersions: historyOf(ours).map((entry) => entry.version) });
      continue;
    }
    const found = compare(ours, portal);
    if (found) add({ ...base, portal: side(portal), ...found });
  }
  for (const portal of portalById.values()) {
    if (seen.has(portal.dossierId) || !inPeriod(portal, from, to)) continue;
    checked++;
    add({ dossierId: portal.dossierId, ...(portal.dossierCode !== undefined ? { dossierCode: portal.dossierCode } : {}), reason: 'unknown-to-us', portal: side(portal) });
  }
  return { period: { from, to }, checked, mismatches, byReason };
}
