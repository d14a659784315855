/**
 * The demo's portal sync (src/portal-sync.ts) on a small run: every portal
 * update of the log (counted independently, by running the route over the
 * stored log) is delivered once, nothing is left undelivered, the
 * reconciliation is empty, and the lag percentiles are ordered. No timing is
 * asserted.
 */
import { InMemoryEventStore } from '@motcua/core';
import { portalRoute } from '@motcua/portal';
import { describe, expect, it } from 'vitest';
import { GIA_LAM, simulate } from '../src/index';

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
});
