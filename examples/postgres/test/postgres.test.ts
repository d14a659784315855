/**
 * The simulation on a real PostgreSQL server (a temporary one from the local
 * binaries) gives the same report as in memory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryEventStore } from '@motcua/core';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { GIA_LAM, openPostgres, simulate, type SimulationInput } from '../../province-simulation/src/index';

const input: SimulationInput = { scale: GIA_LAM, dossiers: 250, from: '2021-03-01', to: '2021-03-31', seed: 11 };
let server: TestPostgres;

beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

describe('province simulation on PostgreSQL', () => {
  it('gives the same report as the in-memory store, and refuses a schema that already holds events', async () => {
    const opened = await openPostgres({ url: server.url, schema: 'sim_test' });
    try {
      const onPg = await simulate(input, opened.store);
      const inMemory = await simulate(input, new InMemoryEventStore());
      expect(onPg.run.failures).toEqual([]);
      expect(onPg.report).toEqual(inMemory.report);
      expect(opened.description).toMatch(/PostgreSQL .*schema sim_test/);
      await expect(simulate(input, opened.store)).rejects.toThrow(/already holds/);
    } finally {
      await opened.close();
    }
  });
});
