/**
 * The GroupCommitter's bookkeeping (issue #16.1), against a stand-in
 * `appendMany` that records its calls and answers each request from a
 * seeded script (the real stores run the group commit contract in
 * store-sqlite and store-postgres). Properties: every append settles exactly
 * once, with its own outcome, only after the call that held it returned; a
 * call never holds one stream twice nor more than `maxBatch` requests; a
 * failed call rejects each of its requests and nothing else; a lone append
 * is committed without waiting for the end of the event-loop turn.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupCommitter, ValidationError, type AppendManyOutcome, type AppendRequest, type AppendResult } from '@motcua/core';

const result = (streamId: string): AppendResult => ({ streamId, nextExpectedVersion: 1, lastPosition: 1, events: [], duplicate: false });

interface Script {
  /** Per request index: 'ok' | 'refused'; per call index: whether the whole call fails. */
  refuse: Set<string>;
  failCalls: Set<number>;
}

function standIn(script: Script) {
  const calls: { requests: AppendRequest[]; done: boolean }[] = [];
  let inFlight = 0;
  let maxSeenInFlight = 0;
  return {
    calls,
    get maxSeenInFlight() {
      return maxSeenInFlight;
    },
    store: {
      async appendMany(requests: readonly AppendRequest[]): Promise<AppendManyOutcome[]> {
        const call = { requests: [...requests], done: false };
        const index = calls.push(call) - 1;
        inFlight++;
        maxSeenInFlight = Math.max(maxSeenInFlight, inFlight);
        await new Promise((r) => setTimeout(r, index % 3)); // asynchronous I/O of varying length
        inFlight--;
        call.done = true;
        if (script.failCalls.has(index)) throw new Error(`call ${index} failed`);
        return requests.map((r) =>
          script.refuse.has(r.events[0]!.metadata.eventId) ? { ok: false, error: new Error(`refused ${r.streamId}`) } : { ok: true, result: result(r.streamId) },
        );
      },
    },
  };
}

describe('GroupCommitter', () => {
  it('settles every append once, after its call, with its own outcome; batches respect maxBatch and one-stream-once (seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stream: fc.integer({ min: 0, max: 9 }), refused: fc.boolean(), delay: fc.integer({ min: 0, max: 3 }) }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
        async (appends, maxBatch, maxInFlight, eager, flushWhenIdle, failing) => {
          const script: Script = { refuse: new Set(), failCalls: new Set(failing) };
          const fake = standIn(script);
          const committer = new GroupCommitter(fake.store, { maxBatch, maxInFlight, eager, flushWhenIdle });
          const settled = await Promise.all(
            appends.map(async (a, i) => {
              await new Promise((r) => setTimeout(r, a.delay));
              const id = `e${i}`;
              if (a.refused) script.refuse.add(id);
              const streamId = `s${a.stream}`;
              const outcome = await committer.append(streamId, [{ type: 'T', data: {}, metadata: { eventId: id, schemaVersion: 1, occurredAt: '', recordedAt: '' } }]).then(
                (value) => ({ ok: true as const, value }),
                (error: Error) => ({ ok: false as const, error }),
              );
              return { id, streamId, outcome };
            }),
          );
          // Each append was in exactly one call, and its outcome is that call's answer for it.
          for (const { id, streamId, outcome } of settled) {
            const holding = fake.calls.map((call, index) => ({ call, index })).filter(({ call }) => call.requests.some((r) => r.events[0]!.metadata.eventId === id));
            expect(holding.length).toBe(1);
            const { call, index } = holding[0]!;
            expect(call.done).toBe(true);
            if (script.failCalls.has(index)) expect(outcome).toEqual({ ok: false, error: new Error(`call ${index} failed`) });
            else if (script.refuse.has(id)) expect(outcome).toEqual({ ok: false, error: new Error(`refused ${streamId}`) });
            else expect(outcome).toEqual({ ok: true, value: result(streamId) });
          }
          for (const call of fake.calls) {
            expect(call.requests.length).toBeLessThanOrEqual(maxBatch);
            expect(new Set(call.requests.map((r) => r.streamId)).size).toBe(call.requests.length);
          }
          expect(fake.maxSeenInFlight).toBeLessThanOrEqual(maxInFlight);
        },
      ),
      { seed: 16_01, numRuns: 60 },
    );
  });

  it('a burst started in one synchronous loop is one call; a lone append does not wait for the end of the turn', async () => {
    const fake = standIn({ refuse: new Set(), failCalls: new Set() });
    let active = 0;
    const committer = new GroupCommitter(fake.store, {}, () => active);
    const event = (id: string) => [{ type: 'T', data: {}, metadata: { eventId: id, schemaVersion: 1, occurredAt: '', recordedAt: '' } }];
    active = 5;
    await Promise.all(Array.from({ length: 5 }, (_, i) => committer.append(`s${i}`, event(`b${i}`))));
    expect(fake.calls.map((c) => c.requests.length)).toEqual([5]);
    // A lone append: its call starts before a setImmediate callback queued at the same time runs.
    active = 1;
    const order: string[] = [];
    setImmediate(() => order.push('turn ended'));
    const lone = committer.append('s-lone', event('lone'));
    await Promise.resolve();
    await Promise.resolve();
    order.push(fake.calls.length === 2 ? 'call started' : 'not yet');
    await lone;
    expect(order[0]).toBe('call started');
  });

  it('flushWhenIdle: a lone append starts its call before the turn ends; writers answered by one call append again as one call', async () => {
    const fake = standIn({ refuse: new Set(), failCalls: new Set() });
    const committer = new GroupCommitter(fake.store, { flushWhenIdle: true }); // no `active`: the store's own committer
    const event = (id: string) => [{ type: 'T', data: {}, metadata: { eventId: id, schemaVersion: 1, occurredAt: '', recordedAt: '' } }];
    const order: string[] = [];
    setImmediate(() => order.push('turn ended'));
    const lone = committer.append('s-lone', event('lone'));
    for (let i = 0; i < 3; i++) await Promise.resolve();
    order.push(fake.calls.length === 1 ? 'call started' : 'not yet');
    await lone;
    expect(order[0]).toBe('call started');
    // 8 writers, each appending again as soon as its previous append is answered (several awaits deep): one call of 8 a round (leader/follower, `eager`, would split them).
    fake.calls.length = 0;
    const writer = async (w: number) => {
      for (let k = 0; k < 5; k++) {
        const append = async () => committer.append(`w${w}-${k}`, event(`w${w}-${k}`));
        await (async () => await append())();
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    expect(fake.calls.map((c) => c.requests.length)).toEqual([8, 8, 8, 8, 8]);
  });

  it('refuses bad options with a ValidationError naming the option', () => {
    const store = { appendMany: async () => [] };
    expect(() => new GroupCommitter(store, { maxBatch: 0 })).toThrow(ValidationError);
    expect(() => new GroupCommitter(store, { maxWaitMs: -1 })).toThrow(/maxWaitMs/);
    expect(() => new GroupCommitter(store, { maxInFlight: 1.5 })).toThrow(/maxInFlight/);
  });
});
