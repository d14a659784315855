/**
 * PostgreSQL migration 8: `append_one`, the append of ONE event to one
 * stream — what a lone command usually writes — with scalar arguments.
 * `append_batch` (migrations 6–7) serves it too, but pays for its generality
 * on every call: nine array arguments the client escapes and the server
 * unnests, aggregates to gather versions, hashes and stored ids, array
 * appends per row, a `GROUP BY` for the notices. Measured on one durable test
 * server, one sequential call after another: 460–470 µs a call through
 * `append_batch` against 381–414 µs through `append_one`
 * (`docs/performance.md`, "Session 12").
 *
 * Same guarantees, same row as `append_batch` for a request of one event:
 * the stream's transaction lock; its version, last hash and any stored copy
 * of the event id read after the lock (a fresh snapshot); `seen` / `conflict`
 * / `ok`; the hash link `SHA-256("motcua-event/1\n" + previous + "\n" +
 * version + "\n" + digest)`; the critical section (append lock, the row's
 * xid8 and position taken in one insert, unlock before COMMIT); the
 * `readable` flag; the in-transaction notice when `p_channel` is given. Like
 * `append_batch` it has no subtransaction: on an error the client drops the
 * append lock (`pg_advisory_unlock_all()`, `append.ts`). Plans by index only,
 * made once per connection (migration 7's settings). `test/append-one.test.ts`
 * checks it row for row against `append_batch`.
 */
export const APPEND_ONE_SQL = `
CREATE OR REPLACE FUNCTION $schema.append_one(
  p_stream text, p_expected bigint, p_type text, p_id text, p_data text, p_metadata text, p_digest text,
  p_stream_lock int, p_append_lock int, p_channel text, p_instance text,
  OUT r_stream text, OUT r_status text, OUT r_position bigint, OUT r_version int, OUT r_hash text, OUT r_info text, OUT r_readable boolean)
LANGUAGE plpgsql VOLATILE SET enable_seqscan = off SET plan_cache_mode = force_generic_plan AS $fn$
DECLARE
  cur int;
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(p_stream_lock, hashtext(p_stream));
  -- After the lock (a fresh snapshot): the stream's version and last hash; where this event id is stored already (two plain index look-ups).
  SELECT e.version, e.metadata->>'hash' INTO cur, prev FROM $schema.events e WHERE e.stream_id = p_stream ORDER BY e.version DESC LIMIT 1;
  SELECT '[' || json_build_array(e.event_id, e.stream_id, e.version)::text || ']' INTO r_info FROM $schema.events e WHERE e.event_id = p_id;
  cur := coalesce(cur, 0);
  r_stream := p_stream;
  r_version := cur;
  r_readable := false;
  IF r_info IS NOT NULL THEN
    r_status := 'seen';
    RETURN;
  END IF;
  IF NOT (p_expected = -1 OR (p_expected = -2 AND cur = 0) OR (p_expected = -3 AND cur > 0) OR p_expected = cur) THEN
    r_status := 'conflict';
    RETURN;
  END IF;
  r_version := cur + 1;
  r_hash := encode(sha256(convert_to('motcua-event/1' || chr(10) || coalesce(prev, '') || chr(10) || r_version::text || chr(10) || p_digest, 'UTF8')), 'hex');
  -- The critical section. On an error the lock stays with the session until the client's pg_advisory_unlock_all() (append.ts).
  PERFORM pg_advisory_lock(p_append_lock, 0);
  INSERT INTO $schema.events (stream_id, version, type, event_id, data, metadata)
    VALUES (p_stream, r_version, p_type, p_id, p_data::jsonb, p_metadata::jsonb || jsonb_build_object('hash', r_hash))
    RETURNING position INTO r_position;
  PERFORM pg_advisory_unlock(p_append_lock, 0);
  r_readable := pg_snapshot_xmin(pg_current_snapshot()) = pg_current_xact_id();
  IF p_channel IS NOT NULL THEN
    PERFORM pg_notify(p_channel, CASE WHEN r_readable
        THEN json_build_object('i', p_instance, 's', p_stream, 'f', r_position, 'l', r_position, 'r', 1)
        ELSE json_build_object('i', p_instance, 's', p_stream, 'f', r_position, 'l', r_position) END::text);
  END IF;
  r_status := 'ok';
END
$fn$;
`;
