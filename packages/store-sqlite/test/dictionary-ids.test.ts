/**
 * Dictionary ids (`dictionaryId`, codec-rows.ts): a metadata shape's id is the
 * first 24 bits of the SHA-256 of its text, any other entry's the first 48
 * bits. Oracles: SHA-256 from node:crypto applied to the stored text (the
 * documented rule), and the events as written (JSON round trip) for reads —
 * including a file whose shapes were stored under 48-bit ids (the rule before
 * session 10) and a shape whose 24-bit id another text already holds.
 */
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createRowCodec } from '../src/codec-rows';
import type { MetadataDictionary } from '../src/codec';
import { ensureSchema } from '../src/schema';
import { tempFile } from './helpers';

const sha = (text: string): Buffer => createHash('sha256').update(text).digest();
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const metaOf = (db: Database.Database) => db.prepare('SELECT meta FROM motcua_events ORDER BY position').pluck().all() as string[];
const entry = (db: Database.Database, id: number) => db.prepare('SELECT value FROM motcua_dictionary WHERE id = ?').pluck().get(id) as string | undefined;

/** Metadata with the keys a desk officer's command gives (some optional), any actor. */
const metadata = fc.record(
  {
    actor: fc.record({ id: fc.string({ minLength: 1, maxLength: 10 }), role: fc.constantFrom('officer', 'citizen', 'system'), unit: fc.constantFrom('H26', 'H21.65') }),
    occurredAt: fc.constantFrom('2021-01-04T09:16:00.000+07:00', '2024-10-27T08:30:00+07:00', '2026-12-01T07:00:00.000Z'),
    commandId: fc.uuid(),
    reason: fc.string({ maxLength: 8 }),
  },
  { requiredKeys: ['actor'] },
);

async function readAll(filename: string): Promise<StoredEvent[]> {
  const store = await createSqliteEventStore({ filename });
  try {
    const events: StoredEvent[] = [];
    for await (const e of store.readAll()) events.push(e);
    return events;
  } finally {
    await store.close();
  }
}

describe('dictionary ids', () => {
  it('a shape is stored under the first 24 bits of its SHA-256, an actor under the first 48', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(metadata, { minLength: 1, maxLength: 6 }), async (metas) => {
        const filename = tempFile();
        const store = await createSqliteEventStore({ filename });
        for (const [i, m] of metas.entries()) await store.append(`s-${i % 2}`, [makeTestEvent('A', { i }, m)]);
        const read: StoredEvent[] = [];
        for await (const e of store.readAll()) read.push(e);
        await store.close();
        expect(read.map((e) => e.metadata.actor)).toEqual(metas.map((m) => roundTrip(m.actor)));
        const db = new Database(filename, { readonly: true });
        for (const meta of metaOf(db)) {
          const [shapeId, ...values] = JSON.parse(meta) as [number, ...unknown[]];
          const shape = entry(db, shapeId)!;
          expect(shape.startsWith('[')).toBe(true);
          expect(shapeId).toBe(sha(shape).readUIntBE(0, 3));
          const codes = JSON.parse(shape) as [string, unknown][];
          let next = 0;
          for (const [key, code] of codes) {
            if (code === 'i' || code === 'h' || typeof code === 'number') continue;
            const value = values[next++];
            if (key === 'actor') expect(value).toBe(sha(entry(db, value as number)!).readUIntBE(0, 6));
          }
        }
        db.close();
      }),
      { numRuns: 25 },
    );
  });

  it('a shape whose 24-bit id another text holds: its events are written inline and read back as written', async () => {
    const filename = tempFile();
    const first = await createSqliteEventStore({ filename });
    await first.append('probe', [makeTestEvent('A', { n: 0 }, { actor: { id: 'cb-1', role: 'officer' } })]);
    const shapeId = JSON.parse(metaOf(first.db as unknown as Database.Database)[0]!)[0] as number;
    const shapeText = entry(first.db as unknown as Database.Database, shapeId)!;
    await first.close();
    // A fresh file where that id already holds another text.
    const other = tempFile();
    const db = new Database(other);
    ensureSchema(db, true);
    db.prepare('INSERT INTO motcua_dictionary (id, value) VALUES (?, ?)').run(shapeId, '{"not":"this shape"}');
    db.close();
    const store = await createSqliteEventStore({ filename: other });
    const written = [makeTestEvent('A', { n: 1 }, { actor: { id: 'cb-1', role: 'officer' } }), makeTestEvent('B', { n: 2 }, { actor: { id: 'cb-2', role: 'officer' } })];
    await store.append('dossier-1', written);
    await store.close();
    const read = await readAll(other);
    expect(read.map((e) => [e.type, e.data, e.metadata.actor, e.metadata.eventId])).toEqual(written.map((e) => [e.type, e.data, e.metadata.actor, e.metadata.eventId]));
    const raw = new Database(other, { readonly: true });
    expect(metaOf(raw).every((meta) => meta.startsWith('{'))).toBe(true); // inline, not under the taken id
    expect(entry(raw, shapeId)).toBe('{"not":"this shape"}');
    expect(shapeText.startsWith('[')).toBe(true);
    raw.close();
  });

  it('a file whose shapes were stored under 48-bit ids (before session 10) reads as written, and new events join it', async () => {
    const filename = tempFile();
    const db = new Database(filename);
    ensureSchema(db, true);
    // The rule before: every entry under the first 48 bits of its SHA-256.
    const add = db.prepare('INSERT INTO motcua_dictionary (id, value) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
    const old: MetadataDictionary = {
      store(text) {
        const id = sha(text).readUIntBE(0, 6);
        add.run(id, text);
        return id;
      },
      text: (id) => entry(db, id)!,
    };
    const codec = createRowCodec(db);
    const before = Array.from({ length: 5 }, (_, i) => ({
      eventId: randomUUID(),
      data: { i },
      metadata: { actor: { id: `cb-${i % 2}`, role: 'officer' }, occurredAt: '2021-01-04T09:16:00.000+07:00', commandId: randomUUID() },
    }));
    db.transaction(() => {
      for (const [i, e] of before.entries())
        codec.insert(codec.streamId('dossier-1'), i + 1, codec.typeId('A'), e.eventId, JSON.stringify(e.data), { eventId: e.eventId, ...e.metadata }, old);
    })();
    const oldShape = JSON.parse(metaOf(db)[0]!)[0] as number;
    expect(oldShape).toBeGreaterThanOrEqual(2 ** 24);
    db.close();
    const store = await createSqliteEventStore({ filename });
    const after = makeTestEvent('B', { i: 5 }, { actor: { id: 'cb-1', role: 'officer' }, occurredAt: '2021-01-04T09:16:00.000+07:00', commandId: randomUUID() });
    await store.append('dossier-1', [after]);
    await store.close();
    const read = await readAll(filename);
    expect(read.map((e) => [e.data, e.metadata.actor, e.metadata.occurredAt, e.metadata.commandId, e.metadata.eventId])).toEqual([
      ...before.map((e) => [e.data, e.metadata.actor, e.metadata.occurredAt, e.metadata.commandId, e.eventId]),
      [after.data, after.metadata.actor, after.metadata.occurredAt, after.metadata.commandId, after.metadata.eventId],
    ]);
    const raw = new Database(filename, { readonly: true });
    const shapes = metaOf(raw).map((meta) => JSON.parse(meta)[0] as number);
    expect(shapes.slice(0, 5).every((id) => id === oldShape)).toBe(true);
    expect(shapes[5]).toBeLessThan(2 ** 24);
    raw.close();
  });
});
