/**
 * Concurrent `store.append` calls share a transaction (one COMMIT, one fsync
 * under `synchronous=FULL`), each answered on its own. The store runs on a
 * better-sqlite3 connection of the test's own whose `COMMIT` statements are
 * counted. Properties (fast-check): whatever mix of concurrent appends —
 * several to one stream, expected versions that hold or not, values that
 * cannot be stored — every append that could hold is stored exactly once, the
 * others are refused with the right error, each stream's versions run 1..n
 * without a gap, and fewer commits are made than appends.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppendOptions, NewEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore, type SqliteEventStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

/** A connection whose COMMIT statements are counted. */
function countingDatabase(filename: string): { database: Database.Database; commits: () => number } {
  const db = new Database(filename);
  let commits = 0;
  const database = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!/^\s*COMMIT\b/i.test(sql)) return statement;
          return new Proxy(statement, {
            get(s, k) {
              const value = Reflect.get(s, k, s) as unknown;
              if (k === 'run') return (...args: unknown[]) => (commits++, (value as (...a: unknown[]) => unknown).apply(s, args));
              return typeof value === 'function' ? value.bind(s) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database, commits: () => commits };
}

async function open(): Promise<{ store: SqliteEventStore; db: Database.Database; commits: () => number; close: () => Promise<void> }> {
  const { database, commits } = countingDatabase(tempFile());
  const store = await createSqliteEventStore({ database, pollIntervalMs: 0 });
  return {
    store,
    db: database,
    commits,
    close: async () => {
      await store.close();
      database.close();
    },
  };
}

describe('sqlite: concurrent store.append', () => {
  it('1,000 appends on distinct streams: all stored once, in a few commits', async () => {
    const { store, commits, close } = await open();
    try {
      const before = commits();
      const results = await Promise.all(Array.from({ length: 1_000 }, (_, k) => store.append(`s-${k}`, [makeTestEvent('Noted', { k })], { expectedVersion: 'no_stream' })));
      const made = commits() - before;
      expect(made).toBeGreaterThan(0);
      expect(made).toBeLessThanOrEqual(10);
      expect(new Set(results.map((r) => r.events[0]!.position)).size).toBe(1_000);
      const read = [];
      for await (const e of store.readAll()) read.push(e.streamId);
      expect(read.length).toBe(1_000);
      expect(new Set(read).size).toBe(1_000);
    } finally {
      await close();
    }
  });

  it('a lone append commits at once, one commit each, one after the other', async () => {
    const { store, commits, close } = await open();
    try {
      const before = commits();
      for (let k = 0; k < 5; k++) await store.append('lone', [makeTestEvent('Noted', { k })], { expectedVersion: k === 0 ? 'no_stream' : k });
      expect(commits() - before).toBe(5);
      expect((await store.readStream('lone')).version).toBe(5);
    } finally {
      await close();
    }
  });

  it('close() commits the appends queued before it', async () => {
    const { database, commits } = countingDatabase(tempFile());
    const store = await createSqliteEventStore({ database, pollIntervalMs: 0 });
    const queued = [store.append('a', [makeTestEvent('Noted', {})]), store.append('b', [makeTestEvent('Noted', {})])];
    await store.close();
    await expect(Promise.all(queued)).resolves.toHaveLength(2);
    expect(commits()).toBeGreaterThan(0);
    const reopened = await createSqliteEventStore({ database, pollIntervalMs: 0 });
    expect((await reopened.readStream('a')).version).toBe(1);
    expect((await reopened.readStream('b')).version).toBe(1);
    await reopened.close();
    database.close();
  });

  type Request = { stream: number; expected: 'any' | 'no_stream' | 'stream_exists' | number; bad: boolean };
  const request = fc.record({
    stream: fc.integer({ min: 0, max: 5 }),
    expected: fc.oneof(fc.constant('any' as const), fc.constant('no_stream' as const), fc.constant('stream_exists' as const), fc.integer({ min: 0, max: 3 })),
    bad: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  });

  it('a random mix, all at once: each append stored once or refused alone; versions without gaps', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 3 }), async (requests: Request[], seeded) => {
        const { store, commits, close } = await open();
        try {
          // Some streams exist before the burst.
          for (let s = 0; s < seeded; s++) await store.append(`st-${s}`, [makeTestEvent('Noted', { seed: s })], { expectedVersion: 'no_stream' });
          const before = commits();
          const events: NewEvent[] = requests.map((r, k) => makeTestEvent('Noted', r.bad ? { k, bad: 10n } : { k }));
          const settled = await Promise.allSettled(
            requests.map((r, k) => {
              const options: AppendOptions = { expectedVersion: r.expected };
              return store.append(`st-${r.stream}`, [events[k]!], options);
            }),
          );
          const made = commits() - before;
          // Fewer commits than appends whenever two or more went in (at most one commit per append to the same stream).
          const perStream = new Map<number, number>();
          for (const r of requests) perStream.set(r.stream, (perStream.get(r.stream) ?? 0) + 1);
          expect(made).toBeLessThanOrEqual(Math.max(...perStream.values()));

          const stored = new Map<string, number>(); // event id → version
          for (let s = 0; s < 6; s++) {
            const read = (await store.readStream(`st-${s}`)).events;
            read.forEach((e, i) => expect(e.version).toBe(i + 1));
            for (const e of read) stored.set(e.metadata.eventId, e.version);
          }
          settled.forEach((outcome, k) => {
            const r = requests[k]!;
            const id = events[k]!.metadata.eventId;
            if (r.bad) {
              expect(outcome.status).toBe('rejected');
              expect((outcome as PromiseRejectedResult).reason.code).toBe('VALIDATION_FAILED');
              expect(stored.has(id)).toBe(false);
            } else if (outcome.status === 'fulfilled') {
              expect(stored.get(id)).toBe(outcome.value.events[0]!.version);
            } else {
              expect(outcome.reason.code).toBe('CONCURRENCY_CONFLICT');
              expect(stored.has(id)).toBe(false);
              expect(r.expected).not.toBe('any'); // 'any' always holds
            }
          });
          // Every good 'any' append went in.
          requests.forEach((r, k) => {
            if (!r.bad && r.expected === 'any') expect(settled[k]!.status).toBe('fulfilled');
          });
        } finally {
          await close();
        }
      }),
      { numRuns: 40 },
    );
  });
});
