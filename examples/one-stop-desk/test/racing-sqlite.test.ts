/**
 * Issue #10 item 21 on the desk's store: several engines, each on its own
 * connection to one SQLite file (as several desk processes would be), race
 * on one dossier with the real clock. Every command lands — a conflict ends
 * in a retry at a fresh time, never in TIME_BEFORE_LAST_EVENT — and the file
 * holds each command once, versions gap-free, business time in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createEngine, type EventStore } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { deskCatalog } from '../src/catalog';
import { intake } from './support';

const dir = mkdtempSync(join(tmpdir(), 'motcua-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('desk on SQLite: engines on separate connections racing on one dossier', () => {
  it.each([
    [4, 6],
    [8, 4],
  ])('%i connections × %i commands each: all land, none twice, none refused', { timeout: 120_000 }, async (connections, perEngine) => {
    const filename = join(dir, `race-${connections}.db`);
    const stores: EventStore[] = [];
    for (let i = 0; i < connections; i++) stores.push((await createSqliteEventStore({ filename, busyTimeoutMs: 5000 })) as unknown as EventStore);
    try {
      const catalog = deskCatalog();
      const calendar = vietnamCalendar();
      const engines = stores.map((store) => createEngine({ store, catalog, calendar, policy: 'none' }));
      const actor = { id: 'cb-01', role: 'officer' };
      const id = uuidv7();
      await engines[0]!.execute({ type: 'ReceiveDossier', commandId: uuidv7(), dossierId: id, actor, ...intake() } as never);
      await engines[0]!.execute({ type: 'TransferDossier', commandId: uuidv7(), dossierId: id, actor });
      for (const e of engines) await e.get(id);
      const outcomes = await Promise.allSettled(
        engines.map(async (engine, i) => {
          for (let k = 0; k < perEngine; k++)
            await engine.execute({ type: 'FilePetition', commandId: uuidv7(), dossierId: id, actor, petitionId: `p${i}-${k}`, content: 'Hỏi tiến độ', channel: 'portal' });
        }),
      );
      const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [`${(o.reason as { code?: string }).code} ${(o.reason as { rule?: string }).rule ?? ''}`] : []));
      expect(failures).toEqual([]);
      const h = await engines[connections - 1]!.history(id);
      expect(h.map((e) => e.version)).toEqual(h.map((_, i) => i + 1));
      const filed = h.filter((e) => e.type === 'PetitionFiled').map((e) => (e.data as { petitionId: string }).petitionId);
      expect(filed).toHaveLength(connections * perEngine);
      expect(new Set(filed).size).toBe(connections * perEngine);
      for (let i = 1; i < h.length; i++) expect(h[i]!.metadata.occurredAt >= h[i - 1]!.metadata.occurredAt).toBe(true);
    } finally {
      for (const s of stores) await (s as unknown as { close(): Promise<void> }).close();
    }
  });
});
