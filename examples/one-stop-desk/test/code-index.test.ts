import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { InMemoryEventStore, type NewEvent } from '@motcua/core';
import { createCodeIndex } from '../src/code-index';

const event = (type: string, data: unknown): NewEvent => ({
  type,
  data,
  metadata: { eventId: uuidv7(), schemaVersion: 1, occurredAt: '2026-03-02T09:00:00.000+07:00', recordedAt: '2026-03-02T02:00:00.000Z' },
});

describe('the code index on the projection runner', () => {
  it('finds a code issued after its last catch-up, reads only dossier streams, writes no checkpoint, rebuilds from the log', async () => {
    const store = new InMemoryEventStore();
    await store.append('dossier-a', [event('DossierReceived', {}), event('DossierAccepted', { dossierCode: 'H26-260302-0001' })]);
    await store.append('other-b', [event('DossierAccepted', { dossierCode: 'NOT-A-DOSSIER' })]);
    const index = createCodeIndex(store);
    expect(index.size).toBe(0);
    expect(await index.lookup('H26-260302-0001')).toBe('a'); // catches up on a miss
    await store.append('dossier-c', [event('DossierAccepted', { dossierCode: 'H26-260302-0002' })]);
    expect(await index.lookup('H26-260302-0002')).toBe('c');
    expect(await index.lookup('NOT-A-DOSSIER')).toBeUndefined();
    expect(index.size).toBe(2);
    expect(await store.loadProjection('one-stop-desk/code-index')).toBeUndefined();
    const again = createCodeIndex(store);
    await again.start();
    expect(again.size).toBe(2);
    await again.stop();
    expect(await store.loadProjection('one-stop-desk/code-index')).toBeUndefined();
  });
});
