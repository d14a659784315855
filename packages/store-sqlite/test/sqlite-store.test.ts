import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MotcuaError, StoreError, ValidationError } from '@motcua/core';
import type { AppendNotice, StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { SCHEMA_VERSION, createSqliteEventStore } from '@motcua/store-sqlite';
import type { SqliteEventStore } from '@motcua/store-sqlite';
import { applyMigrations } from '../src/schema';
import { rejection } from './helpers';

let dir: string;
let filename: string;
const open: { close(): unknown }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-sqlite-'));
  filename = join(dir, 'events.db');
});

afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(options: Parameters<typeof createSqliteEventStore>[0] = { filename }): Promise<SqliteEventStore> {
  const store = await createSqliteEventStore(options);
  open.push(store);
  return store;
}

function rawDb(): Database.Database {
  const db = new Database(filename);
  open.push(db);
  return db;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

describe('connection settings', () => {
  it('uses WAL with synchronous FULL by default and NORMAL on request', async () => {
    const store = await openStore();
    expect(store.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(store.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    const normal = await openStore({ filename: join(dir, 'normal.db'), synchronous: 'NORMAL' });
    expect(normal.db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
  });

  it('accepts a user-supplied Database and does not close it', async () => {
    const db = new Database(filename);
    open.push(db);
    const store = await createSqliteEventStore({ database: db });
    await store.append('s', [makeTestEvent('A')]);
    await store.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT count(*) AS n FROM motcua_events').get()).toEqual({ n: 1 });
  });

  it('closes the file it opened itself', async () => {
    const store = await createSqliteEventStore({ filename });
    await store.close();
    expect(store.db.open).toBe(false);
  });

  it('turns a file that is not a database into STORE_CORRUPTED', async () => {
    writeFileSync(filename, 'this is not a sqlite database, just text '.repeat(100));
    const error = await rejection(createSqliteEventStore({ filename }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_CORRUPTED');
  });

  it('turns an unopenable path into STORE_CONNECTION', async () => {
    const error = await rejection(createSqliteEventStore({ filename: join(dir, 'missing-dir', 'x', 'events.db') }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_CONNECTION');
  });
});

describe('schema versions', () => {
  it('records the schema version in motcua_schema and reopens idempotently', async () => {
    const store = await openStore();
    expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: SCHEMA_VERSION });
    await store.close();
    const again = await openStore();
    expect(again.db.prepare('SELECT count(*) AS n FROM motcua_schema').get()).toEqual({ n: 1 });
  });

  it('migrates an older file by default, keeping its events', async () => {
    const db = rawDb();
    db.exec('BEGIN IMMEDIATE');
    applyMigrations(db, 0, 1);
    db.prepare('INSERT INTO motcua_events (stream_id, version, type, event_id, data, metadata) VALUES (?, 1, ?, ?, ?, ?)').run(
      'old',
      'Received',
      'e-1',
      '{"ten":"Đăng ký khai sinh"}',
      JSON.stringify(makeTestEvent('Received').metadata),
    );
    db.exec('COMMIT');
    const store = await openStore();
    expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: SCHEMA_VERSION });
    expect((await store.readStream('old')).events[0]!.data).toEqual({ ten: 'Đăng ký khai sinh' });
    expect(() => db.prepare('DELETE FROM motcua_events').run()).toThrow(/append-only/);
  });

  it('refuses an older file with migrate: false (STORE_SCHEMA_OUTDATED)', async () => {
    const db = rawDb();
    db.exec('BEGIN IMMEDIATE');
    applyMigrations(db, 0, 1);
    db.exec('COMMIT');
    const error = await rejection(createSqliteEventStore({ filename, migrate: false }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_SCHEMA_OUTDATED');
    expect(error.message).toMatch(/version 1/);
  });

  it('refuses an empty file with migrate: false (STORE_SCHEMA_MISSING)', async () => {
    const error = await rejection(createSqliteEventStore({ filename, migrate: false }));
    expect(error.code).toBe('STORE_SCHEMA_MISSING');
  });

  it('always refuses a newer schema (STORE_SCHEMA_OUTDATED)', async () => {
    (await openStore()).db.prepare('UPDATE motcua_schema SET version = ?').run(SCHEMA_VERSION + 1);
    const error = await rejection(createSqliteEventStore({ filename }));
    expect(error).toBeInstanceOf(MotcuaError);
    expect(error.code).toBe('STORE_SCHEMA_OUTDATED');
    expect(error.message).toMatch(/newer/);
  });

  it('migrates safely when several connections open a new file at once', async () => {
    const stores = await Promise.all(Array.from({ length: 6 }, () => createSqliteEventStore({ filename })));
    open.push(...stores);
    await Promise.all(stores.map((s, i) => s.append(`s-${i}`, [makeTestEvent('A')])));
    expect(await stores[0]!.headPosition()).toBe(6);
  });
});

describe('append-only enforcement and corruption', () => {
  it('raises on UPDATE and DELETE of events', async () => {
    const store = await openStore();
    await store.append('s', [makeTestEvent('A')]);
    expect(() => store.db.prepare("UPDATE motcua_events SET data = '{}'").run()).toThrow(/append-only: UPDATE/);
    expect(() => store.db.prepare('DELETE FROM motcua_events').run()).toThrow(/append-only: DELETE/);
    expect((await store.readStream('s')).events[0]!.type).toBe('A');
  });

  it('reports a row with bad JSON as STORE_CORRUPTED naming its position', async () => {
    const store = await openStore();
    await store.append('s', [makeTestEvent('A'), makeTestEvent('B')]);
    // a third row copied from the second (compact layout, schema-v4.ts) with a damaged data text
    store.db
      .prepare(
        "INSERT INTO motcua_events (stream_id, version, type, event_id, data, meta, hash) SELECT stream_id, 3, type, 'bad-1', ?, meta, NULL FROM motcua_events WHERE version = 2",
      )
      .run('{"broken": ');
    for (const read of [() => store.readStream('s'), () => collect(store.readAll())]) {
      const error = await rejection(read());
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CORRUPTED');
      expect(error.message).toMatch(/position 3/);
    }
    expect((await store.readStream('s', { toVersion: 2 })).events).toHaveLength(2);
  });

  it('reports metadata without an event id as STORE_CORRUPTED', async () => {
    const store = await openStore();
    store.db.exec("INSERT INTO motcua_streams (name) VALUES ('s'); INSERT INTO motcua_types (name) VALUES ('C')");
    store.db
      .prepare(
        "INSERT INTO motcua_events (stream_id, version, type, event_id, data, meta) VALUES ((SELECT id FROM motcua_streams WHERE name = 's'), 1, (SELECT id FROM motcua_types WHERE name = 'C'), 'x', '{}', ?)",
      )
      .run('42');
    expect((await rejection(store.readStream('s'))).code).toBe('STORE_CORRUPTED');
  });
});

describe('failed appends write nothing', () => {
  it('a batch whose 2nd event cannot be serialised (BigInt) leaves the stream unchanged', async () => {
    const store = await openStore();
    await store.append('s', [makeTestEvent('A')]);
    const notices: AppendNotice[] = [];
    store.notifications.on('appended', (n) => notices.push(n));
    const error = await rejection(store.append('s', [makeTestEvent('B'), makeTestEvent('C', { amount: 10n }), makeTestEvent('D')]));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect((error as ValidationError).issues[0]!.path).toEqual(['events', 1, 'data']);
    expect((await store.readStream('s')).version).toBe(1);
    expect(await store.headPosition()).toBe(1);
    expect(notices).toEqual([]);
    expect(store.db.inTransaction).toBe(false);
  });

  it('a failing insert in the middle of a batch rolls back the earlier rows', async () => {
    const store = await openStore();
    const existing = makeTestEvent('X');
    await store.append('other', [existing]);
    const error = await rejection(store.append('s', [makeTestEvent('A'), makeTestEvent('B'), existing]));
    expect(error.code).toBe('DUPLICATE_EVENT');
    expect((await store.readStream('s')).version).toBe(0);
    expect(await store.headPosition()).toBe(1);
  });
});

describe('bulk import', () => {
  it.each([1, 2] as const)('imports many streams across several transactions, after existing versions (threads: %i)', async (threads) => {
    const store = await openStore();
    await store.append('dossier-0', [makeTestEvent('Existing')]);
    const notices: AppendNotice[] = [];
    store.notifications.on('appended', (n) => notices.push(n));
    function* source() {
      for (let s = 0; s < 300; s++) yield { streamId: `dossier-${s}`, events: Array.from({ length: 10 }, (_, i) => makeTestEvent('Imported', { s, i })) };
    }
    const result = await store.importStreams(source(), { transactionSize: 700, threads });
    expect(result).toEqual({ streams: 300, events: 3000, lastPosition: 3001, threads });
    expect((await store.readStream('dossier-0')).events.map((e) => e.version)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    const s7 = await store.readStream('dossier-7');
    expect(s7.events.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(notices).toHaveLength(300);
    const all = await collect(store.readAll());
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 3001 }, (_, i) => i + 1));
  });

  it('accepts async iterables, checks expectedVersion and rolls back only the failing transaction', async () => {
    const store = await openStore();
    await store.append('taken', [makeTestEvent('A')]);
    async function* source() {
      yield { streamId: 'a', events: [makeTestEvent('A')], expectedVersion: 'no_stream' as const };
      yield { streamId: 'b', events: [makeTestEvent('B')] };
      yield { streamId: 'taken', events: [makeTestEvent('C')], expectedVersion: 'no_stream' as const };
    }
    const error = await rejection(store.importStreams(source(), { transactionSize: 2 }));
    expect(error.code).toBe('CONCURRENCY_CONFLICT');
    expect((await store.readStream('a')).version).toBe(1);
    expect((await store.readStream('b')).version).toBe(1);
    expect((await store.readStream('taken')).version).toBe(1);
  });
});

describe('transactions and projections', () => {
  it('runs the caller’s own writes and the projection checkpoint in one transaction', async () => {
    const store = await openStore();
    store.db.exec('CREATE TABLE dossier_list (id TEXT PRIMARY KEY, status TEXT)');
    await store.transaction((tx) => {
      tx.db.prepare('INSERT INTO dossier_list VALUES (?, ?)').run('d1', 'Đã tiếp nhận');
      tx.saveProjection('dossier-list', { state: null, position: 5, tag: 'v1' });
    });
    expect(await store.loadProjection('dossier-list')).toEqual({ state: null, position: 5, tag: 'v1' });
    const error = await rejection(
      store.transaction((tx) => {
        tx.saveProjection('dossier-list', { state: null, position: 6 });
        tx.db.prepare('INSERT INTO dossier_list VALUES (?, ?)').run('d1', 'duplicate key');
      }),
    );
    expect(error.message).toMatch(/UNIQUE/);
    expect((await store.loadProjection('dossier-list'))?.position).toBe(5);
  });
});

describe('stream versions known to a connection', () => {
  const conflict = (p: Promise<unknown>) => rejection(p).then((e) => e as unknown as { code: string; actual: number });

  it('another connection’s commits invalidate them: a stale expected version conflicts, a fresh one lands after the other’s events', async () => {
    const a = await openStore();
    const b = await openStore();
    await a.append('s', [makeTestEvent('A1')], { expectedVersion: 'no_stream' });
    await a.append('s', [makeTestEvent('A2')], { expectedVersion: 1 }); // a now knows version 2
    await b.append('s', [makeTestEvent('B3'), makeTestEvent('B4')], { expectedVersion: 2 });
    const stale = await conflict(a.append('s', [makeTestEvent('A3')], { expectedVersion: 2 }));
    expect(stale.code).toBe('CONCURRENCY_CONFLICT');
    expect(stale.actual).toBe(4);
    await a.append('s', [makeTestEvent('A5')], { expectedVersion: 4 });
    await b.append('s', [makeTestEvent('B6')]); // 'any'
    const any = await a.append('s', [makeTestEvent('A7')]); // 'any' must land after B6, not collide with it
    expect(any.events[0]!.version).toBe(7);
    expect((await b.readStream('s')).events.map((e) => e.type)).toEqual(['A1', 'A2', 'B3', 'B4', 'A5', 'B6', 'A7']);
  });

  it('a read after another connection’s commit sees it (no stale cached version)', async () => {
    const a = await openStore();
    const b = await openStore();
    await a.append('s', [makeTestEvent('A1'), makeTestEvent('A2')]);
    expect((await a.readStream('s', { fromVersion: 3 })).version).toBe(2);
    await b.append('s', [makeTestEvent('B3')], { expectedVersion: 2 });
    const after = await a.readStream('s', { fromVersion: 3 });
    expect(after.version).toBe(3);
    expect(after.events.map((e) => e.type)).toEqual(['B3']);
    expect((await a.readStream('new')).version).toBe(0);
    await b.append('new', [makeTestEvent('B1')]);
    expect((await a.readStream('new')).events.map((e) => e.type)).toEqual(['B1']);
  });

  it('inside a group commit too, and a rolled-back batch forgets what it wrote', async () => {
    const a = await openStore();
    const b = await openStore();
    await a.append('s', [makeTestEvent('A1')]);
    await b.append('s', [makeTestEvent('B2')]);
    await a.batch(async () => {
      const r = await a.append('s', [makeTestEvent('A3')], { expectedVersion: 2 });
      expect(r.events[0]!.version).toBe(3);
    });
    await expect(
      a.batch(async () => {
        await a.append('s', [makeTestEvent('A4')], { expectedVersion: 3 }); // a now believes version 4…
        throw new Error('abort the batch');
      }),
    ).rejects.toThrow('abort the batch');
    // …but the batch rolled back: version 3 it is.
    const r = await a.append('s', [makeTestEvent('A4again')], { expectedVersion: 3 });
    expect(r.events[0]!.version).toBe(4);
    expect((await a.readStream('s')).events.map((e) => e.type)).toEqual(['A1', 'B2', 'A3', 'A4again']);
  });
});

describe('cross-connection notifications', () => {
  it('announces another connection’s appends by polling, and its own once', async () => {
    const watcher = await openStore({ filename, pollIntervalMs: 10 });
    const writer = await openStore();
    const notices: AppendNotice[] = [];
    watcher.notifications.on('appended', (n) => notices.push(n));
    const own = await watcher.append('own', [makeTestEvent('A')]);
    const r1 = await writer.append('dossier-1', [makeTestEvent('A'), makeTestEvent('B')]);
    const r2 = await writer.append('dossier-2', [makeTestEvent('C')]);
    await vi.waitFor(() => expect(notices).toHaveLength(3), { timeout: 30_000, interval: 10 });
    expect(notices).toEqual([
      { streamId: 'own', firstPosition: own.lastPosition, lastPosition: own.lastPosition },
      { streamId: 'dossier-1', firstPosition: r1.events[0]!.position, lastPosition: r1.lastPosition },
      { streamId: 'dossier-2', firstPosition: r2.lastPosition, lastPosition: r2.lastPosition },
    ]);
  });

  it('sees another connection’s events through headPosition and readAll', async () => {
    const reader = await openStore();
    const writer = await openStore();
    await writer.append('s', [makeTestEvent('A')]);
    expect(await reader.headPosition()).toBe(1);
    const read: StoredEvent[] = await collect(reader.readAll());
    expect(read.map((e) => e.type)).toEqual(['A']);
  });
});
