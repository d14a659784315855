/**
 * The two-thread bulk import (a worker thread with its own connection does
 * the database work, `import-writer.mjs`) against the one-thread path as the
 * oracle: the same file, row for row (events with their hashes, streams,
 * types, dictionary), the same result, the same errors with nothing of the
 * failing chunk written — on random imports into files that already hold
 * appended events.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyHistory, type NewEvent } from '@motcua/core';
import { createSqliteEventStore, type ImportStream } from '@motcua/store-sqlite';
import { dictionaryId } from '../src/codec-rows';
import { rejection, tempFile } from './helpers';

const TABLES = ['motcua_events', 'motcua_streams', 'motcua_types', 'motcua_dictionary'];

/** Every row of the store's tables, BLOBs as hex. */
function dump(file: string): string[][] {
  const db = new Database(file, { readonly: true });
  try {
    return TABLES.map((table) =>
      db
        .prepare(`SELECT * FROM ${table} ORDER BY 1`)
        .raw(true)
        .all()
        .map((row) => JSON.stringify((row as unknown[]).map((v) => (v instanceof Uint8Array ? `x${Buffer.from(v).toString('hex')}` : v)))),
    );
  } finally {
    db.close();
  }
}

const instantArb = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const metadataArb = fc.record(
  {
    eventId: fc.oneof(
      fc.uuid({ version: 7 }),
      fc.uuid({ version: 4 }).map((u) => u.toUpperCase()),
      fc.string({ minLength: 1, maxLength: 8 }),
    ),
    occurredAt: fc.oneof(
      instantArb,
      instantArb.map((t) => t.replace('Z', '+07:00')),
      fc.string(),
    ),
    actor: fc.record({ id: fc.constantFrom('cb-01', 'cb-02'), role: fc.constantFrom('specialist', 'leader'), unit: fc.constantFrom('H21.65', 'X') }),
    commandId: fc.option(fc.uuid({ version: 4 }), { nil: undefined }),
    note: fc.option(fc.jsonValue({ maxDepth: 1 }), { nil: undefined }),
    hash: fc.option(fc.constant('from the caller'), { nil: undefined }),
  },
  { requiredKeys: ['eventId', 'actor'] },
);
const eventArb = fc.record({
  type: fc.constantFrom('DossierReceived', 'Assigned', 'Tiếp nhận', 'T"q'),
  data: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  metadata: metadataArb,
});
const itemsArb = fc.array(
  fc.record({
    streamId: fc.constantFrom('dossier-1', 'dossier-2', 'hồ sơ 3', 'd-4', 'd-5', 'd-6'),
    events: fc.array(eventArb, { maxLength: 6 }),
    // mostly unset; sometimes a check that holds or clashes (then the chunk fails the same way on both paths)
    expectedVersion: fc.option(fc.oneof(fc.constantFrom('any' as const, 'no_stream' as const, 'stream_exists' as const), fc.integer({ min: 0, max: 3 })), {
      nil: undefined,
      freq: 3,
    }),
  }),
  { minLength: 1, maxLength: 12 },
);

/** Make the ids unique while keeping UUID-shaped ones UUIDs (their stored form differs). */
function uniqueIds(items: ImportStream[]): ImportStream[] {
  const seen = new Set<string>();
  let n = 0;
  return items.map((item) => ({
    ...item,
    events: item.events.map((e) => {
      let id = (e.metadata as { eventId: string }).eventId;
      while (seen.has(id.toLowerCase()) || id.toLowerCase() === 'pre-1') id = `${id}~${n++}`;
      seen.add(id.toLowerCase());
      return { ...e, metadata: { ...e.metadata, eventId: id } } as NewEvent;
    }),
  }));
}

/** A file with events already appended to two of the streams (heads and versions to continue). */
async function prepared(): Promise<string> {
  const file = tempFile();
  const store = await createSqliteEventStore({ filename: file });
  await store.append('dossier-1', [
    { type: 'DossierReceived', data: { n: 1 }, metadata: { eventId: 'pre-1', actor: { id: 'cb-01', role: 'specialist', unit: 'H21.65' } } } as NewEvent,
  ]);
  await store.close();
  return file;
}

async function importInto(file: string, items: ImportStream[], threads: 1 | 2, transactionSize: number) {
  const store = await createSqliteEventStore({ filename: file });
  try {
    const result = await store.importStreams(items, { threads, transactionSize }).then(
      (r) => ({ ok: r }),
      (error: Error & { code?: string }) => ({ error: { name: error.name, code: error.code, message: error.message } }),
    );
    return { result, verified: await verifyHistory(store) };
  } finally {
    await store.close();
  }
}

