/**
 * Real faults of the PostgreSQL server under an open store, on every path (append of one event and of several,
 * appendMany, readStream, readAll, headPosition, waitUntilReadable, sequences, checkpoints, the outbox, the key store,
 * importEvents, opening and migrating a schema): a statement cancelled by `statement_timeout`, a lock not granted
 * within `lock_timeout`, sessions that may not write (`default_transaction_read_only`), a user without privileges,
 * functions or the whole schema dropped, the caller's own transaction aborted or read-only around
 * `saveProjectionWith`, the server stopped and started again under a follower, a stream id too long for a NOTIFY
 * payload. The caller gets a `MotcuaError` with a stable code (never pg's `DatabaseError`), nothing of the failed
 * call is written, no append lock is left held, and once the fault is gone the next call works.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MotcuaError, type OutboxMessage, verifyHistory } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore, createPostgresKeyStore, createPostgresOutboxStore, importEvents, type PostgresEventStore } from '@motcua/store-postgres';
import { collect, ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer(20);

const message = (id: string): OutboxMessage => ({
  id,
  destination: 'portal',
  streamId: 'w-1',
  position: 1,
  index: 0,
  eventType: 'Written',
  kind: 'status',
  payload: { n: 1 },
  createdAt: '2024-10-27T01:30:00.000Z',
  attempts: 0,
  status: 'pending',
  nextAttemptAt: '2024-10-27T01:30:00.000Z',
});

type Call = [name: string, run: (store: PostgresEventStore, pool: pg.Pool, schema: string) => Promise<unknown>];

const writes: Call[] = [
  ['append', (store) => store.append('w-1', [makeTestEvent('A')])],
  ['append of two events', (store) => store.append('w-1', [makeTestEvent('A'), makeTestEvent('B')])],
  [
    'appendMany',
    async (store) => {
      const outcomes = await store.appendMany([
        { streamId: 'w-2', events: [makeTestEvent('A')] },
        { streamId: 'w-3', events: [makeTestEvent('B')] },
      ]);
      for (const outcome of outcomes) if (!outcome.ok) throw outcome.error;
    },
  ],
  ['nextSequence', (store) => store.nextSequence('k')],
  ['saveProjection', (store) => store.saveProjection('p', { state: { n: 1 }, position: 1 })],
  ['saveProjectionText', (store) => store.saveProjectionText('p', { state: '{"n":1}', position: 1 })],
  ['outbox materialise', (_, pool, schema) => createPostgresOutboxStore(pool, { schema }).materialise('relay', 0, 1, [message('m-1')])],
  ['importEvents', (_, pool, schema) => importEvents(pool, [{ streamId: 'w-4', events: [makeTestEvent('A')] }], { schema })],
  // a claim leases the messages it returns: a write
  [
    'outbox claim',
    (_, pool, schema) => createPostgresOutboxStore(pool, { schema }).claim({ now: '2024-10-27T01:31:00.000Z', limit: 5, owner: 'o', leaseUntil: '2024-10-27T01:32:00.000Z' }),
  ],
];

const reads: Call[] = [
  ['readStream', (store) => store.readStream('seed')],
  ['readAll', (store) => collect(store.readAll())],
  ['headPosition', (store) => store.headPosition()],
  ['waitUntilReadable', (store) => store.waitUntilReadable()],
  ['loadProjection', (store) => store.loadProjection('p')],
  ['opening the store', (_, pool, schema) => createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 }).then((store) => store.close())],
];

async function expectStoreError(promise: Promise<unknown>, code: string, message: RegExp): Promise<MotcuaError> {
  const error = await rejection(promise);
  if (!(error instanceof MotcuaError)) throw new Error(`expected a MotcuaError ${code}, got ${error?.constructor?.name}: ${error?.message}`, { cause: error });
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

/** A schema with one event (`seed`), opened on the file's own pool (the checks read through it). */
async function seeded(prefix: string): Promise<{ schema: string; admin: PostgresEventStore }> {
  const schema = uniqueSchema(prefix);
  const admin = await own.open(schema, { listen: false, pollIntervalMs: 0 });
  await admin.append('seed', [makeTestEvent('A')]);
  return { schema, admin };
}

/** Nothing of a failed call is in the schema, and no append lock is left held by any session. */
async function expectUntouched(schema: string, admin: PostgresEventStore): Promise<void> {
  expect(await admin.waitUntilReadable()).toBe(1);
  for (const stream of ['w-1', 'w-2', 'w-3', 'w-4']) expect((await admin.readStream(stream)).version).toBe(0);
  const { rows } = await own.pool.query(
    `SELECT (SELECT count(*) FROM "${schema}".sequences)::int AS sequences, (SELECT count(*) FROM "${schema}".projections)::int AS projections,
            (SELECT count(*) FROM "${schema}".outbox_cursors)::int AS cursors, (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::int AS advisory`,
  );
  expect(rows[0]).toEqual({ sequences: 0, projections: 0, cursors: 0, advisory: 0 });
}

