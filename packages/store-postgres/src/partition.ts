/**
 * Time partitioning of the PostgreSQL events table (opt-in, at schema
 * creation): `events` partitioned by month of `recorded_at` (when the row was
 * written here), so old months can be detached, archived or moved to cheaper
 * storage without touching the live ones. docs/storage.md explains why it is
 * chosen when the schema is created rather than migrated in place.
 *
 * PostgreSQL cannot enforce a UNIQUE constraint on a partitioned table unless
 * it includes the partition key, so the two the store relies on — one event
 * id once, one version per stream once — live in two small unpartitioned key
 * tables filled by a BEFORE INSERT trigger, their constraints named as on the
 * plain table (`events_event_id`, `events_stream_version`) so a clash reads
 * the same to the store. Positions (identity), `transaction_id` (xid8) and
 * the read horizon are unchanged: ordering does not depend on the layout.
 */
import type { Pool } from 'pg';
import { ValidationError } from '@motcua/core';
import { mapPgError } from './errors';
import { quoteSchema } from './schema';

export { PARTITIONED_EVENTS_SQL, PARTITION_FUNCTION_SQL } from './partition-sql';

/**
 * Layout of a new schema's events table: `'none'` (default) or `'monthly'` range partitions on `recorded_at`.
 * @example await createPostgresEventStore({ pool, schema: 'lang_son', partitioning: 'monthly' satisfies PgPartitioning });
 */
export type PgPartitioning = 'none' | 'monthly';

/**
 * Create the month partitions from `from` to `to` (ISO dates or `YYYY-MM`; UTC months) that do not exist yet; returns the new ones' names.
 * Does nothing on a schema created without partitioning.
 * @example await createMonthlyPartitions(pool, { from: '2026-12', to: '2027-12' }); // ['events_2026_12', …]
 */
export async function createMonthlyPartitions(pool: Pool, options: { schema?: string; from: string; to: string }): Promise<string[]> {
  const schema = quoteSchema(options.schema ?? 'motcua');
  const day = (text: string, field: string): string => {
    const value = /^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
      throw new ValidationError('Invalid partition range', [{ code: 'invalid_string', path: [field], message: 'a date YYYY-MM-DD or a month YYYY-MM' }]);
    return value;
  };
  const from = day(options.from, 'from');
  const to = day(options.to, 'to');
  try {
    const { rows } = await pool.query<{ name: string }>(`SELECT ${schema}.create_monthly_partitions($1::date, $2::date) AS name`, [from, to]);
    return rows.map((row) => row.name);
  } catch (error) {
    throw mapPgError(error, 'Creating month partitions');
  }
}
