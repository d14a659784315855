import {
  dossierListIndexSql,
  DOSSIER_LIST_COLUMNS,
  DOSSIER_LIST_STEP_COLUMNS,
  DOSSIER_LIST_CLOCK_COLUMNS,
  DOSSIER_LIST_OVERDUE_COLUMNS,
  ValidationError,
  dossierListRowFrom,
  dossierListSql,
  dossierListValues,
  pageOf,
  parseDossierListQuery,
  worklistFilter,
  type DossierListRow,
  type DossierListTable,
} from '@motcua/core';
import type { PoolClient } from 'pg';
import type { PostgresEventStore } from './postgres-event-store';
import { quoteSchema } from './schema';
import { mapPgError } from './errors';

/** Options of {@link createPostgresDossierList}. */
export interface PostgresDossierListOptions {
  store: PostgresEventStore;
  /** The event store's schema (default `motcua`): the table lives beside the events. */
  schema?: string;
  /** Table name (default `dossier_list`); the checkpoint is the projection checkpoint of the same name. */
  table?: string;
}

/** `?` placeholders (the shared builder's) to PostgreSQL's `$1, $2, …`. */
const numbered = (sql: string): string => {
  let count = 0;
  return sql.replace(/\?/g, () => `$${++count}`);
};

/**
 * The dossier list (danh sách hồ sơ) in a table of the event store's
 * PostgreSQL schema, kept by `followDossierList`: rows and checkpoint are
 * written in one transaction (`saveProjectionWith`). Text columns use the "C"
 * collation, so codes sort and prefix-match byte-wise, as on SQLite (docs/worklists.md).
 *
 * @example
 * ```ts nocheck
 * const table = await createPostgresDossierList({ store, schema: 'motcua' });
 * const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
 * await follower.start();
 * const mine = await table.worklist({ officer: 'cv-01' }, 'mine', new Date().toISOString());
 * ```
 */
export async function createPostgresDossierList(options: PostgresDossierListOptions): Promise<DossierListTable> {
  const table = await typed('Opening the dossier list', () => openDossierList(options));
  // Every driver error reaches the caller typed (STORE_CONNECTION, STORE_SCHEMA_MISSING, …: `mapPgError`).
  return {
    checkpoint: () => typed('Reading the dossier list checkpoint', () => table.checkpoint()),
    write: (rows, position) => typed('Writing the dossier list', () => table.write(rows, position)),
    list: (query) => typed('Querying the dossier list', () => table.list(query)),
    worklist: (scope, kind, now, page) => typed('Querying the dossier list', () => table.worklist(scope, kind, now, page)),
    get: (dossierId) => typed('Reading the dossier list', () => table.get(dossierId)),
    all: () => typed('Reading the dossier list', () => table.all()),
    forget: (dossierId) => typed('Erasing personal data from the dossier list', () => table.forget(dossierId)),
    clear: () => typed('Clearing the dossier list', () => table.clear()),
  };
}

/** Run `work`, giving any driver error back as a typed store error (`mapPgError`); motcua's own errors pass as they are. */
async function typed<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw mapPgError(error, what);
  }
}

