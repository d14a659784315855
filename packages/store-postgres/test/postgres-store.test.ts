import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { MotcuaError, StoreError, ValidationError } from '@motcua/core';
import type { AppendNotice } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { PG_SCHEMA_VERSION, createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres } from '@motcua/store-postgres/testkit';
import { applyPgMigrations } from '../src/schema';
import { collect, makePool, rejection, uniqueSchema, ownTestServer } from './helpers';

// Own server: these tests hold transactions open and restart connections, and the
// xid8 read horizon is cluster-wide, so they must not share the contract's server.
const own = ownTestServer();

const open = own.open;

describe('schema and migrations', () => {
  it('records the version and reopens idempotently', async () => {
    const schema = uniqueSchema('mig');
    await open(schema);
    await open(schema);
    const { rows } = await own.pool.query(`SELECT version FROM "${schema}".schema_version`);
    expect(rows).toEqual([{ version: PG_SCHEMA_VERSION }]);
  });

  it('migrates exactly once when many stores start at once (advisory lock)', async () => {
    const schema = uniqueSchema('race');
    const settled = await Promise.allSettled(Array.from({ length: 8 }, () => createPostgresEventStore({ pool: own.pool, schema })));
    const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    own.track(...started);
    expect(settled.filter((r) => r.status === 'rejected')).toEqual([]);
    const acked = await Promise.all(started.map((s, i) => s.append(`s-${i}`, [makeTestEvent('A')])));
    expect(acked.map((r) => r.lastPosition).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // headPosition is the read horizon: it may lag an acknowledged append while another transaction is open
    expect(await started[0]!.headPosition()).toBeLessThanOrEqual(8);
    expect(await started[0]!.waitUntilReadable(8)).toBe(8);
    expect(await started[0]!.headPosition()).toBe(8);
  });

  it('migrates an older schema by default and refuses it with migrate: false', async () => {
    const schema = uniqueSchema('old');
    const client = await own.pool.connect();
    await client.query('BEGIN');
    await applyPgMigrations(client, schema, 0, 1);
    await client.query('COMMIT');
    client.release();
    const refused = await rejection(createPostgresEventStore({ pool: own.pool, schema, migrate: false }));
    expect(refused).toBeInstanceOf(StoreError);
    expect(refused.code).toBe('STORE_SCHEMA_OUTDATED');
    const store = await open(schema);
    await store.append('s', [makeTestEvent('A')]);
    await expect(own.pool.query(`DELETE FROM "${schema}".events`)).rejects.toThrow(/append-only/);
  });

  it('refuses a missing schema with migrate: false (STORE_SCHEMA_MISSING)', async () => {
    const error = await rejection(createPostgresEventStore({ pool: own.pool, schema: uniqueSchema('none'), migrate: false }));
    expect(error.code).toBe('STORE_SCHEMA_MISSING');
  });

  it('always refuses a newer schema (STORE_SCHEMA_OUTDATED)', async () => {
    const schema = uniqueSchema('newer');
    await open(schema);
    await own.pool.query(`UPDATE "${schema}".schema_version SET version = $1`, [PG_SCHEMA_VERSION + 1]);
    const error = await rejection(createPostgresEventStore({ pool: own.pool, schema }));
    expect(error).toBeInstanceOf(MotcuaError);
    expect(error.code).toBe('STORE_SCHEMA_OUTDATED');
    expect(error.message).toMatch(/newer/);
  });

  it('rejects an unsafe schema name', async () => {
    await expect(createPostgresEventStore({ pool: own.pool, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/Invalid schema name/);
  });
});

describe('append-only and corruption', () => {
  it('raises on UPDATE, DELETE and TRUNCATE of events', async () => {
    const schema = uniqueSchema('ao');
    const store = await open(schema);
    await store.append('s', [makeTestEvent('A')]);
    await expect(own.pool.query(`UPDATE "${schema}".events SET type = 'B'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(own.pool.query(`DELETE FROM "${schema}".events`)).rejects.toThrow(/append-only: DELETE/);
    await expect(own.pool.query(`TRUNCATE "${schema}".events`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect((await store.readStream('s')).events[0]!.type).toBe('A');
  });

  it('reports a row with invalid metadata as STORE_CORRUPTED naming its position', async () => {
    const schema = uniqueSchema('bad');
    const store = await open(schema);
    await store.append('s', [makeTestEvent('A')]);
    await own.pool.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('s', 2, 'B', 'x', '{}', '42')`);
    for (const read of [() => store.readStream('s'), () => collect(store.readAll())]) {
      const error = await rejection(read());
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CORRUPTED');
      expect(error.message).toMatch(/position 2/);
    }
  });
});

describe('failed appends write nothing', () => {
  it('a batch whose 2nd event cannot be serialised (BigInt) leaves the stream unchanged', async () => {
    const store = await open(uniqueSchema('bigint'));
    await store.append('s', [makeTestEvent('A')]);
    const error = await rejection(store.append('s', [makeTestEvent('B'), makeTestEvent('C', { amount: 10n }), makeTestEvent('D')]));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toEqual(['events', 1, 'data']);
    const nul = await rejection(store.append('s', [makeTestEvent('B', { text: 'a\u0000b' })]));
    expect(nul.code).toBe('VALIDATION_FAILED');
    expect((await store.readStream('s')).version).toBe(1);
    expect(await store.waitUntilReadable(1)).toBe(1);
  });

  it('a duplicate id in the middle of a batch rolls back the whole batch', async () => {
    const store = await open(uniqueSchema('mid'));
    const existing = makeTestEvent('X');
    await store.append('other', [existing]);
    const error = await rejection(store.append('s', [makeTestEvent('A'), makeTestEvent('B'), existing]));
    expect(error.code).toBe('DUPLICATE_EVENT');
    expect((await store.readStream('s')).version).toBe(0);
    const next = await store.append('s', [makeTestEvent('A')]);
    expect(next.events[0]!.version).toBe(1);
  });
});

describe('projections with the caller’s transaction', () => {
  it('saveProjectionWith joins the caller’s transaction', async () => {
    const store = await open(uniqueSchema('proj'));
    const client = await own.pool.connect();
    try {
      await client.query('BEGIN');
      await store.saveProjectionWith(client, 'list', { state: { n: 1 }, position: 3 });
      await client.query('ROLLBACK');
      expect(await store.loadProjection('list')).toBeUndefined();
      await client.query('BEGIN');
      await store.saveProjectionWith(client, 'list', { state: { n: 2 }, position: 4, tag: 'v2' });
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(await store.loadProjection('list')).toEqual({ state: { n: 2 }, position: 4, tag: 'v2' });
  });
});

describe('live notifications', () => {
  /** Connections whose last statement is this schema's LISTEN (a released listener's last one is UNLISTEN). */
  const listening = async (schema: string) =>
    (await own.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN "motcua_${schema}"'`)).rows[0].n as number;
  const untilListening = (schema: string) => vi.waitFor(async () => expect(await listening(schema)).toBe(1), { timeout: 30_000 });

  it('delivers other instances’ appends via LISTEN/NOTIFY', async () => {
    const schema = uniqueSchema('notify');
    const watcher = await open(schema, { pollIntervalMs: 0 });
    const writer = await open(schema, { listen: false, pollIntervalMs: 0 });
    const seen: AppendNotice[] = [];
    watcher.notifications.on('appended', (n) => seen.push(n));
    await untilListening(schema); // so the notice comes by NOTIFY, not by the catch-up poll (no poll timer here)
    const r = await writer.append('dossier-1', [makeTestEvent('A'), makeTestEvent('B')]);
    const notice = { streamId: 'dossier-1', firstPosition: r.events[0]!.position, lastPosition: r.lastPosition };
    await vi.waitFor(() => expect(seen).toContainEqual(notice), { timeout: 30_000 });
    // notices are hints, at least once: a repeat may follow, but never a range that was not appended
    for (const n of seen) expect(n).toEqual(notice);
  });

  it('opens no LISTEN connection until something follows the store; then announces what others appended before LISTEN took effect', async () => {
    const schema = uniqueSchema('lazy');
    const watcher = await open(schema, { pollIntervalMs: 0 });
    const writer = await open(schema, { listen: false, pollIntervalMs: 0 });
    // Appends of its own and of another store: still no LISTEN (nobody follows the watcher).
    await watcher.append('own', [makeTestEvent('A')]);
    const before = await writer.append('before', [makeTestEvent('B'), makeTestEvent('C')]);
    expect(await listening(schema)).toBe(0);
    const seen: AppendNotice[] = [];
    watcher.notifications.on('appended', (n) => seen.push(n));
    // No poll timer, no NOTIFY after the follower came: only the poll made once LISTEN is active can announce `before`.
    await vi.waitFor(() => expect(seen).toContainEqual({ streamId: 'before', firstPosition: before.events[0]!.position, lastPosition: before.lastPosition }), {
      timeout: 30_000,
    });
    await untilListening(schema);
    const after = await writer.append('after', [makeTestEvent('D')]);
    await vi.waitFor(() => expect(seen).toContainEqual({ streamId: 'after', firstPosition: after.lastPosition, lastPosition: after.lastPosition }), { timeout: 30_000 });
    // A second follower shares the one connection.
    watcher.notifications.once('appended', () => undefined);
    expect(await listening(schema)).toBe(1);
  });

  it('finds appends by polling when LISTEN is off (safety net)', async () => {
    const schema = uniqueSchema('poll');
    const watcher = await open(schema, { listen: false, pollIntervalMs: 20 });
    const writer = await open(schema, { listen: false, pollIntervalMs: 0 });
    const seen: AppendNotice[] = [];
    watcher.notifications.on('appended', (n) => seen.push(n));
    expect(await listening(schema)).toBe(0);
    const a = await writer.append('a', [makeTestEvent('A')]);
    const b = await writer.append('b', [makeTestEvent('B'), makeTestEvent('C')]);
    await vi.waitFor(() => expect(seen.flatMap((n) => [n.firstPosition, n.lastPosition])).toEqual([a.lastPosition, a.lastPosition, b.events[0]!.position, b.lastPosition]), {
      timeout: 30_000,
    });
  });

  it('reconnects the LISTEN client after it is killed, reporting the error', async () => {
    const schema = uniqueSchema('relisten');
    const watcher = await open(schema, { pollIntervalMs: 0 });
    const writer = await open(schema, { listen: false, pollIntervalMs: 0 });
    const errors: Error[] = [];
    const seen: AppendNotice[] = [];
    watcher.notifications.on('error', (e) => errors.push(e));
    watcher.notifications.on('appended', (n) => seen.push(n));
    await untilListening(schema);
    const killed = await own.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN "motcua_${schema}"'`);
    expect(killed.rowCount).toBe(1);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0), { timeout: 30_000 });
    await untilListening(schema);
    const r = await writer.append('after-reconnect', [makeTestEvent('A')]);
    await vi.waitFor(() => expect(seen).toContainEqual({ streamId: 'after-reconnect', firstPosition: r.lastPosition, lastPosition: r.lastPosition }), { timeout: 30_000 });
  });

  it('releases the LISTEN client on close()', async () => {
    const schema = uniqueSchema('release');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    store.notifications.on('appended', () => undefined);
    await untilListening(schema);
    await store.close();
    expect(await listening(schema)).toBe(0);
  });

  it('a follower that comes just before close(): the LISTEN still on its way leaves no connection listening', async () => {
    const schema = uniqueSchema('closing');
    // Idle clients are never closed by this pool (idleTimeoutMillis 0): one left listening would stay.
    const pool = new pg.Pool({ connectionString: own.server.url, max: 3, idleTimeoutMillis: 0 });
    pool.on('error', () => undefined);
    try {
      const store = await createPostgresEventStore({ pool, schema });
      // Every client of the pool is busy: the LISTEN connection waits for one, and close() comes meanwhile.
      const held = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      store.notifications.on('appended', () => undefined);
      const closing = store.close();
      for (const client of held) client.release();
      await closing;
      // close() does not wait for a client the pool may never give; the late LISTEN is undone as soon as it lands.
      await vi.waitFor(async () => expect(await listening(schema)).toBe(0), { timeout: 5_000 });
      await new Promise((r) => setTimeout(r, 200));
      expect(await listening(schema)).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it('a follower that comes while the store closes opens no LISTEN connection', async () => {
    const schema = uniqueSchema('late');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    const closing = store.close();
    store.notifications.on('appended', () => undefined);
    await closing;
    await new Promise((r) => setTimeout(r, 50));
    expect(await listening(schema)).toBe(0);
  });

  it('close() commits the appends queued before it; an append after it is refused', async () => {
    const schema = uniqueSchema('drain');
    const store = await createPostgresEventStore({ pool: own.pool, schema });
    const queued = [store.append('a', [makeTestEvent('Noted', {})]), store.append('b', [makeTestEvent('Noted', {})])];
    await store.close();
    await expect(Promise.all(queued)).resolves.toHaveLength(2);
    expect((await rejection(store.append('c', [makeTestEvent('Noted', {})]))).code).toBe('STORE_CLOSED');
    const reopened = await open(schema);
    expect((await reopened.readStream('a')).version).toBe(1);
    expect((await reopened.readStream('b')).version).toBe(1);
    expect((await reopened.readStream('c')).version).toBe(0);
  });
});

describe('connection failures', () => {
  it('a server that cannot be reached gives STORE_CONNECTION', async () => {
    const dead = new pg.Pool({ host: '127.0.0.1', port: 1, user: 'postgres', database: 'x', connectionTimeoutMillis: 2000 });
    const error = await rejection(createPostgresEventStore({ pool: dead }));
    await dead.end();
    expect(error).toBeInstanceOf(StoreError);
    expect(error.code).toBe('STORE_CONNECTION');
  });

  it('a server that goes away under an open store gives STORE_CONNECTION', async () => {
    const other = await startTestPostgres();
    const otherPool = makePool(other.url, 5);
    otherPool.options.connectionTimeoutMillis = 2000;
    const store = await createPostgresEventStore({ pool: otherPool, pollIntervalMs: 0 });
    store.notifications.on('error', () => undefined);
    await store.append('s', [makeTestEvent('A')]);
    await other.stop();
    for (const op of [() => store.append('s', [makeTestEvent('B')]), () => store.readStream('s'), () => store.headPosition()]) {
      const error = await rejection(op());
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CONNECTION');
    }
    await store.close();
    await otherPool.end();
  });
});
