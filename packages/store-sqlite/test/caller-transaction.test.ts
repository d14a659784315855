/**
 * A write through the store while the caller has their own transaction open on the `Database` they passed in
 * (docs/storage.md warns against it): a typed `STORE_CONNECTION` error on every write path, nothing appended, and the
 * caller's transaction left open with its own writes (the store's clean-up must not roll it back).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { StoreError } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore, type SqliteEventStore } from '@motcua/store-sqlite';
import { rejection, tempFile } from './helpers';

async function open(): Promise<{ db: Database.Database; store: SqliteEventStore }> {
  const db = new Database(tempFile('caller-tx.db'));
  const store = await createSqliteEventStore({ database: db });
  db.exec('CREATE TABLE mine (x INTEGER)');
  return { db, store };
}

const writes: [string, (store: SqliteEventStore) => Promise<unknown>][] = [
  ['append', (store) => store.append('dossier-1', [makeTestEvent('A')])],
  ['appendMany', (store) => store.appendMany([{ streamId: 'dossier-1', events: [makeTestEvent('A')] }])],
  ['batch', (store) => store.batch(() => store.append('dossier-1', [makeTestEvent('A')]))],
];

describe('a write while the caller holds a transaction on the same Database', () => {
  for (const [name, write] of writes) {
    it(`${name}: STORE_CONNECTION, nothing appended, the caller's transaction still open with its rows`, async () => {
      const { db, store } = await open();
      db.exec('BEGIN');
      db.prepare('INSERT INTO mine VALUES (1)').run();
      const error = await rejection(write(store));
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CONNECTION');
      expect(error.message).toMatch(/transaction/);
      expect(db.inTransaction).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM mine').get()).toEqual({ n: 1 });
      db.exec('COMMIT');
      expect(db.prepare('SELECT count(*) AS n FROM mine').get()).toEqual({ n: 1 });
      expect(await store.headPosition()).toBe(0);
      // Once the caller's transaction is over, the store writes again.
      await write(store);
      expect(await store.headPosition()).toBe(1);
      await store.close();
      db.close();
    });
  }
});
