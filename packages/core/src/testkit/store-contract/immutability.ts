import { beforeEach, describe, expect, it } from 'vitest';
import type { EventStore, StoredEvent } from '../../store/types';
import { collect, makeTestEvent } from './support';
import type { ContractContext } from './support';

/** Every object reachable from `value` (itself included) that is not frozen, as paths. */
function unfrozenPaths(value: unknown, path = '$'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const own = Object.isFrozen(value) ? [] : [path];
  return own.concat(...Object.entries(value).map(([k, v]) => unfrozenPaths(v, `${path}.${k}`)));
}

function expectDeeplyFrozen(events: readonly StoredEvent[], where: string): void {
  expect(events.length, where).toBeGreaterThan(0);
  for (const event of events) expect(unfrozenPaths(event), `${where}: stored events must be deeply frozen`).toEqual([]);
}

const nested = () => ({ due: { date: '2024-10-28', at: '2024-10-28T17:00:00.000+07:00' }, fees: [{ item: 'Lệ phí', amount: 8000 }], tags: ['a', ['b']] });

/**
 * Stored events are immutable: whatever the store hands out (append results,
 * stream reads, the global log, an idempotent retry) is deeply frozen, and
 * neither the caller's input nor an output can change what is stored. The
 * engine folds these events into its cache and hands them to callers.
 */
export function immutabilityContract(context: ContractContext): void {
  describe('immutability', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });

    it('append, readStream, readAll, readBatches and a retry return deeply frozen events', async () => {
      const batch = [makeTestEvent('DossierAccepted', nested(), { actor: { id: 'cb-01', role: 'officer' } }), makeTestEvent('Noted', nested())];
      const result = await store.append('frozen', batch);
      expectDeeplyFrozen(result.events, 'append');
      expectDeeplyFrozen((await store.readStream('frozen')).events, 'readStream');
      expectDeeplyFrozen((await store.readStream('frozen', { fromVersion: 2 })).events, 'readStream from a version');
      await store.waitUntilReadable(result.lastPosition);
      expectDeeplyFrozen(await collect(store.readAll()), 'readAll');
      const batches: StoredEvent[] = [];
      for await (const batch of store.readBatches({ batchSize: 1, types: ['DossierAccepted', 'Noted'] })) batches.push(...batch);
      expectDeeplyFrozen(batches, 'readBatches');
      const again = await store.append('frozen', batch);
      expect(again.duplicate).toBe(true);
      expectDeeplyFrozen(again.events, 'a retried append');
    });

    it('changing an appended or a returned event throws and changes nothing stored', async () => {
      const event = makeTestEvent('DossierAccepted', nested(), { actor: { id: 'cb-01', role: 'officer' } });
      const result = await store.append('history', [event]);
      // The caller's own objects stay theirs: changing them later does not reach the store.
      event.data.due.date = '2099-01-01';
      event.data.fees.push({ item: 'extra', amount: 1 });
      event.metadata.actor!.id = 'someone-else';
      const stored = result.events[0]!;
      const data = stored.data as ReturnType<typeof nested>;
      expect(() => {
        data.due.date = '2099-01-01';
      }).toThrow(TypeError);
      expect(() => data.fees.push({ item: 'extra', amount: 1 })).toThrow(TypeError);
      expect(() => {
        (stored.metadata.actor as { id: string }).id = 'someone-else';
      }).toThrow(TypeError);
      expect(() => {
        (stored as { version: number }).version = 9;
      }).toThrow(TypeError);
      const [read] = (await store.readStream('history')).events;
      expect(read!.data).toEqual(nested());
      expect(read!.metadata.actor).toEqual({ id: 'cb-01', role: 'officer' });
      expect(read!.version).toBe(1);
      expect(() => {
        (read!.data as ReturnType<typeof nested>).due.date = '2099-01-01';
      }).toThrow(TypeError);
      expect((await store.readStream('history')).events[0]!.data).toEqual(nested());
    });
  });
}
