import { z } from 'zod';
import { DOSSIER_STREAM_PREFIX } from '../engine/types';
import { ValidationError, fromZodIssues } from '../errors';
import { LIMITS, instantSchema, text } from '../events/parts';
import { EVENT_LABELS } from '../events/schemas';
import type { StoredEvent } from '../store/types';
import { instantMs } from '../time';

/**
 * One line of the audit trail (nhật ký kiểm tra): who (id, role, unit), did
 * what (the event and its label), on which dossier, when (the business time
 * the actor gave and the time the system recorded it), under which command.
 */
export interface AuditRow {
  /** Position in the global log (the order things were recorded in). */
  position: number;
  dossierId: string;
  /** The event's version in its dossier's stream. */
  version: number;
  eventId: string;
  type: string;
  /** The event's label (vi). */
  what: string;
  actorId?: string;
  role?: string;
  /** The code of the office the actor works in. */
  unit?: string;
  actorName?: string;
  /** Business time the command gave (`at`) or the engine's clock. */
  occurredAt: string;
  /** When the engine stored it (UTC): what the actor cannot choose. */
  recordedAt: string;
  /** `recordedAt − occurredAt` in milliseconds: large for a backdated entry, negative for one dated ahead. */
  lagMs: number;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
}

/** What an inspector asks for: one dossier, one officer, one unit or role, a time window (all optional, combined with "and"). */
export const auditFilterSchema = z.strictObject({
  dossierId: text(LIMITS.id, 1).optional(),
  /** The actor's id (an officer, or an applicant's ID number). */
  actorId: text(LIMITS.id, 1).optional(),
  role: text(LIMITS.id, 1).optional(),
  unit: text(LIMITS.code, 1).optional(),
  /** Window start (inclusive), an instant with offset. */
  from: instantSchema.optional(),
  /** Window end (exclusive), an instant with offset. */
  to: instantSchema.optional(),
  /** Which time the window applies to: `recordedAt` (default: what the system saw) or `occurredAt` (what the actor claimed). */
  time: z.enum(['recordedAt', 'occurredAt']).default('recordedAt'),
});
/** A filter of the audit trail (as written; defaults not yet applied). */
export type AuditFilter = z.input<typeof auditFilterSchema>;
type Filter = z.output<typeof auditFilterSchema>;

/** The filter validated (`VALIDATION_FAILED` with the issues on a bad one). */
export function parseAuditFilter(input: AuditFilter = {}): Filter {
  const parsed = auditFilterSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('Invalid audit filter', fromZodIssues(parsed.error.issues));
  const f = parsed.data;
  if (f.dossierId) f.dossierId = f.dossierId.toLowerCase();
  return f;
}

/** Whether a stored event passes the filter (the dossier id is compared lower-case). */
export function auditMatches(e: StoredEvent, f: Filter): boolean {
  if (!e.streamId.startsWith(DOSSIER_STREAM_PREFIX)) return false;
  if (f.dossierId !== undefined && e.streamId.slice(DOSSIER_STREAM_PREFIX.length) !== f.dossierId) return false;
  const a = e.metadata.actor;
  if (f.actorId !== undefined && a?.id !== f.actorId) return false;
  if (f.role !== undefined && a?.role !== f.role) return false;
  if (f.unit !== undefined && a?.unit !== f.unit) return false;
  if (f.from !== undefined || f.to !== undefined) {
    const t = instantMs(f.time === 'occurredAt' ? e.metadata.occurredAt : e.metadata.recordedAt);
    if (f.from !== undefined && !(t >= instantMs(f.from))) return false;
    if (f.to !== undefined && !(t < instantMs(f.to))) return false;
  }
  return true;
}

/** The audit row of one stored event. */
export function auditRow(e: StoredEvent): AuditRow {
  const m = e.metadata;
  const a = m.actor;
  const label = (EVENT_LABELS as Record<string, { vi: string } | undefined>)[e.type];
  const row: AuditRow = {
    position: e.position,
    dossierId: e.streamId.slice(DOSSIER_STREAM_PREFIX.length),
    version: e.version,
    eventId: m.eventId,
    type: e.type,
    what: label?.vi ?? e.type,
    occurredAt: m.occurredAt,
    recordedAt: m.recordedAt,
    lagMs: instantMs(m.recordedAt) - instantMs(m.occurredAt),
  };
  if (a?.id !== undefined) row.actorId = a.id;
  if (a?.role !== undefined) row.role = a.role;
  if (a?.unit !== undefined) row.unit = a.unit;
  if (a?.name !== undefined) row.actorName = a.name;
  if (m.commandId !== undefined) row.commandId = m.commandId;
  if (m.correlationId !== undefined) row.correlationId = m.correlationId;
  if (m.causationId !== undefined) row.causationId = m.causationId;
  return row;
}

/**
 * The audit trail of some events (pure): a row for every dossier event the
 * filter selects, in the order given (the global log's). Corrections are
 * events too (`EventCorrected`), so a correction shows as its own row: who
 * approved it, when, and the reason.
 *
 * @example
 * ```ts
 * const rows = auditTrail(await engine.history(dossierId), { actorId: 'cb-01' });
 * rows.map((r) => `${r.recordedAt} ${r.role}@${r.unit}: ${r.what}`);
 * ```
 */
export function auditTrail(events: Iterable<StoredEvent>, filter: AuditFilter = {}): AuditRow[] {
  const f = parseAuditFilter(filter);
  const rows: AuditRow[] = [];
  for (const e of events) if (auditMatches(e, f)) rows.push(auditRow(e));
  return rows;
}
