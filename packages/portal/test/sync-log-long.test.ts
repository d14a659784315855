/**
 * A dossier's sync log is whole however many updates it has: `portalSyncLog` read at most 10,000 outbox messages
 * per dossier and silently cut the rest (a desk showed an old state as the last thing the portal was told). Messages
 * are written straight into a real in-memory outbox store (`materialise`, as the relay does), more than the old cut.
 */
import { dossierStreamId, InMemoryOutboxStore, type OutboxMessage } from '@motcua/core';
import { describe, expect, it } from 'vitest';
import { PORTAL_DESTINATION, portalSyncLog } from '../src';

const CREATED = '2025-07-07T02:00:00.000Z';

function message(dossierId: string, version: number): OutboxMessage {
  return {
    id: `${PORTAL_DESTINATION}/${dossierId}-e${version}/0`,
    destination: PORTAL_DESTINATION,
    streamId: dossierStreamId(dossierId),
    position: version,
    index: 0,
    eventType: 'OfficerAssigned',
    kind: 'status',
    payload: { dossierId, version, eventType: 'OfficerAssigned', occurredAt: '2025-07-07T09:00:00.000+07:00', status: 4 },
    createdAt: CREATED,
    attempts: 0,
    status: 'pending',
    nextAttemptAt: CREATED,
  } as OutboxMessage;
}

describe('portalSyncLog of a long history', () => {
  for (const count of [9_999, 10_000, 10_001, 23_456]) {
    it(`${count.toLocaleString('en-US')} updates of one dossier (and another dossier's beside them): every one, in order`, async () => {
      const outbox = new InMemoryOutboxStore();
      const messages = Array.from({ length: count }, (_, k) => message('d-1', k + 1));
      messages.push(message('d-2', count + 1));
      expect(await outbox.materialise('test', 0, count + 1, messages)).toBe(true);
      const log = await portalSyncLog(outbox, 'd-1');
      expect(log).toHaveLength(count);
      expect(log.every((entry, k) => entry.version === k + 1)).toBe(true);
      expect(await portalSyncLog(outbox, 'd-2')).toHaveLength(1);
    });
  }
});
