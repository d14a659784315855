/**
 * The bulk import's speed tricks (issue #14), each against a plainer way of
 * doing the same thing:
 * - the worker thread (`import-pipeline.ts`, `import-worker.ts`) writes the
 *   very rows the importing thread writes alone, whatever the block size, with
 *   streams repeated in a chunk, text event ids and a dictionary collision;
 * - what crosses to the worker is JSON text: the canonical JSON of a value
 *   and of its JSON round trip are the same text;
 * - the multi-row insert (`import-rows.ts`) names the row that fails, and a
 *   chunk that fails leaves nothing behind.
 * Reads are checked against the JSON round trip of what was given (not the
 * code under test), and the imported log verifies.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, verifyHistory, type NewEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { dictionaryId } from '../src/codec-rows';
import { importChunk, type ImportStream } from '../src/import';
import { importPipelineStats, inlineEncoder, warmImportWorker, workerEncoder } from '../src/import-pipeline';
import { IMPORT_ROWS_PER_STATEMENT } from '../src/import-rows';
import { applyMigrations } from '../src/schema';
import { prepareStatements } from '../src/statements';
import { rejection, tempFile } from './helpers';

const ACTOR = { id: 'cb-01', role: 'specialist', unit: 'H21.65' };

/** Every table an import writes, as plain rows (BLOBs as hex). */
function dump(filename: string): unknown {
  const db = new Database(filename, { readonly: true });
  try {
    return {
      events: db.prepare('SELECT position, stream_id, version, type, typeof(event_id), hex(event_id), data, meta, hex(hash) FROM motcua_events ORDER BY position').raw(true).all(),
      streams: db.prepare('SELECT id, name FROM motcua_streams ORDER BY id').raw(true).all(),
      types: db.prepare('SELECT id, name FROM motcua_types ORDER BY id').raw(true).all(),
      dictionary: db.prepare('SELECT id, value FROM motcua_dictionary ORDER BY id').raw(true).all(),
    };
  } finally {
    db.close();
  }
}

/** A fresh version-4 file, `setup` run on it, then one chunk imported with the given encoder and block size. */
function importFile(items: readonly ImportStream[], worker: boolean, block: number, setup?: (db: Database.Database) => void): string {
  const filename = tempFile();
  const db = new Database(filename);
  try {
    db.exec('BEGIN IMMEDIATE');
    applyMigrations(db, 0);
    setup?.(db);
    db.exec('COMMIT');
    db.exec('BEGIN IMMEDIATE');
    importChunk(prepareStatements(db), items, worker ? workerEncoder() : inlineEncoder(), block);
    db.exec('COMMIT');
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
  return filename;
}

/** Read every stream back and check it against the JSON round trip of what was given; the log must verify. */
async function expectReadBack(filename: string, items: readonly ImportStream[]): Promise<void> {
  const store = await createSqliteEventStore({ filename });
  try {
    const given = new Map<string, NewEvent[]>();
    for (const item of items) given.set(item.streamId, [...(given.get(item.streamId) ?? []), ...item.events]);
    for (const [streamId, events] of given) {
      const read = (await store.readStream(streamId)).events;
      expect(read.map((e) => [e.type, e.data])).toEqual(events.map((e) => [e.type, JSON.parse(JSON.stringify(e.data ?? null))]));
      for (const [i, e] of read.entries()) {
        const { hash, ...rest } = e.metadata as { hash: string };
        expect(rest).toEqual(JSON.parse(JSON.stringify(events[i]!.metadata)));
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
      }
    }
    const total = items.reduce((n, item) => n + item.events.length, 0);
    expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: total });
  } finally {
    await store.close();
  }
}

const dataArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
/** Items of a chunk: a stream may come back later in the chunk; some event ids are not UUIDs. */
const itemsArb = fc
  .array(
    fc.record({
      stream: fc.integer({ min: 0, max: 4 }),
      events: fc.array(fc.record({ data: dataArb, textId: fc.boolean(), note: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }), { minLength: 1, maxLength: 9 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((raw) => {
    let n = 0;
    return raw.map(({ stream, events }) => ({
      streamId: `dossier-${stream}`,
      events: events.map(({ data, textId, note }) =>
        makeTestEvent(`Step${n % 3}`, data, { actor: ACTOR, ...(textId ? { eventId: `legacy-${n++}` } : { note: note ?? `n${n++}` }) }),
      ),
    }));
  });

describe('bulk import: worker pipeline, multi-row inserts', () => {
  it('the worker writes the rows this thread writes alone, for any block size (property)', async () => {
    expect(await warmImportWorker()).toBe(true);
    const before = importPipelineStats.workerBlocks;
    await fc.assert(
      fc.asyncProperty(itemsArb, fc.integer({ min: 1, max: 12 }), async (items, block) => {
        const alone = importFile(items, false, block);
        const piped = importFile(items, true, block);
        expect(dump(piped)).toEqual(dump(alone));
        await expectReadBack(piped, items);
      }),
      { numRuns: 25 },
    );
    // the worker did encode blocks (it was loaded before the first chunk)
    expect(importPipelineStats.workerBlocks).toBeGreaterThan(before);
  });

  it('canonical JSON of a value equals that of its JSON round trip (what the worker receives), toJSON, Dates and undefined included (property)', () => {
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
      fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 5e-324),
      fc.string().map((s) => ({ toJSON: () => `t:${s}` })),
      fc.constant(() => 1),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, value, (data, metadata) => {
        const [datas, metadatas] = JSON.parse(JSON.stringify([[data], [metadata]])) as [unknown[], unknown[]];
        expect(canonicalJson(datas[0])).toBe(canonicalJson(data));
        expect(canonicalJson(metadatas[0])).toBe(canonicalJson(metadata));
      }),
      { numRuns: 500 },
    );
  });

  it('a dictionary id already held by another text: the block is encoded again here, rows equal the inline path, reads are right', async () => {
    expect(await warmImportWorker()).toBe(true);
    const items: ImportStream[] = Array.from({ length: 30 }, (_, s) => ({
      streamId: `dossier-${s}`,
      events: Array.from({ length: 3 }, (_, i) => makeTestEvent('Step', { s, i }, { actor: ACTOR })),
    }));
    // The actor's dictionary id taken by another text before the import (a 48-bit collision, made on purpose).
    const collide = (db: Database.Database) => db.prepare('INSERT INTO motcua_dictionary (id, value) VALUES (?, ?)').run(dictionaryId(JSON.stringify(ACTOR)), '"another text"');
    const alone = dump(importFile(items, false, 16, collide)) as Record<string, unknown[]>;
    const pipedFile = importFile(items, true, 16, collide);
    const piped = dump(pipedFile) as Record<string, unknown[]>;
    expect([piped.events, piped.streams, piped.types]).toEqual([alone.events, alone.streams, alone.types]);
    // The worker's own shape for the block (with the refused actor id) may stay in the dictionary, unused: a true text under its content id.
    expect(piped.dictionary).toEqual(expect.arrayContaining(alone.dictionary!));
    await expectReadBack(pipedFile, items);
  });

  it('a BigInt on the worker path is VALIDATION_FAILED naming the event, and nothing of the transaction is written', async () => {
    const store = await createSqliteEventStore({ filename: tempFile() });
    try {
      const good = Array.from({ length: 40 }, (_, i) => makeTestEvent('Step', { i }));
      const bad = [...good, makeTestEvent('Step', { n: 2n } as unknown as object), makeTestEvent('Step', { n: 3 })];
      const error = await rejection(store.importStreams([{ streamId: 'dossier-a', events: bad }], { worker: true }));
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['events', 40, 'data'] }] });
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it(`an event id already stored, in the middle of a ${IMPORT_ROWS_PER_STATEMENT}-row statement, is DUPLICATE_EVENT naming it; the chunk leaves nothing`, async () => {
    for (const worker of [false, true]) {
      const store = await createSqliteEventStore({ filename: tempFile() });
      try {
        const first = makeTestEvent('Step', { n: 0 });
        await store.append('dossier-old', [first]);
        const events = Array.from({ length: 50 }, (_, i) => makeTestEvent('Step', { i }));
        events[37] = makeTestEvent('Step', { i: 37 }, { eventId: first.metadata.eventId });
        const error = await rejection(store.importStreams([{ streamId: 'dossier-new', events }], { worker }));
        expect(error.code).toBe('DUPLICATE_EVENT');
        expect(error.message).toContain(first.metadata.eventId);
        expect(await store.headPosition()).toBe(1);
        expect((await store.readStream('dossier-new')).version).toBe(0);
      } finally {
        await store.close();
      }
    }
  });

  it('positions: a chunk after earlier events continues the log, each stream notice gives its first and last position', async () => {
    const store = await createSqliteEventStore({ filename: tempFile() });
    try {
      await store.append('dossier-x', [makeTestEvent('Step', { n: 1 }), makeTestEvent('Step', { n: 2 })]);
      const items = [
        { streamId: 'dossier-a', events: Array.from({ length: 70 }, (_, i) => makeTestEvent('Step', { i })) },
        { streamId: 'dossier-x', events: [makeTestEvent('Step', { n: 3 })], expectedVersion: 2 as const },
      ];
      expect(await store.importStreams(items, { worker: true })).toEqual({ streams: 2, events: 71, lastPosition: 73 });
      const read = (await store.readStream('dossier-a')).events;
      // oracle: positions are consecutive after the two appended events, in the order given
      expect(read.map((e) => e.position)).toEqual(Array.from({ length: 70 }, (_, i) => i + 3));
      expect((await store.readStream('dossier-x')).events.map((e) => [e.version, e.position])).toEqual([
        [1, 1],
        [2, 2],
        [3, 73],
      ]);
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 73 });
    } finally {
      await store.close();
    }
  });
});
