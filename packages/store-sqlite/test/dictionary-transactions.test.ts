/**
 * The write path remembers which metadata dictionary entries (shapes, actors)
 * are in the file, so an event whose actor and shape were stored before costs
 * no SHA-256 and no INSERT for them (`codec-rows.ts`). What it remembers must
 * never outlive a rollback: an entry stored by a write that was rolled back —
 * a whole `batch`, or one request of a group commit rolled back to its
 * savepoint — is stored again by the next write that needs it, never assumed.
 *
 * Oracle: the test's own record of what each acknowledged append wrote, read
 * back through a second store on the same file (nothing cached), and the
 * INSERT statements into `motcua_dictionary` counted on the store's own
 * connection.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { tempFile } from './helpers';

/** A connection whose statements inserting into the dictionary are counted. */
function countingDatabase(filename: string): { database: Database.Database; inserts: () => number } {
  const db = new Database(filename);
  let inserts = 0;
  const database = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!/^\s*INSERT INTO motcua_dictionary\b/i.test(sql)) return statement;
          return new Proxy(statement, {
            get(s, k) {
              const value = Reflect.get(s, k, s) as unknown;
              if (k === 'run') return (...args: unknown[]) => (inserts++, (value as (...a: unknown[]) => unknown).apply(s, args));
              return typeof value === 'function' ? value.bind(s) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database, inserts: () => inserts };
}

const withActor = (actorId: string, eventId?: string): NewEvent => {
  const event = makeTestEvent('Noted', { n: 1 });
  return { ...event, metadata: { ...event.metadata, ...(eventId ? { eventId } : {}), actor: { id: actorId, role: 'officer' } } };
};

type Op =
  | { kind: 'append'; actor: number }
  | { kind: 'failed-batch'; actor: number }
  | { kind: 'partial-group'; actor: number; second: number }
  | { kind: 'later-shape'; actor: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), actor: fc.nat(5) }),
  fc.record({ kind: fc.constant('failed-batch' as const), actor: fc.nat(5) }),
  fc.record({ kind: fc.constant('partial-group' as const), actor: fc.nat(5), second: fc.nat(5) }),
  fc.record({ kind: fc.constant('later-shape' as const), actor: fc.nat(5) }),
);

describe('the dictionary entries a write path remembers', () => {
  it('are stored again after a rolled-back batch or a request rolled back to its savepoint (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const filename = tempFile();
        const store = await createSqliteEventStore({ filename });
        const acknowledged = new Map<string, string>(); // event id → actor id
        let stream = 0;
        let fresh = 0;
        // Actors are mostly new ones, so a rolled-back write is the first to store them.
        const actorOf = (k: number) => (k < 3 ? `officer-${k}` : `new-${fresh++}`);
        const seed = withActor('seed');
        await store.append('seed', [seed]);
        acknowledged.set(seed.metadata.eventId, 'seed');
        for (const o of ops) {
          if (o.kind === 'append' || o.kind === 'later-shape') {
            const event = withActor(actorOf(o.actor));
            // 'later-shape': a metadata key the other events lack, so a new shape entry too.
            const written = o.kind === 'later-shape' ? { ...event, metadata: { ...event.metadata, channel: 'portal' } } : event;
            await store.append(`s-${stream++}`, [written]);
            acknowledged.set(written.metadata.eventId, (written.metadata.actor as { id: string }).id);
          } else if (o.kind === 'failed-batch') {
            const actor = actorOf(o.actor);
            await expect(
              store.batch(async () => {
                await store.append(`s-${stream++}`, [withActor(actor)]);
                throw new Error('the caller gives up');
              }),
            ).rejects.toThrow('the caller gives up');
            const after = withActor(actor);
            await store.append(`s-${stream++}`, [after]);
            acknowledged.set(after.metadata.eventId, actor);
          } else {
            // A request of two events whose second id is stored already: refused after its first row (and actor) went in.
            const taken = seed.metadata.eventId;
            const actor = actorOf(o.actor);
            const other = o.second % 2 === 0 ? actor : actorOf(o.second);
            const good = withActor(actor);
            const alsoGood = withActor(other);
            const outcomes = await store.appendMany([
              { streamId: `s-${stream++}`, events: [withActor(actor), withActor(other, taken)] },
              { streamId: `s-${stream++}`, events: [good] },
              { streamId: `s-${stream++}`, events: [alsoGood] },
            ]);
            expect(outcomes[0]!.ok).toBe(false);
            expect(outcomes[1]!.ok && outcomes[2]!.ok).toBe(true);
            acknowledged.set(good.metadata.eventId, actor);
            acknowledged.set(alsoGood.metadata.eventId, other);
          }
        }
        await store.close();
        const reader = await createSqliteEventStore({ filename });
        const read = new Map<string, string>();
        for await (const batch of reader.readBatches({ batchSize: 100 })) for (const e of batch) read.set(e.metadata.eventId, (e.metadata.actor as { id: string }).id);
        await reader.close();
        expect(read).toEqual(acknowledged);
      }),
      { numRuns: 40 },
    );
  });

  it('cost no INSERT once committed: 60 appends of one actor, one at a time, insert its entry and its shape once', async () => {
    const filename = tempFile();
    const { database, inserts } = countingDatabase(filename);
    const store = await createSqliteEventStore({ database });
    const before = inserts();
    for (let k = 0; k < 60; k++) await store.append(`s-${k}`, [withActor('officer-1')]);
    // Two entries: the events' shape and the actor (the store before this cache: 120 INSERTs).
    expect(inserts() - before).toBeLessThanOrEqual(2);
    await store.close();
    database.close();
    const reader = await createSqliteEventStore({ filename });
    let n = 0;
    for await (const batch of reader.readBatches()) for (const e of batch) n += (e.metadata.actor as { id: string }).id === 'officer-1' ? 1 : 0;
    await reader.close();
    expect(n).toBe(60);
  });
});
