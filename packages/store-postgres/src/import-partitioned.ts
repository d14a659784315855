/**
 * `importEvents` into a monthly-partitioned events table (`partition-sql.ts`). Uniqueness lives there in two key
 * tables, `event_ids` and `stream_versions`, written by a row trigger on every insert — ~7–8 µs of server CPU per
 * row, a third of such an import (docs/performance.md, "Session 8: PostgreSQL COPY import"). The import:
 *
 * - disables that trigger inside its own transaction (`ALTER TABLE … DISABLE TRIGGER`: SHARE ROW EXCLUSIVE until
 *   COMMIT — readers go on, writers wait, as they wait on the append lock anyway), COPYs, fills both key tables with
 *   one `INSERT … SELECT` each over the positions it wrote, and enables the trigger again;
 * - into an EMPTY table (a new schema: the usual historical import) also drops the two lookup indexes of `events`
 *   and the key tables' primary keys (ACCESS EXCLUSIVE on the three tables until COMMIT, readers wait) and builds
 *   them after — one sort each instead of a B-tree insert per row, as the plain table's unique indexes.
 *
 * A duplicate id or version fails on the same constraint the trigger would have hit (23505 on `events_event_id` /
 * `events_stream_version`, mapped by `import.ts`), and a rollback brings everything back: rows, trigger state,
 * indexes.
 */
import type { PoolClient } from 'pg';

/** What {@link fillKeyTables} needs: the last position stored before the import, and whether the indexes were dropped. */
export interface KeysAfterCopy {
  before: number;
  fresh: boolean;
}

/** Before the COPY: the trigger disabled, and into an empty table (key tables empty too) the indexes dropped. */
export async function keysAfterCopy(client: PoolClient, schema: string, empty: boolean): Promise<KeysAfterCopy> {
  let fresh = false;
  if (empty) {
    const { rows } = await client.query<{ fresh: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM ${schema}.event_ids) AND NOT EXISTS (SELECT 1 FROM ${schema}.stream_versions) AS fresh`,
    );
    fresh = rows[0]?.fresh === true;
  }
  if (fresh) {
    await client.query(`LOCK TABLE ${schema}.events, ${schema}.event_ids, ${schema}.stream_versions IN ACCESS EXCLUSIVE MODE`);
    await client.query(`DROP INDEX ${schema}.events_stream_lookup, ${schema}.events_event_id_lookup`);
    await client.query(`ALTER TABLE ${schema}.event_ids DROP CONSTRAINT events_event_id`);
    await client.query(`ALTER TABLE ${schema}.stream_versions DROP CONSTRAINT events_stream_version`);
  }
  await client.query(`ALTER TABLE ${schema}.events DISABLE TRIGGER events_keep_unique`);
  const { rows } = await client.query<{ last: string }>(`SELECT coalesce(max(position), 0) AS last FROM ${schema}.events`);
  return { before: Number(rows[0]!.last), fresh };
}

/**
 * After the COPY: the key-table rows of every event imported (positions after `before`) — in key order into the
 * B-trees, or into the bare tables whose primary keys are then built — the lookup indexes built again if dropped,
 * and the trigger enabled.
 */
export async function fillKeyTables(client: PoolClient, schema: string, { before, fresh }: KeysAfterCopy): Promise<void> {
  const order = (key: string) => (fresh ? '' : ` ORDER BY ${key}`);
  await client.query(`INSERT INTO ${schema}.event_ids (event_id) SELECT event_id FROM ${schema}.events WHERE position > $1${order('event_id')}`, [before]);
  await client.query(
    `INSERT INTO ${schema}.stream_versions (stream_id, version) SELECT stream_id, version FROM ${schema}.events WHERE position > $1${order('stream_id, version')}`,
    [before],
  );
  if (fresh) {
    await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
    await client.query(`ALTER TABLE ${schema}.event_ids ADD CONSTRAINT events_event_id PRIMARY KEY (event_id)`);
    await client.query(`ALTER TABLE ${schema}.stream_versions ADD CONSTRAINT events_stream_version PRIMARY KEY (stream_id, version)`);
    await client.query(`CREATE INDEX events_stream_lookup ON ${schema}.events (stream_id, version)`);
    await client.query(`CREATE INDEX events_event_id_lookup ON ${schema}.events (event_id)`);
  }
  await client.query(`ALTER TABLE ${schema}.events ENABLE TRIGGER events_keep_unique`);
}
