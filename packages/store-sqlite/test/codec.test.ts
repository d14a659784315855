/**
 * The compact encoding of schema version 4 (`codec.ts`, `schema-v4.ts`):
 * metadata and event ids round-trip byte for byte (oracle: the JSON text of
 * the object the old layout stored, compared as text, so key order counts),
 * and a file written in the old layout migrates and reads exactly the same
 * events, which still verify.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore, verifyHistory, type StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { decodeEventId, decodeMetadata, encodeEventId, encodeMetadata, shapeMemo, type MetadataDictionary } from '../src/codec';
import { applyMigrations } from '../src/schema';
import { shapeDecoder } from '../src/shape-decoder';
import { eventIdOfColumn } from '../src/codec-rows';
import { tempFile } from './helpers';

/** An in-memory content-addressed dictionary; `full` makes every id taken (the collision fallback). */
function memoryDictionary(full = false): MetadataDictionary & { size: () => number } {
  const entries = new Map<number, string>();
  return {
    store(text) {
      if (full) return undefined;
      const id = createHash('sha256').update(text).digest().readUIntBE(0, 6);
      entries.set(id, text);
      return id;
    },
    text(id) {
      const text = entries.get(id);
      if (text === undefined) throw new Error(`no entry ${id}`);
      return text;
    },
    size: () => entries.size,
  };
}

const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const offset = fc.constantFrom('Z', '+07:00', '-03:30', '+00:00', '+14:00');
/** Instant texts in the forms motcua writes and some it does not (no seconds, lower-case, odd offsets). */
const instantText = fc.oneof(
  instant.map((d) => d.toISOString()),
  fc.tuple(instant, offset, fc.boolean()).map(([d, o, ms]) => {
    const minutes = o === 'Z' ? 0 : (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(4)));
    const iso = new Date(d.getTime() + minutes * 60_000).toISOString();
    return `${ms ? iso.slice(0, 23) : iso.slice(0, 19)}${o}`;
  }),
  fc.constantFrom('2024-10-27T08:30+07:00', '2024-02-30T08:30:00.000Z', '2024-10-27t08:30:00Z', '2024-10-27T08:30:00.1234Z', '+020000-01-01T00:00:00.000Z'),
);
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.uuid(), instantText, fc.stringMatching(/^[0-9a-f]{64}$/));
const metadataArb = fc
  .record(
    {
      eventId: fc.oneof(fc.uuid(), fc.string()),
      schemaVersion: fc.integer({ min: 1, max: 3 }),
      occurredAt: instantText,
      recordedAt: instantText,
      actor: fc.oneof(fc.record({ id: fc.string(), role: fc.string(), unit: fc.string() }, { requiredKeys: ['id'] }), fc.jsonValue({ maxDepth: 1 })),
      commandId: fc.uuid(),
      correlationId: fc.oneof(fc.uuid(), fc.constant('=')),
      causationId: fc.oneof(fc.uuid(), fc.constant('=')),
      hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()),
    },
    { requiredKeys: ['eventId'] },
  )
  .chain((base) => fc.tuple(fc.constant(base), fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), value, { maxKeys: 4 }), fc.boolean()))
  .map(([base, extra, extraFirst]) => {
    const m: Record<string, unknown> = { ...base };
    if (m.correlationId === '=') m.correlationId = m.commandId;
    if (m.causationId === '=') m.causationId = m.commandId;
    // the object as the old layout stored and read it: JSON text, parsed (own __proto__ keys included)
    const text = extraFirst ? `{${JSON.stringify(extra).slice(1, -1)}${Object.keys(extra).length ? ',' : ''}${JSON.stringify(m).slice(1)}` : JSON.stringify(m);
    return JSON.parse(extraFirst ? text : `${text.slice(0, -1)}${Object.keys(extra).length ? ',' : ''}${JSON.stringify(extra).slice(1)}`) as Record<string, unknown>;
  });

