/**
 * Issue #15 item 1, done-when: the dossier list kept in real tables equals a
 * fold of the log — for random histories through the engine, on SQLite and
 * PostgreSQL, after a first catch-up, after more appends (incremental), live,
 * and after a rebuild. The oracle folds each dossier's events taken from the
 * global log (`readAll`, grouped by stream) with `foldDossier`; the follower
 * loads states through the engine (`engine.get`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  DOSSIER_STREAM_PREFIX,
  dossierIdOfStream,
  dossierListRow,
  followDossierList,
  foldDossier,
  type DossierEvent,
  type DossierListRow,
  type EventStore,
  type StoredEvent,
  protectPersonalData,
  REDACTED,
} from '@motcua/core';
import { createSqliteDossierList, createSqliteEventStore, createSqliteKeyStore } from '@motcua/store-sqlite';
import { historyArb, runHistory, testCatalog } from './support/generate';
import { dossierListBackends } from './support/dossier-list-backends';

const backends = dossierListBackends();

async function expected(store: EventStore): Promise<DossierListRow[]> {
  const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0 });
  const streams = new Map<string, StoredEvent[]>();
  for await (const e of store.readAll()) {
    if (!e.streamId.startsWith(DOSSIER_STREAM_PREFIX)) continue;
    const list = streams.get(e.streamId) ?? [];
    list.push(e);
    streams.set(e.streamId, list);
  }
  return [...streams]
    .map(([streamId, events]) => dossierListRow(foldDossier(dossierIdOfStream(streamId), events as unknown as DossierEvent[], engine.tableFor)))
    .sort((a, b) => (a.dossierId < b.dossierId ? -1 : a.dossierId > b.dossierId ? 1 : 0));
}

describe.each(backends)('dossier list = fold of the log ($name)', (backend) => {
  it('catch-up, incremental catch-up and rebuild give the fold of every dossier', async () => {
    let rowsSeen = 0;
    await fc.assert(
      fc.asyncProperty(historyArb, historyArb, async (first, second) => {
        const { store, table, close } = await backend.open();
        try {
          const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0 });
          const follower = followDossierList({ store, table, load: (id) => engine.get(id), batchSize: 7 });
          // Every acknowledged append readable before the log is read (the PostgreSQL horizon may lag a commit for a moment).
          await runHistory(first, store);
          await store.waitUntilReadable();
          await follower.catchUp();
          expect(await table.all()).toEqual(await expected(store));
          await runHistory(second, store);
          await store.waitUntilReadable();
          expect(await follower.catchUp()).toBe(await store.headPosition());
          expect(await table.all()).toEqual(await expected(store));
          expect(await table.checkpoint()).toBe(await store.headPosition());
          await follower.rebuild();
          const rows = await table.all();
          expect(rows).toEqual(await expected(store));
          rowsSeen += rows.length;
        } finally {
          await close();
        }
      }),
      { numRuns: backend.name === 'sqlite' ? 12 : 6 },
    );
    expect(rowsSeen).toBeGreaterThan(10); // the histories did create dossiers
  }, 240_000);

  it('follows live appends', async () => {
    const [history] = fc.sample(historyArb, { numRuns: 1, seed: 15 });
    const { store, table, close } = await backend.open();
    try {
      const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0 });
      const errors: Error[] = [];
      const follower = followDossierList({ store, table, load: (id) => engine.get(id), onError: (e) => errors.push(e) });
      await follower.start();
      await runHistory(history!, store);
      // Every acknowledged append readable first: on PostgreSQL the horizon may lag an acknowledged commit for a moment
      // (headPosition() right here once read 12 while the follower, announced later, rightly reached 13).
      const head = await store.waitUntilReadable();
      for (let i = 0; i < 1800 && (await table.checkpoint()) < head; i++) await new Promise((r) => setTimeout(r, 25));
      await follower.stop();
      expect(errors).toEqual([]);
      expect(await table.checkpoint()).toBe(head); // reached (a bound of 45 s, never a timing assertion)
      expect(await table.all()).toEqual(await expected(store));
    } finally {
      await close();
    }
  }, 120_000);

  it('forget erases the applicant from the row and keeps the rest', async () => {
    const [history] = fc.sample(historyArb, { numRuns: 1, seed: 3 });
    const { store, table, close } = await backend.open();
    try {
      const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0 });
      await runHistory(history!, store);
      await followDossierList({ store, table, load: (id) => engine.get(id) }).catchUp();
      const [row] = await table.all();
      expect(row!.applicantName).toBe('Nguyễn Văn An');
      await table.forget(row!.dossierId);
      expect(await table.get(row!.dossierId)).toEqual({ ...row, applicantName: null, applicantFolded: null, idNumber: null });
      expect((await table.list({ filter: { name: 'nguyen van an' }, limit: 500 })).rows.map((r) => r.dossierId)).not.toContain(row!.dossierId);
    } finally {
      await close();
    }
  }, 60_000);
});

describe('dossier list over a store that encrypts personal data', () => {
  it('holds the decrypted applicant for search; erasure + forget removes it; a rebuild reads it redacted', async () => {
    const [history] = fc.sample(historyArb, { numRuns: 1, seed: 21 });
    const inner = await createSqliteEventStore({ filename: ':memory:' });
    try {
      const store = protectPersonalData(inner, { keys: createSqliteKeyStore(inner.db) });
      const table = createSqliteDossierList(inner);
      const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0 });
      const follower = followDossierList({ store, table, load: (id) => engine.get(id) });
      await runHistory(history!, store);
      await follower.catchUp();
      const rows = await table.all();
      expect(rows.length).toBeGreaterThan(1);
      expect(rows).toEqual(await expected(store));
      for (const r of rows) expect(r.applicantName).toBe('Nguyễn Văn An');
      // the log itself holds no readable name
      for await (const e of inner.readAll()) expect(JSON.stringify(e.data)).not.toContain('Nguyễn Văn An');
      const victim = rows[0]!.dossierId;
      await store.eraseSubject(`${DOSSIER_STREAM_PREFIX}${victim}`, { reason: 'request', engines: [engine] });
      await table.forget(victim);
      expect((await table.get(victim))!.applicantName).toBeNull();
      expect((await table.list({ filter: { name: 'nguyen van an' }, limit: 500 })).rows.map((r) => r.dossierId).sort()).toEqual(
        rows
          .slice(1)
          .map((r) => r.dossierId)
          .sort(),
      );
      await follower.rebuild();
      expect((await table.get(victim))!.applicantName).toBe(REDACTED);
      expect(await table.all()).toEqual(await expected(store));
    } finally {
      await inner.close();
    }
  }, 60_000);
});
