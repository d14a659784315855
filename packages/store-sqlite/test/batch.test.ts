import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID as uuidv7 } from 'node:crypto';
import { ConcurrencyError, createEngine, NotFoundError } from '@motcua/core';
import { makeTestEvent, sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';

const dirs: string[] = [];
const file = () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-batch-'));
  dirs.push(dir);
  return join(dir, 'events.db');
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('SQLite group commit (batch)', () => {
  it('commits every write of the batch at once and announces only after the commit', async () => {
    const f = file();
    const store = await createSqliteEventStore({ filename: f });
    const other = await createSqliteEventStore({ filename: f, pollIntervalMs: 0 });
    const notices: number[] = [];
    store.notifications.on('appended', (n) => notices.push(n.lastPosition));
    await store.batch(async () => {
      await store.append('s-1', [makeTestEvent('A')], { expectedVersion: 'no_stream' });
      await store.append('s-2', [makeTestEvent('B'), makeTestEvent('C')], { expectedVersion: 'no_stream' });
      expect((await store.readStream('s-2')).version).toBe(2); // own writes visible inside
      expect(await other.headPosition()).toBe(0); // not yet committed for other connections
      expect(notices).toEqual([]);
      expect(await store.nextSequence('k')).toBe(1);
    });
    expect(notices).toEqual([1, 3]);
    expect(await other.headPosition()).toBe(3);
    await other.close();
    await store.close();
  });

  it('a refused append inside the batch leaves nothing behind; the rest commits', async () => {
    const store = await createSqliteEventStore({ filename: file() });
    await store.batch(async () => {
      await store.append('s-1', [makeTestEvent('A')], { expectedVersion: 'no_stream' });
      await expect(store.append('s-1', [makeTestEvent('X'), makeTestEvent('Y')], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append('s-1', [makeTestEvent('B')], { expectedVersion: 1 });
    });
    expect((await store.readStream('s-1')).events.map((e) => e.type)).toEqual(['A', 'B']);
    await store.close();
  });

  it('a throwing batch rolls back everything, including sequences; engine.batch drops its cache', async () => {
    const store = await createSqliteEventStore({ filename: file() });
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const id = uuidv7();
    const receive = {
      type: 'ReceiveDossier' as const,
      commandId: uuidv7(),
      dossierId: id,
      actor: { id: 'cb', role: 'officer' },
      procedureCode: '2.002030',
      unit: { code: 'H21.65', name: 'Xã B' },
      applicant: { name: 'A' },
      channel: 'direct' as const,
      at: '2024-03-04T09:00:00+07:00',
    };
    await expect(
      engine.batch(async () => {
        const r = await engine.execute(receive);
        expect(r.state.dossierCode).toBe('H21.65-240304-0001');
        throw new Error('simulated failure');
      }),
    ).rejects.toThrow('simulated failure');
    expect(await store.headPosition()).toBe(0);
    await expect(engine.get(id)).rejects.toBeInstanceOf(NotFoundError);
    const again = await engine.execute({ ...receive, commandId: uuidv7() });
    expect(again.state.dossierCode).toBe('H21.65-240304-0001'); // the rolled-back code was never stored anywhere
    await store.close();
  });
});