describe('compact metadata codec', () => {
  it('round-trips metadata byte for byte, keys in order (property)', () => {
    const dictionary = memoryDictionary();
    fc.assert(
      fc.property(metadataArb, (metadata) => {
        const eventId = typeof metadata.eventId === 'string' ? metadata.eventId : 'e';
        const { meta, hash } = encodeMetadata(metadata, eventId, dictionary);
        const back = decodeMetadata(meta, eventId, hash, dictionary);
        expect(JSON.stringify(back)).toBe(JSON.stringify(metadata));
        expect(Object.keys(back)).toEqual(Object.keys(metadata));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes each shape as JSON.stringify writes its [key, code] array, so equal shapes share one dictionary id (property)', () => {
    const dictionary = memoryDictionary();
    fc.assert(
      fc.property(metadataArb, (metadata) => {
        const eventId = typeof metadata.eventId === 'string' ? metadata.eventId : 'e';
        const { meta } = encodeMetadata(metadata, eventId, dictionary);
        const parsed = JSON.parse(meta) as unknown;
        if (!Array.isArray(parsed)) return;
        const text = dictionary.text(parsed[0] as number);
        const shape = JSON.parse(text) as [string, unknown][];
        expect(text).toBe(JSON.stringify(shape));
        expect(shape.map(([key]) => key)).toEqual(Object.keys(metadata).filter((key) => metadata[key] !== undefined));
      }),
      { numRuns: 1000 },
    );
  });

  it('a shape memo (import chunks) gives the same stored text as writing each shape out, collisions included (property)', () => {
    const plain = memoryDictionary();
    const memoised = { ...memoryDictionary(), shapes: shapeMemo() };
    const full = { ...memoryDictionary(true), shapes: shapeMemo() };
    fc.assert(
      fc.property(fc.array(metadataArb, { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[0-9a-f]{64}$/), (batch, newHash) => {
        // each metadata twice: the second time the memo answers
        for (const metadata of [...batch, ...batch]) {
          const eventId = typeof metadata.eventId === 'string' ? metadata.eventId : 'e';
          const expected = encodeMetadata(metadata, eventId, plain, newHash);
          expect(encodeMetadata(metadata, eventId, memoised, newHash)).toEqual(expected);
          expect(encodeMetadata(metadata, eventId, full, newHash)).toEqual(encodeMetadata(metadata, eventId, memoryDictionary(true), newHash));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a new hash is kept when the shape falls back to inline JSON (every id taken) (property)', () => {
    const dictionary = memoryDictionary(true);
    fc.assert(
      fc.property(metadataArb, fc.stringMatching(/^[0-9a-f]{64}$/), (metadata, newHash) => {
        const { meta, hash } = encodeMetadata(metadata, 'e', dictionary, newHash);
        const back = decodeMetadata(meta, 'e', hash, dictionary);
        expect(back.hash).toBe(newHash);
        expect(JSON.stringify(back)).toBe(JSON.stringify({ ...metadata, hash: newHash }));
      }),
    );
  });

  it('the generated per-shape decoder gives the same object as the interpreter, deeply frozen, keys in order (property)', () => {
    const dictionary = memoryDictionary();
    const decode = shapeDecoder(dictionary, 50); // a small cache, so that it is also emptied and refilled
    const deeplyFrozen = (value: unknown): boolean => typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(deeplyFrozen));
    fc.assert(
      fc.property(metadataArb, fc.boolean(), (metadata, withHash) => {
        const eventId = typeof metadata.eventId === 'string' ? metadata.eventId : 'e';
        const { meta, hash } = encodeMetadata(metadata, eventId, dictionary);
        const stored = withHash ? hash : null;
        const expected = decodeMetadata(meta, eventId, stored, dictionary);
        for (let round = 0; round < 2; round++) {
          const fast = decode(meta, eventId, stored); // first compiles, then reuses the shape's function
          expect(Object.keys(fast)).toEqual(Object.keys(expected));
          expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
          for (const key of Object.keys(expected)) expect(Object.hasOwn(fast, key) && fast[key] === undefined).toBe(expected[key] === undefined);
          expect(Object.getPrototypeOf(fast)).toBe(Object.prototype);
          expect(deeplyFrozen(fast)).toBe(true);
        }
        if (withHash) expect(JSON.stringify(decode(meta, eventId, stored))).toBe(JSON.stringify(metadata));
      }),
      { numRuns: 2000 },
    );
  });

  it('the generated decoder leaves hand-made odd shapes to the interpreter and agrees with it', () => {
    const dictionary = memoryDictionary();
    const decode = shapeDecoder(dictionary);
    const shapes = [
      [
        ['__proto__', 'v'],
        ['a', 'v'],
      ],
      [
        ['a', 'v'],
        ['b', 1],
      ], // a back reference forwards
      [['a', 'q']], // an unknown code: the interpreter formats it as an instant code
      [
        ['a', 'v'],
        ['b', 0],
        ['c', 'z'],
        ['d', 'o+07:00'],
        ['e', 'sZ'],
        ['f', 'u'],
        ['g', 'i'],
        ['h', 'h'],
      ],
    ];
    for (const shape of shapes) {
      const id = dictionary.store(JSON.stringify(shape))!;
      const meta = JSON.stringify([id, { x: [1] }, 'abcdefgh', 1_700_000_000_123, 1_700_000_000_000, 'AZ8vBB_-cAGaz9r4whiLVQ']);
      const expected = decodeMetadata(meta, 'e-1', 'ab'.repeat(32), dictionary);
      const fast = decode(meta, 'e-1', 'ab'.repeat(32));
      expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
      expect(Object.keys(fast)).toEqual(Object.keys(expected));
      expect(Object.getPrototypeOf(fast)).toBe(Object.prototype);
    }
  });

  it('event id column: 32 hex digits get their dashes back, text ids lose the ~ (property)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), (uuid, text) => {
        expect(eventIdOfColumn(uuid.replace(/-/g, ''))).toBe(uuid);
        expect(eventIdOfColumn(`~${text}`)).toBe(text);
      }),
    );
  });

  it('round-trips when every dictionary id is taken by another text (the inline fallback) (property)', () => {
    const dictionary = memoryDictionary(true);
    fc.assert(
      fc.property(metadataArb, (metadata) => {
        const { meta, hash } = encodeMetadata(metadata, 'e', dictionary);
        expect(JSON.stringify(decodeMetadata(meta, 'e', hash, dictionary))).toBe(JSON.stringify(metadata));
      }),
    );
  });

  it('stores what can be derived once: a motcua event’s metadata is a fraction of its JSON', () => {
    const dictionary = memoryDictionary();
    const metadata = {
      eventId: '01a22d87-13fe-7188-9acf-daf8c2188b55',
      schemaVersion: 1,
      occurredAt: '2020-12-23T10:24:00.000+07:00',
      recordedAt: '2026-11-30T17:35:56.926Z',
      actor: { id: 'cb-000.17.20.H26-1', role: 'officer', unit: '000.17.20.H26' },
      commandId: 'a9ca95c5-0000-4000-8000-0000000002be',
      correlationId: 'a9ca95c5-0000-4000-8000-0000000002be',
      causationId: 'a9ca95c5-0000-4000-8000-0000000002be',
      commandHash: 432390176567,
      hash: '62be69eafc79e3ba83a687c9ce0f52dc88b26cc20dd48eb543fc0c85c6ad221a',
    };
    const { meta, hash } = encodeMetadata(metadata, metadata.eventId, dictionary);
    expect(hash).toBe(metadata.hash);
    expect(meta.length).toBeLessThan(JSON.stringify(metadata).length / 4); // 455 characters of JSON
    expect(JSON.parse(meta)).toEqual([
      expect.any(Number),
      1,
      Date.parse(metadata.occurredAt),
      Date.parse(metadata.recordedAt),
      expect.any(Number),
      expect.any(String),
      432390176567,
    ]);
  });

  it('event ids: canonical UUIDs as 16 bytes, anything else as text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string()), (id) => {
        const stored = encodeEventId(id);
        if (/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/.test(id)) expect(stored).toHaveLength(16);
        expect(decodeEventId(stored)).toBe(id);
      }),
    );
  });
});

