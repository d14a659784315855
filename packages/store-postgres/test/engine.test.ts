import { afterAll, inject } from 'vitest';
import { engineContract } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { makePool, uniqueSchema } from './helpers';

const pool = makePool(inject('pgUrl'));
afterAll(() => pool.end());

engineContract('postgres', async () => {
  const schema = uniqueSchema('engine');
  return { store: await createPostgresEventStore({ pool, schema }), teardown: async () => void (await pool.query(`DROP SCHEMA "${schema}" CASCADE`)) };
});
