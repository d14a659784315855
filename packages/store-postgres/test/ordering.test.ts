import { expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { collect, uniqueSchema, ownTestServer } from './helpers';

const own = ownTestServer(40);

/** Test-only: events of streams named slow-… hold their transaction open for `seconds` after inserting (a deferred trigger runs at COMMIT). */
async function addSlowCommit(schema: string, seconds: string): Promise<void> {
  await own.pool.query(`
    CREATE FUNCTION "${schema}".slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(${seconds}); RETURN NULL; END $$;
    CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON "${schema}".events
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.stream_id LIKE 'slow-%' AND NEW.version % 2 = 1)
      EXECUTE FUNCTION "${schema}".slow_commit();`);
}

it('a reader never passes a transaction that is still open', async () => {
  const schema = uniqueSchema('held');
  const store = await createPostgresEventStore({ pool: own.pool, schema, pollIntervalMs: 0 });
  own.track(store);
  await addSlowCommit(schema, '1.5');
  await store.append('fast-0', [makeTestEvent('Before')]);

  const slow = store.append('slow-1', [makeTestEvent('Slow')]); // position 2, commits ~1.5 s later
  for (;;) {
    const { rows } = await own.pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
    if (rows[0].n > 0) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const fast = await store.append('fast-1', [makeTestEvent('After')]); // position 3, committed now
  expect(fast.lastPosition).toBe(3);

  // position 3 is committed, but position 2's transaction is still open: readers stop before it
  expect(await store.headPosition()).toBe(1);
  expect((await collect(store.readAll())).map((e) => e.position)).toEqual([1]);
  const naive = await own.pool.query(`SELECT position FROM "${schema}".events ORDER BY position`);
  expect(naive.rows.map((r) => Number(r.position))).toEqual([1, 3]); // what a plain "position > checkpoint" reader would see (and skip 2 forever)

  await slow;
  expect(await store.waitUntilReadable(3)).toBe(3);
  expect((await collect(store.readAll({ after: 1 }))).map((e) => e.position)).toEqual([2, 3]);
});

it('8 concurrent writers with held-open transactions: a checkpoint reader sees every event once, in order', { timeout: 120_000 }, async () => {
  const schema = uniqueSchema('order');
  const store = await createPostgresEventStore({ pool: own.pool, schema, pollIntervalMs: 0 });
  own.track(store);
  await addSlowCommit(schema, '0.01 + random() * 0.04');

  const writers = 8;
  const appendsPerWriter = 40;
  let done = false;
  let lastAcked = 0;
  const writing = Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let k = 0; k < appendsPerWriter; k++) {
        const streamId = k % 3 === 0 ? `slow-${w}-${k}` : `fast-${w}-${k % 5}`;
        const size = 1 + ((w + k) % 3);
        const r = await store.append(
          streamId,
          Array.from({ length: size }, (_, j) => makeTestEvent('Step', { w, k, j })),
        );
        lastAcked = Math.max(lastAcked, r.lastPosition);
      }
    }),
  ).finally(() => {
    done = true;
  });

  // the reader under test, following the log by checkpoint
  const seen: StoredEvent[] = [];
  let checkpoint = 0;
  // a naive reader for contrast: plain "position > checkpoint", no transaction horizon
  const naiveSeen: number[] = [];
  let naiveCheckpoint = 0;
  const reading = (async () => {
    for (;;) {
      const finished = done;
      // the last pass reads up to every acknowledged append, once the horizon has passed it
      if (finished) await store.waitUntilReadable(lastAcked);
      for await (const batch of store.readBatches({ after: checkpoint, batchSize: 25 })) {
        seen.push(...batch);
        checkpoint = batch[batch.length - 1]!.position;
      }
      const { rows } = await own.pool.query(`SELECT position FROM "${schema}".events WHERE position > $1 ORDER BY position`, [naiveCheckpoint]);
      for (const r of rows) naiveSeen.push(Number(r.position));
      if (rows.length > 0) naiveCheckpoint = naiveSeen[naiveSeen.length - 1]!;
      if (finished) return;
      await new Promise((r) => setImmediate(r));
    }
  })();
  await writing;
  await reading;

  const all = (await own.pool.query(`SELECT position FROM "${schema}".events ORDER BY position`)).rows.map((r) => Number(r.position));
  const expected = Array.from({ length: writers }, (_, w) => Array.from({ length: appendsPerWriter }, (_, k) => 1 + ((w + k) % 3)).reduce((a, b) => a + b, 0)).reduce(
    (a, b) => a + b,
    0,
  );
  expect(all).toHaveLength(expected);
  const positions = seen.map((e) => e.position);
  expect(positions).toEqual(all); // every event, exactly once, in position order
  expect(new Set(seen.map((e) => e.metadata.eventId)).size).toBe(expected);
  const skippedByNaive = all.length - new Set(naiveSeen).size;
  console.log(`ordering: ${all.length} events by ${writers} writers; checkpoint reader skipped 0; a naive position reader would have skipped ${skippedByNaive}`);
});
