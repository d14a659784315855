/**
 * The import's own server backend terminated while its COPY runs (an
 * administrator's `pg_terminate_backend`, a crashed backend): the import
 * fails with a typed `STORE_CONNECTION` error instead of an unhandled
 * 'error' event that would end the process; nothing is imported, the table
 * keeps its constraints, and the pool goes on (the next import succeeds).
 */
import { describe, expect, it } from 'vitest';
import { MotcuaError, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { importEvents, type PgImportStream } from '@motcua/store-postgres';
import { collect, ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(16);

const constraints = async (schema: string): Promise<string[]> =>
  (
    await own.pool.query<{ conname: string }>(`SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('u', 'p') ORDER BY conname`, [`"${schema}".events`])
  ).rows.map((r) => r.conname);

function streams(count: number, each: number): PgImportStream[] {
  return Array.from({ length: count }, (_, s) => ({
    streamId: `dossier-${s}`,
    events: Array.from({ length: each }, (_, k) => makeTestEvent('Imported', { s, k, note: 'tab\there, Việt' })),
  }));
}

describe('importEvents when its connection dies', () => {
  it('its backend terminated during the COPY: STORE_CONNECTION, nothing imported, constraints as before, the pool goes on', async () => {
    const schema = uniqueSchema('import_kill');
    const store = await own.open(schema, { listen: false, pollIntervalMs: 0 });
    const before = await constraints(schema);
    let killed = 0;
    const input = streams(40, 5);
    async function* source(): AsyncGenerator<PgImportStream> {
      yield* input.slice(0, 15);
      // The first rows are on their way: end the backend that runs this import's COPY.
      for (let waited = 0; killed === 0; waited += 10) {
        if (waited > 20_000) throw new Error('the import never started its COPY');
        const { rows } = await own.pool.query<{ ok: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE 'COPY %events%' AND state = 'active' AND pid <> pg_backend_pid()`,
        );
        killed = rows.filter((r) => r.ok).length;
        if (killed === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      yield* input.slice(15);
    }
    const failed = await importEvents(own.pool, source(), { schema, lookupSize: 5 }).catch((e: unknown) => e);
    expect(killed).toBe(1);
    expect(failed).toBeInstanceOf(MotcuaError);
    expect((failed as MotcuaError).code).toBe('STORE_CONNECTION');
    expect(await collect(store.readAll())).toEqual([]);
    expect(await constraints(schema)).toEqual(before);
    const result = await importEvents(own.pool, input, { schema });
    expect(result.events).toBe(200);
    expect((await verifyHistory(store)).ok).toBe(true);
  }, 60_000);
});
