/**
 * `saveProjectionText` on PostgreSQL: a checkpoint given as its JSON text (what a
 * rebuild saves for a province's merged snapshot) loads back as the value
 * `saveProjection` stores for the parsed text — the oracle is the existing
 * path and `JSON.parse` itself; text the server cannot store as `jsonb` is a
 * `ValidationError` at `state`, and the previous checkpoint stays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '@motcua/core';
import { ownTestServer, rejection, uniqueSchema } from './helpers';

const own = ownTestServer(4);

describe('saveProjectionText', () => {
  it('loads back what saveProjection stores for the same value, or both refuse it (property)', async () => {
    const store = await own.open(uniqueSchema('cptext'));
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 3 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        async (value, position, tag) => {
          const byValue = await store.saveProjection('by-value', { state: value, position, ...(tag !== undefined ? { tag } : {}) }).then(
            () => undefined,
            (error: unknown) => error,
          );
          const byText = await store.saveProjectionText('by-text', { state: JSON.stringify(value), position, ...(tag !== undefined ? { tag } : {}) }).then(
            () => undefined,
            (error: unknown) => error,
          );
          if (byValue !== undefined) {
            // Refused either way; the text path always says why, as a ValidationError at `state`.
            expect(byText).toBeInstanceOf(ValidationError);
            expect((byText as ValidationError).issues.map((i) => i.path)).toEqual([['state']]);
            return;
          }
          expect(byText).toBeUndefined();
          const loaded = await store.loadProjection('by-text');
          expect(loaded).toEqual(await store.loadProjection('by-value'));
          expect(loaded).toEqual({ state: JSON.parse(JSON.stringify(value)), position, ...(tag !== undefined ? { tag } : {}) });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses text that is not JSON, or holds \\u0000, and keeps the previous checkpoint', async () => {
    const store = await own.open(uniqueSchema('cpbad'));
    await store.saveProjectionText('p', { state: '{"n":1}', position: 7, tag: 'v1' });
    for (const state of ['{"n":', 'not json', '{"a":"\\u0000"}', '']) {
      const error = await rejection(store.saveProjectionText('p', { state, position: 8 }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(await store.loadProjection('p')).toEqual({ state: { n: 1 }, position: 7, tag: 'v1' });
    }
  });
});
