/**
 * The partition reader (`partition-read.ts`) against the store's own read
 * (the oracle: `readBatches` of `createSqliteEventStore` on the same file):
 * the partitions together give every event exactly once, each partition in
 * position order and holding whole streams; without `metadataKeys` each
 * event equals the store's; with them, each event equals the store's except
 * that its metadata holds only the wanted keys, in the store's key order,
 * with the store's values; with `types`, exactly the store's events of those types. Random metadata of every form the codec writes
 * (instants in several offsets, UUIDs, back references, dictionary actors,
 * event id and hash keys, odd extra keys).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { createSqliteEventStore, readSqlitePartition } from '@motcua/store-sqlite';
import { applyMigrations, SCHEMA_VERSION } from '../src/schema';
import { prepareStatements } from '../src/statements';
import { rejection, tempFile } from './helpers';

const instant = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T23:59:59Z'), noInvalidDate: true });
const instantText = fc.oneof(
  instant.map((d) => d.toISOString()),
  fc.tuple(instant, fc.constantFrom('+07:00', '-03:30', 'Z'), fc.boolean()).map(([d, o, ms]) => {
    const minutes = o === 'Z' ? 0 : (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(4)));
    const iso = new Date(d.getTime() + minutes * 60_000).toISOString();
    return `${ms ? iso.slice(0, 23) : iso.slice(0, 19)}${o}`;
  }),
  fc.constantFrom('2024-10-27T08:30+07:00', '2024-10-27t08:30:00Z'),
);
const metadataArb = fc
  .record(
    {
      schemaVersion: fc.integer({ min: 1, max: 3 }),
      occurredAt: instantText,
      recordedAt: instantText,
      actor: fc.oneof(fc.record({ id: fc.string(), role: fc.string() }, { requiredKeys: ['id'] }), fc.jsonValue({ maxDepth: 1 })),
      commandId: fc.uuid(),
      correlationId: fc.oneof(fc.uuid(), fc.constant('=')),
      hash: fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string()),
      extra: fc.oneof(fc.jsonValue({ maxDepth: 2 }), instantText, fc.uuid()),
    },
    { requiredKeys: [] },
  )
  .chain((base) => fc.tuple(fc.constant(base), fc.boolean(), fc.boolean()))
  .map(([base, idFirst, occurredIsCommand]) => {
    const m: Record<string, unknown> = idFirst ? { eventId: '', ...base } : { ...base, eventId: '' };
    if (m.correlationId === '=') m.correlationId = m.commandId;
    if (occurredIsCommand && typeof m.commandId === 'string') m.occurredAt = m.commandId; // a back reference on a wanted key
    return m;
  });
const eventArb = fc.record({
  stream: fc.constantFrom('dossier-1', 'dossier-2', 'dossier-3', 'other-1', 'dossier-4', 'other-2', 'dossier-5'),
  type: fc.constantFrom('T1', 'T2', 'T3'),
  data: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  metadata: metadataArb,
  uuidId: fc.boolean(),
});
const keysArb = fc.subarray(['occurredAt', 'actor', 'schemaVersion', 'eventId', 'hash', 'correlationId', 'extra', 'missing']);

type GeneratedEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

/** A version-4 file holding `events` (written the store's way: `statements.insert`). */
function writeFile(events: GeneratedEvent[]): string {
  const filename = tempFile();
  const db = new Database(filename);
  applyMigrations(db as never, 0);
  const insert = prepareStatements(db as never).insert;
  const versions = new Map<string, number>();
  db.transaction(() => {
    events.forEach((event, i) => {
      const version = (versions.get(event.stream) ?? 0) + 1;
      versions.set(event.stream, version);
      const eventId = event.uuidId ? `01a22d87-13fe-7188-9acf-${i.toString(16).padStart(12, '0')}` : `e-${i}`;
      insert.run(event.stream, version, event.type, eventId, JSON.stringify(event.data), JSON.parse(JSON.stringify({ ...event.metadata, eventId })));
    });
  })();
  db.close();
  return filename;
}

