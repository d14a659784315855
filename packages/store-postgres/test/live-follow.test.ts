/**
 * Live follow must not stall (issue #10, item 25). On PostgreSQL an event is
 * readable only once every transaction of the cluster that was open when it
 * committed has ended, so the horizon can lag the last commit. A follower that
 * catches up to `headPosition()` on every notice must still reach every
 * committed event within a bounded time after the last commit — with no
 * further commit — whatever other transactions do: the store announces again
 * once the horizon has passed what it announced too early.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { EventStore, StoredEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { uniqueSchema, ownTestServer } from './helpers';

const own = ownTestServer(40);

const open = own.open;

/** A follower like the projection runner: on each notice, read from its checkpoint up to the horizon taken before reading. */
function follow(store: EventStore, from = 0) {
  const seen: StoredEvent[] = [];
  let position = from;
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const errors: Error[] = [];
  const catchUp = async () => {
    const head = await store.headPosition();
    for await (const batch of store.readBatches({ after: position, to: head, batchSize: 50 })) {
      seen.push(...batch);
      position = batch[batch.length - 1]!.position;
    }
  };
  const onNotice = () => {
    if (queued) return;
    queued = true;
    running = running.then(() => {
      queued = false;
      return catchUp().catch((e: Error) => void errors.push(e));
    });
  };
  store.notifications.on('appended', onNotice);
  return {
    seen,
    errors,
    get position() {
      return position;
    },
    stop: async () => {
      store.notifications.off('appended', onNotice);
      await running;
    },
  };
}

/** A transaction that has an xid (it wrote) and stays open until `release()`. */
async function holdTransaction(): Promise<{ release: () => Promise<void> }> {
  const client = await own.pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return {
    release: async () => {
      await client.query('COMMIT');
      client.release();
    },
  };
}

describe('a follower reaches every commit after a transaction held open ends, with no further commit', () => {
  for (const pollIntervalMs of [0, 1000]) {
    it(`pollIntervalMs ${pollIntervalMs}: local and remote followers`, async () => {
      const schema = uniqueSchema('held');
      const writer = await open(schema, { pollIntervalMs });
      const other = await open(schema, { pollIntervalMs });
      const remote = await open(schema, { pollIntervalMs }); // follows other processes' appends via LISTEN
      const before = await writer.append('before', [makeTestEvent('A')]);
      await writer.waitUntilReadable(before.lastPosition);
      const local = follow(writer, before.lastPosition);
      const far = follow(remote, before.lastPosition);

      const held = await holdTransaction();
      let lastAcked = 0;
      for (let k = 0; k < 6; k++) {
        const store = k % 2 ? other : writer;
        const r = await store.append(`s-${k % 3}`, [makeTestEvent('Step', { k }), makeTestEvent('Step', { k, j: 1 })]);
        lastAcked = Math.max(lastAcked, r.lastPosition);
      }
      // committed, but not readable while the older transaction is open: the horizon promises no more
      expect(await writer.headPosition()).toBe(before.lastPosition);
      await new Promise((r) => setTimeout(r, 300));
      expect([local.position, far.position]).toEqual([before.lastPosition, before.lastPosition]); // at the horizon, nothing past it

      await held.release(); // no commit of events after this
      await vi.waitFor(() => expect([local.position, far.position]).toEqual([lastAcked, lastAcked]), { timeout: 30_000, interval: 20 });
      for (const f of [local, far]) {
        await f.stop();
        expect(f.errors).toEqual([]);
        expect(f.seen.map((e) => e.position)).toEqual(Array.from({ length: lastAcked - before.lastPosition }, (_, i) => before.lastPosition + 1 + i));
      }
    });
  }
});

it('8 writers while another process keeps opening short write transactions: followers reach the head (several rounds, seeded)', { timeout: 240_000 }, async () => {
  let round = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({
        appends: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 20, maxLength: 60 }),
        holdMs: fc.integer({ min: 1, max: 30 }),
        pollIntervalMs: fc.constantFrom(0, 1000),
      }),
      async ({ appends, holdMs, pollIntervalMs }) => {
        const schema = uniqueSchema(`busy${round++}`);
        const writers = await Promise.all(Array.from({ length: 8 }, () => open(schema, { pollIntervalMs })));
        const watcher = await open(schema, { pollIntervalMs });
        const followers = [follow(writers[0]!), follow(watcher)];
        // another process: short write transactions back to back, running on after the writes end
        let holding = true;
        const holder = (async () => {
          while (holding) {
            const h = await holdTransaction();
            await new Promise((r) => setTimeout(r, holdMs));
            await h.release();
          }
        })();
        let lastAcked = 0;
        let total = 0;
        await Promise.all(
          writers.map(async (store, w) => {
            for (let k = w; k < appends.length; k += writers.length) {
              const size = appends[k]!;
              const r = await store.append(
                `w-${w}-${k % 4}`,
                Array.from({ length: size }, (_, j) => makeTestEvent('Step', { w, k, j })),
              );
              lastAcked = Math.max(lastAcked, r.lastPosition);
              total += size;
            }
          }),
        );
        try {
          await vi.waitFor(() => expect(followers.map((f) => f.position)).toEqual([lastAcked, lastAcked]), { timeout: 30_000, interval: 20 });
        } finally {
          holding = false;
          await holder;
        }
        expect(lastAcked).toBe(total);
        for (const f of followers) {
          await f.stop();
          expect(f.errors).toEqual([]);
          expect(f.seen.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1)); // every event once, in order
        }
        for (const s of [...writers, watcher]) await s.close(); // each store holds a LISTEN connection of the pool
      },
    ),
    { numRuns: 4, seed: 2510 },
  );
});
