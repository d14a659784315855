import { afterAll, inject } from 'vitest';
import { eventStoreContract } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { makePool, uniqueSchema } from './helpers';

// The server from scripts/postgres-global-setup.ts; each test gets its own schema.
const pool = makePool(inject('pgUrl'));
afterAll(() => pool.end());

eventStoreContract('postgres', async () => {
  const schema = uniqueSchema('contract');
  return {
    store: await createPostgresEventStore({ pool, schema }),
    reopen: () => createPostgresEventStore({ pool, schema }),
    teardown: async () => void (await pool.query(`DROP SCHEMA "${schema}" CASCADE`)),
  };
});
