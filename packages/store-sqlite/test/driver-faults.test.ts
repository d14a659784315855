/**
 * Real faults of the SQLite file under an open store — a read-only connection, a full database, bytes of the file
 * overwritten with garbage, the `Database` closed under the store, a dropped table — on every path: the caller gets a
 * `MotcuaError` with a stable code (never better-sqlite3's `SqliteError` or `TypeError`), nothing of the failed call
 * is written (versions, head, sequences, checkpoints as before), and once the fault is gone the next call works.
 *
 * The full database is SQLite's own `max_page_count` limit (the same `SQLITE_FULL` a full disk gives, also rolling
 * the whole transaction back): a group commit or a `batch` whose transaction SQLite rolled back must not go on
 * writing the other requests outside any transaction.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MotcuaError, type NewEvent, type OutboxMessage, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore, createSqliteKeyStore, createSqliteOutboxStore, readSqlitePartition, type SqliteEventStore } from '@motcua/store-sqlite';
import { rejection, tempFile } from './helpers';

/** Incompressible text of about `bytes` characters (the checkpoint packer deflates large states). */
const noise = (bytes: number): string => randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64');
const event = (size = 10): NewEvent => makeTestEvent('Written', { text: noise(size) });
const message = (id: string, size: number): OutboxMessage => ({
  id,
  destination: 'portal',
  streamId: 'w-1',
  position: 1,
  index: 0,
  eventType: 'Written',
  kind: 'status',
  payload: { text: noise(size) },
  createdAt: '2024-10-27T01:30:00.000Z',
  attempts: 0,
  status: 'pending',
  nextAttemptAt: '2024-10-27T01:30:00.000Z',
});

/** Every write path, each writing about `size` bytes (0: small). */
const writes = (size: number): [string, (store: SqliteEventStore) => Promise<unknown>][] => [
  ['append', (store) => store.append('w-1', [event(size)])],
  ['append of two events', (store) => store.append('w-1', [event(size), event(size)])],
  [
    'appendMany',
    async (store) => {
      const outcomes = await store.appendMany([
        { streamId: 'w-2', events: [event(size)] },
        { streamId: 'w-3', events: [event(10)] },
      ]);
      for (const outcome of outcomes) if (!outcome.ok) throw outcome.error;
    },
  ],
  ['batch', (store) => store.batch(() => store.append('w-4', [event(size)]))],
  ['nextSequence', (store) => store.nextSequence(`key-${noise(size)}`)],
  ['saveProjection', (store) => store.saveProjection('p', { state: { text: noise(size) }, position: 1 })],
  ['saveProjectionText', (store) => store.saveProjectionText('p', { state: JSON.stringify(noise(size)), position: 1 })],
  ['transaction', (store) => store.transaction((tx) => tx.saveProjection('p', { state: { text: noise(size) }, position: 1 }))],
  ['importStreams', (store) => store.importStreams([{ streamId: 'w-5', events: [event(size), event(size)] }], { threads: 1 })],
  ['outbox materialise', async (store) => createSqliteOutboxStore(store).materialise('relay', 0, 1, [message('m-1', size)])],
];

const reads: [string, (store: SqliteEventStore) => Promise<unknown>][] = [
  ['readStream', (store) => store.readStream('seed')],
  [
    'readAll',
    async (store) => {
      for await (const _ of store.readAll()) void _;
    },
  ],
  ['headPosition', (store) => store.headPosition()],
  ['loadProjection', (store) => store.loadProjection('p')],
  ['hashedFrom', (store) => store.hashedFrom()],
  ['outbox counts', async (store) => createSqliteOutboxStore(store).counts()],
];

async function expectStoreError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await rejection(promise);
  if (!(error instanceof MotcuaError)) throw new Error(`expected a MotcuaError ${code}, got ${error?.constructor?.name}: ${error?.message}`, { cause: error });
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
}

/** Nothing of a failed write is in the file: the seed event only, no sequence taken, no checkpoint, no outbox cursor. */
async function expectUntouched(store: SqliteEventStore, db: { prepare(sql: string): { get(): unknown } }): Promise<void> {
  expect(await store.headPosition()).toBe(1);
  for (const stream of ['w-1', 'w-2', 'w-3', 'w-4', 'w-5']) expect((await store.readStream(stream)).version).toBe(0);
  expect(db.prepare('SELECT count(*) AS n FROM motcua_sequences').get()).toEqual({ n: 0 });
  expect(await store.loadProjection('p')).toBeUndefined();
  expect(await createSqliteOutboxStore(store).cursor('relay')).toBe(0);
}

async function seeded(file = tempFile()): Promise<{ db: Database.Database; store: SqliteEventStore }> {
  const db = new Database(file);
  const store = await createSqliteEventStore({ database: db });
  await store.append('seed', [event()]);
  return { db, store };
}

