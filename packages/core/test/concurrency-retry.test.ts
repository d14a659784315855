/**
 * Issue #10 item 21: concurrency conflicts end in a retry, not in a refusal.
 * Several engines (as several processes would) share one store and race on
 * one dossier; the store yields a seeded-random number of turns before each
 * call, so every round interleaves differently; the clock is one shared
 * counter that moves forward on every reading, so the command that loses a
 * race has always read an earlier time than the one that won. A retry must
 * take a fresh time: re-deciding with the old one would be refused as
 * TIME_BEFORE_LAST_EVENT. And the store keeps its promise: nothing lost,
 * nothing twice, versions gap-free, times in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createEngine, InMemoryEventStore, type EventStore } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, officer, unit } from './helpers';

/** A small seeded PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The store, yielding 0–3 turns of the event loop before each read, append or sequence. */
function yielding(store: InMemoryEventStore, random: () => number): EventStore {
  const slow = new Set(['readStream', 'append', 'nextSequence']);
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (!slow.has(prop as string)) return v.bind(target);
      return async (...args: unknown[]) => {
        for (let n = Math.floor(random() * 4); n > 0; n--) await new Promise((r) => setImmediate(r));
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as unknown as EventStore;
}

describe('#10.21 racing engines on one dossier', () => {
  it('every command lands: a retry re-decides with a fresh time (several seeded rounds)', { timeout: 120_000 }, async () => {
    let rounds = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer(), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 6 }), async (seed, engines, perEngine) => {
        rounds++;
        const random = prng(seed);
        const inner = new InMemoryEventStore();
        const store = yielding(inner, random);
        // One clock for all: every reading is one second later than the previous one.
        let t = Date.parse('2024-06-03T01:00:00Z');
        const clock = () => new Date((t += 1000));
        const catalog = sampleCatalog();
        const all = Array.from({ length: engines }, () => createEngine({ store, catalog, clock, policy: 'none' })); // default retries (10)
        const id = uuidv7();
        await all[0]!.execute({ type: 'ReceiveDossier', commandId: uuidv7(), dossierId: id, actor: officer, procedureCode: '2.002030', unit, applicant, channel: 'direct' });
        await all[0]!.execute({ type: 'TransferDossier', commandId: uuidv7(), dossierId: id, actor: officer });
        for (const e of all) await e.get(id); // every engine's cache at version 2, as after earlier traffic
        const petitions = all.flatMap((_, i) => Array.from({ length: perEngine }, (_, k) => `p${i}-${k}`));
        const outcomes = await Promise.allSettled(
          all.map(async (engine, i) => {
            for (let k = 0; k < perEngine; k++)
              await engine.execute({
                type: 'FilePetition',
                commandId: uuidv7(),
                dossierId: id,
                actor: officer,
                petitionId: `p${i}-${k}`,
                content: 'Hỏi tiến độ',
                channel: 'portal',
              });
          }),
        );
        const failures = outcomes.flatMap((o) =>
          o.status === 'rejected' ? [`${(o.reason as { code?: string }).code} ${(o.reason as { rule?: string }).rule ?? ''}: ${(o.reason as Error).message}`] : [],
        );
        expect(failures).toEqual([]);
        const h = await all[0]!.history(id);
        // 0 lost, 0 duplicated, versions 1…n, business time never going back.
        expect(h.map((e) => e.version)).toEqual(h.map((_, i) => i + 1));
        const filed = h.filter((e) => e.type === 'PetitionFiled').map((e) => (e.data as { petitionId: string }).petitionId);
        expect(filed.slice().sort()).toEqual(petitions.slice().sort());
        for (let i = 1; i < h.length; i++) expect(h[i]!.metadata.occurredAt >= h[i - 1]!.metadata.occurredAt).toBe(true);
        // recordedAt is the engine's clock too, read on the attempt that landed: after its business time, never going back.
        for (const e of h) expect(Date.parse(e.metadata.recordedAt)).toBeGreaterThan(Date.parse(e.metadata.occurredAt));
        for (let i = 1; i < h.length; i++) expect(h[i]!.metadata.recordedAt >= h[i - 1]!.metadata.recordedAt).toBe(true);
        expect((await createEngine({ store: inner, catalog, policy: 'none' }).get(id)).petitions).toHaveLength(petitions.length);
      }),
      { numRuns: 25 },
    );
    expect(rounds).toBe(25);
  });
});
