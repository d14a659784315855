/**
 * The outbox-store contract (bộ kiểm thử hợp đồng hộp thư đi): one vitest
 * suite every {@link OutboxStore} adapter runs unchanged (in memory, SQLite,
 * PostgreSQL), like the event-store contract. Needs `vitest` and `fast-check`.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareMessages, queueOf } from '../outbox/messages';
import { createOutboxRelay } from '../outbox/relay';
import type { OutboxMessage, OutboxRoute, OutboxStore } from '../outbox/types';
import { InMemoryEventStore } from '../store/in-memory';
import type { EventStore } from '../store/types';
import { makeTestEvent } from './store-contract/support';

/** What the outbox contract's factory returns for each test: an empty outbox store (and the event log it sits beside). */
export interface OutboxFixture {
  outbox: OutboxStore;
  /** The event log for the relay tests (default: a new `InMemoryEventStore`). Closed by the suite. */
  log?: EventStore;
  /** A second handle on the same outbox storage (another connection / process view), for the two-relays test. */
  second?: () => Promise<OutboxStore>;
  teardown?: () => Promise<void>;
}

const T0 = Date.parse('2026-11-30T01:00:00.000Z');
const iso = (ms: number): string => new Date(ms).toISOString();

/** A pending message for store-level tests. */
function message(streamId: string, position: number, index = 0, destination = 'dvcqg', createdMs = T0): OutboxMessage {
  return {
    id: `${destination}/${streamId}-${position}/${index}`,
    destination,
    streamId,
    position,
    index,
    eventType: 'DossierAccepted',
    kind: 'status',
    payload: { position, note: 'Hồ sơ đã được tiếp nhận' },
    createdAt: iso(createdMs + position),
    attempts: 0,
    status: 'pending',
    nextAttemptAt: iso(createdMs + position),
  };
}

const claimAt = (outbox: OutboxStore, ms: number, owner = 'relay-a', limit = 100) => outbox.claim({ now: iso(ms), limit, leaseUntil: iso(ms + 60_000), owner });
/**
 * A small seeded generator (mulberry32) of numbers in [0, 1): the relay's
 * jitter in tests, the same on every run.
 *
 * @example
 * ```ts
 * const random = seededRandom(42);
 * const first = random(); // the same number on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ids = (messages: readonly OutboxMessage[]): string[] => messages.map((m) => m.id);

/**
 * Register the outbox-store contract tests for one adapter. Each test gets a
 * fresh outbox from `factory`; the suite calls `teardown` after it.
 *
 * @example
 * ```ts
 * import { outboxStoreContract } from '@motcua/core/testkit';
 * outboxStoreContract('in-memory', async () => ({ outbox: new InMemoryOutboxStore() }));
 * ```
 */
