/**
 * PostgreSQL migration 7: `append_batch` plans that never scan the events
 * table. The function's statements look rows up by key (a stream's last
 * version, event ids already stored, the read horizon); PL/pgSQL caches their
 * plans per connection. A plan made while the table was small — a new
 * province, a benchmark, any time before autovacuum's first `ANALYZE` — was a
 * sequential scan and a hash join, kept by that connection as the table grew:
 * every append then read the whole table (measured on a test server, 8
 * streams per call, table of ≈ 3,000 rows: 0.46 ms in the stored-id look-up
 * alone, growing with the table; `docs/performance.md`, "Session 11").
 *
 * The function now runs with two settings of its own (restored on return, so
 * the caller's session is untouched):
 * - `enable_seqscan = off`: every look-up in it is by index, whatever the
 *   table's statistics say (each has one: `events_stream_version`,
 *   `events_event_id`, the position key);
 * - `plan_cache_mode = force_generic_plan`: a plan is made once per connection
 *   instead of re-planning the version look-up on every call of one stream
 *   (≈ 50 µs a call).
 *
 * Body, arguments and rows are migration 6's (`append-function-6.ts`).
 */
export const APPEND_PLANS_SQL = `
ALTER FUNCTION $schema.append_batch(text[], bigint[], int[], text[], text[], text[], text[], text[], int[], int, int, text, text)
  SET enable_seqscan = off
  SET plan_cache_mode = force_generic_plan;
`;
