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
    /** `$1` lock class, `$2` stream id: the per-stream transaction lock. */
    streamLock: `SELECT pg_advisory_xact_lock($1::int, hashtext($2))`,
    /** `$1` stream id, `$2` the batch's event ids: the stream's version, its last hash (the next link's input) and the ids already stored. */
    check: `SELECT (SELECT coalesce(max(version), 0) FROM ${schema}.events WHERE stream_id = $1) AS current,
                   (SELECT metadata->>'hash' FROM ${schema}.events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1) AS head_hash,
                   (SELECT json_agg(json_build_array(event_id, stream_id, version)) FROM ${schema}.events WHERE event_id = ANY($2::text[])) AS seen`,
    /**
     * The critical section in ONE statement (one round trip): take the append
     * lock, insert (this transaction's xid and its positions are taken
     * inside), release the lock. The insert reads from `lock`, so it runs
     * after it; `unlocked` counts every inserted row first, so it runs after
     * the whole insert. `$1` stream, `$2` current version, `$3`–`$6` types,
     * ids, data, metadata (text[]), `$7` the lock class.
     */
    appendSection: `WITH lock AS (SELECT pg_advisory_lock($7::int, 0) AS held),
      ins AS (
        INSERT INTO ${schema}.events (stream_id, version, type, event_id, data, metadata)
        SELECT $1, $2::int + t.ord::int, t.type, t.event_id, t.data::jsonb, t.metadata::jsonb
        FROM lock, unnest($3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(type, event_id, data, metadata, ord)
        ORDER BY t.ord
        RETURNING position, version, transaction_id::text AS xid),
      unlocked AS (SELECT pg_advisory_unlock($7::int, 0) AS released FROM (SELECT count(*) FROM ins) n)
      SELECT ins.position, ins.version, ins.xid FROM ins, unlocked ORDER BY ins.version`,
    /** `$1` lock class: release the append lock after a failed section. */
    appendUnlock: `SELECT pg_advisory_unlock($1::int, 0)`,
    /** After COMMIT, in the same round trip: the oldest transaction still open. */
    commitAndXmin: `COMMIT; SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`,
    notify: `SELECT pg_notify($1, $2)`,
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
