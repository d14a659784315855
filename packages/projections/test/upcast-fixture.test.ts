/**
 * A log written by `DossierRated` schema version 1 (`like?: boolean`;
 * `packages/core/test/fixtures/dossier-rated-v1.jsonl`, written by the code of
 * commit 7846dd8f) read by the current code (version 2, `vote`) on every
 * store: the fixture's rows are loaded into the in-memory store, SQLite and
 * PostgreSQL, the dossiers fold, and the satisfaction report counts the
 * votes. Expected figures are counted from the fixture's content here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, createProjectionRunner, InMemoryEventStore, type EventMetadata, type EventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { satisfactionProjection, satisfactionReport } from '@motcua/projections';

interface Row {
  streamId: string;
  version: number;
  type: string;
  data: { like?: boolean; ratings?: { criterion: string; level: string }[] };
  metadata: EventMetadata;
}
const rows: Row[] = readFileSync(new URL('../../core/test/fixtures/dossier-rated-v1.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as Row);

/** The report's figures, counted from the fixture: votes from `like`, answers against the three-level scale's codes (hand-typed). */
function expectedFigures() {
  const rated = rows.filter((r) => r.type === 'DossierRated');
  const answers = rated.flatMap((r) => r.data.ratings!.map((x) => x.level));
  const scale = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'];
  const satisfied = ['Rất hài lòng', 'Hài lòng'];
  return {
    likes: rated.filter((r) => r.data.like === true).length,
    dislikes: rated.filter((r) => r.data.like === false).length,
    total: answers.filter((l) => scale.includes(l)).length,
    satisfied: answers.filter((l) => satisfied.includes(l)).length,
    unrecognised: answers.filter((l) => !scale.includes(l)).length,
    petitions: rows.filter((r) => r.type === 'PetitionFiled').length,
  };
}

async function readsTheFixture(store: EventStore): Promise<void> {
  for (const r of rows) await store.append(r.streamId, [{ type: r.type, data: r.data, metadata: r.metadata }], { expectedVersion: r.version === 1 ? 'no_stream' : r.version - 1 });
  await store.waitUntilReadable();
  // Every rating is read as version 2.
  const rated = [];
  for await (const e of store.readAll({ types: ['DossierRated'] })) rated.push(e);
  expect(rated.map((e) => [e.metadata.schemaVersion, (e.data as { vote?: string }).vote, 'like' in (e.data as object)])).toEqual(
    rows.filter((r) => r.type === 'DossierRated').map((r) => [2, r.data.like === undefined ? undefined : r.data.like ? 'like' : 'dislike', false]),
  );
  // Every dossier folds, to its stream length.
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  for (const s of new Set(rows.map((r) => r.streamId))) expect((await engine.get(s.slice('dossier-'.length))).version, s).toBe(rows.filter((r) => r.streamId === s).length);
  // The report counts the votes the fixture recorded.
  const runner = createProjectionRunner({ store, projection: satisfactionProjection(), persist: false });
  await runner.catchUp();
  expect(runner.skipped).toEqual([]);
  const [row, ...more] = satisfactionReport(runner.state, { catalog: sampleCatalog(), from: '2024-03-01', to: '2024-03-31' });
  expect(more).toEqual([]);
  const want = expectedFigures();
  expect({ likes: row!.likes, dislikes: row!.dislikes, total: row!.total, satisfied: row!.satisfied, unrecognised: row!.unrecognised, petitions: row!.petitions.received }).toEqual(
    want,
  );
  expect(want).toMatchObject({ likes: 2, dislikes: 1 }); // the fixture has both kinds of vote (and a rating without one)
}

describe('a DossierRated version-1 log read by the current code', () => {
  it('in memory', async () => {
    const store = new InMemoryEventStore();
    await readsTheFixture(store);
    await store.close();
  });

  it('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-upcast-'));
    const store = await createSqliteEventStore({ filename: join(dir, 'events.db') });
    try {
      await readsTheFixture(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL (temp server)', () => {
    let server: TestPostgres;
    let pool: pg.Pool;
    beforeAll(async () => {
      server = await startTestPostgres();
      pool = new pg.Pool({ connectionString: server.url, max: 3 });
      pool.on('error', () => undefined);
    });
    afterAll(async () => {
      try {
        await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
      } finally {
        await server?.stop();
      }
    });
    it('PostgreSQL', async () => {
      const store = await createPostgresEventStore({ pool, schema: 'upcast_fixture' });
      try {
        await readsTheFixture(store);
      } finally {
        await store.close();
      }
    });
  });
});
