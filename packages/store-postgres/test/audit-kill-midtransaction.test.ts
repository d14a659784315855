/**
 * Audit (session 19): a connection killed (`pg_terminate_backend`) in the middle of a transaction of the dossier
 * list, of the outbox's materialise, and of a group-commit batch from a second engine: nothing of it is written (rows,
 * checkpoint, cursor, messages, events), the caller gets a typed `MotcuaError` (`STORE_CONNECTION`), the process does
 * not crash on the dead connection, and the next call works.
 *
 * The transaction is held mid-way without a timer: another connection holds a row lock the transaction needs, the
 * waiting backend is found in `pg_locks`, and that backend is terminated.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { type AppendManyOutcome, MotcuaError, type OutboxMessage, dossierListRow, initialDossierState } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresDossierList, createPostgresEventStore, createPostgresOutboxStore } from '@motcua/store-postgres';
import { makePool, ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer(6);

/** The pid of a backend waiting on a lock (polled, no timer). */
async function waitingBackend(): Promise<number> {
  for (;;) {
    const { rows } = await own.pool.query<{ pid: number }>('SELECT pid FROM pg_locks WHERE NOT granted LIMIT 1');
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Hold `lockSql` in an open transaction on a connection of its own, run `work`, terminate whoever waits, release. */
async function killWhileBlocked<T>(lockSql: string, values: unknown[], work: () => Promise<T>): Promise<Error & { code?: string }> {
  const holder: pg.PoolClient = await own.pool.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(lockSql, values);
    const running = rejection(work());
    const pid = await waitingBackend();
    await own.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    const error = await running;
    await holder.query('ROLLBACK');
    return error;
  } finally {
    holder.release();
  }
}

function expectTyped(error: Error & { code?: string }): void {
  expect(error).toBeInstanceOf(MotcuaError);
  expect(error.code, error.message).toBe('STORE_CONNECTION');
}

describe('a connection killed mid-transaction: nothing half-written', () => {
  it('the dossier list: a write killed after its first row upsert leaves rows and checkpoint as they were; the next write works', async () => {
    const schema = uniqueSchema('kill_list');
    const pool = makePool(own.server.url, 2);
    try {
      const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
      const table = await createPostgresDossierList({ store, schema });
      const first = dossierListRow(initialDossierState('d-1'));
      await table.write([first], 1);
      // The checkpoint row is locked elsewhere: the write upserts its rows, then waits on the checkpoint — and is killed there.
      const rows = [dossierListRow(initialDossierState('d-2')), dossierListRow(initialDossierState('d-3'))];
      const error = await killWhileBlocked(`SELECT 1 FROM "${schema}".projections WHERE name = $1 FOR UPDATE`, ['table:dossier_list'], () => table.write(rows, 7));
      expectTyped(error);
      expect((await table.all()).map((r) => r.dossierId)).toEqual(['d-1']);
      expect(await table.checkpoint()).toBe(1);
      await table.write(rows, 7);
      expect((await table.all()).map((r) => r.dossierId)).toEqual(['d-1', 'd-2', 'd-3']);
      expect(await table.checkpoint()).toBe(7);
      await store.close();
    } finally {
      await pool.end();
    }
  });

  it('the outbox: materialise killed after moving the cursor writes neither cursor nor messages; the same call again works', async () => {
    const schema = uniqueSchema('kill_outbox');
    const pool = makePool(own.server.url, 2);
    try {
      const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
      const outbox = createPostgresOutboxStore(pool, { schema });
      const message = (n: number): OutboxMessage => ({
        id: `dvcqg/e${n}/0`,
        destination: 'dvcqg',
        streamId: 'dossier-1',
        position: n,
        index: 0,
        eventType: 'Loud',
        kind: 'Loud',
        payload: { n },
        createdAt: '2024-03-04T02:00:00.000Z',
        attempts: 0,
        status: 'pending',
        nextAttemptAt: '2024-03-04T02:00:00.000Z',
      });
      expect(await outbox.materialise('relay', 0, 1, [message(1)])).toBe(true);
      // Message 2's id is held by an uncommitted insert elsewhere: materialise moves the cursor, then waits on that id — and is killed there.
      const holder = `INSERT INTO "${schema}".outbox (id, destination, stream_id, position, idx, event_type, kind, payload, created_at, attempts, status, next_attempt_at)
        VALUES ($1, 'dvcqg', 'dossier-1', 2, 0, 'Loud', 'Loud', '{}', 'x', 0, 'pending', 'x')`;
      const error = await killWhileBlocked(holder, [message(2).id], () => outbox.materialise('relay', 1, 3, [message(2), message(3)]));
      expectTyped(error);
      expect(await outbox.cursor('relay')).toBe(1);
      expect((await outbox.list()).map((m) => m.id)).toEqual([message(1).id]);
      expect(await outbox.materialise('relay', 1, 3, [message(2), message(3)])).toBe(true);
      expect((await outbox.list()).map((m) => m.id)).toEqual([1, 2, 3].map((n) => message(n).id));
      expect(await outbox.cursor('relay')).toBe(3);
      await store.close();
    } finally {
      await pool.end();
    }
  });

  it('a second store’s group-commit batch killed while it waits on a stream lock: none of its requests is stored; the first store’s are', async () => {
    const schema = uniqueSchema('kill_batch');
    const pools = [makePool(own.server.url, 2), makePool(own.server.url, 2)];
    try {
      const [a, b] = await Promise.all(pools.map((pool) => createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 })));
      await a!.append('dossier-x', [makeTestEvent('Loud', { n: 0 })]);
      // Hold dossier-x's stream lock: FOR UPDATE is not it, so take the store's own advisory lock the way append_batch does.
      const streamLock = (await own.pool.query<{ c: number }>(`SELECT hashtext($1) AS c`, ['dossier-x'])).rows[0]!.c;
      const cls = lockClassOf(`motcua-stream:${schema}`);
      const events = ['dossier-x', 'dossier-y', 'dossier-z'].map((s) => ({ streamId: s, events: [makeTestEvent('Loud', { id: randomUUID() })] }));
      const error = await killWhileBlocked('SELECT pg_advisory_xact_lock($1, $2)', [cls, streamLock], () =>
        b!.appendMany(events).then((outcomes) => {
          const failed = outcomes.find((o) => !o.ok);
          if (failed && !failed.ok) throw failed.error;
          return outcomes;
        }),
      );
      expectTyped(error);
      const { rows } = await own.pool.query<{ stream_id: string }>(`SELECT stream_id FROM "${schema}".events ORDER BY position`);
      expect(rows.map((r) => r.stream_id)).toEqual(['dossier-x']);
      const again = await b!.appendMany(events);
      expect(again.every((o) => o.ok)).toBe(true);
      expect((await a!.readStream('dossier-x')).version).toBe(2);
      await a!.close();
      await b!.close();
    } finally {
      for (const pool of pools) await pool.end();
    }
  });
});

