/**
 * Where hashing began, on PostgreSQL (migration 9, table `integrity`): the store records the position from which
 * every event is hashed, and `verifyHistory` requires a hash from there on. Without it, one naive statement —
 * the `hash` key removed from every row's metadata — made the whole log read as written before hashing, and any
 * edit with it passed. Raw SQL on a real server, append-only trigger dropped first.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, StoreError, verifyHistory } from '@motcua/core';
import type { StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { applyPgMigrations } from '../src/schema';
import { ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer();

/** Events as a hashing store writes them (in memory); `bare` strips their hashes (written before hashing). */
async function eventsOf(streams: readonly string[], bare = false): Promise<StoredEvent[]> {
  const memory = new InMemoryEventStore();
  for (const [i, s] of streams.entries()) await memory.append(s, [makeTestEvent('Step', { i, note: `bước ${i}` }, { actor: { id: 'cb-01', role: 'receivingOfficer' } })]);
  return memory.allEvents().map((e) => {
    const { hash: _hash, ...metadata } = e.metadata as Record<string, unknown>;
    return { ...e, metadata: (bare ? metadata : e.metadata) as StoredEvent['metadata'] };
  });
}

/** A schema at version 8 (before the record) holding these rows, written with SQL in this order. */
async function versionEightSchema(events: readonly StoredEvent[]): Promise<string> {
  const schema = uniqueSchema('hashed_from');
  const client = await own.pool.connect();
  try {
    await client.query('BEGIN');
    await applyPgMigrations(client, schema, 0, 8);
    for (const e of events)
      await client.query(`INSERT INTO "${schema}".events (stream_id, version, type, event_id, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)`, [
        e.streamId,
        e.version,
        e.type,
        e.metadata.eventId,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      ]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  return schema;
}

describe('hashing begins at a recorded position (PostgreSQL)', () => {
  it('a new schema records 1, once; the hash key removed from every row and an event edited: missing-hash at the first event', async () => {
    const schema = uniqueSchema('hashed_from');
    const store = await own.open(schema);
    for (let i = 0; i < 5; i++) await store.append(`dossier-${i % 2}`, [makeTestEvent('Step', { amount: 100 + i })]);
    expect(await store.hashedFrom()).toBe(1);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 5, unchained: 0 });
    const q = `"${schema}"`;
    await expect(own.pool.query(`UPDATE ${q}.integrity SET hashed_from = 1000`)).rejects.toThrow(/append-only/);
    await expect(own.pool.query(`DELETE FROM ${q}.integrity`)).rejects.toThrow(/append-only/);
    await own.pool.query(`DROP TRIGGER events_append_only ON ${q}.events`);
    await own.pool.query(`UPDATE ${q}.events SET metadata = metadata - 'hash'`);
    await own.pool.query(`UPDATE ${q}.events SET data = '{"amount": 999}' WHERE position = 3`);
    const result = await verifyHistory(store);
    expect(result).toMatchObject({ ok: false, reason: 'missing-hash', unchained: 0, firstBroken: { streamId: 'dossier-0', version: 1, position: 1 } });
    expect(result.hashedFrom).toBe(1);
    // the record gone: refused, never read as "no requirement"
    await own.pool.query(`DROP TRIGGER integrity_append_only ON ${q}.integrity`);
    await own.pool.query(`DELETE FROM ${q}.integrity`);
    for (const refused of [store.hashedFrom(), verifyHistory(store)]) {
      const error = await rejection(refused);
      expect(error).toBeInstanceOf(StoreError);
      expect(error.code).toBe('STORE_CORRUPTED');
    }
    await own.pool.query(`DROP TABLE ${q}.integrity`);
    expect((await rejection(store.hashedFrom())).code).toBe('STORE_CORRUPTED');
  });

  it('a schema from before hashing (no hash anywhere) records the position after its last event: it verifies with its unchained prefix', async () => {
    const schema = await versionEightSchema(await eventsOf(['dossier-0', 'dossier-1', 'dossier-0'], true));
    const store = await own.open(schema);
    expect(await store.hashedFrom()).toBe(4);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 3, unchained: 3 });
    await store.append('dossier-0', [makeTestEvent('After', { n: 1 })]);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 4, unchained: 3, hashedFrom: 4 });
    await own.pool.query(`DROP TRIGGER events_append_only ON "${schema}".events`);
    await own.pool.query(`UPDATE "${schema}".events SET metadata = metadata - 'hash', data = '{"n": 999}' WHERE position = 4`);
    expect(await verifyHistory(store)).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { streamId: 'dossier-0', version: 3, position: 4 } });
  });

  it('a schema hashed part-way (an unhashed prefix, then hashed events) records its first hashed position', async () => {
    const old = await eventsOf(['old-0', 'old-1', 'old-0'], true);
    const hashed = await eventsOf(['new-0', 'new-1', 'new-0']);
    const schema = await versionEightSchema([...old, ...hashed]);
    const store = await own.open(schema);
    expect(await store.hashedFrom()).toBe(4);
    expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 6, unchained: 3 });
    await own.pool.query(`DROP TRIGGER events_append_only ON "${schema}".events`);
    await own.pool.query(`UPDATE "${schema}".events SET metadata = metadata - 'hash'`);
    expect(await verifyHistory(store)).toMatchObject({ ok: false, reason: 'missing-hash', firstBroken: { streamId: 'new-0', position: 4 } });
  });
});