describe('two-thread bulk import: the same file as one thread', () => {
  it('random imports (repeated streams, text and UUID ids, instants, actors, a caller hash, expected versions) give the same rows, result and verification (property)', async () => {
    await fc.assert(
      fc.asyncProperty(itemsArb, fc.integer({ min: 1, max: 20 }), async (raw, transactionSize) => {
        const items = uniqueIds(raw as unknown as ImportStream[]);
        const events = items.reduce((n, item) => n + item.events.length, 0);
        const [one, two] = [await prepared(), await prepared()];
        const a = await importInto(one, items, 1, transactionSize);
        const b = await importInto(two, items, 2, transactionSize);
        // the same result, except that it says a worker wrote (when there was anything to write)
        expect(b.result).toEqual('ok' in a.result ? { ok: { ...a.result.ok, threads: events > 0 ? 2 : 1 } } : a.result);
        expect(b.verified).toEqual(a.verified);
        expect(b.verified.ok).toBe(true);
        expect(dump(two)).toEqual(dump(one));
      }),
      { numRuns: 50, seed: 1407 },
    );
  });

  it('a version clash in the second chunk: the same ConcurrencyError, the first chunk kept, nothing of the second', async () => {
    const event = (id: string): NewEvent => ({ type: 'Assigned', data: { id }, metadata: { eventId: id } }) as NewEvent;
    const items: ImportStream[] = [
      { streamId: 'a', events: [event('e1'), event('e2')] },
      { streamId: 'b', events: [event('e3')] },
      { streamId: 'dossier-1', events: [event('e4')], expectedVersion: 'no_stream' }, // dossier-1 has 1 event: clash
    ];
    const [one, two] = [await prepared(), await prepared()];
    const a = await importInto(one, items, 1, 3);
    const b = await importInto(two, items, 2, 3);
    expect(a.result).toMatchObject({ error: { code: 'CONCURRENCY_CONFLICT' } });
    expect(b.result).toEqual(a.result);
    expect(dump(two)).toEqual(dump(one));
    expect(dump(two)[0]).toHaveLength(1 + 3); // the appended event and the first chunk
  });

  it('an event id already in the file: the same error, nothing of that chunk', async () => {
    const items: ImportStream[] = [
      {
        streamId: 'x',
        events: [
          { type: 'T', data: {}, metadata: { eventId: 'new-1' } },
          { type: 'T', data: {}, metadata: { eventId: 'pre-1' } },
        ] as NewEvent[],
      },
    ];
    const [one, two] = [await prepared(), await prepared()];
    const a = await importInto(one, items, 1, 10);
    const b = await importInto(two, items, 2, 10);
    expect(a.result).toMatchObject({ error: { code: 'DUPLICATE_EVENT' } });
    expect(b.result).toEqual(a.result);
    expect(dump(two)).toEqual(dump(one));
  });

  it('an event JSON cannot hold, in the middle of a chunk: VALIDATION_FAILED naming it, nothing of the chunk, and the next import works', async () => {
    const bad = { type: 'T', data: { n: 1n }, metadata: { eventId: 'bad' } } as unknown as NewEvent;
    const items: ImportStream[] = [
      { streamId: 'x', events: Array.from({ length: 3000 }, (_, i) => ({ type: 'T', data: { i }, metadata: { eventId: `ok-${i}` } }) as NewEvent) },
      { streamId: 'y', events: [bad] },
    ];
    const file = await prepared();
    const store = await createSqliteEventStore({ filename: file });
    try {
      const error = await rejection(store.importStreams(items, { threads: 2 }));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['events', 0, 'data'] }] });
      expect(await store.headPosition()).toBe(1);
      expect(await store.importStreams(items.slice(0, 1), { threads: 2 })).toMatchObject({ events: 3000, threads: 2 });
      expect((await verifyHistory(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a dictionary id held by another text (a 48-bit collision, forced): the chunk goes to the one-thread path, same rows', async () => {
    const actor = { id: 'cb-01', role: 'specialist', unit: 'H21.65' };
    const items: ImportStream[] = [{ streamId: 'x', events: [{ type: 'T', data: {}, metadata: { eventId: 'c-1', actor } }] as NewEvent[] }];
    const files = [await prepared(), await prepared()];
    for (const file of files) {
      const db = new Database(file);
      db.prepare('INSERT OR IGNORE INTO motcua_dictionary (id, value) VALUES (?, ?)').run(dictionaryId(JSON.stringify({ ...actor, unit: 'Z' })), 'another text');
      // The appended event stored this actor already; a second actor text collides with the planted id below.
      db.close();
    }
    const collide = { id: 'cb-01', role: 'specialist', unit: 'Z' };
    const withCollision: ImportStream[] = [{ streamId: 'y', events: [{ type: 'T', data: {}, metadata: { eventId: 'c-2', actor: collide } }] as NewEvent[] }, ...items];
    const a = await importInto(files[0]!, withCollision, 1, 10);
    const b = await importInto(files[1]!, withCollision, 2, 10);
    expect(a.result).toMatchObject({ ok: { events: 2, threads: 1 } });
    expect(b.result).toEqual(a.result); // fell back: written on this thread
    expect(b.verified.ok).toBe(true);
    expect(dump(files[1]!)).toEqual(dump(files[0]!));
  });

  it('waits for another connection holding the write lock, and an append on the same store during the import lands too', async () => {
    const file = await prepared();
    const store = await createSqliteEventStore({ filename: file });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const items: ImportStream[] = Array.from({ length: 50 }, (_, s) => ({
        streamId: `s-${s}`,
        events: Array.from({ length: 100 }, (_, i) => ({ type: 'T', data: { s, i }, metadata: { eventId: `e-${s}-${i}` } }) as NewEvent),
      }));
      const importing = store.importStreams(items, { threads: 2, transactionSize: 1000 });
      const appending = store.append('dossier-2', [{ type: 'T', data: {}, metadata: { eventId: 'during' } } as NewEvent]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      other.exec('COMMIT');
      expect(await importing).toMatchObject({ events: 5000, threads: 2 });
      expect(await appending).toMatchObject({ nextExpectedVersion: 1 });
      expect(await verifyHistory(store)).toMatchObject({ ok: true, events: 5002 });
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('a lock held past lockTimeoutMs: STORE_CONNECTION, nothing written', async () => {
    const file = await prepared();
    const store = await createSqliteEventStore({ filename: file, lockTimeoutMs: 300 });
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const items: ImportStream[] = [{ streamId: 's', events: [{ type: 'T', data: {}, metadata: { eventId: 'e' } }] as NewEvent[] }];
      const error = await rejection(store.importStreams(items, { threads: 2 }));
      expect(error).toMatchObject({ code: 'STORE_CONNECTION' });
      other.exec('COMMIT');
      expect(await store.headPosition()).toBe(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close();
    }
  });

  it('a writer thread that cannot open the file: each chunk it was sent is written on this thread, the same rows as one thread', async () => {
    const items = uniqueIds(
      Array.from({ length: 6 }, (_, i) => ({
        streamId: `dossier-${i + 1}`,
        events: [0, 1, 2].map((k) => ({
          type: 'DossierReceived',
          data: { i, k },
          metadata: { eventId: `u-${i}-${k}`, actor: { id: 'cb-01', role: 'specialist', unit: 'H21.65' } },
        })),
      })) as unknown as ImportStream[],
    );
    const files = [await prepared(), await prepared()];
    const a = await importInto(files[0]!, items, 1, 5);
    const store = await createSqliteEventStore({ filename: files[1]! });
    try {
      // The thread's own connection gets a path in a folder that does not exist: it fails before it ever opens the file.
      const settings = (store as unknown as { settings: { importWriter: { filename: string } } }).settings;
      settings.importWriter.filename = join(tmpdir(), `motcua-no-such-folder-${process.pid}`, 'events.db');
      const b = await store.importStreams(items, { threads: 2, transactionSize: 5 });
      expect(a.result).toEqual({ ok: b });
      expect(b).toMatchObject({ events: 18, threads: 1 }); // nothing was written by the thread
      expect((await verifyHistory(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
    expect(dump(files[1]!)).toEqual(dump(files[0]!));
  });

  it('a store in memory or on a database passed in imports on one thread', async () => {
    const store = await createSqliteEventStore({ filename: ':memory:' });
    try {
      const items: ImportStream[] = [{ streamId: 's', events: [{ type: 'T', data: {}, metadata: { eventId: 'e' } }] as NewEvent[] }];
      expect(await store.importStreams(items, { threads: 2 })).toMatchObject({ events: 1, threads: 1 });
    } finally {
      await store.close();
    }
  });
});
