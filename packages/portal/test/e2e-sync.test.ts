/**
 * End to end: the engine on SQLite, random dossier histories, the outbox
 * relay of @motcua/core with its SQLite outbox store (same database) with the portal route, and the simulated portal over
 * HTTP failing at random (500s, timeouts, lost acknowledgements). The sender
 * is stopped half way and a new relay (another owner) takes over. After
 * draining: reconciliation over the whole log is empty, the portal applied
 * every message exactly once (none lost, none applied twice), and each
 * dossier's updates arrived in stream order. Nothing here measures time: a
 * slow machine only means more retries.
 */
import { createOutboxRelay, type OutboxRelay, type OutboxStore } from '@motcua/core';
import { createSqliteEventStore, createSqliteOutboxStore } from '@motcua/store-sqlite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyArb, runHistory } from '../../projections/test/support/generate';
import { createHttpPortalClient, expectedPortalRecords, portalRoute, portalTransport, reconcile, startSimulatedPortal } from '../src';

async function drain(relay: OutboxRelay, outbox: OutboxStore): Promise<void> {
  for (let round = 0; round < 100_000; round++) {
    await relay.pump();
    const counts = await outbox.counts();
    if (counts.pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the outbox did not drain');
}

describe.each([
  ['one request per message', false],
  ['batched requests', true],
])('engine + SQLite + outbox relay + simulated portal failing at random (%s)', (_name, batch) => {
  it('after draining, reconciliation is empty and every message was applied once, in order per dossier', async () => {
    const totals = { duplicates: 0, failures: 0, timeouts: 0, lostAcks: 0 };
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (scripts, seed) => {
        const store = await createSqliteEventStore({ filename: ':memory:' });
        const portal = await startSimulatedPortal({ seed, failureRate: 0.2, timeoutRate: 0.05, duplicateRate: 0.15, latencyMs: { min: 0, max: 3 } });
        try {
          const { events } = await runHistory(scripts, store);
          const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 100 });
          const outbox = createSqliteOutboxStore(store); // the outbox tables in the event store's database
          const relay = (owner: string) =>
            createOutboxRelay({
              log: store,
              outbox,
              routes: [portalRoute()],
              transports: { dvcqg: portalTransport(client, batch ? { batch: { maxItems: 3 } } : {}) },
              retry: { baseMs: 1, maxMs: 10, maxAttempts: 1_000_000 },
              timeoutMs: 5_000,
              leaseMs: 10_000,
              concurrency: 4,
              owner,
            });
          // The first sender pumps once, then stops; the second one (a restart) drains.
          const first = relay('sender-1');
          await first.pump();
          await first.stop();
          const second = relay('sender-2');
          await drain(second, outbox);
          expect(await second.deadLetters()).toEqual([]);

          const ours = expectedPortalRecords(events);
          const report = reconcile({ period: { from: '2020-01-01', to: '2030-12-31' }, ours: ours.values(), portal: portal.records() });
          expect(report.mismatches).toEqual([]);
          const messages = events.reduce((sum, event) => sum + portalRoute().messagesFor(event).length, 0);
          const stats = portal.stats();
          expect(stats.applied).toBe(messages);
          for (const record of portal.records()) {
            expect(record.history.map((entry) => entry.version)).toEqual(ours.get(record.dossierId)!.history.map((entry) => entry.version));
          }
          totals.duplicates += stats.duplicates;
          totals.failures += stats.failures;
          totals.timeouts += stats.timeouts;
          totals.lostAcks += stats.lostAcks;
        } finally {
          await portal.close();
          await store.close();
        }
      }),
      { numRuns: 8 },
    );
    // The faults really happened (over all runs), so the property was tested under them.
    expect(totals.failures).toBeGreaterThan(0);
    expect(totals.lostAcks).toBeGreaterThan(0);
    expect(totals.duplicates).toBeGreaterThan(0);
  }, 180_000);
});