async function readAllPartitions(
  filename: string,
  partitions: number,
  options: { batchSize: number; streamPrefix?: string; types?: string[]; metadataKeys?: string[]; metadataKeysByType?: Record<string, string[]>; streamCache?: number },
): Promise<StoredEvent[][]> {
  const parts: StoredEvent[][] = [];
  for (let partition = 0; partition < partitions; partition++) {
    const part: StoredEvent[] = [];
    for await (const batch of readSqlitePartition({ filename, partition, partitions, ...options })) part.push(...batch);
    parts.push(part);
  }
  return parts;
}

const pickKeys = (metadata: object, keys: readonly string[]): Record<string, unknown> => Object.fromEntries(Object.entries(metadata).filter(([key]) => keys.includes(key)));

describe('readSqlitePartition', () => {
  it('gives the store’s events, each once, whole streams per partition; a lean read keeps exactly the wanted metadata keys (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 7 }),
        fc.option(fc.constant('dossier-'), { nil: undefined }),
        fc.option(keysArb, { nil: undefined }),
        fc.integer({ min: 1, max: 4 }),
        fc.option(fc.dictionary(fc.constantFrom('T1', 'T3'), keysArb), { nil: undefined }),
        // `T4` is in no file: a name the type table lacks selects nothing and breaks nothing.
        fc.option(fc.subarray(['T1', 'T2', 'T3', 'T4']), { nil: undefined }),
        async (events, partitions, batchSize, streamPrefix, metadataKeys, streamCache, metadataKeysByType, types) => {
          const filename = writeFile(events);
          const store = await createSqliteEventStore({ filename });
          const expected: StoredEvent[] = [];
          for await (const batch of store.readBatches({ after: 0, ...(streamPrefix ? { streamPrefix } : {}) }))
            expected.push(...batch.filter((event) => types === undefined || types.includes(event.type)));
          await store.close();

          // A small stream-name cache (1–4 per generation) so that evictions, range reads and single reads all happen.
          // Keys by type (with metadataKeys): an event of a named type keeps that type's keys instead.
          const parts = await readAllPartitions(filename, partitions, {
            batchSize,
            streamCache,
            ...(streamPrefix ? { streamPrefix } : {}),
            ...(types ? { types } : {}),
            ...(metadataKeys ? { metadataKeys, ...(metadataKeysByType ? { metadataKeysByType } : {}) } : {}),
          });
          const owner = new Map<string, number>();
          parts.forEach((part, p) => {
            for (let i = 1; i < part.length; i++) expect(part[i]!.position).toBeGreaterThan(part[i - 1]!.position);
            for (const event of part) {
              expect(owner.get(event.streamId) ?? p).toBe(p);
              owner.set(event.streamId, p);
            }
          });
          const got = parts.flat().sort((a, b) => a.position - b.position);
          expect(got.length).toBe(expected.length);
          got.forEach((event, i) => {
            const want = expected[i]!;
            expect(Object.isFrozen(event) && Object.isFrozen(event.metadata) && Object.isFrozen(event.data)).toBe(true);
            expect([event.position, event.streamId, event.version, event.type]).toEqual([want.position, want.streamId, want.version, want.type]);
            expect(event.data).toEqual(want.data);
            const keys = metadataKeys ? (metadataKeysByType?.[want.type] ?? metadataKeys) : undefined;
            const wantMeta = keys ? pickKeys(want.metadata, keys) : want.metadata;
            expect(event.metadata).toEqual(wantMeta);
            expect(Object.keys(event.metadata)).toEqual(Object.keys(wantMeta));
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses a bad partition and a file of another schema version', async () => {
    const filename = writeFile([]);
    const read = async (options: Parameters<typeof readSqlitePartition>[0]) => {
      for await (const _ of readSqlitePartition(options));
    };
    await expect(read({ filename, partition: 2, partitions: 2 })).rejects.toThrow(RangeError);
    const db = new Database(filename);
    db.exec('UPDATE motcua_schema SET version = 3');
    expect((await rejection(read({ filename, partition: 0, partitions: 1 }))).code).toBe('STORE_SCHEMA_OUTDATED');
    // A version this package does not know yet (a newer motcua wrote it) is refused too, not read as if it were known.
    db.prepare('UPDATE motcua_schema SET version = ?').run(SCHEMA_VERSION + 1);
    expect((await rejection(read({ filename, partition: 0, partitions: 1 }))).code).toBe('STORE_SCHEMA_OUTDATED');
    db.close();
  });
});
