/**
 * The lean read of a rebuild (`REBUILD_METADATA_KEYS`): the report
 * projections read no metadata key outside that list, and folding events
 * whose metadata holds only those keys gives the same snapshots as folding the
 * events as stored (fast-check over random dossier histories run through the
 * engine). If a projection starts reading another key, the first property
 * fails and names it. The same, type by type, for the keys a partition read
 * decodes (`REBUILD_METADATA_KEYS_BY_TYPE`, else `REBUILD_COMMON_METADATA_KEYS`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { partitionFold, REBUILD_COMMON_METADATA_KEYS, REBUILD_KINDS, REBUILD_METADATA_KEYS, REBUILD_METADATA_KEYS_BY_TYPE, type RebuildSpec } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';

const specs = REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);

const keysOf = (type: string): readonly string[] => REBUILD_METADATA_KEYS_BY_TYPE[type] ?? REBUILD_COMMON_METADATA_KEYS;

const fold = (events: readonly StoredEvent[]) => {
  const folding = partitionFold(specs);
  folding.apply(events);
  return folding.snapshots();
};

describe('lean rebuild reads', () => {
  it('every report projection reads only REBUILD_METADATA_KEYS of the metadata (property)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events } = await runHistory(scripts);
        const touched = new Set<string>();
        const byType = new Set<string>();
        const watched = events.map((event) => {
          const touch = (key: string) => {
            touched.add(key);
            if (!keysOf(event.type).includes(key)) byType.add(`${event.type}: ${key}`);
          };
          return {
            ...event,
            metadata: new Proxy(event.metadata, {
              get(target, key, receiver) {
                if (typeof key === 'string') touch(key);
                return Reflect.get(target, key, receiver);
              },
              has(target, key) {
                if (typeof key === 'string') touch(key);
                return Reflect.has(target, key);
              },
              ownKeys(target) {
                touch('(every key)');
                return Reflect.ownKeys(target);
              },
            }),
          };
        });
        fold(watched);
        expect([...touched].filter((key) => !REBUILD_METADATA_KEYS.includes(key))).toEqual([]);
        // A partition read decodes only keysOf(type): a key read outside them is named here as "type: key".
        expect([...byType]).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('folding the lean events gives the snapshots of folding the stored events (property)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events } = await runHistory(scripts);
        const leanWith = (keys: (type: string) => readonly string[]) =>
          events.map((event) => ({
            ...event,
            metadata: Object.freeze(Object.fromEntries(Object.entries(event.metadata).filter(([key]) => keys(event.type).includes(key)))) as StoredEvent['metadata'],
          }));
        const full = fold(events);
        expect(fold(leanWith(() => REBUILD_METADATA_KEYS))).toEqual(full);
        expect(fold(leanWith(keysOf))).toEqual(full);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