describe('a read-only connection', () => {
  for (const [name, write] of writes(10)) {
    it(`${name}: STORE_CONNECTION, nothing written, works once the connection may write`, async () => {
      const { db, store } = await seeded();
      db.pragma('query_only = ON');
      await expectStoreError(write(store), 'STORE_CONNECTION', /SQLITE_READONLY/);
      for (const [, read] of reads) await read(store); // reads go on
      await expectUntouched(store, db);
      db.pragma('query_only = OFF');
      await write(store);
      expect((await verifyHistory(store)).ok).toBe(true);
    });
  }

  it('a store on a Database opened read-only: reads work, every write is STORE_CONNECTION', async () => {
    const file = tempFile();
    const { store: writer } = await seeded(file);
    await writer.close();
    const db = new Database(file, { readonly: true });
    const store = await createSqliteEventStore({ database: db });
    for (const [, read] of reads) await read(store);
    for (const [, write] of writes(10)) await expectStoreError(write(store), 'STORE_CONNECTION', /SQLITE_READONLY/);
    await expectUntouched(store, db);
    await store.close();
    db.close();
  });
});

describe('a full database (SQLITE_FULL)', () => {
  for (const [name, write] of writes(100_000)) {
    it(`${name}: STORE_CONNECTION, nothing written, works once there is room`, async () => {
      const { db, store } = await seeded();
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      await expectStoreError(write(store), 'STORE_CONNECTION', /SQLITE_FULL/);
      await expectUntouched(store, db);
      db.pragma('max_page_count = 1073741823');
      await write(store);
      expect((await verifyHistory(store)).ok).toBe(true);
    });
  }

  it('a group whose first request fills the database: every caller gets the error, none of the group is stored', async () => {
    const { db, store } = await seeded();
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const error = await rejection(
      store.appendMany([
        { streamId: 'w-1', events: [event(100_000)] },
        { streamId: 'w-2', events: [event()] },
        { streamId: 'w-3', events: [event(), event()] },
      ]),
    );
    expect(error).toBeInstanceOf(MotcuaError);
    expect(error.code).toBe('STORE_CONNECTION');
    await expectUntouched(store, db); // before: w-2 and w-3 were written outside any transaction, their callers told it failed
    // Concurrent appends coalesced into one transaction: each caller rejected, none stored.
    const outcomes = await Promise.allSettled([store.append('w-1', [event(100_000)]), store.append('w-2', [event()]), store.append('w-3', [event()])]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(MotcuaError);
    }
    await expectUntouched(store, db);
    db.pragma('max_page_count = 1073741823');
    const done = await store.appendMany([
      { streamId: 'w-1', events: [event(100_000)] },
      { streamId: 'w-2', events: [event()] },
    ]);
    expect(done.map((o) => o.ok)).toEqual([true, true]);
    expect((await verifyHistory(store)).ok).toBe(true);
  });

  it('a batch whose transaction SQLite rolled back: later writes and the commit are refused, nothing of the batch is stored', async () => {
    const { db, store } = await seeded();
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    let inside: unknown;
    const error = await rejection(
      store.batch(async () => {
        await store.append('w-1', [event()]);
        inside = await rejection(store.append('w-2', [event(100_000)]));
        await store.append('w-3', [event()]).catch(() => undefined);
        await store.nextSequence('k').catch(() => undefined);
      }),
    );
    expect(inside).toBeInstanceOf(MotcuaError);
    expect((inside as MotcuaError).code).toBe('STORE_CONNECTION');
    expect(error).toBeInstanceOf(MotcuaError);
    expect(error.code).toBe('STORE_CONNECTION');
    await expectUntouched(store, db); // before: w-3 and the sequence were committed on their own, the batch "failed"
    db.pragma('max_page_count = 1073741823');
    await store.batch(() => store.append('w-1', [event()]));
    expect((await store.readStream('w-1')).version).toBe(1);
  });
});

