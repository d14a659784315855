/**
 * The fast command parser returns exactly what zod returns, or "not sure":
 * on valid commands generated from the schemas themselves (where it must
 * always answer) and on corrupted ones (where zod decides).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandFingerprint, commandSchema, commandSchemas, isInstantString, toVietnamInstant } from '@motcua/core';
import { compileFastParse } from '../src/commands/fast-parse';

type Def = { type: string; [k: string]: any };
const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** An arbitrary of valid values for a zod schema (the kinds the command schemas use). */
function valid(def: Def): fc.Arbitrary<unknown> {
  switch (def.type) {
    case 'string': {
      // Any letter case: zod accepts both (the engine lower-cases ids after parsing).
      if (def.format === 'uuid') return fc.tuple(fc.uuid(), fc.boolean()).map(([u, up]) => (up ? u.toUpperCase() : u));
      const checks: Def[] = (def.checks ?? []).map(defOf);
      const refines = checks.filter((c) => c.check === 'custom').map((c) => c.fn as (v: string) => boolean);
      if (refines.includes(isInstantString as never))
        return fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => (t % 2 ? toVietnamInstant(t) : new Date(t).toISOString()));
      const re = checks.find((c) => c.check === 'string_format');
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? Infinity;
      const base = re
        ? fc.stringMatching(re.pattern as RegExp).filter((v) => v.length <= max)
        : fc.oneof(fc.string({ minLength: min, maxLength: min + 8 }), fc.string({ unit: 'grapheme', minLength: min, maxLength: min + 8 }));
      // Refinements (a real calendar day, well-formed text) filter what the pattern or the length allow.
      return refines.length ? base.filter((v) => refines.every((f) => f(v))) : base;
    }
    case 'number': {
      const checks: Def[] = (def.checks ?? []).map(defOf);
      const max = checks.find((c) => c.check === 'less_than')?.value ?? 1e9;
      return fc.integer({ min: 0, max });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as string[]));
    case 'optional':
    case 'default':
      return fc.option(valid(defOf(def.innerType)), { nil: undefined });
    case 'array': {
      const min = (def.checks ?? []).map(defOf).find((c: Def) => c.check === 'min_length')?.minimum ?? 0;
      return fc.array(valid(defOf(def.element)), { minLength: min, maxLength: min + 3 });
    }
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const entries = Object.entries(shape).map(([k, s]) => [k, valid(defOf(s))] as const);
      const optionalKeys = Object.keys(shape).filter((k) => ['optional', 'default'].includes(defOf(shape[k]).type));
      return fc.tuple(fc.record(Object.fromEntries(entries)), fc.subarray(optionalKeys)).map(([o, drop]) => {
        const out = { ...(o as Record<string, unknown>) };
        for (const k of drop) delete out[k]; // absent, not just undefined
        return out;
      });
    }
    default:
      throw new Error(`no generator for ${def.type}`);
  }
}

const anyCommand = fc.oneof(...Object.values(commandSchemas).map((s) => valid(defOf(s))));

/** Corrupt a value: replace, delete or add something at a random place. */
function corrupt(x: unknown, path: number[], junk: unknown): unknown {
  if (x === null || typeof x !== 'object' || path.length === 0) return junk;
  const keys = Object.keys(x);
  if (keys.length === 0) return junk;
  const k = keys[path[0]! % keys.length]!;
  const copy: any = Array.isArray(x) ? [...x] : { ...x };
  if (path.length === 1 && path[0]! % 5 === 0) delete copy[k];
  else if (path.length === 1 && path[0]! % 5 === 1) copy[`extra${path[0]}`] = junk;
  else copy[k] = corrupt(copy[k], path.slice(1), junk);
  return copy;
}

