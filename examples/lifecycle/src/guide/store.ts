import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresEventStore } from '@motcua/store-postgres';
import type { EventStore } from '@motcua/core';
import pg from 'pg';

/** Embedded: one SQLite file (better-sqlite3), created and migrated on first open. */
export async function openSqliteStore(filename: string): Promise<EventStore> {
  return createSqliteEventStore({ filename });
}

/** A server: PostgreSQL ≥ 13 through your own pg Pool; the store never ends the pool. */
export async function openPostgresStore(connectionString: string): Promise<{ store: EventStore; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client the server drops (a restart, a shutdown) is reported on the pool: without a listener that error
  // would crash the process. The pool replaces the client; the store's own calls report their errors as usual.
  pool.on('error', (error) => console.warn(`PostgreSQL dropped an idle connection: ${error.message}`));
  const store = await createPostgresEventStore({ pool, schema: 'motcua' });
  return {
    store,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
