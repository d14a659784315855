/**
 * Migration 6 and `notify: 'auto'` (the default): a lone append sends its
 * NOTIFY from its own transaction, with `r` when nothing older was running;
 * an append made while another call of the store commits gets its notice
 * from the separate after-commit transaction; the append lock, no longer
 * guarded by a subtransaction in `append_batch`, is still released when the
 * insert fails inside the critical section. Expected ranges come from the
 * append results; the lock class is recomputed here (FNV-1a, as the store).
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { ownTestServer, rejection, uniqueSchema } from './helpers';

// Own server: tests hold locks and rely on no other transaction running.
const own = ownTestServer(10);

/** FNV-1a 32-bit (signed) of a text: the store's advisory-lock class ids. */
function lockClass(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** A pool whose clients record the text of every statement sent. */
function spyingPool(texts: string[]): pg.Pool {
  const spying = Object.create(own.pool) as pg.Pool;
  spying.connect = (async () => {
    const client = await own.pool.connect();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: unknown }).query = (config: unknown, ...rest: unknown[]) => {
      texts.push(typeof config === 'string' ? config : (config as { text: string }).text);
      return query(config, ...rest);
    };
    return client;
  }) as pg.Pool['connect'];
  return spying;
}

/** LISTEN on the store's channel with a client of its own; payloads parsed. */
async function listen(schema: string): Promise<{ heard: Record<string, unknown>[]; stop(): Promise<void> }> {
  const client = new pg.Client({ connectionString: own.server.url });
  await client.connect();
  const heard: Record<string, unknown>[] = [];
  client.on('notification', (n) => heard.push(JSON.parse(n.payload!) as Record<string, unknown>));
  await client.query(`LISTEN "motcua_${schema}"`);
  return { heard, stop: () => client.end() };
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await check()); waited += 10) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const isNotifierStatement = (text: string) => text.includes('pg_notify($1, p)');

describe("notify: 'auto' and append_batch (migration 6)", () => {
  it('a lone append notifies from its own transaction: its exact range, r (readable), no separate notice transaction', async () => {
    const schema = uniqueSchema('auto_lone');
    const texts: string[] = [];
    const store = await createPostgresEventStore({ pool: spyingPool(texts), schema, pollIntervalMs: 0 });
    own.track(store);
    const listener = await listen(schema);
    try {
      const results = [];
      for (let k = 0; k < 5; k++) results.push(await store.append(`lone-${k}`, [makeTestEvent('A'), makeTestEvent('B')]));
      const expected = results.map((r) => ({ i: expect.any(String), s: r.streamId, f: r.events[0]!.position, l: r.lastPosition, r: 1 }));
      await until(() => listener.heard.length >= 5, 'five notices');
      expect(listener.heard).toEqual(expected);
      expect(texts.filter(isNotifierStatement)).toEqual([]);
    } finally {
      await listener.stop();
    }
  });

  it('an append made while another call of the store commits is announced after its commit; both are heard with their ranges', async () => {
    const schema = uniqueSchema('auto_busy');
    const texts: string[] = [];
    const store = await createPostgresEventStore({ pool: spyingPool(texts), schema, pollIntervalMs: 0 });
    own.track(store);
    await store.append('warm', [makeTestEvent('W')]);
    const listener = await listen(schema);
    const holder = await own.pool.connect();
    try {
      // Hold the stream lock of 'blocked' (class and key as append_batch takes them): its call waits inside append_batch.
      await holder.query('SELECT pg_advisory_lock($1, hashtext($2))', [lockClass(`motcua-stream:${schema}`), 'blocked']);
      const blocked = store.append('blocked', [makeTestEvent('X')]);
      await until(async () => {
        const { rows } = await own.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%"${schema}".append_%(%`]);
        return rows[0].n > 0;
      }, 'the first call to wait on the stream lock');
      const free = await store.append('free', [makeTestEvent('Y')]);
      await until(() => texts.some(isNotifierStatement), "the second call's notice from the after-commit transaction");
      await holder.query('SELECT pg_advisory_unlock($1, hashtext($2))', [lockClass(`motcua-stream:${schema}`), 'blocked']);
      const first = await blocked;
      const ranges = [first, free].map((r) => ({ s: r.streamId, f: r.events[0]!.position, l: r.lastPosition }));
      await until(() => ranges.every((e) => listener.heard.some((n) => n.s === e.s && n.f === e.f && n.l === e.l)), 'both notices');
      expect(listener.heard.filter((n) => n.s === 'blocked' || n.s === 'free')).toHaveLength(2);
    } finally {
      holder.release();
      await listener.stop();
    }
  });

  it('an insert that fails inside the critical section leaves no session holding the append lock (DUPLICATE_EVENT, store usable)', async () => {
    const schema = uniqueSchema('auto_fail');
    const store = await createPostgresEventStore({ pool: own.pool, schema, listen: false, pollIntervalMs: 0 });
    own.track(store);
    await store.append('s', [makeTestEvent('A')]);
    const appendClass = lockClass(`motcua-append:${schema}`);
    const heldAppendLocks = async () =>
      (await own.pool.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::oid`, [String(appendClass >>> 0)])).rows[0]
        .n as number;
    const raw = await own.pool.connect();
    try {
      // Another writer holds event id 'dup' uncommitted: the store's pre-check does not see it, its insert waits on the unique index.
      await raw.query('BEGIN');
      await raw.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('other', 1, 'R', 'dup', '{}', '{"eventId":"dup"}')`);
      const pending = rejection(store.append('t', [makeTestEvent('B', {}, { eventId: 'dup' })]));
      await until(async () => (await heldAppendLocks()) === 1, 'the store to hold the append lock while its insert waits');
      await raw.query('COMMIT');
      const error = await pending;
      expect(error).toMatchObject({ code: 'DUPLICATE_EVENT' });
      expect(await heldAppendLocks()).toBe(0);
    } finally {
      raw.release();
    }
    const next = await store.append('s', [makeTestEvent('C')], { expectedVersion: 1 });
    expect(next.nextExpectedVersion).toBe(2);
  });
});