describe("store.transaction(fn): the caller's own statements", () => {
  it('a fault of the file met by their statement is typed; their own error (a constraint of their table) reaches them unchanged', async () => {
    const { db, store } = await seeded();
    db.exec('CREATE TABLE mine (id TEXT PRIMARY KEY, body TEXT)');
    db.prepare("INSERT INTO mine VALUES ('a', '')").run();
    const insert = db.prepare('INSERT INTO mine VALUES (?, ?)');
    const mine = () => db.prepare('SELECT count(*) AS n FROM mine').get();
    const own = await rejection(store.transaction(() => insert.run('a', 'again')));
    expect(own).not.toBeInstanceOf(MotcuaError);
    expect(own.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    await expectStoreError(
      store.transaction((tx) => {
        tx.saveProjection('p', { state: 1, position: 1 });
        insert.run('b', noise(100_000));
      }),
      'STORE_CONNECTION',
      /SQLITE_FULL/,
    );
    expect(mine()).toEqual({ n: 1 });
    await expectUntouched(store, db);
    db.pragma('max_page_count = 1073741823');
    await store.transaction(() => insert.run('b', noise(100_000)));
    expect(mine()).toEqual({ n: 2 });
  });
});

describe('bytes of the file overwritten with garbage under an open store', () => {
  it('every call: STORE_CORRUPTED (the poller reports it on error); the original bytes back, everything works', async () => {
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file, pollIntervalMs: 10 });
    for (let i = 0; i < 100; i++) await store.append(i === 0 ? 'seed' : `s-${i % 5}`, [event(1_000)]);
    store.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
    const pageSize = store.db.prepare('PRAGMA page_size').raw(true).get() as [number];
    const original = readFileSync(file);
    const overwrite = (bytes: Buffer) => {
      const fd = openSync(file, 'r+');
      writeSync(fd, bytes, pageSize[0], statSync(file).size - pageSize[0], pageSize[0]);
      closeSync(fd);
      store.db.exec('PRAGMA shrink_memory'); // the page cache goes: pages are read from the file again
    };
    const errors: unknown[] = [];
    store.notifications.on('error', (error) => errors.push(error));
    overwrite(Buffer.alloc(original.length, 0x5a));
    for (const [, read] of reads.filter(([name]) => name !== 'hashedFrom')) await expectStoreError(read(store), 'STORE_CORRUPTED', /SQLITE_CORRUPT/);
    for (const [, write] of writes(10)) await expectStoreError(write(store), 'STORE_CORRUPTED', /SQLITE_CORRUPT/);
    await store.db.prepare('SELECT 1').get(); // the connection itself is fine
    // The poller (another connection's commit) reads the file too: its error is a MotcuaError.
    const other = new Database(file);
    other.exec('PRAGMA user_version = 7');
    other.close();
    await expect.poll(() => errors.length, { timeout: 30_000 }).toBeGreaterThan(0);
    for (const error of errors) expect(error).toBeInstanceOf(MotcuaError);
    overwrite(original);
    expect(await store.headPosition()).toBe(100);
    await store.append('after', [event()]);
    expect((await verifyHistory(store)).ok).toBe(true);
    await store.close();
  });
});

describe('the Database closed under the store', () => {
  it('every call: STORE_CONNECTION naming the closed connection; close() still works', async () => {
    const { db, store } = await seeded();
    const outbox = createSqliteOutboxStore(store);
    const keys = createSqliteKeyStore(db);
    db.close();
    for (const [, call] of [...writes(10), ...reads]) await expectStoreError(call(store), 'STORE_CONNECTION', /closed/);
    await expectStoreError(outbox.claim({ now: '2024-10-27T01:30:00.000Z', limit: 5, owner: 'o', leaseUntil: '2024-10-27T01:31:00.000Z' }), 'STORE_CONNECTION', /closed/);
    await expectStoreError(keys.keyFor('subject-1'), 'STORE_CONNECTION', /closed/);
    expect(() => createSqliteOutboxStore(store)).toThrow(expect.objectContaining({ code: 'STORE_CONNECTION' }));
    expect(() => createSqliteKeyStore(db)).toThrow(expect.objectContaining({ code: 'STORE_CONNECTION' }));
    await store.close();
  });
});

describe('a table dropped from the file', () => {
  it('STORE_SCHEMA_MISSING on the calls that need it, and on reopening the file', async () => {
    const file = tempFile();
    const { db, store } = await seeded(file);
    const other = new Database(file);
    other.exec('DROP TABLE motcua_sequences; DROP TABLE motcua_projections');
    other.close();
    await expectStoreError(store.nextSequence('k'), 'STORE_SCHEMA_MISSING', /motcua_sequences/);
    await expectStoreError(store.saveProjection('p', { state: 1, position: 1 }), 'STORE_SCHEMA_MISSING', /motcua_projections/);
    await expectStoreError(store.loadProjection('p'), 'STORE_SCHEMA_MISSING', /motcua_projections/);
    expect((await store.readStream('seed')).version).toBe(1); // what is still there reads
    await store.close();
    db.close();
    await expectStoreError(createSqliteEventStore({ filename: file }), 'STORE_SCHEMA_MISSING', /motcua_sequences/);
  });
});

describe('a partition read (the rebuild) of a file it cannot use', () => {
  const readAll = async (filename: string): Promise<number> => {
    let n = 0;
    for await (const batch of readSqlitePartition({ filename, partition: 0, partitions: 1 })) n += batch.length;
    return n;
  };

  it('a missing file: STORE_CONNECTION; a file that is not a database, or whose pages are garbage: STORE_CORRUPTED', async () => {
    await expectStoreError(readAll(tempFile('missing.db')), 'STORE_CONNECTION', /SQLITE_CANTOPEN/);
    const garbage = tempFile('garbage.db');
    writeFileSync(garbage, Buffer.alloc(50_000, 0x41));
    await expectStoreError(readAll(garbage), 'STORE_CORRUPTED', /SQLITE_NOTADB/);
    const file = tempFile();
    const store = await createSqliteEventStore({ filename: file });
    for (let i = 0; i < 100; i++) await store.append(`s-${i % 5}`, [event(1_000)]);
    await store.close();
    expect(await readAll(file)).toBe(100);
    const original = readFileSync(file);
    const pageSize = original.readUInt16BE(16) === 1 ? 65_536 : original.readUInt16BE(16);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(original.length - pageSize, 0x5a), 0, original.length - pageSize, pageSize);
    closeSync(fd);
    await expectStoreError(readAll(file), 'STORE_CORRUPTED', /SQLITE_CORRUPT/);
  });
});
