/**
 * Historical import through COPY (`importEvents`) on a real PostgreSQL
 * server. The oracle is the store's own `append`: the same streams appended
 * event by event into one schema and imported into another must read back
 * identical — per stream the same events in the same order with the same
 * `metadata.hash` — and the imported log passes `verifyHistory`. Bad input
 * is refused with a typed error and nothing is imported.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { MotcuaError, verifyHistory, type NewEvent, type StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore, importEvents, type PostgresEventStore } from '@motcua/store-postgres';
import { collect, makePool, uniqueSchema } from './helpers';

const pool = makePool(inject('pgUrl'), 8);
const stores: PostgresEventStore[] = [];
afterAll(async () => {
  for (const store of stores) await store.close().catch(() => undefined);
  await pool.end();
});
async function open(prefix: string): Promise<{ store: PostgresEventStore; schema: string }> {
  const schema = uniqueSchema(prefix);
  const store = await createPostgresEventStore({ pool, schema, listen: false, pollIntervalMs: 0 });
  stores.push(store);
  return { store, schema };
}

/** Text with what COPY's text format must escape (backslash, tab, newline, CR) and non-ASCII. */
const textArb = fc.string({ unit: fc.constantFrom('a', 'ư', '\\', '\t', '\n', '\r', '"', ' ', '{', '😀'), maxLength: 12 });
const streamsArb = fc.array(
  fc.record({
    stream: fc.integer({ min: 0, max: 6 }),
    events: fc.array(fc.record({ note: textArb, n: fc.integer(), flag: fc.boolean() }), { minLength: 1, maxLength: 4 }),
  }),
  { minLength: 1, maxLength: 12 },
);

const event = (data: { note: string; n: number; flag: boolean }): NewEvent => makeTestEvent('Noted', data, { actor: { id: 'cb\t01', role: 'receivingOfficer' } });
const perStream = (events: readonly StoredEvent[]) => {
  const out = new Map<string, unknown[]>();
  for (const stored of events) {
    const list = out.get(stored.streamId) ?? [];
    list.push({ version: stored.version, type: stored.type, data: stored.data, metadata: stored.metadata });
    out.set(stored.streamId, list);
  }
  return out;
};

describe('importEvents (COPY) on PostgreSQL', () => {
  it('imported log = appended log: same events per stream in order, same hashes, verifyHistory passes; continues stored chains', async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, fc.integer({ min: 1, max: 5 }), fc.nat(3), async (items, lookupSize, preAppended) => {
        const appended = await open('imp_a');
        const imported = await open('imp_b');
        const batches = items.map((item) => ({ streamId: `dossier-s${item.stream}`, events: item.events.map(event) }));
        // The first `preAppended` batches go through append in both schemas; the rest: append in A, import in B.
        for (const [index, batch] of batches.entries()) {
          await appended.store.append(batch.streamId, batch.events);
          if (index < preAppended) await imported.store.append(batch.streamId, batch.events);
        }
        const rest = batches.slice(preAppended);
        const result = await importEvents(pool, rest, { schema: imported.schema, lookupSize });
        expect(result.events).toBe(rest.reduce((n, b) => n + b.events.length, 0));
        expect(result.streams).toBe(rest.length);
        const a = await collect(appended.store.readAll());
        const b = await collect(imported.store.readAll());
        expect(b.length).toBe(a.length);
        expect(perStream(b)).toEqual(perStream(a));
        expect(result.lastPosition).toBe(rest.length === 0 ? 0 : b.at(-1)!.position);
        const verified = await verifyHistory(imported.store);
        expect(verified.ok, verified.message).toBe(true);
        expect(verified.unchained).toBe(0);
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('bad input: typed error (path named) and nothing imported, not even the good streams before it', async () => {
    const { store, schema } = await open('imp_bad');
    await store.append('dossier-x', [event({ note: 'đã có', n: 1, flag: true })]);
    const stored = makeTestEvent('Noted', { note: 'x' });
    await store.append('dossier-y', [stored]);
    const good = { streamId: 'dossier-ok', events: [event({ note: 'tốt', n: 2, flag: false })] };
    const cases: [string, unknown[], string][] = [
      ['NUL in data', [good, { streamId: 'dossier-z', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] }], 'VALIDATION_FAILED'],
      ['no event id', [good, { streamId: 'dossier-z', events: [{ type: 'Noted', data: {}, metadata: { occurredAt: '2024-10-27T08:30:00+07:00' } }] }], 'VALIDATION_FAILED'],
      ['not a stream', [good, { events: [] }], 'VALIDATION_FAILED'],
      ['expected version', [good, { streamId: 'dossier-x', events: [event({ note: 'b', n: 3, flag: true })], expectedVersion: 'no_stream' }], 'CONCURRENCY_CONFLICT'],
      ['event id already stored', [good, { streamId: 'dossier-z', events: [stored] }], 'DUPLICATE_EVENT'],
      ['event id twice in the import', [good, { streamId: 'dossier-z', events: [good.events[0]] }], 'DUPLICATE_EVENT'],
    ];
    for (const [name, streams, code] of cases) {
      const error = await importEvents(pool, streams as never, { schema, lookupSize: 1 }).catch((caught: unknown) => caught);
      expect(error, name).toBeInstanceOf(MotcuaError);
      expect((error as MotcuaError).code, name).toBe(code);
      const events = await collect(store.readAll());
      expect(
        events.map((e) => e.streamId),
        name,
      ).toEqual(['dossier-x', 'dossier-y']);
    }
    const validation = (await importEvents(pool, [{ streamId: 'dossier-z', events: [makeTestEvent('Noted', { note: 'a\u0000b' })] }], { schema }).catch(
      (caught: unknown) => caught,
    )) as MotcuaError;
    expect(validation.issues?.[0]?.path).toEqual(['events', 0, 'data']);
  }, 60_000);

  it('an append after the import continues the imported chain (verifyHistory passes)', async () => {
    const { store, schema } = await open('imp_next');
    await importEvents(pool, [{ streamId: 'dossier-1', events: [event({ note: 'một', n: 1, flag: true }), event({ note: 'hai', n: 2, flag: false })] }], { schema });
    const appended = await store.append('dossier-1', [event({ note: 'ba', n: 3, flag: true })], { expectedVersion: 2 });
    expect(appended.nextExpectedVersion).toBe(3);
    const verified = await verifyHistory(store);
    expect(verified.ok, verified.message).toBe(true);
    expect(verified.events).toBe(3);
  }, 30_000);
});
