import { describe, expect, it } from 'vitest';
import type { EventStore, StoredEvent } from '../../store/types';
import { collect, makeTestEvent } from './support';
import type { ContractContext } from './support';

/** `DossierRated` as schema version 1 wrote it (`like?: boolean`; docs/events.md). */
const v1 = (like: boolean | undefined) => ({ channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Hài lòng' }], ...(like === undefined ? {} : { like }) });
/** The same ratings as version 2 reads them: `like: true` is `vote: 'like'`, `false` is `'dislike'`, absent stays absent. */
const v2 = (vote: 'like' | 'dislike' | undefined) => ({ channel: 'kiosk', ratings: [{ criterion: 'thaiDo', level: 'Hài lòng' }], ...(vote === undefined ? {} : { vote }) });

function unfrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return !Object.isFrozen(value) || Object.values(value).some(unfrozen);
}

/** Data and schema version of each event, in order. */
const shapes = (events: readonly StoredEvent[]) => events.map((e) => ({ type: e.type, data: e.data, schemaVersion: e.metadata.schemaVersion }));

/**
 * Old event versions are read as the current shape (docs/events.md): an event
 * written with schema version 1 of a type whose current version is 2
 * (`DossierRated`) comes out of every read as version 2 — append result,
 * stream, global log, batches, after a reopen — deeply frozen; events at the
 * current version, of a newer version than the code knows, or of an unknown
 * type come out as written.
 */
export function upcastContract(context: ContractContext): void {
  describe('event versions (upcasting)', () => {
    const written = () => [
      makeTestEvent('DossierRated', v1(true), { schemaVersion: 1 }),
      makeTestEvent('DossierRated', v1(false), { schemaVersion: 1 }),
      makeTestEvent('DossierRated', v1(undefined), { schemaVersion: 1 }),
      makeTestEvent('DossierRated', v2('dislike'), { schemaVersion: 2 }),
      makeTestEvent('DossierRated', { channel: 'kiosk', stars: 5 }, { schemaVersion: 3 }),
      makeTestEvent('SomethingElse', { like: true }, { schemaVersion: 1 }),
    ];
    const expected = [
      { type: 'DossierRated', data: v2('like'), schemaVersion: 2 },
      { type: 'DossierRated', data: v2('dislike'), schemaVersion: 2 },
      { type: 'DossierRated', data: v2(undefined), schemaVersion: 2 },
      { type: 'DossierRated', data: v2('dislike'), schemaVersion: 2 },
      { type: 'DossierRated', data: { channel: 'kiosk', stars: 5 }, schemaVersion: 3 },
      { type: 'SomethingElse', data: { like: true }, schemaVersion: 1 },
    ];

    async function everyRead(store: EventStore, lastPosition: number): Promise<Record<string, StoredEvent[]>> {
      await store.waitUntilReadable(lastPosition);
      return {
        readStream: [...(await store.readStream('rated')).events],
        readAll: await collect(store.readAll()),
        readBatches: (await collect(store.readBatches({ batchSize: 2 }))).flat(),
        'readAll by type': await collect(store.readAll({ types: ['DossierRated'] })),
      };
    }

    it('an event written with an older schema version reads as the current version on every read, deeply frozen', async () => {
      const batch = written();
      const result = await context.store.append('rated', batch);
      expect(shapes(result.events), 'append result').toEqual(expected);
      for (const [read, events] of Object.entries(await everyRead(context.store, result.lastPosition))) {
        expect(shapes(events), read).toEqual(read === 'readAll by type' ? expected.slice(0, 5) : expected);
        expect(events.some(unfrozen), `${read}: deeply frozen`).toBe(false);
      }
      // Everything else about the event is as written.
      const [first] = (await context.store.readStream('rated')).events;
      expect(first!.metadata).toEqual({ ...batch[0]!.metadata, schemaVersion: 2, ...(first!.metadata.hash === undefined ? {} : { hash: first!.metadata.hash }) });
      expect({ streamId: first!.streamId, version: first!.version }).toEqual({ streamId: 'rated', version: 1 });
      // The caller's input is untouched.
      expect(batch[0]!.data).toEqual(v1(true));
    });

    it('a retried append of old events returns them as the current version', async () => {
      const batch = written().slice(0, 2);
      await context.store.append('rated', batch);
      const again = await context.store.append('rated', batch);
      expect(again.duplicate).toBe(true);
      expect(shapes(again.events)).toEqual(expected.slice(0, 2));
    });

    it('reads old events as the current version after a reopen (durable adapters)', async () => {
      const result = await context.store.append('rated', written());
      if (!(await context.reopen())) return;
      expect(shapes(Object.values(await everyRead(context.store, result.lastPosition))[0]!)).toEqual(expected);
    });
  });
}
