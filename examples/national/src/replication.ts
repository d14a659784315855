/**
 * Province → national with PostgreSQL's own logical replication.
 *
 * Each provincial server keeps its motcua store in a schema named after the
 * province and publishes the inserts of its events table
 * (`CREATE PUBLICATION … WITH (publish = 'insert')`: the log is append-only).
 * The national server holds one table per province with the same name
 * (`<province>.events`) and subscribes to each province. One column exists
 * only on the national side, filled by the apply worker as each provincial
 * transaction arrives: `national_xid`, the national transaction that applied
 * it. A reader of one province takes rows by (`national_xid`, position) up to
 * the national xid8 horizon (`national-log.ts`), so it never skips a row
 * whose transaction is still being applied.
 */
import type pg from 'pg';

/** The provincial columns replicated (a column list: a column added later on a province does not break the subscription). */
export const REPLICATED_COLUMNS = ['position', 'transaction_id', 'stream_id', 'version', 'type', 'event_id', 'data', 'metadata', 'recorded_at'] as const;

/** Name of the publication on a provincial server. */
export const PUBLICATION = 'motcua_events';

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * Publish the inserts of `<schema>.events` on a provincial server (idempotent).
 *
 * @example
 * ```ts nocheck
 * await publishProvince(provincePool, 'lang_son');
 * ```
 */
export async function publishProvince(pool: pg.Pool, schema: string): Promise<void> {
  const { rows } = await pool.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [PUBLICATION]);
  if (rows.length > 0) return;
  await pool.query(
    `CREATE PUBLICATION ${PUBLICATION} FOR TABLE ${ident(schema)}.events (${REPLICATED_COLUMNS.join(', ')}) WITH (publish = 'insert', publish_via_partition_root = true)`,
  );
}

/**
 * Create the national copy of one province's events table (idempotent).
 *
 * @example
 * ```ts nocheck
 * await prepareNational(nationalPool, 'lang_son');
 * ```
 */
export async function prepareNational(pool: pg.Pool, province: string): Promise<void> {
  const schema = ident(province);
  await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.events (
      position       bigint      PRIMARY KEY,
      transaction_id xid8        NOT NULL,
      stream_id      text        NOT NULL,
      version        integer     NOT NULL,
      type           text        NOT NULL,
      event_id       text        NOT NULL,
      data           jsonb       NOT NULL,
      metadata       jsonb       NOT NULL,
      recorded_at    timestamptz NOT NULL,
      national_xid   bigint      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
      CONSTRAINT events_stream_version UNIQUE (stream_id, version));
    CREATE INDEX IF NOT EXISTS events_applied ON ${schema}.events (national_xid, position);`);
}

/**
 * Subscribe the national server to one province (copying what it already holds first).
 *
 * @example
 * ```ts nocheck
 * await subscribeProvince(nationalPool, 'lang_son', 'host=10.0.0.5 port=5432 dbname=motcua user=replicator');
 * ```
 */
export async function subscribeProvince(pool: pg.Pool, province: string, conninfo: string): Promise<void> {
  const name = `${province}_events`;
  const { rows } = await pool.query('SELECT 1 FROM pg_subscription WHERE subname = $1', [name]);
  if (rows.length > 0) return;
  // CREATE SUBSCRIPTION takes no bind parameters: the connection string is a literal, quoted here.
  await pool.query(`CREATE SUBSCRIPTION ${ident(name)} CONNECTION '${conninfo.replaceAll("'", "''")}' PUBLICATION ${PUBLICATION}`);
}

/**
 * Whether the national server has finished the initial copy of every subscribed table (`pg_subscription_rel` state `r`).
 *
 * @example
 * ```ts nocheck
 * while (!(await subscriptionsReady(nationalPool))) await new Promise((r) => setTimeout(r, 200));
 * ```
 */
export async function subscriptionsReady(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query<{ waiting: string; total: string }>(`SELECT count(*) FILTER (WHERE srsubstate <> 'r') AS waiting, count(*) AS total FROM pg_subscription_rel`);
  return Number(rows[0]!.total) > 0 && Number(rows[0]!.waiting) === 0;
}

/** What the national server has of one province. */
export interface ProvinceProgress {
  province: string;
  events: number;
  lastPosition: number;
}

/**
 * Rows and the highest provincial position the national server holds for a province.
 *
 * @example
 * ```ts nocheck
 * const { events } = await nationalProgress(nationalPool, 'lang_son');
 * ```
 */
export async function nationalProgress(pool: pg.Pool, province: string): Promise<ProvinceProgress> {
  const { rows } = await pool.query<{ n: string; last: string | null }>(`SELECT count(*) AS n, max(position) AS last FROM ${ident(province)}.events`);
  return { province, events: Number(rows[0]!.n), lastPosition: Number(rows[0]!.last ?? 0) };
}

/**
 * Replication lag of a publication's slots, in bytes of WAL, measured on the provincial server.
 *
 * @example
 * ```ts nocheck
 * const lag = await slotLagBytes(provincePool);
 * ```
 */
export async function slotLagBytes(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ lag: string | null }>(
    `SELECT max(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn))::text AS lag FROM pg_replication_slots WHERE slot_type = 'logical'`,
  );
  return Number(rows[0]?.lag ?? 0);
}