describe('group commit across two stores: one request refused in a batch, the others commit', () => {
  it('an event id committed by another transaction while the batch waits, a stale expected version: refused alone, typed; the rest stored once', async () => {
    const schema = uniqueSchema('gc_refused');
    const pools = [makePool(own.server.url, 2), makePool(own.server.url, 2)];
    try {
      const [a, b] = await Promise.all(pools.map((pool) => createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 })));
      await a!.append('dossier-v', [makeTestEvent('Loud', { n: 1 })]);
      const taken = makeTestEvent('Loud', { n: 'taken' });
      const requests = [
        { streamId: 'dossier-s1', events: [taken] }, // its id is being stored by another transaction
        { streamId: 'dossier-s2', events: [makeTestEvent('Loud', { n: 2 })] },
        { streamId: 'dossier-v', events: [makeTestEvent('Loud', { n: 3 })], options: { expectedVersion: 0 as const } }, // stale: the stream is at 1
        { streamId: 'dossier-s3', events: [makeTestEvent('Loud', { n: 4 }), makeTestEvent('Loud', { n: 5 })] },
      ];
      const holder: pg.PoolClient = await own.pool.connect();
      let outcomes: AppendManyOutcome[];
      try {
        await holder.query('BEGIN');
        await holder.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('elsewhere', 1, 'Loud', $1, '{}', $2::jsonb)`, [
          taken.metadata.eventId,
          JSON.stringify(taken.metadata),
        ]);
        const running = b!.appendMany(requests);
        await waitingBackend(); // the batch waits on the id's unique index entry
        await holder.query('COMMIT');
        outcomes = await running;
      } finally {
        holder.release();
      }
      const [s1, s2, v, s3] = outcomes;
      expect(s1!.ok).toBe(false);
      expect(!s1!.ok && s1!.error).toBeInstanceOf(MotcuaError);
      expect(!s1!.ok && (s1!.error as MotcuaError).code).toBe('DUPLICATE_EVENT');
      expect(v!.ok).toBe(false);
      expect(!v!.ok && (v!.error as MotcuaError).code).toBe('CONCURRENCY_CONFLICT');
      expect(s2!.ok && s3!.ok).toBe(true);
      const { rows } = await own.pool.query<{ stream_id: string; version: number }>(`SELECT stream_id, version FROM "${schema}".events ORDER BY position`);
      expect(rows.map((r) => `${r.stream_id}@${r.version}`).sort()).toEqual(['dossier-s2@1', 'dossier-s3@1', 'dossier-s3@2', 'dossier-v@1', 'elsewhere@1'].sort());
      await a!.close();
      await b!.close();
    } finally {
      for (const pool of pools) await pool.end();
    }
  });
});

/** The store's advisory-lock class (FNV-1a, 32-bit signed), as `append-context.ts` computes it. */
function lockClassOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
