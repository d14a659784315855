/**
 * `keepDays` of the desk's portal sync (`--outbox-keep-days`): the relay prunes
 * the updates the national portal acknowledged more than that many days ago by
 * its clock, while the desk runs; without it nothing is pruned. A real
 * simulated portal over HTTP that answers every request, a SQLite outbox.
 */
import { vietnamCalendar } from '@motcua/calendar';
import { randomUUID } from 'node:crypto';
import { createEngine } from '@motcua/core';
import { createHttpPortalClient, startSimulatedPortal } from '@motcua/portal';
import { createSqliteEventStore, createSqliteOutboxStore } from '@motcua/store-sqlite';
import { describe, expect, it } from 'vitest';
import { deskCatalog } from '../src/catalog';
import { createDeskPortal } from '../src/portal/portal-sync';

describe('desk portal sync retention', () => {
  it('with keepDays the started relay prunes what the portal acknowledged that long ago; without it nothing goes', async () => {
    for (const keepDays of [1, undefined]) {
      let now = Date.parse('2026-03-02T09:00:00+07:00');
      const clock = () => new Date(now);
      const store = await createSqliteEventStore({ filename: ':memory:' });
      const simulated = await startSimulatedPortal({ seed: 3, failureRate: 0 });
      const outbox = createSqliteOutboxStore(store);
      const client = createHttpPortalClient({ baseUrl: simulated.url, token: simulated.token, timeoutMs: 5_000 });
      const { portal, relay } = createDeskPortal({ store, outbox, client, clock, ...(keepDays !== undefined ? { keepDays } : {}) });
      try {
        const engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock, policy: 'none' });
        const dossierId = randomUUID();
        await engine.execute({
          type: 'ReceiveDossier',
          commandId: randomUUID(),
          dossierId,
          actor: { id: 'tiepnhan', role: 'officer' },
          procedureCode: deskCatalog().list()[0]!.code,
          unit: { code: '000.00.06.H56', name: 'Bộ phận Một cửa' },
          applicant: { name: 'Nguyễn Văn An' },
          channel: 'direct',
        } as never);
        await relay.pump();
        expect((await outbox.counts()).delivered).toBeGreaterThan(0);
        expect((await portal.syncLog(dossierId)).length).toBeGreaterThan(0);
        now += 2 * 86_400_000; // two days later
        relay.start();
        if (keepDays !== undefined) {
          for (let i = 0; i < 2_000 && (await outbox.counts()).delivered > 0; i++) await new Promise((r) => setTimeout(r, 5));
          expect((await outbox.counts()).delivered).toBe(0);
          expect(await portal.syncLog(dossierId)).toEqual([]);
        } else {
          await new Promise((r) => setTimeout(r, 50));
          expect((await outbox.counts()).delivered).toBeGreaterThan(0);
        }
      } finally {
        await relay.stop();
        await simulated.close();
        await store.close();
      }
    }
  });
});
