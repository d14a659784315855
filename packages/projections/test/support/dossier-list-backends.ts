/**
 * The dossier list on both adapters for one test file: SQLite (a fresh
 * in-memory store per open) and PostgreSQL (a throwaway server of the file's
 * own, a fresh schema per open).
 */
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { DossierListTable, EventStore } from '@motcua/core';
import { createSqliteDossierList, createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';

export interface Opened {
  store: EventStore;
  table: DossierListTable;
  close(): Promise<void>;
}
export interface Backend {
  name: string;
  open(): Promise<Opened>;
  /** PostgreSQL only: the pool on the file's server (for tests that shape a schema by hand). */
  pool?: () => pg.Pool;
}

let counter = 0;

/** Both backends; call at the top level of a test file (registers beforeAll/afterAll for the server). */
export function dossierListBackends(): Backend[] {
  let server: TestPostgres | undefined;
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    server = await startTestPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 8 });
    pool.on('error', () => undefined);
  }, 120_000);
  afterAll(async () => {
    try {
      await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
    } finally {
      await server?.stop();
    }
  });
  return [
    {
      name: 'sqlite',
      async open() {
        const store = await createSqliteEventStore({ filename: ':memory:' });
        return { store, table: createSqliteDossierList(store), close: () => store.close() };
      },
    },
    {
      name: 'postgres',
      pool: () => pool!,
      async open() {
        const schema = `dl_${process.pid}_${counter++}`;
        const store = await createPostgresEventStore({ pool: pool!, schema });
        const table = await createPostgresDossierList({ store, schema });
        return {
          store,
          table,
          async close() {
            await store.close();
            await pool!.query(`DROP SCHEMA ${schema} CASCADE`);
          },
        };
      },
    },
  ];
}
