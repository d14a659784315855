/**
 * The write path remembers which metadata dictionary entries (shapes, actors),
 * stream names and type names are in the file, so an event whose actor and
 * shape were stored before costs no SHA-256 and no INSERT for them, and no
 * look-up of its stream's or type's id (`codec-rows.ts`). What it remembers must
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

/** A connection that counts the calls of its statements whose SQL matches `pattern`. */
function countingDatabase(filename: string, pattern: RegExp): { database: Database.Database; calls: () => number } {
  const db = new Database(filename);
  let calls = 0;
  const counted = (statement: Database.Statement): Database.Statement => {
    const proxy: Database.Statement = new Proxy(statement, {
      get(s, k) {
        const value = Reflect.get(s, k, s) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (k === 'run' || k === 'get' || k === 'all') calls++;
          const result = (value as (...a: unknown[]) => unknown).apply(s, args);
          return result === s ? proxy : result; // `raw(true)` gives the statement back
        };
      },
    });
    return proxy;
  };
  const database = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          return pattern.test(sql) ? counted(statement) : statement;
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { database, calls: () => calls };
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
  it('entries, streams and types are stored again after a rolled-back batch or a request rolled back to its savepoint (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const filename = tempFile();
        const store = await createSqliteEventStore({ filename });
        const acknowledged = new Map<string, string>(); // event id → "stream type actor"
        const ack = (streamId: string, event: NewEvent) => acknowledged.set(event.metadata.eventId, `${streamId} ${event.type} ${(event.metadata.actor as { id: string }).id}`);
        let stream = 0;
        let fresh = 0;
        // Actors are mostly new ones, so a rolled-back write is the first to store them.
        const actorOf = (k: number) => (k < 3 ? `officer-${k}` : `new-${fresh++}`);
        const seed = withActor('seed');
        await store.append('seed', [seed]);
        ack('seed', seed);
        for (const o of ops) {
          if (o.kind === 'append' || o.kind === 'later-shape') {
            const event = withActor(actorOf(o.actor));
            // 'later-shape': a metadata key the other events lack, so a new shape entry too.
            const written = o.kind === 'later-shape' ? { ...event, metadata: { ...event.metadata, channel: 'portal' } } : event;
            const name = `s-${stream++}`;
            await store.append(name, [written]);
            ack(name, written);
          } else if (o.kind === 'failed-batch') {
            // A new stream, a new type and (mostly) a new actor, all rolled back, then written again.
            const actor = actorOf(o.actor);
            const name = `s-${stream++}`;
            const type = `Fresh${fresh++}`;
            await expect(
              store.batch(async () => {
                await store.append(name, [{ ...withActor(actor), type }]);
                throw new Error('the caller gives up');
              }),
            ).rejects.toThrow('the caller gives up');
            const after = { ...withActor(actor), type };
            await store.append(name, [after], { expectedVersion: 'no_stream' });
            ack(name, after);
          } else {
            // A request of two events whose second id is stored already: refused after its first row (new stream,
            // new type, actor) went in; a later request of the same group writes to that stream with that type.
            const actor = actorOf(o.actor);
            const other = o.second % 2 === 0 ? actor : actorOf(o.second);
            const refusedName = `s-${stream++}`;
            const type = `Fresh${fresh++}`;
            const good = withActor(actor);
            const alsoGood = { ...withActor(other), type };
            const outcomes = await store.appendMany([
              { streamId: refusedName, events: [{ ...withActor(actor), type }, withActor(other, seed.metadata.eventId)] },
              { streamId: `s-${stream}`, events: [good] },
              { streamId: refusedName, events: [alsoGood], options: { expectedVersion: 'no_stream' } },
            ]);
            expect(outcomes[0]!.ok).toBe(false);
            expect(outcomes[1]!.ok && outcomes[2]!.ok).toBe(true);
            ack(`s-${stream++}`, good);
            ack(refusedName, alsoGood);
          }
        }
        await store.close();
        const reader = await createSqliteEventStore({ filename });
        const read = new Map<string, string>();
        for await (const batch of reader.readBatches({ batchSize: 100 }))
          for (const e of batch) read.set(e.metadata.eventId, `${e.streamId} ${e.type} ${(e.metadata.actor as { id: string }).id}`);
        await reader.close();
        expect(read).toEqual(acknowledged);
      }),
      { numRuns: 40 },
    );
  });

  it('cost nothing once committed: 60 appends of one actor to one stream, one at a time, write its entry, its shape, the stream and the type once', async () => {
    const filename = tempFile();
    const { database, calls } = countingDatabase(filename, /^(INSERT INTO motcua_dictionary|(SELECT id FROM|INSERT INTO) motcua_(streams|types))\b/);
    const store = await createSqliteEventStore({ database });
    const before = calls();
    for (let k = 0; k < 60; k++) await store.append('s-1', [withActor('officer-1')]);
    // The shape and the actor entries once each; the stream and the type: found (absent), then added, once each.
    // The store before these caches: 240 statements.
    expect(calls() - before).toBeLessThanOrEqual(6);
    await store.close();
    database.close();
    const reader = await createSqliteEventStore({ filename });
    let n = 0;
    for await (const batch of reader.readBatches()) for (const e of batch) n += (e.metadata.actor as { id: string }).id === 'officer-1' ? 1 : 0;
    await reader.close();
    expect(n).toBe(60);
  });
});
