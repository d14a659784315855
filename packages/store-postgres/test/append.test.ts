import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConcurrencyError } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { rejection, uniqueSchema, ownTestServer } from './helpers';

// Own server: a test holds a write transaction open.
const own = ownTestServer();

describe('PostgreSQL append', () => {
  it('sends every value as a bind parameter: no statement text holds a stream id, type or event data', async () => {
    const texts: string[] = [];
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
    const store = await createPostgresEventStore({ pool: spying, schema: uniqueSchema('bind'), listen: false, pollIntervalMs: 0 });
    own.track(store);
    const marker = `Đ'x"$1\\ marker`;
    const event = makeTestEvent(`Type ${marker}`, { note: marker }, { actor: { id: marker, role: 'officer' } });
    await store.append(`hồ-sơ/${marker}`, [event, makeTestEvent('Second')]);
    await store.append(`hồ-sơ/${marker}`, [event]); // an idempotent retry
    await store.append(`hồ-sơ/${marker}`, [], { expectedVersion: 2 });
    const appendTexts = texts.filter((t) => !/schema_version|CREATE|pg_class|LISTEN/i.test(t));
    expect(appendTexts.length).toBeGreaterThan(4);
    for (const t of appendTexts) {
      expect(t).not.toContain('marker');
      expect(t).not.toContain(event.metadata.eventId);
    }
  });

  it('a (stream, version) clash found by the unique index reports the real version, not a placeholder', async () => {
    const schema = uniqueSchema('clash');
    const store = await createPostgresEventStore({ pool: own.pool, schema, listen: false, pollIntervalMs: 0 });
    own.track(store);
    await store.append('s', [makeTestEvent('A')]);
    // A writer that bypasses the store's locks holds version 2 uncommitted: the store's check sees version 1.
    const raw = await own.pool.connect();
    try {
      await raw.query('BEGIN');
      await raw.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ('s', 2, 'B', 'raw-b', '{}', '{"eventId":"raw-b"}')`);
      const pending = rejection(store.append('s', [makeTestEvent('C')], { expectedVersion: 'any' }));
      // Wait until the store's insert waits on the raw writer's row.
      for (let waited = 0; ; waited += 10) {
        const { rows } = await own.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND (query LIKE '%INSERT INTO "${schema}".events%' OR query LIKE '%"${schema}".append_%(%')`,
        );
        if (rows[0].n > 0) break;
        if (waited > 20_000) throw new Error('the store never waited on the raw writer');
        await new Promise((r) => setTimeout(r, 10));
      }
      await raw.query('COMMIT');
      const error = await pending;
      expect(error).toBeInstanceOf(ConcurrencyError);
      expect(error).toMatchObject({ code: 'CONCURRENCY_CONFLICT', streamId: 's', expected: 'any', actual: 2 });
    } finally {
      raw.release();
    }
    // The store is still usable, and its append lock was released.
    const next = await store.append('s', [makeTestEvent('D')], { expectedVersion: 2 });
    expect(next.nextExpectedVersion).toBe(3);
  });
});
