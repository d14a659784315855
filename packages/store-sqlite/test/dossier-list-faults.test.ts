/**
 * The dossier list on SQLite under driver faults: a `MotcuaError` with a stable code, never better-sqlite3's
 * `SqliteError` or `TypeError` — the table dropped under it, the `Database` closed under the store.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MotcuaError } from '@motcua/core';
import { createSqliteDossierList, createSqliteEventStore } from '@motcua/store-sqlite';
import { rejection, tempFile } from './helpers';

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(MotcuaError);
  expect(error.code).toBe(code);
}

describe('dossier list on SQLite: driver faults are typed', () => {
  it('the table dropped: STORE_SCHEMA_MISSING; the Database closed: STORE_CONNECTION, also when opening the list', async () => {
    const db = new Database(tempFile('dl-faults.db'));
    const store = await createSqliteEventStore({ database: db });
    const table = createSqliteDossierList(store);
    expect(await table.all()).toEqual([]);
    db.exec('DROP TABLE motcua_dossier_list');
    await expectCode(table.list(), 'STORE_SCHEMA_MISSING');
    await expectCode(table.get('d-1'), 'STORE_SCHEMA_MISSING');
    await expectCode(table.all(), 'STORE_SCHEMA_MISSING');
    const again = createSqliteDossierList(store); // made again on the open file
    db.close();
    for (const call of [() => again.list(), () => again.worklist({ unit: 'U' }, 'overdue', '2025-07-10T09:00:00.000+07:00'), () => again.get('d-1'), () => again.all()])
      await expectCode(call(), 'STORE_CONNECTION');
    let opening: unknown;
    try {
      createSqliteDossierList(store);
    } catch (error) {
      opening = error;
    }
    expect(opening).toBeInstanceOf(MotcuaError);
    expect((opening as MotcuaError).code).toBe('STORE_CONNECTION');
    // A bad query is still VALIDATION_FAILED with its path (a MotcuaError passes through unchanged).
    await expectCode(again.list({ pageSize: -1 } as never), 'VALIDATION_FAILED');
  });
});
