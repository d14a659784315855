/**
 * `rebuildProjections` from PostgreSQL (its own throwaway server): random
 * dossier histories written by the engine into a month-partitioned schema,
 * rebuilt on 2 real worker threads; the saved checkpoints equal what the
 * projection runner builds single-threaded from the same store, and the
 * rebuild from a copy made with the COPY import (`importEvents`) into a
 * second partitioned schema gives the same states again.
 */
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProjectionRunner, rebuildable, rebuildProjections, REBUILD_KINDS } from '@motcua/projections';
import { createPostgresEventStore, importEvents, type PgImportStream } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { historyArb, runHistory } from './support/generate';
import { eventsARebuildReads } from './support/read-count';

let server: TestPostgres;
let pool: pg.Pool;
beforeAll(async () => {
  server = await startTestPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 6 });
  pool.on('error', () => undefined);
});
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

/** Map entries in key order, timeliness dimensions by name (as in rebuild-workers.test.ts). */
function normal(snapshot: unknown): unknown {
  const value = snapshot as Record<string, unknown>;
  const sortEntries = <T>(entries: [string, T][]) => [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (Array.isArray(value.dims)) {
    // Dimensions named by their fields in key order (jsonb gives keys back in its own order).
    const key = (dim: unknown) => JSON.stringify(Object.entries(dim as object).sort(([a], [b]) => (a < b ? -1 : 1)));
    const dims = value.dims as unknown[];
    const name = (index: number) => key(dims[index]);
    const PAGES = 1 << 15;
    const cube: [string, number][] = [];
    for (const row of value.cube as number[][])
      for (let i = 1; i + 1 < row.length; i += 2) cube.push([`${name(Math.floor(row[0]! / PAGES))}|${row[0]! % PAGES}|${row[i]}`, row[i + 1]!]);
    const records = (list: [string, { dim: number }][]) => sortEntries(list.map(([id, record]) => [id, { ...record, dim: name(record.dim) }]));
    return {
      ...value,
      dims: dims.map(key).sort(),
      cube: sortEntries(cube),
      open: records(value.open as never),
      tail: records(value.tail as never),
      intake: sortEntries(value.intake as never),
    };
  }
  const sortAll = (item: unknown): unknown => {
    if (Array.isArray(item) && item.every((entry) => Array.isArray(entry) && typeof entry[0] === 'string')) return sortEntries(item as [string, unknown][]);
    if (item && typeof item === 'object' && !Array.isArray(item)) return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, sortAll(v)]));
    return item;
  };
  return sortAll(snapshot);
}

describe('rebuildProjections from PostgreSQL (partitioned events table)', () => {
  it('2 workers = the single-threaded runner, on the appended log and on its COPY-imported copy', async () => {
    const source = await createPostgresEventStore({ pool, schema: 'rebuild_source', partitioning: 'monthly', listen: false, pollIntervalMs: 0 });
    const copy = await createPostgresEventStore({ pool, schema: 'rebuild_copy', partitioning: 'monthly', listen: false, pollIntervalMs: 0 });
    try {
      const { events } = await runHistory(fc.sample(historyArb, { numRuns: 3, seed: 11 }).flat(), source as never);
      expect(events.length).toBeGreaterThan(0);
      // The copy: the same events, one import stream per event in log order (metadata.hash is the store's to compute).
      const items: PgImportStream[] = events.map((event) => {
        const { hash: _hash, ...metadata } = event.metadata as { hash?: string };
        return { streamId: event.streamId, events: [{ type: event.type, data: event.data, metadata: metadata as never }] };
      });
      await importEvents(pool, items, { schema: 'rebuild_copy' });
      const expected = new Map<string, unknown>();
      for (const kind of REBUILD_KINDS) {
        const { projection } = rebuildable({ kind });
        const runner = createProjectionRunner({ store: source, projection, persist: false });
        await runner.catchUp();
        expected.set(projection.name, normal(JSON.parse(JSON.stringify(projection.toSnapshot(runner.state)))));
      }
      for (const store of [source, copy]) {
        const result = await rebuildProjections({ log: store, workers: 2, batchSize: 13 });
        // Only the events of a type some projection applies are read (a random history may hold others, e.g. FeeRequested).
        expect(result.events).toBe(
          await eventsARebuildReads(
            store,
            REBUILD_KINDS.map((kind) => ({ kind })),
          ),
        );
        for (const rebuilt of result.projections) {
          const saved = await store.loadProjection(rebuilt.name);
          expect(saved?.position).toBe(result.head);
          expect(normal(saved?.state), rebuilt.name).toEqual(expected.get(rebuilt.name));
        }
      }
    } finally {
      await source.close();
      await copy.close();
    }
  }, 180_000);
});
