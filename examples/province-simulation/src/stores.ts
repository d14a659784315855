/**
 * Open the event store the options ask for: embedded SQLite (default),
 * in-memory, or PostgreSQL (a given server, or a temporary one).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, type EventStore } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';

/** An opened store, its description and how to release it. */
export interface OpenedStore {
  store: EventStore;
  /** E.g. `SQLite /tmp/…/motcua-sim.db` or `PostgreSQL 127.0.0.1:5432/motcua (schema motcua_sim)`. */
  description: string;
  /** The SQLite file, when the store is one (the reports are then projected on a second thread). */
  sqliteFile?: string;
  close(): Promise<void>;
}

/**
 * Open the store. SQLite runs with `synchronous: 'NORMAL'`: the simulated
 * data can be regenerated from the seed, so an OS crash losing the last
 * transactions does not matter (the file never corrupts); production
 * dossiers keep the default `'FULL'`.
 */
export async function openStore(o: { store: 'sqlite' | 'memory' | 'postgres'; db?: string; url?: string; schema: string }): Promise<OpenedStore> {
  if (o.store === 'memory') {
    const store = new InMemoryEventStore();
    return { store, description: 'in-memory', close: () => store.close() };
  }
  if (o.store === 'sqlite') {
    const file = o.db ?? join(mkdtempSync(join(tmpdir(), 'motcua-sim-')), 'motcua-sim.db');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL', cacheSizeKiB: 262_144 });
    return { store, description: `SQLite ${file}`, sqliteFile: file, close: () => store.close() };
  }
  return openPostgres({ ...(o.url !== undefined ? { url: o.url } : {}), schema: o.schema });
}

/**
 * Open a PostgreSQL store: `url` (or `$DATABASE_URL`) names the province's
 * server; without one a temporary server is started from the local
 * PostgreSQL binaries (`startTestPostgres`) and removed on close.
 */
export async function openPostgres(o: { url?: string; schema: string; poolSize?: number }): Promise<OpenedStore> {
  const { default: pg } = await import('pg');
  const { createPostgresEventStore } = await import('@motcua/store-postgres');
  let url = o.url ?? process.env.DATABASE_URL;
  let stopServer: (() => Promise<void>) | undefined;
  if (!url) {
    const { startTestPostgres } = await import('@motcua/store-postgres/testkit');
    const server = await startTestPostgres();
    url = server.url;
    stopServer = () => server.stop();
  }
  const pool = new pg.Pool({ connectionString: url, max: o.poolSize ?? 4 });
  pool.on('error', (e) => console.error(`postgres: idle connection lost: ${e.message}`));
  try {
    const store = await createPostgresEventStore({ pool, schema: o.schema, listen: false, pollIntervalMs: 0 });
    const where = new URL(url);
    return {
      store,
      description: `PostgreSQL ${where.host}${where.pathname} (schema ${o.schema})${stopServer ? ', temporary server' : ''}`,
      async close() {
        await store.close();
        await pool.end();
        await stopServer?.();
      },
    };
  } catch (e) {
    await pool.end().catch(() => undefined);
    await stopServer?.();
    throw e;
  }
}
