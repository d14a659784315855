import { EVENT_COLUMNS } from './rows';

/** Rows are readable once their transaction is older than every transaction still running. */
export const SAFE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

/**
 * Every statement of the store for one schema `q` (already quoted). Values
 * are always bind parameters (`$1`, …); only the quoted schema name is
 * written into the text.
 *
 * @example
 * ```ts
 * const sql = statements('"motcua"');
 * await client.query(sql.streamVersion, ['dossier-1']);
 * ```
 */
export function statements(schema: string) {
  return {
    // The append (locks, checks, hash links, the critical section, NOTIFY) is one call of `append_batch` (`append-function-6.ts`) or, for one event, `append_one` (`append-one.ts`); see `append.ts`.
    streamVersion: `SELECT coalesce(max(version), 0) AS current FROM ${schema}.events WHERE stream_id = $1`,
    readStream: `SELECT ${EVENT_COLUMNS.split(', ')
      .map((c) => `e.${c}`)
      .join(', ')}, v.current
                 FROM (SELECT coalesce(max(version), 0) AS current FROM ${schema}.events WHERE stream_id = $1) v
                 LEFT JOIN ${schema}.events e ON e.stream_id = $1 AND e.version >= $2 AND e.version <= $3
                 ORDER BY e.version`,
    head: `SELECT coalesce((SELECT position FROM ${schema}.events WHERE ${SAFE} ORDER BY position DESC LIMIT 1), 0) AS head`,
    lastCommitted: `SELECT coalesce(max(position), 0) AS last FROM ${schema}.events`,
    nextSequence: `INSERT INTO ${schema}.sequences AS s (key, value) VALUES ($1, 1) ON CONFLICT (key) DO UPDATE SET value = s.value + 1 RETURNING value`,
    saveProjection: `INSERT INTO ${schema}.projections (name, state, position, tag, updated_at) VALUES ($1, $2::jsonb, $3, $4, now())
                     ON CONFLICT (name) DO UPDATE SET state = excluded.state, position = excluded.position, tag = excluded.tag, updated_at = now()`,
    loadProjection: `SELECT state::text, position, tag FROM ${schema}.projections WHERE name = $1`,
    /** Where hashing began (migration 9): every event from this position on carries its hash. */
    hashedFrom: `SELECT hashed_from FROM ${schema}.integrity WHERE id = 1`,
    noticesSince: `SELECT stream_id, min(position) AS first, max(position) AS last FROM ${schema}.events
                   WHERE position > $1 AND position <= $2 GROUP BY stream_id ORDER BY min(position)`,
    /** The global-log read for a filter shape: `$1` after, `$2` to, then types, prefix, and the limit last. */
    readAll(types: boolean, prefix: boolean): string {
      const where = ['position > $1', 'position <= $2', SAFE];
      let placeholder = 2;
      if (types) where.push(`type = ANY($${++placeholder}::text[])`);
      if (prefix) where.push(`starts_with(stream_id, $${++placeholder})`);
      return `SELECT ${EVENT_COLUMNS} FROM ${schema}.events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $${placeholder + 1}`;
    },
  };
}

/** The statements of one schema. */
export type Statements = ReturnType<typeof statements>;
