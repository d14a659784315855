/**
 * The per-dossier sync log (domain §12.4): what the portal was told and when,
 * read from the outbox. A portal that fails every request leaves the updates
 * the first one dead (one attempt allowed) with the error and the next waiting
 * behind it; after an operator retry they are delivered, in order.
 */
import { createOutboxRelay, InMemoryOutboxStore, type CommandBody } from '@motcua/core';
import { describe, expect, it } from 'vitest';
import { createHttpPortalClient, portalRoute, portalSyncLog, portalTransport, startSimulatedPortal } from '../src';
import { INTAKE, runDossier } from './support/engine';

describe('portalSyncLog', () => {
  it('shows each update of the dossier with its outbox status, attempts, error and delivery time', async () => {
    const { dossierId, store } = await runDossier([{ type: 'ReceiveDossier', ...INTAKE } as CommandBody, { type: 'TransferDossier', mode: 'electronic' } as CommandBody]);
    const portal = await startSimulatedPortal({ failureRate: 1 });
    try {
      const outbox = new InMemoryOutboxStore();
      const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
      const relay = createOutboxRelay({ log: store, outbox, routes: [portalRoute()], transports: { dvcqg: portalTransport(client) }, retry: { maxAttempts: 1 } });
      await relay.pump();
      const failing = await portalSyncLog(outbox, dossierId);
      expect(failing.map((entry) => [entry.version, entry.eventType, entry.status, entry.outboxStatus])).toEqual([
        [1, 'DossierAccepted', 2, 'dead'],
        [2, 'DossierTransferred', 4, 'pending'],
      ]);
      // Only the first is tried: the second waits behind it (in order per dossier).
      expect(failing[0]!.attempts).toBe(1);
      expect(failing[0]!.lastError).toContain('HTTP 500');
      expect(failing[1]!.attempts).toBe(0);

      // An operator retries the dead letter once the portal answers again; the one behind it follows.
      portal.setFaults({ failureRate: 0 });
      await relay.retry(failing[0]!.messageId);
      await relay.pump();
      const done = await portalSyncLog(outbox, dossierId);
      expect(done.map((entry) => entry.outboxStatus)).toEqual(['delivered', 'delivered']);
      expect(done.every((entry) => typeof entry.deliveredAt === 'string')).toBe(true);
      expect(portal.record(dossierId)!.history.map((entry) => entry.key)).toEqual(done.map((entry) => entry.messageId));
      expect(await portalSyncLog(outbox, 'another-dossier')).toEqual([]);
    } finally {
      await portal.close();
    }
  });
});
