import { z } from 'zod';
import { DOSSIER_STREAM_PREFIX } from '../engine/types';
import { parseInput } from '../zod-parse';
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
  const filter = parseInput(auditFilterSchema, input, 'Invalid audit filter');
  if (filter.dossierId) filter.dossierId = filter.dossierId.toLowerCase();
  return filter;
}

/** Whether a stored event passes the filter (the dossier id is compared lower-case). */
export function auditMatches(event: StoredEvent, filter: Filter): boolean {
  if (!event.streamId.startsWith(DOSSIER_STREAM_PREFIX)) return false;
  if (filter.dossierId !== undefined && event.streamId.slice(DOSSIER_STREAM_PREFIX.length) !== filter.dossierId) return false;
  const actor = event.metadata.actor;
  if (filter.actorId !== undefined && actor?.id !== filter.actorId) return false;
  if (filter.role !== undefined && actor?.role !== filter.role) return false;
  if (filter.unit !== undefined && actor?.unit !== filter.unit) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const time = instantMs(filter.time === 'occurredAt' ? event.metadata.occurredAt : event.metadata.recordedAt);
    if (filter.from !== undefined && !(time >= instantMs(filter.from))) return false;
    if (filter.to !== undefined && !(time < instantMs(filter.to))) return false;
  }
  return true;
}

/** The audit row of one stored event. */
export function auditRow(event: StoredEvent): AuditRow {
  const metadata = event.metadata;
  const actor = metadata.actor;
  const label = (EVENT_LABELS as Record<string, { vi: string } | undefined>)[event.type];
  const row: AuditRow = {
    position: event.position,
    dossierId: event.streamId.slice(DOSSIER_STREAM_PREFIX.length),
    version: event.version,
    eventId: metadata.eventId,
    type: event.type,
    what: label?.vi ?? event.type,
    occurredAt: metadata.occurredAt,
    recordedAt: metadata.recordedAt,
    lagMs: instantMs(metadata.recordedAt) - instantMs(metadata.occurredAt),
  };
  if (actor?.id !== undefined) row.actorId = actor.id;
  if (actor?.role !== undefined) row.role = actor.role;
  if (actor?.unit !== undefined) row.unit = actor.unit;
  if (actor?.name !== undefined) row.actorName = actor.name;
  if (metadata.commandId !== undefined) row.commandId = metadata.commandId;
  if (metadata.correlationId !== undefined) row.correlationId = metadata.correlationId;
  if (metadata.causationId !== undefined) row.causationId = metadata.causationId;
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
  const parsed = parseAuditFilter(filter);
  const rows: AuditRow[] = [];
  for (const event of events) if (auditMatches(event, parsed)) rows.push(auditRow(event));
  return rows;
}
