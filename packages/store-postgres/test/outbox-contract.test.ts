import { afterAll, inject } from 'vitest';
import { outboxStoreContract } from '@motcua/core/testkit';
import { createPostgresEventStore, createPostgresOutboxStore } from '@motcua/store-postgres';
import { makePool, uniqueSchema } from './helpers';

// The server from scripts/postgres-global-setup.ts; each test gets its own schema.
const pool = makePool(inject('pgUrl'));
const second = makePool(inject('pgUrl'), 5); // another "process": its own connections
afterAll(async () => {
  await second.end();
  await pool.end();
});

outboxStoreContract('postgres', async () => {
  const schema = uniqueSchema('outbox');
  const log = await createPostgresEventStore({ pool, schema });
  return {
    log,
    outbox: createPostgresOutboxStore(pool, { schema }),
    second: async () => createPostgresOutboxStore(second, { schema }),
    teardown: async () => void (await pool.query(`DROP SCHEMA "${schema}" CASCADE`)),
  };
});