/** A pool of at most `max` connections that keeps them (no idle timeout), each started with `options` (`-c name=value`). */
function poolWith(options: string, max = 3): pg.Pool {
  const pool = new pg.Pool({ connectionString: own.server.url, max, idleTimeoutMillis: 0, ...(options ? { options } : {}) });
  pool.on('error', () => undefined);
  return pool;
}

/** Run `sql` on every connection of `pool` (all checked out at once: none is left out). */
async function onEveryConnection(pool: pg.Pool, max: number, sql: string): Promise<void> {
  const clients = await Promise.all(Array.from({ length: max }, () => pool.connect()));
  try {
    for (const client of clients) await client.query(sql);
  } finally {
    for (const client of clients) client.release();
  }
}

describe.each([
  ['statement_timeout', /statement timeout/],
  ['lock_timeout', /lock timeout/],
])('a statement waiting on a lock past %s', (setting, text) => {
  for (const [name, call] of [...writes, ...reads]) {
    it(`${name}: STORE_CONNECTION, nothing written; once the lock is gone it works`, async () => {
      const { schema, admin } = await seeded(setting.replace('_', ''));
      const pool = poolWith('');
      const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
      await onEveryConnection(pool, 3, `SET ${setting} = 200`);
      const locker = await own.pool.connect();
      try {
        await locker.query(
          `BEGIN; LOCK TABLE "${schema}".events, "${schema}".sequences, "${schema}".projections, "${schema}".outbox, "${schema}".outbox_cursors IN ACCESS EXCLUSIVE MODE`,
        );
        await expectStoreError(call(store, pool, schema), 'STORE_CONNECTION', text);
      } finally {
        await locker.query('ROLLBACK');
        locker.release();
      }
      await expectUntouched(schema, admin);
      await onEveryConnection(pool, 3, `SET ${setting} = 0`); // no deadline on the call that shows the store works again
      await call(store, pool, schema);
      await store.close();
      await pool.end();
    });
  }
});

describe('sessions that may not write (default_transaction_read_only = on)', () => {
  for (const [name, call] of writes) {
    it(`${name}: STORE_CONNECTION, nothing written, reads go on; writable again, it works`, async () => {
      const { schema, admin } = await seeded('ro');
      const pool = poolWith('-c default_transaction_read_only=on');
      const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
      await expectStoreError(call(store, pool, schema), 'STORE_CONNECTION', /read-only/);
      for (const [, read] of reads) await read(store, pool, schema);
      await expectUntouched(schema, admin);
      await onEveryConnection(pool, 3, 'SET default_transaction_read_only = off');
      await call(store, pool, schema);
      await store.close();
      await pool.end();
    });
  }

  it('creating or migrating a schema, the key store: STORE_CONNECTION', async () => {
    const pool = poolWith('-c default_transaction_read_only=on');
    await expectStoreError(createPostgresEventStore({ pool, schema: uniqueSchema('ro_new') }), 'STORE_CONNECTION', /read-only/);
    await expectStoreError(createPostgresKeyStore({ pool, schema: uniqueSchema('ro_keys') }), 'STORE_CONNECTION', /read-only/);
    await pool.end();
  });
});

