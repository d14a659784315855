/**
 * zod's validation of what a caller hands in, made total: a result or a
 * `ValidationError` (`VALIDATION_FAILED`, zod's issues with path and message),
 * never zod's own exception.
 *
 * zod 4 can throw instead of reporting: a length check compares a value's
 * `length` with a number, and a `length` that is an object without a
 * prototype cannot be turned into one (`{ name: { length: Object.create(null) } }`:
 * "Cannot convert object to primitive value"). Then the input is validated
 * again as a copy whose objects all have the ordinary prototype — the same
 * keys and values — so it gets zod's issues (`name` is not a string). A getter
 * or proxy that throws while the input is read makes it unreadable
 * (`unreadable_input`).
 */
import type { z } from 'zod';
import { MotcuaError, ValidationError, fromZodIssues } from './errors';

/**
 * `schema.safeParse(input)`, retried on a copy with ordinary prototypes if zod throws (see the module comment). A
 * getter that throws while the copy is made still throws.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const result = safeParseInput(z.object({ name: z.string().max(10) }), { name: { length: Object.create(null) } });
 * result.success; // false: name is not a string
 * ```
 */
export function safeParseInput<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  try {
    return schema.safeParse(input);
  } catch {
    return schema.safeParse(withPrototypes(input, new Map()));
  }
}

/**
 * The validated input, or a `ValidationError` named `message` with zod's issues (`unreadable_input` if reading the
 * input threw).
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * const limits = parseInput(z.object({ max: z.number() }), { max: 3 }, 'Invalid limits'); // { max: 3 }
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, message: string): z.output<S> {
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = safeParseInput(schema, input);
  } catch (error) {
    if (error instanceof MotcuaError) throw error;
    throw unreadable(error);
  }
  if (!parsed.success) throw new ValidationError(message, fromZodIssues(parsed.error.issues));
  return parsed.data;
}

/** The refusal of an input that threw while being read (a getter, a proxy): it is unreadable, not our bug. */
export function unreadable(error: unknown, what = 'input'): ValidationError {
  return new ValidationError(`Unreadable ${what}`, [
    { code: 'unreadable_input', path: [], message: `reading the ${what} threw ${error instanceof Error ? error.name : typeof error}` },
  ]);
}

/** `value` with every object without a prototype (at any depth) copied into an ordinary one; arrays copied; anything else kept. */
function withPrototypes(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value;
  const done = seen.get(value);
  if (done !== undefined) return done;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(withPrototypes(item, seen));
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && proto !== Object.prototype) return value; // a Date, a class instance: zod judges it as it is
  const out: Record<string, unknown> = {};
  seen.set(value, out);
  for (const key of Object.keys(value)) {
    // defineProperty: a `__proto__` key stays a key
    Object.defineProperty(out, key, { value: withPrototypes((value as Record<string, unknown>)[key], seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