describe('compileFastParse', () => {
  const fast = compileFastParse(commandSchema)!;

  it('compiles the command schema', () => {
    expect(fast).toBeTypeOf('function');
  });

  it('answers every valid command, with exactly zod’s output', () => {
    fc.assert(
      fc.property(anyCommand, (input) => {
        const z = commandSchema.safeParse(input);
        expect(z.success).toBe(true);
        const f = fast(input);
        expect(f).not.toBeUndefined();
        expect(f).toStrictEqual(z.data);
      }),
      { numRuns: 3000 },
    );
  });

  it('on corrupted commands it either agrees with zod or leaves the decision to zod', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        anyCommand,
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true }),
        (input, path, junk) => {
          const bad = corrupt(input, path, junk);
          let z: ReturnType<typeof commandSchema.safeParse>;
          try {
            z = commandSchema.safeParse(bad);
          } catch {
            // zod 4 throws on some values (a `length` without a prototype where it checks a length; the engine then
            // validates a copy, input-path.test.ts): the fast parser must not have answered those either.
            expect(fast(bad)).toBeUndefined();
            return;
          }
          const f = fast(bad);
          if (f !== undefined) {
            answered++;
            expect(z.success).toBe(true);
            expect(f).toStrictEqual(z.data);
          }
        },
      ),
      { numRuns: 5000 },
    );
    expect(answered).toBeGreaterThan(0); // some corruptions (extra keys, a valid junk value) are still valid
  });

  /** A copy of `x` with an own enumerable key added to the object at `path` (or `x` itself if the path meets no object). */
  function addKey(x: unknown, path: number[], key: string, value: unknown): unknown {
    if (x === null || typeof x !== 'object') return x;
    const fields = x as Record<string, unknown>;
    const keys = Object.keys(fields).filter((k) => typeof fields[k] === 'object' && fields[k] !== null);
    const copy: any = Array.isArray(x) ? [...x] : { ...x };
    if (path.length === 0 || keys.length === 0) {
      if (Array.isArray(x)) return x;
      Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      return copy;
    }
    const k = keys[path[0]! % keys.length]!;
    const inner = addKey(copy[k], path.slice(1), key, value);
    if (inner === copy[k]) return x;
    copy[k] = inner;
    return copy;
  }

  it('an unknown key at any depth (prototype keys, misspellings): zod refuses it, the fast path defers', () => {
    let added = 0;
    fc.assert(
      fc.property(
        anyCommand,
        fc.array(fc.nat(), { maxLength: 3 }),
        fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'hanedOverAt', 'extra', ''),
        fc.anything(),
        (input, path, key, junk) => {
          const bad = addKey(input, path, key, junk);
          if (bad === input) return;
          added++;
          const z = commandSchema.safeParse(bad);
          expect(z.success).toBe(false);
          expect(z.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
          expect(fast(bad)).toBeUndefined();
        },
      ),
      { numRuns: 3000 },
    );
    expect(added).toBeGreaterThan(1000);
    // An inherited enumerable key counts too (zod looks with for…in).
    const valid = fc.sample(anyCommand, 1)[0] as object;
    const inherited = Object.assign(Object.create({ inherited: true }), valid);
    expect(commandSchema.safeParse(inherited).success).toBe(false);
    expect(fast(inherited)).toBeUndefined();
  });

  it('the command fingerprint: the same for the same command in any key order, different for a different payload', () => {
    const reorder = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(reorder)
        : x !== null && typeof x === 'object'
          ? Object.fromEntries(
              Object.entries(x)
                .reverse()
                .map(([k, v]) => [k, reorder(v)]),
            )
          : x;
    const payload = (c: any) => {
      const { commandId: _c, dossierId: _d, expectedVersion: _e, ...rest } = c;
      return JSON.stringify(rest);
    };
    const sorted = (x: unknown): unknown =>
      Array.isArray(x)
        ? x.map(sorted)
        : x !== null && typeof x === 'object'
          ? Object.fromEntries(
              Object.entries(x)
                .filter(([, v]) => v !== undefined)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([k, v]) => [k, sorted(v)]),
            )
          : x;
    const seen = new Map<number, string>();
    fc.assert(
      fc.property(anyCommand, (input) => {
        const a = commandSchema.parse(input);
        const b = commandSchema.parse(reorder(input));
        expect(commandFingerprint(b)).toBe(commandFingerprint(a));
        expect(commandFingerprint({ ...a, commandId: 'other', expectedVersion: 7 })).toBe(commandFingerprint(a));
        const p = JSON.stringify(sorted(JSON.parse(payload(a))));
        const f = commandFingerprint(a);
        // No two different payloads share a fingerprint in these runs (one id, one payload).
        const before = seen.get(f);
        if (before !== undefined) expect(before).toBe(p);
        seen.set(f, p);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives up on schema kinds it does not know', async () => {
    const { z } = await import('zod');
    expect(compileFastParse(z.object({ a: z.string().transform((s) => s.length) }))).toBeUndefined();
    expect(compileFastParse(z.object({ a: z.date() }))).toBeUndefined();
  });
});