/** Events of a real store (in memory: hashes included), interleaved over three streams. */
async function realEvents(count: number): Promise<StoredEvent[]> {
  const memory = new InMemoryEventStore();
  for (let i = 0; i < count; i++) {
    await memory.append(`dossier-${i % 3}`, [
      makeTestEvent(
        i % 2 ? 'DossierAccepted' : 'PortalSynced',
        { i, note: `bước ${i}` },
        { actor: { id: `cb-0${i % 2}`, role: 'receivingOfficer', unit: 'H21.65' }, occurredAt: '2024-10-27T08:30:00.000+07:00' },
      ),
    ]);
  }
  return [...memory.allEvents()];
}

describe('migration to the compact layout (schema version 4)', () => {
  it('a file written in the old layout opens migrated and reads exactly the same events, which verify', async () => {
    const events = await realEvents(40);
    const filename = tempFile();
    const db = new Database(filename);
    db.exec('BEGIN IMMEDIATE');
    applyMigrations(db, 0, 3);
    const insert = db.prepare('INSERT INTO motcua_events (position, stream_id, version, type, event_id, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // a gap in positions (a rolled-back append) must survive the rewrite
    for (const e of events)
      insert.run(e.position + (e.position > 20 ? 5 : 0), e.streamId, e.version, e.type, e.metadata.eventId, JSON.stringify(e.data), JSON.stringify(e.metadata));
    db.exec('COMMIT');
    const before = db.prepare('SELECT position, stream_id, version, type, data, metadata FROM motcua_events ORDER BY position').all();
    db.close();

    const store = await createSqliteEventStore({ filename });
    try {
      // 4 rewrote the rows; 5 (packed checkpoints) and 6 (where hashing began) came after it
      expect(store.db.prepare('SELECT version FROM motcua_schema').get()).toEqual({ version: 6 });
      const read: StoredEvent[] = [];
      for await (const e of store.readAll()) read.push(e);
      // oracle: the old rows as the old reader returned them (JSON text parsed), compared as JSON text
      expect(read.map((e) => JSON.stringify([e.position, e.streamId, e.version, e.type, e.data, e.metadata]))).toEqual(
        (before as { position: number; stream_id: string; version: number; type: string; data: string; metadata: string }[]).map(
          (r) => `[${r.position},${JSON.stringify(r.stream_id)},${r.version},${JSON.stringify(r.type)},${r.data},${r.metadata}]`,
        ),
      );
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 40 });
      // appends continue the migrated chains
      await store.append('dossier-1', [makeTestEvent('After', { n: 1 })]);
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 41 });
      expect(() => store.db.prepare("UPDATE motcua_streams SET name = 'x'").run()).toThrow(/append-only/);
    } finally {
      await store.close();
    }
  });
});