export function outboxStoreContract(name: string, factory: () => Promise<OutboxFixture>): void {
  describe(`OutboxStore contract: ${name}`, () => {
    let fixture: OutboxFixture;
    let outbox: OutboxStore;
    let log: EventStore;
    beforeEach(async () => {
      fixture = await factory();
      outbox = fixture.outbox;
      log = fixture.log ?? new InMemoryEventStore();
    });
    afterEach(async () => {
      await log.close();
      await fixture.teardown?.();
    });

    it('materialise moves the cursor from `from` only, with its messages, and ignores ids already stored', async () => {
      expect(await outbox.cursor('outbox')).toBe(0);
      expect(await outbox.materialise('outbox', 0, 5, [message('d1', 1), message('d1', 3)])).toBe(true);
      expect(await outbox.cursor('outbox')).toBe(5);
      expect(await outbox.materialise('outbox', 0, 9, [message('d2', 7)])).toBe(false); // stale `from`: nothing written
      expect(await outbox.cursor('outbox')).toBe(5);
      expect(await outbox.get(message('d2', 7).id)).toBeUndefined();
      const again = { ...message('d1', 3), kind: 'changed' };
      expect(await outbox.materialise('outbox', 5, 8, [again, message('d1', 6)])).toBe(true);
      expect((await outbox.get(again.id))?.kind).toBe('status'); // the first one stays
      expect(ids(await outbox.list())).toEqual(ids([message('d1', 1), message('d1', 3), message('d1', 6)]));
      expect(await outbox.cursor('other')).toBe(0); // cursors are per name
    });

    it('a stored message reads back as written (payload with Vietnamese text, createdAt, status)', async () => {
      const written = message('hs-1', 4, 2, 'citizen');
      await outbox.materialise('outbox', 0, 4, [written]);
      expect(await outbox.get(written.id)).toEqual(written);
    });

    it('claim leases the first message of each queue only, oldest first, and not before nextAttemptAt', async () => {
      await outbox.materialise('outbox', 0, 10, [message('d1', 1), message('d2', 2), message('d1', 3), message('d1', 3, 1), message('d2', 4, 0, 'citizen')]);
      const first = await claimAt(outbox, T0 + 1_000);
      expect(ids(first)).toEqual(ids([message('d1', 1), message('d2', 2), message('d2', 4, 0, 'citizen')]));
      expect(await claimAt(outbox, T0 + 1_000, 'relay-b')).toEqual([]); // leased heads hold up their queues
      await outbox.delivered(message('d1', 1).id, 'relay-a', iso(T0 + 1_100));
      expect(ids(await claimAt(outbox, T0 + 1_200, 'relay-b'))).toEqual([message('d1', 3).id]);
      expect(await claimAt(outbox, T0, 'relay-c')).toEqual([]);
      const delivered = await outbox.get(message('d1', 1).id);
      expect(delivered).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: iso(T0 + 1_100) });
    });

    it('claim honours limit, due time and an expired lease', async () => {
      await outbox.materialise('outbox', 0, 3, [message('a', 1), message('b', 2), message('c', 3)]);
      expect(ids(await claimAt(outbox, T0 + 10, 'relay-a', 2))).toEqual(ids([message('a', 1), message('b', 2)]));
      expect(await claimAt(outbox, T0 + 2, 'relay-b')).toEqual([]); // c is due at T0+3
      expect(ids(await claimAt(outbox, T0 + 10, 'relay-b'))).toEqual([message('c', 3).id]);
      // relay-a's lease (until T0+10+60s) expires: its messages can be claimed again (at-least-once)
      expect(ids(await claimAt(outbox, T0 + 10 + 60_001, 'relay-b'))).toEqual(ids([message('a', 1), message('b', 2), message('c', 3)]));
    });

    it('fail counts the attempt, sets the next attempt and the error; a stale owner is ignored', async () => {
      const m = message('d1', 1);
      await outbox.materialise('outbox', 0, 1, [m, message('d1', 2)]);
      await claimAt(outbox, T0 + 10);
      await outbox.fail(m.id, 'someone-else', { error: 'x', status: 'dead', nextAttemptAt: iso(T0) });
      expect((await outbox.get(m.id))?.status).toBe('pending');
      await outbox.fail(m.id, 'relay-a', { error: 'HTTP 503', status: 'pending', nextAttemptAt: iso(T0 + 5_000) });
      expect(await outbox.get(m.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', nextAttemptAt: iso(T0 + 5_000) });
      expect(await claimAt(outbox, T0 + 4_999, 'relay-b')).toEqual([]); // the head waits, so does the rest of its queue
      expect(ids(await claimAt(outbox, T0 + 5_000, 'relay-b'))).toEqual([m.id]);
    });

    it('settle (when the store has it) records several outcomes as delivered and fail would', async () => {
      if (!outbox.settle) return;
      const [a, b, c] = [message('a', 1), message('b', 2), message('c', 3)];
      await outbox.materialise('outbox', 0, 3, [a, b, c]);
      await claimAt(outbox, T0 + 10);
      await outbox.settle([
        { id: a.id, owner: 'relay-a', deliveredAt: iso(T0 + 20) },
        { id: b.id, owner: 'relay-a', failure: { error: 'HTTP 502', status: 'pending', nextAttemptAt: iso(T0 + 1_000) } },
        { id: c.id, owner: 'stale-owner', failure: { error: 'x', status: 'dead', nextAttemptAt: iso(T0) } },
      ]);
      expect(await outbox.get(a.id)).toMatchObject({ status: 'delivered', attempts: 1, deliveredAt: iso(T0 + 20) });
      expect(await outbox.get(b.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 502', nextAttemptAt: iso(T0 + 1_000) });
      expect(await outbox.get(c.id)).toMatchObject({ status: 'pending', attempts: 0 }); // not its lease: ignored
    });

    it('a dead letter holds up its queue only, until revived or skipped', async () => {
      const head = message('d1', 1);
      await outbox.materialise('outbox', 0, 4, [head, message('d1', 2), message('d2', 3), message('d1', 4, 0, 'citizen')]);
      await claimAt(outbox, T0 + 10);
      await outbox.fail(head.id, 'relay-a', { error: 'gave up', status: 'dead', nextAttemptAt: iso(T0 + 10) });
      await outbox.delivered(message('d2', 3).id, 'relay-a', iso(T0 + 10));
      await outbox.delivered(message('d1', 4, 0, 'citizen').id, 'relay-a', iso(T0 + 10));
      expect(await claimAt(outbox, T0 + 100, 'relay-b')).toEqual([]);
      expect(ids(await outbox.list({ status: 'dead' }))).toEqual([head.id]);
      expect(await outbox.counts()).toMatchObject({ pending: 1, dead: 1, delivered: 2, skipped: 0 });
      expect(await outbox.revive(message('d2', 3).id, iso(T0))).toBe(false); // not dead
      expect(await outbox.revive(head.id, iso(T0 + 200))).toBe(true);
      expect(await outbox.get(head.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: iso(T0 + 200) });
      const [again] = await claimAt(outbox, T0 + 200, 'relay-b');
      expect(again?.id).toBe(head.id);
      await outbox.fail(head.id, 'relay-b', { error: 'gave up again', status: 'dead', nextAttemptAt: iso(T0 + 200) });
      expect(await outbox.skip(head.id)).toBe(true);
      expect(await outbox.skip(head.id)).toBe(false);
      expect(ids(await claimAt(outbox, T0 + 300, 'relay-b'))).toEqual([message('d1', 2).id]);
    });

    it('list filters by status, destination and stream; counts give the oldest pending createdAt', async () => {
      await outbox.materialise('outbox', 0, 9, [message('d1', 5), message('d2', 2, 0, 'citizen'), message('d1', 9, 0, 'citizen')]);
      expect(ids(await outbox.list({ destination: 'citizen' }))).toEqual(ids([message('d2', 2, 0, 'citizen'), message('d1', 9, 0, 'citizen')]));
      expect(ids(await outbox.list({ streamId: 'd1' }))).toEqual(ids([message('d1', 5), message('d1', 9, 0, 'citizen')]));
      expect(ids(await outbox.list({ streamId: 'd1', limit: 1 }))).toEqual([message('d1', 5).id]);
      expect(await outbox.counts()).toEqual({ pending: 3, delivered: 0, dead: 0, skipped: 0, oldestPendingAt: iso(T0 + 2) });
      await claimAt(outbox, T0 + 100);
      await outbox.delivered(message('d2', 2, 0, 'citizen').id, 'relay-a', iso(T0 + 100));
      expect((await outbox.counts()).oldestPendingAt).toBe(iso(T0 + 5));
    });

    it('prune (when the store has it) deletes finished messages before the instant only, oldest first, and never lets them come back', async (context) => {
      if (!outbox.prune) return context.skip();
      // d1-1 delivered at T0+10, d2-2 delivered at T0+50, d3-3 dead, d4-4 skipped (created T0+4), d5-5 pending
      const [d1, d2, d3, d4, d5] = [message('d1', 1), message('d2', 2), message('d3', 3), message('d4', 4), message('d5', 5)];
      await outbox.materialise('outbox', 0, 5, [d1, d2, d3, d4, d5]);
      await claimAt(outbox, T0 + 10);
      await outbox.delivered(d1.id, 'relay-a', iso(T0 + 10));
      await outbox.delivered(d2.id, 'relay-a', iso(T0 + 50));
      await outbox.fail(d3.id, 'relay-a', { error: 'gave up', status: 'dead', nextAttemptAt: iso(T0 + 10) });
      await outbox.fail(d4.id, 'relay-a', { error: 'gave up', status: 'dead', nextAttemptAt: iso(T0 + 10) });
      expect(await outbox.skip(d4.id)).toBe(true);
      // before T0+20: d1 (delivered T0+10) and d4 (skipped, created T0+4); not d2 (delivered T0+50), never dead or pending
      expect(await outbox.prune(iso(T0 + 20), 100)).toBe(2);
      expect(ids(await outbox.list())).toEqual([d2.id, d3.id, d5.id]);
      expect(await outbox.prune(iso(T0 + 20), 100)).toBe(0);
      expect(await outbox.prune(iso(T0 + 10_000_000), 100)).toBe(1); // d2; d3 (dead) and d5 (pending) stay at any age
      expect(await outbox.counts()).toMatchObject({ pending: 1, delivered: 0, dead: 1, skipped: 0 });
      expect(await outbox.cursor('outbox')).toBe(5);
      expect(await outbox.materialise('outbox', 0, 5, [d1])).toBe(false); // the cursor did not move back: a pruned message is never materialised again
      expect(await outbox.get(d1.id)).toBeUndefined();
    });

    it('prune honours its limit, oldest first; the relay prunes in rounds until nothing is left', async (context) => {
      if (!outbox.prune) return context.skip();
      const messages = Array.from({ length: 7 }, (_, i) => message(`p${i}`, i + 1));
      await outbox.materialise('outbox', 0, 7, messages);
      await claimAt(outbox, T0 + 10);
      for (const m of messages) await outbox.delivered(m.id, 'relay-a', iso(T0 + 10 + m.position));
      expect(await outbox.prune(iso(T0 + 1_000), 3)).toBe(3);
      expect(ids(await outbox.list())).toEqual(ids(messages.slice(3)));
      const relay = createOutboxRelay({ log, outbox, routes: [], transports: {}, clock: () => new Date(T0 + 2_000) });
      expect(await relay.prune({ olderThan: new Date(T0 + 1_000), batch: 2 })).toBe(4);
      expect(await outbox.list()).toEqual([]);
    });

    it('two handles on the same outbox never hold the same message at once', async () => {
      if (!fixture.second) return;
      const other = await fixture.second();
      const messages = Array.from({ length: 40 }, (_, i) => message(`d${i % 10}`, i + 1));
      await outbox.materialise('outbox', 0, 40, messages);
      const [a, b] = await Promise.all([claimAt(outbox, T0 + 100, 'relay-a', 7), claimAt(other, T0 + 100, 'relay-b', 7)]);
      const both = [...ids(a!), ...ids(b!)];
      expect(new Set(both).size).toBe(both.length);
      expect(new Set([...a!, ...b!].map(queueOf)).size).toBe(both.length); // one in flight per queue
    });

    it('messages written out of log order (two cursors) are still listed and claimed in log order', async () => {
      await outbox.materialise('portal', 0, 9, [message('d1', 9)]);
      await outbox.materialise('citizen', 0, 4, [message('d1', 4)]);
      expect(ids(await outbox.list())).toEqual(ids([message('d1', 4), message('d1', 9)]));
      expect(ids(await claimAt(outbox, T0 + 100))).toEqual([message('d1', 4).id]);
    });

    it('two relays pumping at once over two handles deliver every message, in order per queue', async () => {
      const other = fixture.second ? await fixture.second() : outbox;
      const route: OutboxRoute = { destination: 'dvcqg', messagesFor: (event) => [{ kind: event.type, payload: { n: (event.data as { n: number }).n } }] };
      for (let n = 0; n < 60; n++) await log.append(`s-${n % 7}`, [makeTestEvent('Loud', { n })]);
      await log.waitUntilReadable();
      const random = seededRandom(7);
      const received: OutboxMessage[] = [];
      const transport = {
        async deliver(m: OutboxMessage) {
          await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
          if (random() < 0.2) throw new Error('planned failure');
          received.push(m);
        },
      };
      let now = Date.now();
      const relay = (store: OutboxStore, owner: string) =>
        createOutboxRelay({
          log,
          outbox: store,
          routes: [route],
          transports: { dvcqg: transport },
          retry: { maxAttempts: 200, baseMs: 10, maxMs: 500, jitter: 1 },
          random: seededRandom(owner.length),
          clock: () => new Date(now),
          concurrency: 3,
          owner,
        });
      const [a, b] = [relay(outbox, 'relay-a'), relay(other, 'relay-bb')];
      for (let round = 0; round < 200; round++) {
        await Promise.all([a.pump(), b.pump()]);
        if ((await a.stats()).pending === 0) break;
        now += 1_000;
      }
      const expected: OutboxMessage[] = [];
      for await (const event of log.readAll()) expected.push({ id: `dvcqg/${event.metadata.eventId}/0`, streamId: event.streamId } as OutboxMessage);
      expect(new Set(ids(received))).toEqual(new Set(ids(expected)));
      expect(received.length).toBe(expected.length); // no lost acknowledgements here: no message twice, even with two relays
      for (let s = 0; s < 7; s++) expect(ids(received.filter((m) => m.streamId === `s-${s}`))).toEqual(ids(expected.filter((m) => m.streamId === `s-${s}`)));
    });

    it('the relay delivers every message, in order per dossier and destination, under a seeded random failure plan', async () => {
      const route = (destination: string): OutboxRoute => ({
        destination,
        messagesFor: (event) => (event.type === 'Silent' ? [] : Array.from({ length: destination === 'citizen' ? 1 : 2 }, (_, i) => ({ kind: event.type, payload: { i } }))),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ stream: fc.nat(4), silent: fc.boolean() }), { minLength: 1, maxLength: 25 }),
          fc.array(fc.boolean(), { maxLength: 60 }),
          fc.array(fc.boolean(), { maxLength: 60 }),
          fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          async (appends, failPlan, lostAckPlan, seed) => {
            // one log and outbox for every run: a run counts only its own events (after `base`)
            const currentLog = log;
            const currentOutbox = outbox;
            const base = await currentLog.headPosition();
            for (const [i, step] of appends.entries()) await currentLog.append(`s-${step.stream}`, [makeTestEvent(step.silent ? 'Silent' : 'Loud', { i })]);
            await currentLog.waitUntilReadable();
            const received: OutboxMessage[] = [];
            let call = 0;
            let now = Date.now();
            const transport = {
              async deliver(m: OutboxMessage) {
                const k = call++;
                // the plans cover the first calls only, so every message gets through in the end
                if (failPlan[k]) throw new Error(`planned failure ${k}`);
                received.push(m);
                if (lostAckPlan[k]) throw new Error(`planned lost acknowledgement ${k}`); // received, but the sender sees a failure
              },
            };
            const relay = createOutboxRelay({
              log: currentLog,
              outbox: currentOutbox,
              routes: [route('dvcqg'), route('citizen')],
              transports: { dvcqg: transport, citizen: transport },
              retry: { maxAttempts: 200, baseMs: 10, maxMs: 1_000, jitter: 1 },
              random: seededRandom(seed),
              clock: () => new Date(now),
              concurrency: 3,
            });
            for (let round = 0; round < 500; round++) {
              await relay.pump();
              const stats = await relay.stats();
              if (stats.pending === 0) break;
              now += 1_000; // past every backoff (maxMs)
            }
            // the oracle: the messages the routes define, from the log itself
            const expected: { id: string; queue: string; order: [number, number] }[] = [];
            for await (const event of currentLog.readAll({ after: base })) {
              if (event.type === 'Silent') continue;
              for (const destination of ['dvcqg', 'citizen']) {
                for (let i = 0; i < (destination === 'citizen' ? 1 : 2); i++)
                  expected.push({ id: `${destination}/${event.metadata.eventId}/${i}`, queue: `${destination}\u0000${event.streamId}`, order: [event.position, i] });
              }
            }
            const firstSeen = [...new Map(received.map((m) => [m.id, m])).values()];
            expect(new Set(firstSeen.map((m) => m.id))).toEqual(new Set(expected.map((e) => e.id)));
            for (const queue of new Set(expected.map((e) => e.queue))) {
              const seen = firstSeen.filter((m) => queueOf(m) === queue);
              expect(ids(seen)).toEqual(ids([...seen].sort(compareMessages)));
            }
            // a duplicate is only ever a re-delivery of the same id with the same content
            for (const m of received) expect(m.payload).toEqual(firstSeen.find((f) => f.id === m.id)!.payload);
          },
        ),
        { seed: 1_130, numRuns: 15 },
      );
    });
  });
}
