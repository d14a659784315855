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
import type { SqliteStatement } from './driver';
import type { SqliteEventStore } from './sqlite-event-store';
import { wrapDriverError } from './errors';

/** Options of {@link createSqliteDossierList}. */
export interface SqliteDossierListOptions {
  /** Table name (default `motcua_dossier_list`); the checkpoint is the projection checkpoint `table:<table>`. */
  table?: string;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The dossier list (danh sách hồ sơ) in a table of the event store's own
 * SQLite file, kept by `followDossierList`: rows and checkpoint are written in
 * one `BEGIN IMMEDIATE` transaction of the store (docs/worklists.md).
 *
 * @example
 * ```ts nocheck
 * const store = await createSqliteEventStore({ filename: 'motcua.db' });
 * const table = createSqliteDossierList(store);
 * const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
 * await follower.catchUp();
 * const page = await table.list({ filter: { unit: '000.00.06.H56', name: 'nguyen van an' }, sort: { by: 'due', dir: 'asc' } });
 * ```
 */
export function createSqliteDossierList(store: SqliteEventStore, options: SqliteDossierListOptions = {}): DossierListTable {
  const db = store.db;
  /** Driver errors reach the caller typed (`wrapDriverError`: a closed Database, a damaged or read-only file, a dropped table). */
  const typed = <T>(what: string, work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw wrapDriverError(error, what, db);
    }
  };
  const table = typed('Opening the dossier list', () => openDossierList(store, options));
  return {
    checkpoint: () => table.checkpoint(),
    write: (rows, position) => table.write(rows, position),
    list: async (query) => typed('Querying the dossier list', () => table.list(query)),
    worklist: async (scope, kind, now, page) => typed('Querying the dossier list', () => table.worklist(scope, kind, now, page)),
    get: async (dossierId) => typed('Reading the dossier list', () => table.get(dossierId)),
    all: async () => typed('Reading the dossier list', () => table.all()),
    forget: (dossierId) => table.forget(dossierId),
    clear: () => table.clear(),
  };
}

/** The table's synchronous reads (`list`, `worklist`, `get`, `all`) return values; its writes go through `store.transaction` (typed there). */
type SyncReads = Omit<DossierListTable, 'list' | 'worklist' | 'get' | 'all'> & {
  list(query?: Parameters<DossierListTable['list']>[0]): Awaited<ReturnType<DossierListTable['list']>>;
  worklist(...args: Parameters<DossierListTable['worklist']>): Awaited<ReturnType<DossierListTable['worklist']>>;
  get(dossierId: string): Awaited<ReturnType<DossierListTable['get']>>;
  all(): Awaited<ReturnType<DossierListTable['all']>>;
};

function openDossierList(store: SqliteEventStore, options: SqliteDossierListOptions): SyncReads {
  const table = options.table ?? 'motcua_dossier_list';
  if (!IDENT.test(table))
    throw new ValidationError('Invalid dossier list table', [{ code: 'invalid_string', path: ['table'], message: 'use lower-case letters, digits and _ (at most 63)' }]);
  const db = store.db;
  const checkpointName = `table:${table}`;
  db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
    dossier_id TEXT PRIMARY KEY,
    code TEXT, unit TEXT, handling_unit TEXT, procedure TEXT,
    state TEXT NOT NULL, top_level TEXT NOT NULL, national_status INTEGER,
    officer TEXT, channel TEXT,
    received_at TEXT, received_ms INTEGER, due_date TEXT, due_at TEXT, due_ms INTEGER,
    open INTEGER NOT NULL, awaiting_signature INTEGER NOT NULL,
    applicant_name TEXT, applicant_folded TEXT, id_number TEXT,
    version INTEGER NOT NULL,
    due_key INTEGER NOT NULL, received_key INTEGER NOT NULL, code_key TEXT NOT NULL,
    step TEXT, assignee TEXT, step_due_at TEXT, holder TEXT,
    clock_stopped TEXT, clock_running INTEGER NOT NULL,
    overdue_from_ms INTEGER
  ) WITHOUT ROWID;`);
  // A table made before the internal approval steps, the stopped clock or the working-time due of hour limits: add the
  // missing columns and empty it, so the follower rebuilds every row from the log (the new values need each dossier's
  // state and the calendar). Forward only.
  const present = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name));
  const missing = [...DOSSIER_LIST_STEP_COLUMNS, ...DOSSIER_LIST_CLOCK_COLUMNS, ...DOSSIER_LIST_OVERDUE_COLUMNS].filter((column) => !present.has(column));
  if (missing.length > 0) {
    db.exec('BEGIN IMMEDIATE');
    try {
      const typeOf = (column: string): string => (column === 'clock_running' ? 'INTEGER NOT NULL DEFAULT 0' : column === 'overdue_from_ms' ? 'INTEGER' : 'TEXT');
      for (const column of missing) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${typeOf(column)}`);
      db.exec(`DELETE FROM ${table}`);
      db.prepare('DELETE FROM motcua_projections WHERE name = ?').run(checkpointName);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  db.exec(dossierListIndexSql(table, table).join('\n'));
  const upsert = db.prepare(`INSERT OR REPLACE INTO ${table} (${DOSSIER_LIST_COLUMNS.join(', ')}) VALUES (${DOSSIER_LIST_COLUMNS.map(() => '?').join(', ')})`);
  const byId = db.prepare(`SELECT * FROM ${table} WHERE dossier_id = ?`);
  const everyRow = db.prepare(`SELECT * FROM ${table} ORDER BY dossier_id`);
  const redact = db.prepare(`UPDATE ${table} SET applicant_name = NULL, applicant_folded = NULL, id_number = NULL WHERE dossier_id = ?`);
  const statements = new Map<string, SqliteStatement>();
  const prepared = (sql: string): SqliteStatement => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size > 200) statements.clear();
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const list: SyncReads['list'] = (query = {}) => {
    const parsed = parseDossierListQuery(query);
    const { sql, params } = dossierListSql(table, parsed);
    return pageOf((prepared(sql).all(...params) as Record<string, unknown>[]).map(dossierListRowFrom), parsed);
  };

  return {
    async checkpoint() {
      return (await store.loadProjection(checkpointName))?.position ?? 0;
    },
    async write(rows: readonly DossierListRow[], position: number) {
      await store.transaction((tx) => {
        for (const row of rows) upsert.run(...dossierListValues(row));
        tx.saveProjection(checkpointName, { state: null, position });
      });
    },
    list,
    worklist: (scope, kind, now, page = {}) => list({ filter: worklistFilter(scope, kind, now), sort: { by: 'due', dir: 'asc' }, ...page }),
    get(dossierId) {
      const row = byId.get(dossierId) as Record<string, unknown> | undefined;
      return row ? dossierListRowFrom(row) : undefined;
    },
    all() {
      return (everyRow.all() as Record<string, unknown>[]).map(dossierListRowFrom);
    },
    async forget(dossierId) {
      await store.transaction(() => void redact.run(dossierId));
    },
    async clear() {
      await store.transaction((tx) => {
        db.exec(`DELETE FROM ${table}`);
        tx.saveProjection(checkpointName, { state: null, position: 0 });
      });
    },
  };
}
