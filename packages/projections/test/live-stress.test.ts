/**
 * Projections agree with the log under load (issue #10, item 24): several
 * writers (each its own store instance on the same database, like separate
 * processes) append real dossier histories concurrently while every built-in
 * projection follows the log live on another instance. Once the horizon has
 * passed every acknowledged append, each live state must equal the fold of
 * the log up to that horizon, and the checkpoint saved on stop must restart
 * to the same state. Several rounds, seeded; PostgreSQL (with short write
 * transactions held open by another connection meanwhile) and SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventStore, StoredEvent } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { createProjectionRunner } from '@motcua/projections';
import { dossierArb, runHistory } from './support/generate';
import { allProjections, fold, snap } from './support/projections';

const WRITERS = 6;
const ROUNDS = 5;
const SEED = 24_2024;

/** Histories for the writers of one round (small: the point is interleaving, not volume). */
const roundArb = fc.array(fc.array(dossierArb, { minLength: 2, maxLength: 6 }), { minLength: WRITERS, maxLength: WRITERS });

const same = (a: string, b: string, name: string) => expect(JSON.parse(a), name).toEqual(JSON.parse(b));

async function readLog(store: EventStore, to: number): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of store.readAll({ to })) out.push(e);
  return out;
}

async function reach(runners: { waitFor(p: number): Promise<void>; position: number }[], head: number, ms = 60_000): Promise<void> {
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

interface Backend {
  /** A fresh, empty database for one round: `open()` gives another instance (connection) on it. */
  fresh(round: number): Promise<{ open: (role: 'writer' | 'follower') => Promise<EventStore>; busy?: () => Promise<void> }>;
}

async function round(backend: Backend, n: number, histories: Parameters<typeof runHistory>[0][]): Promise<void> {
  const db = await backend.fresh(n);
  const opened: EventStore[] = [];
  const open = async (role: 'writer' | 'follower') => {
    const s = await db.open(role);
    opened.push(s);
    return s;
  };
  try {
    const follower = await open('follower');
    const projections = allProjections();
    const liveErrors: Error[] = [];
    const live = projections.map((p) => createProjectionRunner({ store: follower, projection: p, batchSize: 3 + (n % 5), onError: (e) => liveErrors.push(e) }));
    for (const r of live) await r.start();
    const writers = await Promise.all(histories.map(() => open('writer')));
    let holding = true;
    const busy = db.busy
      ? (async () => {
          while (holding) await db.busy!();
        })()
      : Promise.resolve();
    let lastAcked = 0;
    try {
      await Promise.all(
        writers.map(async (w, i) => {
          const track = (x: { lastPosition: number }) => void (lastAcked = Math.max(lastAcked, x.lastPosition));
          w.notifications.on('appended', track);
          await runHistory(histories[i]!, w);
          w.notifications.off('appended', track);
        }),
      );
    } finally {
      holding = false;
      await busy;
    }
    const head = await follower.waitUntilReadable(lastAcked, { timeoutMs: 60_000 });
    expect(head).toBe(lastAcked);
    await reach(live, head);
    const log = await readLog(follower, head);
    expect(log.map((e) => e.position)).toEqual(Array.from({ length: log.length }, (_, i) => log[0]!.position + i));
    projections.forEach((p, i) => same(snap(p, live[i]!.state), snap(p, fold(p, log)), `${p.name} (round ${n})`));
    for (const r of live) await r.stop();
    expect(liveErrors).toEqual([]);
    // what stop() saved restarts to the same state
    for (const p of projections) {
      expect((await follower.loadProjection(p.name))?.position, p.name).toBe(head);
      const again = createProjectionRunner({ store: follower, projection: p });
      await again.catchUp();
      same(snap(p, again.state), snap(p, fold(p, log)), `${p.name} restarted (round ${n})`);
    }
  } finally {
    for (const s of opened) await s.close().catch(() => undefined);
  }
}

async function rounds(backend: Backend): Promise<void> {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(roundArb, async (histories) => {
      await round(backend, n++, histories);
    }),
    { numRuns: ROUNDS, seed: SEED, endOnFailure: true },
  );
}

describe('SQLite (temp files)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-live-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it(`${WRITERS} writers on their own connections, all projections following live: state = fold (${ROUNDS} rounds, seed ${SEED})`, { timeout: 300_000 }, async () => {
    await rounds({
      async fresh(n) {
        const filename = join(dir, `events-${n}.db`);
        // the follower hears other connections' commits by polling PRAGMA data_version
        return { open: (role) => createSqliteEventStore({ filename, synchronous: 'NORMAL', ...(role === 'follower' ? { pollIntervalMs: 10 } : {}) }) };
      },
    });
  });
});

describe('PostgreSQL (temp server)', () => {
  let server: TestPostgres;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startTestPostgres({ settings: { autovacuum: 'off' } });
    pool = new pg.Pool({ connectionString: server.url, max: 30 });
    pool.on('error', () => undefined);
  });
  afterAll(async () => {
    // the server is stopped whatever happens to the pool (a failed test may leave clients checked out)
    try {
      await Promise.race([pool?.end(), new Promise((r) => setTimeout(r, 5_000))]);
    } finally {
      await server?.stop();
    }
  });
  it(`${WRITERS} writers while another connection keeps opening short write transactions, all projections following live: state = fold (${ROUNDS} rounds, seed ${SEED})`, {
    timeout: 300_000,
  }, async () => {
    await rounds({
      async fresh(n) {
        const schema = `live_stress_${n}`;
        return {
          open: (role) => createPostgresEventStore({ pool, schema, ...(role === 'writer' ? { listen: false, pollIntervalMs: 0 } : {}) }),
          // another process: a short transaction with an xid, held open a few ms (holds the read horizon back)
          busy: async () => {
            const c = await pool.connect();
            try {
              await c.query('BEGIN');
              await c.query('SELECT pg_current_xact_id()');
              await new Promise((r) => setTimeout(r, 1 + Math.floor(Math.random() * 15)));
              await c.query('COMMIT');
            } finally {
              c.release();
            }
          },
        };
      },
    });
  });
});
