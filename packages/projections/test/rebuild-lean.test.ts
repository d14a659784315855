/**
 * The lean read of a rebuild (`REBUILD_METADATA_KEYS`): the report
 * projections read no metadata key outside that list, and folding events
 * whose metadata holds only those keys gives the same snapshots as folding the
 * events as stored (fast-check over random dossier histories run through the
 * engine). If a projection starts reading another key, the first property
 * fails and names it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { partitionFold, REBUILD_KINDS, REBUILD_METADATA_KEYS, type RebuildSpec } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';

const specs = REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);

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
        const watched = events.map((event) => ({
          ...event,
          metadata: new Proxy(event.metadata, {
            get(target, key, receiver) {
              if (typeof key === 'string') touched.add(key);
              return Reflect.get(target, key, receiver);
            },
            has(target, key) {
              if (typeof key === 'string') touched.add(key);
              return Reflect.has(target, key);
            },
            ownKeys(target) {
              touched.add('(every key)');
              return Reflect.ownKeys(target);
            },
          }),
        }));
        fold(watched);
        expect([...touched].filter((key) => !REBUILD_METADATA_KEYS.includes(key))).toEqual([]);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('folding the lean events gives the snapshots of folding the stored events (property)', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events } = await runHistory(scripts);
        const lean = events.map((event) => ({
          ...event,
          metadata: Object.freeze(Object.fromEntries(Object.entries(event.metadata).filter(([key]) => REBUILD_METADATA_KEYS.includes(key)))) as StoredEvent['metadata'],
        }));
        expect(fold(lean)).toEqual(fold(events));
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
