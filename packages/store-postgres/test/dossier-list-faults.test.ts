/**
 * The dossier list on PostgreSQL under driver faults: the caller gets a `MotcuaError` with a stable code, never pg's
 * `DatabaseError` or pg-pool's "Cannot use a pool after calling end" — a session that may not write, a table dropped
 * under it, a pool ended — and once the fault is gone the next call works.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dossierListRow, initialDossierState, MotcuaError } from '@motcua/core';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { makePool, ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer(4);

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(MotcuaError);
  expect(error.code).toBe(code);
}

describe('dossier list on PostgreSQL: driver faults are typed', () => {
  it('a read-only session: write is STORE_CONNECTION and nothing is written; reads go on; writable again, it works', async () => {
    const schema = uniqueSchema('dlf_ro');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    await createPostgresDossierList({ store, schema });
    // Opening (CREATE TABLE IF NOT EXISTS) in a session that may not write: typed too.
    const readOnly = new pg.Pool({ connectionString: own.server.url, max: 1, options: '-c default_transaction_read_only=on' });
    await expectCode(
      createPostgresDossierList({ store: await createPostgresEventStore({ pool: readOnly, schema, listen: false, pollIntervalMs: 0 }), schema }),
      'STORE_CONNECTION',
    );
    await readOnly.end();
    // One connection, made read-only after the table was opened.
    const pool = new pg.Pool({ connectionString: own.server.url, max: 1, idleTimeoutMillis: 0 });
    const roStore = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
    const table = await createPostgresDossierList({ store: roStore, schema });
    await pool.query('SET default_transaction_read_only = on');
    const row = dossierListRow(initialDossierState('d-1'));
    await expectCode(table.write([row], 1), 'STORE_CONNECTION');
    await expectCode(table.forget('d-1'), 'STORE_CONNECTION');
    expect(await table.all()).toEqual([]);
    expect(await table.checkpoint()).toBe(0);
    await pool.query('SET default_transaction_read_only = off');
    await table.write([row], 1);
    expect((await table.all()).map((r) => r.dossierId)).toEqual(['d-1']);
    await roStore.close();
    await pool.end();
    await store.close();
    await own.pool.query(`DROP SCHEMA ${schema} CASCADE`);
  });

  it('the table dropped under it: STORE_SCHEMA_MISSING; a pool ended: STORE_CONNECTION', async () => {
    const schema = uniqueSchema('dlf_gone');
    const pool = makePool(own.server.url, 2);
    const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
    const table = await createPostgresDossierList({ store, schema });
    await own.pool.query(`DROP TABLE ${schema}.dossier_list`);
    await expectCode(table.list(), 'STORE_SCHEMA_MISSING');
    await expectCode(table.get('d-1'), 'STORE_SCHEMA_MISSING');
    await store.close();
    await pool.end();
    for (const call of [() => table.list(), () => table.worklist({ unit: 'U' }, 'overdue', '2025-07-10T09:00:00.000+07:00'), () => table.all(), () => table.clear()])
      await expectCode(call(), 'STORE_CONNECTION');
    await expectCode(createPostgresDossierList({ store, schema }), 'STORE_CONNECTION');
    await own.pool.query(`DROP SCHEMA ${schema} CASCADE`);
  });
});
