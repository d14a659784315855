/**
 * zod 4 throws instead of reporting on some inputs: its length checks compare
 * `value.length` with a number, and a `length` that is an object without a
 * prototype cannot be turned into one. Every place where motcua hands a
 * caller's value to zod must still answer with a `ValidationError` (zod's
 * issues) — never zod's TypeError (found by the fast-parse property, 1 input
 * in ~170,000). Oracle: zod itself, wherever it does not throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commandSchema,
  createOutboxRelay,
  definePolicy,
  defineProcedure,
  InMemoryEventStore,
  InMemoryOutboxStore,
  MotcuaError,
  parseAuditFilter,
  parseDossierListQuery,
} from '@motcua/core';
import { safeParseInput } from '../src/zod-parse';

/** A value zod 4 cannot check the length of: its `length` has no prototype. */
const hostile = () => ({ length: Object.create(null) as object });

const refusal = (fn: () => unknown): MotcuaError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof MotcuaError) return error;
    throw new Error(`not a MotcuaError: ${(error as Error)?.name}: ${(error as Error)?.message}`);
  }
  throw new Error('expected a refusal');
};

describe('a caller value zod would throw on', () => {
  it('zod itself throws on it (what the rest guards against)', () => {
    expect(() => commandSchema.safeParse({ type: 'CorrectResult', note: hostile() })).toThrow(TypeError);
  });

  it('gets a ValidationError with zod’s issues from every entry point that validates with zod', () => {
    const cases: [string, () => unknown, (string | number)[]][] = [
      ['definePolicy', () => definePolicy({ id: 'p', validFrom: '2026-01-01', roles: hostile(), rules: [] } as never), ['roles']],
      ['parseAuditFilter', () => parseAuditFilter({ actorId: hostile() } as never), ['actorId']],
      ['parseDossierListQuery', () => parseDossierListQuery({ after: hostile() } as never), ['after']],
      ['defineProcedure', () => defineProcedure({ code: '1.000001', version: hostile() } as never), ['version']],
      [
        'createOutboxRelay',
        () => createOutboxRelay({ log: new InMemoryEventStore(), outbox: new InMemoryOutboxStore(), routes: [], transports: {}, name: hostile() } as never),
        ['name'],
      ],
    ];
    for (const [name, call, path] of cases) {
      const e = refusal(call);
      expect(e.code, name).toBe('VALIDATION_FAILED');
      expect(
        e.issues.some((i) => JSON.stringify(i.path) === JSON.stringify(path)),
        `${name}: ${JSON.stringify(e.issues)}`,
      ).toBe(true);
      expect(
        e.issues.some((i) => i.code === 'unreadable_input'),
        name,
      ).toBe(false);
    }
  });
});

describe('safeParseInput', () => {
  it('never throws on values without getters, and gives zod’s own result wherever zod does not throw (property)', () => {
    const junk = fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true });
    const input = fc.oneof(
      junk,
      fc.record({ type: fc.constantFrom('CorrectResult', 'RequestSupplement', 'ReceiveDossier'), note: junk, reason: junk, items: fc.array(junk, { maxLength: 3 }) }),
      fc.record({ type: fc.constant('CorrectResult'), note: fc.constant(hostile()) }),
    );
    let threw = 0;
    fc.assert(
      fc.property(input, (value) => {
        const ours = safeParseInput(commandSchema, value);
        let theirs: ReturnType<typeof commandSchema.safeParse>;
        try {
          theirs = commandSchema.safeParse(value);
        } catch {
          threw++;
          expect(ours.success).toBe(false); // a value zod chokes on is not a valid command
          return;
        }
        expect(ours.success).toBe(theirs.success);
        if (theirs.success) expect(ours.data).toStrictEqual(theirs.data);
        else expect(ours.error!.issues.map((i) => [i.code, i.path])).toEqual(theirs.error.issues.map((i) => [i.code, i.path]));
      }),
      { numRuns: 3000 },
    );
    expect(threw).toBeGreaterThan(0); // the property did meet zod's throw
  });
});
