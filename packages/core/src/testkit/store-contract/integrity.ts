import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyHistory } from '../../integrity/verify';
import type { EventStore, NewEvent, StoredEvent } from '../../store/types';
import { collect, makeTestEvent } from './support';
import type { ContractContext } from './support';

/**
 * The hash chain as docs/security.md specifies it, written independently of
 * `integrity/chain.ts` (the oracle): the JSON round trip of the value, then
 * objects written with their keys sorted.
 */
function oracleCanonical(value: unknown): string {
  const enc = (value: unknown): string => {
    if (Array.isArray(value)) return `[${value.map(enc).join(',')}]`;
    if (value !== null && typeof value === 'object')
      return `{${Object.keys(value)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${enc((value as Record<string, unknown>)[k])}`)
        .join(',')}}`;
    return JSON.stringify(value);
  };
  return enc(JSON.parse(JSON.stringify(value) ?? 'null'));
}

/** The expected `metadata.hash` of each event of a stream, from the first. */
export function oracleChain(streamId: string, events: readonly Pick<NewEvent, 'type' | 'data' | 'metadata'>[]): string[] {
  const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
  let prev = '';
  return events.map((event, index) => {
    const { hash: _ignored, ...metadata } = event.metadata as NewEvent['metadata'] & { hash?: string };
    const digest = sha(oracleCanonical([streamId, event.type, event.data, metadata]));
    prev = sha(`motcua-event/1\n${prev}\n${index + 1}\n${digest}`);
    return prev;
  });
}

/** A stored event's metadata without its hash, to compare with what was appended. */
export function withoutHash(event: StoredEvent): Record<string, unknown> {
  const { hash: _hash, ...rest } = event.metadata as Record<string, unknown>;
  return rest;
}

/** Tamper-evident history: the per-stream hash chain every adapter writes, and `verifyHistory` on it. */
export function integrityContract(context: ContractContext): void {
  describe('hash chain', () => {
    let store: EventStore;
    beforeEach(() => {
      store = context.store;
    });

    it('every appended event carries its stream hash chain, as specified (independent oracle), in append results and reads', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ stream: fc.integer({ min: 0, max: 2 }), count: fc.integer({ min: 1, max: 3 }), data: fc.jsonValue() }), { minLength: 1, maxLength: 8 }),
          async (ops) => {
            const prefix = `chain-${Math.random().toString(36).slice(2)}-`;
            const written = new Map<string, NewEvent[]>();
            let last = 0;
            for (const op of ops) {
              const streamId = `${prefix}${op.stream}`;
              // keys that JavaScript orders differently from a sort (integer-like) and jsonb reorders (by length)
              const batch = Array.from({ length: op.count }, (_, j) => makeTestEvent('Chained', { zz: op.data, 10: j, 9: 'chín', a: { bb: 1, a: 2 } }));
              const result = await store.append(streamId, batch);
              const all = [...(written.get(streamId) ?? []), ...batch];
              written.set(streamId, all);
              const want = oracleChain(streamId, all).slice(-batch.length);
              expect(result.events.map((e) => e.metadata.hash)).toEqual(want);
              last = result.lastPosition;
            }
            await store.waitUntilReadable(last);
            for (const [streamId, events] of written) {
              const read = (await store.readStream(streamId)).events;
              expect(read.map((e) => e.metadata.hash)).toEqual(oracleChain(streamId, events));
              expect(read.map(withoutHash)).toEqual(events.map((e) => e.metadata));
            }
            const logged = await collect(store.readAll({ streamPrefix: prefix }));
            expect(logged.map((e) => e.metadata.hash)).toEqual(logged.map((e) => oracleChain(e.streamId, written.get(e.streamId)!)[e.version - 1]));
          },
        ),
        { numRuns: 15 },
      );
      expect((await verifyHistory(store)).ok).toBe(true);
    });

    it('a hash the caller put in the metadata is replaced by the store', async () => {
      const forged = makeTestEvent('Chained', { n: 1 }, { hash: '0'.repeat(64) });
      const result = await store.append('forged', [forged]);
      expect(result.events[0]!.metadata.hash).toBe(oracleChain('forged', [forged])[0]);
      await store.waitUntilReadable(result.lastPosition);
      expect((await store.readStream('forged')).events[0]!.metadata.hash).toBe(oracleChain('forged', [forged])[0]);
      const checked = await verifyHistory(store);
      expect(checked).toMatchObject({ ok: true, events: 1, unchained: 0 });
    });

    it('an idempotent retry returns the stored hashes and writes nothing', async () => {
      const batch = [makeTestEvent('A', { n: 1 }), makeTestEvent('B', { n: 2 })];
      const first = await store.append('retry', batch);
      const again = await store.append('retry', batch);
      expect(again.duplicate).toBe(true);
      expect(again.events.map((e) => e.metadata.hash)).toEqual(first.events.map((e) => e.metadata.hash));
      const checked = await verifyHistory(store);
      expect(checked).toMatchObject({ ok: true, events: 2 });
    });

    it('a store that records where hashing began says 1 for a log it wrote from the start, and verify requires hashes from there', async () => {
      await store.append('hashed-from', [makeTestEvent('A', { n: 1 })]);
      if (!store.hashedFrom) return; // the method is optional (docs/security.md, "Where hashing began is recorded")
      expect(await store.hashedFrom()).toBe(1);
      expect(await verifyHistory(store)).toMatchObject({ ok: true, unchained: 0, hashedFrom: 1 });
    });
  });
}
