/**
 * The five projections on the SQLite and PostgreSQL adapters: catch-up,
 * live follow, restart from the checkpoint saved through the adapter, rebuild.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { createProjectionRunner } from '@motcua/projections';
import { historyArb, runHistory } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

/** Structural equality of saved states (PostgreSQL jsonb does not keep object key order). */
const same = (a: string, b: string, name: string) => expect(JSON.parse(a), name).toEqual(JSON.parse(b));

const [first, second] = fc.sample(historyArb, { numRuns: 2, seed: 2024 }).map((h) => h.concat(fc.sample(historyArb, { numRuns: 1, seed: h.length })[0]!)) as unknown as [
  Parameters<typeof runHistory>[0],
  Parameters<typeof runHistory>[0],
];

async function readLog(store: EventStore, to?: number) {
  const out = [];
  for await (const e of store.readAll(to === undefined ? {} : { to })) out.push(e);
  return out;
}

/** Fail (never hang) if the runners do not reach `head` within a generous bound; the message says where each one stopped. */
async function reach(runners: { waitFor(p: number): Promise<void>; position: number }[], head: number, ms = 45_000): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`live runners did not reach ${head} within ${ms} ms: at ${runners.map((r) => r.position).join(', ')}`)), ms);
  });
  try {
    await Promise.race([Promise.all(runners.map((r) => r.waitFor(head))), guard]);
  } finally {
    clearTimeout(timer);
  }
}

async function exercise(open: () => Promise<EventStore>, close: (s: EventStore) => Promise<void>) {
  const opened: EventStore[] = [];
  try {
    await run(async () => {
      const s = await open();
      opened.push(s);
      return s;
    });
  } finally {
    for (const s of opened) await close(s).catch(() => undefined);
  }
}

async function run(open: () => Promise<EventStore>) {
  const projections = allProjections();
  let store = await open();
  await runHistory(first, store);
  // Catch up and save through the adapter.
  for (const p of projections) {
    const r = createProjectionRunner({ store, projection: p, batchSize: 5 });
    await r.catchUp();
    same(snap(p, r.state), snap(p, fold(p, await readLog(store))), p.name);
  }
  // Live follow while appending more.
  const live = projections.map((p) => createProjectionRunner({ store, projection: p, batchSize: 4 }));
  for (const r of live) await r.start();
  let lastAcked = 0;
  const acked = (n: { lastPosition: number }) => void (lastAcked = Math.max(lastAcked, n.lastPosition));
  store.notifications.on('appended', acked);
  await runHistory(second, store);
  store.notifications.off('appended', acked);
  // headPosition is the read horizon: wait until it has passed every acknowledged append, then compare at that horizon.
  const head = await store.waitUntilReadable(lastAcked);
  expect(head).toBe(lastAcked);
  await reach(live, head);
  const all = await readLog(store, head);
  projections.forEach((p, i) => same(snap(p, live[i]!.state), snap(p, fold(p, all)), p.name));
  for (const r of live) await r.stop();
  // Restart (new connection): the checkpoint and state come back from the database.
  await store.close();
  store = await open();
  for (const p of projections) {
    const saved = await store.loadProjection(p.name);
    expect(saved?.position).toBe(head);
    expect(saved?.tag).toBe(p.version);
    const r = createProjectionRunner({ store, projection: p });
    await r.catchUp();
    same(snap(p, r.state), snap(p, fold(p, all)), p.name);
    await r.rebuild();
    same(snap(p, r.state), snap(p, fold(p, all)), p.name);
  }
}

describe('SQLite (temp file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-proj-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('all projections: catch-up, live, restart from the saved checkpoint, rebuild', async () => {
    const filename = join(dir, 'events.db');
    await exercise(
      () => createSqliteEventStore({ filename, synchronous: 'NORMAL' }),
      (s) => s.close(),
    );
  });
});

describe('PostgreSQL (temp server)', () => {
  let server: TestPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startTestPostgres();
    pool = new pg.Pool({ connectionString: server.url, max: 5 });
    pool.on('error', () => undefined); // an idle client told the server is shutting down (afterAll) must not fail the run
  });
  afterAll(async () => {
    // the server is stopped whatever happens to the pool (a failed test may leave clients checked out)
    try {
      await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
    } finally {
      await server?.stop();
    }
  });
  it('all projections: catch-up, live, restart from the saved checkpoint, rebuild', async () => {
    await exercise(
      () => createPostgresEventStore({ pool, schema: 'projections_test' }),
      (s) => s.close(),
    );
  });
});