describe('a user without privileges', () => {
  it('opening, reading, writing: STORE_CONNECTION naming the missing privilege; once granted, it works', async () => {
    const { schema, admin } = await seeded('priv');
    const role = `app_${schema}`;
    await own.pool.query(`CREATE ROLE ${role} LOGIN`);
    const pool = new pg.Pool({ connectionString: own.server.url.replace('postgres@', `${role}@`), max: 3 });
    pool.on('error', () => undefined);
    await expectStoreError(createPostgresEventStore({ pool, schema }), 'STORE_CONNECTION', /permission denied/);
    await expectStoreError(createPostgresEventStore({ pool, schema: uniqueSchema('priv_new') }), 'STORE_CONNECTION', /permission denied/);
    await expectStoreError(importEvents(pool, [{ streamId: 'w-4', events: [makeTestEvent('A')] }], { schema }), 'STORE_CONNECTION', /permission denied/);
    await own.pool.query(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA "${schema}" TO ${role}`);
    const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
    for (const [, read] of reads) await read(store, pool, schema);
    for (const [, write] of writes) await expectStoreError(write(store, pool, schema), 'STORE_CONNECTION', /permission denied/);
    await expectUntouched(schema, admin);
    // What docs/storage.md lists for the app's user after the first migration.
    await own.pool.query(`GRANT INSERT, UPDATE ON ALL TABLES IN SCHEMA "${schema}" TO ${role}; GRANT DELETE ON "${schema}".outbox TO ${role}`);
    for (const [, write] of writes) await write(store, pool, schema);
    expect((await verifyHistory(admin)).ok).toBe(true);
    await store.close();
    await pool.end();
  });
});

describe('objects of the schema dropped under an open store', () => {
  it('the append functions: STORE_SCHEMA_MISSING, nothing written', async () => {
    const { schema, admin } = await seeded('dropfn');
    await own.pool.query(`DROP FUNCTION "${schema}".append_one; DROP FUNCTION "${schema}".append_batch`);
    await expectStoreError(admin.append('w-1', [makeTestEvent('A')]), 'STORE_SCHEMA_MISSING', /append_one/);
    await expectStoreError(admin.append('w-1', [makeTestEvent('A'), makeTestEvent('B')]), 'STORE_SCHEMA_MISSING', /append_batch/);
    await expectStoreError(
      admin.appendMany([
        { streamId: 'w-2', events: [makeTestEvent('A')] },
        { streamId: 'w-3', events: [makeTestEvent('A')] },
      ]),
      'STORE_SCHEMA_MISSING',
      /append_batch/,
    );
    await expectUntouched(schema, admin);
  });

  it('the whole schema: STORE_SCHEMA_MISSING; created again, the open store works', async () => {
    const { schema, admin } = await seeded('dropall');
    const keys = await createPostgresKeyStore({ pool: own.pool, schema });
    await own.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
    for (const [, call] of [...writes, ...reads.filter(([name]) => name !== 'opening the store')])
      await expectStoreError(call(admin, own.pool, schema), 'STORE_SCHEMA_MISSING', /does not exist/);
    await expectStoreError(keys.keyFor('subject-1'), 'STORE_SCHEMA_MISSING', /does not exist/);
    await own.open(schema, { listen: false, pollIntervalMs: 0 });
    for (const [, call] of [...writes, ...reads]) await call(admin, own.pool, schema);
  });
});

describe("saveProjectionWith inside the caller's own transaction", () => {
  it('an aborted or read-only transaction: STORE_CONNECTION; the transaction is left to the caller; then it works', async () => {
    const { admin } = await seeded('caller');
    const client = await own.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 / 0').catch(() => undefined);
      await expectStoreError(admin.saveProjectionWith(client, 'p', { state: 1, position: 1 }), 'STORE_CONNECTION', /aborted/);
      await client.query('ROLLBACK');
      await client.query('BEGIN READ ONLY');
      await expectStoreError(admin.saveProjectionWith(client, 'p', { state: 1, position: 1 }), 'STORE_CONNECTION', /read-only/);
      await client.query('ROLLBACK');
      await client.query('BEGIN');
      await admin.saveProjectionWith(client, 'p', { state: 1, position: 1 });
      await client.query('COMMIT');
    } finally {
      await client.query('ROLLBACK').catch(() => undefined); // never back into the pool inside a transaction
      client.release();
    }
    expect(await admin.loadProjection('p')).toEqual({ state: 1, position: 1 });
  });
});

describe('a stream id too long for a NOTIFY payload', () => {
  for (const notify of ['auto', 'in-transaction', 'after-commit'] as const) {
    it(`notify '${notify}': VALIDATION_FAILED at streamId, refused alone in its group, nothing of it written`, async () => {
      const schema = uniqueSchema('long');
      const store = await own.open(schema, { notify, pollIntervalMs: 0 });
      const errors: unknown[] = [];
      store.notifications.on('error', (error) => errors.push(error));
      const long = `dossier-${'đ'.repeat(4_000)}`;
      const error = await expectStoreError(store.append(long, [makeTestEvent('A')]), 'VALIDATION_FAILED', /streamId/);
      expect(error.issues[0]!.path).toEqual(['streamId']);
      const outcomes = await store.appendMany([
        { streamId: long, events: [makeTestEvent('A')] },
        { streamId: 'short', events: [makeTestEvent('B')] },
      ]);
      expect(outcomes.map((o) => o.ok)).toEqual([false, true]);
      expect((outcomes[0] as { error: MotcuaError }).error.code).toBe('VALIDATION_FAILED');
      expect(await store.waitUntilReadable()).toBe((outcomes[1] as { result: { lastPosition: number } }).result.lastPosition);
      expect((await store.readStream(long)).version).toBe(0);
      expect(await collect(store.readAll())).toHaveLength(1);
      expect(errors).toEqual([]);
    });
  }
});

describe('an event id too long for its unique index (a random 6,000-character id)', () => {
  it('refused alone with VALIDATION_FAILED; the other requests of its group are stored', async () => {
    const { admin } = await seeded('longid');
    const id = randomBytes(3_000).toString('hex');
    await expectStoreError(admin.append('w-1', [makeTestEvent('A', {}, { eventId: id })]), 'VALIDATION_FAILED', /index/);
    const outcomes = await admin.appendMany([
      { streamId: 'w-1', events: [makeTestEvent('A', {}, { eventId: id })] },
      { streamId: 'w-2', events: [makeTestEvent('B')] },
      { streamId: 'w-3', events: [makeTestEvent('C'), makeTestEvent('D')] },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([false, true, true]);
    expect((outcomes[0] as { error: MotcuaError }).error.code).toBe('VALIDATION_FAILED');
    expect((await admin.readStream('w-1')).version).toBe(0);
    expect((await admin.readStream('w-3')).version).toBe(2);
    expect((await verifyHistory(admin)).ok).toBe(true);
  });
});

/** `pg_ctl` of the file's own server (as the `postgres` OS user when running as root, as the testkit starts it). */
async function pgCtl(...args: string[]): Promise<void> {
  const base = '/usr/lib/postgresql';
  const bin =
    process.env.PG_BIN ??
    join(
      base,
      readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))[0]!,
      'bin',
    );
  const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, 'postgres'])).stdout.trim());
  const user = process.getuid?.() === 0 ? { uid: await id('-u'), gid: await id('-g') } : {};
  const data = join(own.server.directory, 'data');
  // stdio to a log file: a server started by pg_ctl must not hold this process's pipes.
  await promisify(execFile)(join(bin, 'pg_ctl'), [...args, '-D', data, '-w', '-l', join(own.server.directory, 'server.log')], user);
}

describe('the server stopped and started again under an open store with a follower', () => {
  it('calls while it is down: STORE_CONNECTION; errors reported on notifications are MotcuaErrors; once it is up, everything works and the follower hears new appends', async () => {
    const { schema, admin } = await seeded('restart');
    const store = await own.open(schema, { pollIntervalMs: 50 });
    const errors: unknown[] = [];
    const heard: number[] = [];
    store.notifications.on('error', (error) => errors.push(error));
    store.notifications.on('appended', (notice) => heard.push(notice.lastPosition));
    await expect
      .poll(async () => (await own.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN "motcua_${schema}"'`)).rows[0].n, { timeout: 30_000 })
      .toBe(1);
    await pgCtl('stop', '-m', 'fast');
    try {
      for (const [, call] of [...writes, ...reads]) await expectStoreError(call(store, own.pool, schema), 'STORE_CONNECTION', /PostgreSQL/);
      await expect.poll(() => errors.length, { timeout: 30_000 }).toBeGreaterThan(0);
    } finally {
      await pgCtl('restart', '-m', 'fast'); // postmaster.opts: the same port and settings
    }
    await expectUntouched(schema, admin);
    const appended = await admin.append('after-restart', [makeTestEvent('A')]);
    await expect.poll(() => heard.includes(appended.lastPosition), { timeout: 30_000 }).toBe(true);
    for (const [, call] of [...writes, ...reads]) await call(store, own.pool, schema);
    for (const error of errors) expect(error).toBeInstanceOf(MotcuaError);
  });

  it('the LISTEN connection terminated: the error reported is a MotcuaError, and the follower goes on', async () => {
    const { schema, admin } = await seeded('relisten');
    const store = await own.open(schema, { pollIntervalMs: 0 });
    const errors: unknown[] = [];
    const heard: number[] = [];
    store.notifications.on('error', (error) => errors.push(error));
    store.notifications.on('appended', (notice) => heard.push(notice.lastPosition));
    const listening = async () => (await own.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'LISTEN "motcua_${schema}"'`)).rows[0].n as number;
    await expect.poll(listening, { timeout: 30_000 }).toBe(1);
    await own.pool.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN "motcua_${schema}"'`);
    await expect.poll(() => errors.length, { timeout: 30_000 }).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MotcuaError);
      expect((error as MotcuaError).code).toBe('STORE_CONNECTION');
    }
    await expect.poll(listening, { timeout: 30_000 }).toBe(1);
    const appended = await admin.append('after', [makeTestEvent('A')]);
    await expect.poll(() => heard.includes(appended.lastPosition), { timeout: 30_000 }).toBe(true);
  });
});
