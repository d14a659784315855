/**
 * Bulk import writes each event once (canonical JSON as the stored text) and
 * hashes it with one SHA-256 (`motcua-event/2`): what is read back is what
 * was imported, `verifyHistory` passes on it — also after appends continue
 * the imported streams — and an edited row is still named.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyHistory, type NewEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

const dataArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });
const streamsArb = fc.uniqueArray(fc.record({ streamId: fc.string({ minLength: 1, maxLength: 12 }), data: fc.array(dataArb, { minLength: 1, maxLength: 5 }) }), {
  selector: (s) => s.streamId,
  minLength: 1,
  maxLength: 6,
});
const eventsOf = (data: readonly object[]): NewEvent[] => data.map((d, i) => makeTestEvent(`Step${i % 2}`, d, { actor: { id: 'cb-01', role: 'specialist', unit: 'H21.65' } }));

describe('bulk import: one serialisation, one hash per event', () => {
  it('reads back what was imported, and the imported log verifies, also after appends to it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(streamsArb, fc.integer({ min: 1, max: 7 }), async (streams, transactionSize) => {
        const store = await createSqliteEventStore({ filename: tempFile() });
        try {
          const items = streams.map((s) => ({ streamId: s.streamId, events: eventsOf(s.data) }));
          const total = items.reduce((n, s) => n + s.events.length, 0);
          expect(await store.importStreams(items, { transactionSize })).toMatchObject({ streams: items.length, events: total });
          for (const item of items) {
            const read = (await store.readStream(item.streamId)).events;
            // oracle: the JSON round trip of what was given (key order aside), plus a 64-hex hash
            expect(read.map((e) => [e.type, e.data])).toEqual(item.events.map((e) => [e.type, JSON.parse(JSON.stringify(e.data))]));
            for (const [i, e] of read.entries()) {
              const { hash, ...rest } = e.metadata as { hash: string };
              expect(rest).toEqual(JSON.parse(JSON.stringify(item.events[i]!.metadata)));
              expect(hash).toMatch(/^[0-9a-f]{64}$/);
            }
          }
          expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: total });
          // appends continue an imported stream: format 1 linked to a format-2 head
          await store.append(items[0]!.streamId, [makeTestEvent('After', { n: 1 })]);
          expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: total + 1 });
        } finally {
          await store.close();
        }
      }),
      { numRuns: 30 },
    );
  });

  it("the caller's metadata as JSON would write it: undefined left out, a Date as its text, a caller's hash replaced; it verifies", async () => {
    const store = await createSqliteEventStore({ filename: tempFile() });
    try {
      const event = makeTestEvent('Step', { n: 1 });
      const metadata = { ...event.metadata, note: undefined, when: new Date('2024-10-27T01:30:00.000Z'), hash: 'from the caller', zeta: { b: 1, a: [undefined] } };
      await store.importStreams([{ streamId: 'dossier-a', events: [{ ...event, metadata } as unknown as NewEvent] }]);
      const [read] = (await store.readStream('dossier-a')).events;
      const { hash, ...rest } = read!.metadata as { hash: string };
      expect(rest).toEqual(JSON.parse(JSON.stringify({ ...metadata, hash: undefined })));
      expect(Object.keys(read!.metadata)).not.toContain('note');
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await verifyHistory(store, { requireHashes: true })).toMatchObject({ ok: true, events: 1 });
    } finally {
      await store.close();
    }
  });

  it('an imported row edited with raw SQL is named', async () => {
    const filename = tempFile();
    const store = await createSqliteEventStore({ filename });
    await store.importStreams([
      { streamId: 'dossier-a', events: eventsOf([{ n: 1 }, { n: 2 }, { n: 3 }]) },
      { streamId: 'dossier-b', events: eventsOf([{ n: 4 }]) },
    ]);
    await store.close();
    const db = new Database(filename);
    db.exec('DROP TRIGGER motcua_events_no_update');
    const victim = db.prepare("SELECT position FROM motcua_events WHERE stream_id = (SELECT id FROM motcua_streams WHERE name = 'dossier-a') AND version = 2").get() as {
      position: number;
    };
    db.prepare(`UPDATE motcua_events SET data = json_set(data, '$.n', 20) WHERE position = ?`).run(victim.position);
    db.close();
    const reopened = await createSqliteEventStore({ filename });
    try {
      expect(await verifyHistory(reopened)).toMatchObject({ ok: false, reason: 'hash', firstBroken: { streamId: 'dossier-a', version: 2, position: victim.position } });
    } finally {
      await reopened.close();
    }
  });

  it('a BigInt in imported data is refused with VALIDATION_FAILED naming the event; nothing of that transaction is written', async () => {
    const store = await createSqliteEventStore({ filename: tempFile() });
    try {
      const bad = [makeTestEvent('Step', { n: 1 }), makeTestEvent('Step', { n: 2n } as unknown as object)];
      await expect(store.importStreams([{ streamId: 'dossier-a', events: bad }])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: ['events', 1, 'data'] }],
      });
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
