/**
 * The metadata dictionary's caches on one connection stay within their limit
 * whichever path fills them — writes (`store`) as well as reads — and
 * whatever they drop is read back right. Found at province scale: every new
 * citizen's actor is a new dictionary entry, and the write path added each
 * one to the cache of texts without a bound (the simulation thread's heap
 * grew with the dossiers; docs/performance.md "Session 8: lang-son memory").
 * Oracle: the texts the test stored, kept in its own Map.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRowCodec, DICTIONARY_CACHE_LIMIT } from '../src/codec-rows';
import { ensureSchema } from '../src/schema';
import { tempFile } from './helpers';

describe('dictionary caches of a connection', () => {
  it('stay within the limit when written and read, and give back every stored text', () => {
    const db = new Database(tempFile());
    ensureSchema(db, true);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.uniqueArray(fc.record({ id: fc.string({ maxLength: 12 }), role: fc.constantFrom('citizen', 'officer'), name: fc.string({ maxLength: 20 }) }), {
          minLength: 1,
          maxLength: 300,
          selector: (actor) => JSON.stringify(actor),
        }),
        fc.array(fc.nat(), { maxLength: 300 }),
        (limit, actors, reads) => {
          const codec = createRowCodec(db, { cacheLimit: limit });
          const stored = new Map<number, string>();
          db.transaction(() => {
            for (const actor of actors) {
              const text = JSON.stringify(actor);
              const id = codec.dictionary.store(text);
              if (id !== undefined) stored.set(id, text); // undefined only for a 48-bit collision
              const sizes = codec.cacheSizes();
              expect(sizes.texts).toBeLessThanOrEqual(limit);
            }
          })();
          const ids = [...stored.keys()];
          for (const r of reads) {
            const id = ids[r % ids.length]!;
            expect(codec.dictionary.text(id)).toBe(stored.get(id));
            expect(codec.dictionary.value!(id)).toEqual(JSON.parse(stored.get(id)!));
            const sizes = codec.cacheSizes();
            expect(Math.max(sizes.texts, sizes.values, sizes.shapes)).toBeLessThanOrEqual(limit);
          }
        },
      ),
      { numRuns: 60 },
    );
    db.close();
  });

  it('holds at most its limit after 5,000 new entries written in one transaction', () => {
    const db = new Database(tempFile());
    ensureSchema(db, true);
    const codec = createRowCodec(db, { cacheLimit: 1000 });
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) codec.dictionary.store(JSON.stringify({ id: `cd-${i}`, role: 'citizen' }));
    })();
    // 5,000 new entries through a 1,000-entry cache: never more than the limit (the old code held all 5,000).
    expect(codec.cacheSizes().texts).toBeLessThanOrEqual(1000);
    expect(DICTIONARY_CACHE_LIMIT).toBeGreaterThan(0);
    db.close();
  });
});
