import { DOSSIER_STREAM_PREFIX, dossierStreamId } from '../engine/types';
import type { EventLog } from '../store/types';
import { type AuditFilter, type AuditRow, auditMatches, auditRow, parseAuditFilter } from './trail';

/**
 * The audit trail from a store: one dossier's stream when the filter names a
 * dossier, else the global log (every dossier stream, read in batches, in the
 * order recorded). Rows as {@link auditTrail}. Reading the whole log is the
 * simple first version: an index by actor is for when logs are large.
 *
 * @example
 * ```ts
 * // Everything officer cb-01 recorded in March 2024, from which unit, when:
 * const rows = await queryAuditTrail(store, { actorId: 'cb-01', from: '2024-03-01T00:00:00+07:00', to: '2024-04-01T00:00:00+07:00' });
 * ```
 */
export async function queryAuditTrail(log: Pick<EventLog, 'readStream' | 'readAll'>, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const parsed = parseAuditFilter(filter);
  const rows: AuditRow[] = [];
  if (parsed.dossierId !== undefined) {
    const { events } = await log.readStream(dossierStreamId(parsed.dossierId));
    for (const event of events) if (auditMatches(event, parsed)) rows.push(auditRow(event));
    return rows;
  }
  for await (const event of log.readAll({ streamPrefix: DOSSIER_STREAM_PREFIX })) if (auditMatches(event, parsed)) rows.push(auditRow(event));
  return rows;
}