async function openDossierList(options: PostgresDossierListOptions): Promise<DossierListTable> {
  const { store } = options;
  const pool = store.pool;
  const name = options.table ?? 'dossier_list';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new ValidationError('Invalid dossier list table', [{ code: 'invalid_string', path: ['table'], message: 'use lower-case letters, digits and _ (at most 63)' }]);
  const table = `${quoteSchema(options.schema ?? 'motcua')}.${name}`;
  const checkpointName = `table:${name}`;
  const collate = 'COLLATE "C"';
  /** Run `change` and save the checkpoint at `position` in one transaction (rolled back on any error). */
  const withCheckpoint = async (position: number, change: (client: PoolClient) => Promise<unknown>): Promise<void> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await change(client);
      await store.saveProjectionWith(client, checkpointName, { state: null, position });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (
    dossier_id text ${collate} PRIMARY KEY,
    code text ${collate}, unit text ${collate}, handling_unit text ${collate}, procedure text ${collate},
    state text ${collate} NOT NULL, top_level text ${collate} NOT NULL, national_status smallint,
    officer text ${collate}, channel text ${collate},
    received_at text, received_ms bigint, due_date text ${collate}, due_at text, due_ms bigint,
    open smallint NOT NULL, awaiting_signature smallint NOT NULL,
    applicant_name text, applicant_folded text ${collate}, id_number text ${collate},
    version integer NOT NULL,
    due_key bigint NOT NULL, received_key bigint NOT NULL, code_key text ${collate} NOT NULL,
    step text ${collate}, assignee text ${collate}, step_due_at text, holder text ${collate},
    clock_stopped text ${collate}, clock_running smallint NOT NULL,
    overdue_from_ms bigint
  );`);
  // A table made before the internal approval steps, the stopped clock or the working-time due of hour limits: add the
  // missing columns and empty it (checkpoint 0), so the follower rebuilds every row from the log (the new values need
  // each dossier's state and the calendar). Forward only.
  const { rows: present } = await pool.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [options.schema ?? 'motcua', name]);
  const missing = [...DOSSIER_LIST_STEP_COLUMNS, ...DOSSIER_LIST_CLOCK_COLUMNS, ...DOSSIER_LIST_OVERDUE_COLUMNS].filter(
    (column) => !present.some((row: { column_name: string }) => row.column_name === column),
  );
  const typeOf = (column: string): string =>
    column === 'clock_running' ? 'smallint NOT NULL DEFAULT 0' : column === 'overdue_from_ms' ? 'bigint' : column === 'step_due_at' ? 'text' : `text ${collate}`;
  if (missing.length > 0)
    await withCheckpoint(0, async (client) => {
      for (const column of missing) await client.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} ${typeOf(column)}`);
      await client.query(`DELETE FROM ${table}`);
    });
  await pool.query(dossierListIndexSql(name, table).join('\n'));
  const cols = DOSSIER_LIST_COLUMNS.join(', ');
  const upsertSql = (rowCount: number): string => {
    const width = DOSSIER_LIST_COLUMNS.length;
    const tuples = Array.from({ length: rowCount }, (_, i) => `(${DOSSIER_LIST_COLUMNS.map((_, j) => `$${i * width + j + 1}`).join(', ')})`);
    const set = DOSSIER_LIST_COLUMNS.slice(1)
      .map((col) => `${col} = EXCLUDED.${col}`)
      .join(', ');
    return `INSERT INTO ${table} (${cols}) VALUES ${tuples.join(', ')} ON CONFLICT (dossier_id) DO UPDATE SET ${set}`;
  };

  const list: DossierListTable['list'] = async (query = {}) => {
    const parsed = parseDossierListQuery(query);
    const { sql, params } = dossierListSql(table, parsed);
    const { rows } = await pool.query(numbered(sql), params);
    return pageOf((rows as Record<string, unknown>[]).map(dossierListRowFrom), parsed);
  };

  return {
    async checkpoint() {
      return (await store.loadProjection(checkpointName))?.position ?? 0;
    },
    async write(rows: readonly DossierListRow[], position: number) {
      await withCheckpoint(position, async (client) => {
        for (let i = 0; i < rows.length; i += 500) {
          const part = rows.slice(i, i + 500);
          await client.query(upsertSql(part.length), part.flatMap(dossierListValues));
        }
      });
    },
    list,
    worklist: (scope, kind, now, page = {}) => list({ filter: worklistFilter(scope, kind, now), sort: { by: 'due', dir: 'asc' }, ...page }),
    async get(dossierId) {
      const { rows } = await pool.query(`SELECT * FROM ${table} WHERE dossier_id = $1`, [dossierId]);
      return rows[0] ? dossierListRowFrom(rows[0] as Record<string, unknown>) : undefined;
    },
    async all() {
      const { rows } = await pool.query(`SELECT * FROM ${table} ORDER BY dossier_id`);
      return (rows as Record<string, unknown>[]).map(dossierListRowFrom);
    },
    async forget(dossierId) {
      await pool.query(`UPDATE ${table} SET applicant_name = NULL, applicant_folded = NULL, id_number = NULL WHERE dossier_id = $1`, [dossierId]);
    },
    async clear() {
      await withCheckpoint(0, (client) => client.query(`DELETE FROM ${table}`));
    },
  };
}
