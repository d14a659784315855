/**
 * The demo's portal sync (src/portal-sync.ts) on a small run: every portal
 * update of the log (counted independently, by running the route over the
 * stored log) is delivered once, nothing is left undelivered, the
 * reconciliation is empty, and the lag percentiles are ordered. No timing is
 * asserted. On a SQLite file the sync runs on its own thread
 * (src/portal-worker.ts), following the file while the simulation writes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryEventStore, type EventStore } from '@motcua/core';
import { portalRoute } from '@motcua/portal';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { describe, expect, it } from 'vitest';
import { GIA_LAM, simulate } from '../src/index';
import { startPortalSync } from '../src/portal-sync';

/** The portal updates of a stored log and their dossiers, counted by running the route over it (not by the relay). */
async function updatesOf(store: EventStore): Promise<{ count: number; dossiers: Set<string> }> {
  const route = portalRoute();
  let count = 0;
  const dossiers = new Set<string>();
  for await (const event of store.readAll()) {
    const messages = route.messagesFor(event);
    count += messages.length;
    for (const message of messages) dossiers.add(message.payload.dossierId);
  }
  return { count, dossiers };
}

/** A new SQLite file in a new folder, removed by `done`. */
async function sqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-portal-test-'));
  const filename = join(dir, 'sim.db');
  const store = await createSqliteEventStore({ filename, synchronous: 'NORMAL' });
  return {
    store,
    filename,
    async done() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('demo: sync to the simulated national portal', () => {
  it('delivers every update of the log once and reconciles to zero mismatches', async () => {
    const store = new InMemoryEventStore();
    const result = await simulate({ scale: GIA_LAM, dossiers: 400, from: '2021-03-01', to: '2021-04-15', seed: 11 }, store);
    const route = portalRoute();
    let expected = 0;
    const dossiers = new Set<string>();
    for await (const event of store.readAll()) {
      const messages = route.messagesFor(event);
      expected += messages.length;
      for (const message of messages) dossiers.add(message.payload.dossierId);
    }
    const sync = result.portalSync!;
    expect(sync.messages).toBe(expected);
    expect(sync.undelivered).toBe(0);
    expect(sync.reconciliation.mismatches).toBe(0);
    expect(sync.reconciliation.checked).toBeLessThanOrEqual(dossiers.size);
    expect(sync.reconciliation.checked).toBeGreaterThan(0);
    expect(sync.lagMs.p50).toBeLessThanOrEqual(sync.lagMs.p95);
    expect(sync.lagMs.p95).toBeLessThanOrEqual(sync.lagMs.max);
    expect(sync.portal.requests).toBeGreaterThan(0);
    expect(sync.drainedAtEnd).toBeLessThanOrEqual(sync.messages);
    JSON.parse(JSON.stringify(result));
  });

  it('keeps up with the simulation: pumped after each command group, most updates are delivered before the run ends', async () => {
    const store = new InMemoryEventStore();
    // Groups of 300 commands: the run commits many groups, each followed by a pump.
    const result = await simulate({ scale: GIA_LAM, dossiers: 400, from: '2021-03-01', to: '2021-04-15', seed: 12, batchSize: 300 }, store);
    const sync = result.portalSync!;
    expect(result.run.commands).toBeGreaterThan(3 * 300);
    expect(sync.undelivered).toBe(0);
    expect(sync.reconciliation.mismatches).toBe(0);
    // Only the last group's updates and retries still waiting are left for the final drain.
    expect(sync.drainedAtEnd).toBeLessThan(sync.messages / 2);
  });

  it('on a SQLite file, runs on its own thread: every update of the file delivered once, 0 mismatches, the same summary counts as in process', async () => {
    const { store, filename, done } = await sqliteStore();
    try {
      // Small group commits: the worker follows the file commit by commit while the simulation writes it.
      const input = { scale: GIA_LAM, dossiers: 400, from: '2021-03-01', to: '2021-04-15', seed: 11, batchSize: 300 };
      const threaded = await simulate(input, store, { sqliteFile: filename });
      const { count, dossiers } = await updatesOf(store);
      const sync = threaded.portalSync!;
      expect(sync.messages).toBe(count);
      expect(sync.undelivered).toBe(0);
      expect(sync.reconciliation.mismatches).toBe(0);
      expect(sync.reconciliation.checked).toBeGreaterThan(0);
      expect(sync.reconciliation.checked).toBeLessThanOrEqual(dossiers.size);
      expect(sync.lagMs.p50).toBeLessThanOrEqual(sync.lagMs.p95);
      expect(sync.lagMs.p95).toBeLessThanOrEqual(sync.lagMs.max);
      // The same history in process (in-memory store): the same updates, the same dossiers checked.
      const inProcess = (await simulate(input, new InMemoryEventStore())).portalSync!;
      expect(sync.messages).toBe(inProcess.messages);
      expect(sync.reconciliation.checked).toBe(inProcess.reconciliation.checked);
      expect(threaded.report).toBeDefined();
    } finally {
      await done();
    }
  });

  it('on its thread, under heavy faults (30 % 5xx, 30 % lost acknowledgements), delivers every update at least once and the portal applies each once', async () => {
    const { store, filename, done } = await sqliteStore();
    const previous = process.env.MOTCUA_PORTAL_SYNC;
    try {
      // The sync follows the file on its own (polling), started before the first command, with the simulation's own sync off.
      // Seed 19: the portal's first draws (mulberry32, recomputed outside the code: 0.0585, 0.3269) make its first request
      // a 5xx and its second a lost acknowledgement, whatever the timing: each of them leaves updates to send again.
      const sync = await startPortalSync(store, { seed: 19, sqliteFile: filename, failureRate: 0.3, duplicateRate: 0.3 });
      process.env.MOTCUA_PORTAL_SYNC = '0';
      const period = { from: '2021-03-01', to: '2021-04-15' };
      await simulate({ scale: GIA_LAM, dossiers: 300, ...period, seed: 13, batchSize: 200 }, store, { sqliteFile: filename });
      const summary = await sync.finish(period);
      const { count } = await updatesOf(store);
      expect(summary.messages).toBe(count);
      expect(summary.undelivered).toBe(0);
      expect(summary.reconciliation.mismatches).toBe(0);
      expect(summary.portal.failures).toBeGreaterThan(0);
      expect(summary.portal.lostAcks).toBeGreaterThan(0);
      // Each lost acknowledgement was applied, so its items come back at least once more: as duplicates, applied once.
      expect(summary.portal.duplicates).toBeGreaterThanOrEqual(summary.portal.lostAcks);
    } finally {
      if (previous === undefined) delete process.env.MOTCUA_PORTAL_SYNC;
      else process.env.MOTCUA_PORTAL_SYNC = previous;
      await done();
    }
  });
});
