import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { engineContract } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { uniqueSchema } from './helpers';

// Its own server: readers only see events older than every transaction still
// running on the server, so this file's writers must not hold back the
// contract suite's readers on the shared server (and vice versa).
let server: TestPostgres;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startTestPostgres({ settings: { autovacuum: 'off' } }); // an auto-ANALYZE is a write transaction that holds the read horizon back
  pool = new pg.Pool({ connectionString: server.url, max: 8 });
  pool.on('error', () => undefined); // idle clients told the server is shutting down (afterAll)
});
afterAll(async () => {
  try {
    await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
  } finally {
    await server?.stop();
  }
});

engineContract('postgres', async () => {
  const schema = uniqueSchema('engine');
  return { store: await createPostgresEventStore({ pool, schema }), teardown: async () => void (await pool.query(`DROP SCHEMA "${schema}" CASCADE`)) };
});
