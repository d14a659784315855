/**
 * A fast path for zod parsing of commands. zod 4 allocates a result object
 * per field it visits, which makes validation one of the engine's largest
 * costs. `compileFastParse(schema)` turns a zod schema built from the plain
 * kinds the command schemas use (objects, strict or not, strings with length/format/regex/
 * refine checks, numbers, booleans, enums, literals, arrays, optional,
 * default, discriminated unions) into one function that either returns
 * exactly what `schema.parse` would return, or `undefined` — "not sure" —
 * and the caller asks zod. It never rejects: every error message still comes
 * from zod. A schema with any other kind compiles to `undefined` (zod only).
 * A property test holds the two equal on valid and corrupted commands.
 */
import type { z } from 'zod';

/** Returns the parsed value, or `undefined` when zod must decide. */
export type FastParse = (input: unknown) => unknown;

const NO = Symbol('no');
type Step = (value: unknown) => unknown; // returns NO when not sure

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  shape?: Record<string, { _zod: { def: Def } }>;
  catchall?: { _zod: { def: Def } };
  innerType?: { _zod: { def: Def } };
  defaultValue?: unknown;
  element?: { _zod: { def: Def } };
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: { _zod: { def: Def } }[];
  discriminator?: string;
  format?: string;
  pattern?: RegExp;
  fn?: (value: unknown) => unknown;
}
interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
  fn?: (value: unknown) => unknown;
  abort?: boolean;
}

/**
 * Compile a zod schema into a fast parser, or `undefined` if it uses a kind
 * the fast path does not know.
 *
 * @example
 * ```ts
 * const fast = compileFastParse(commandSchema);
 * const command = fast?.(input) ?? commandSchema.parse(input);
 * ```
 */
export function compileFastParse(schema: z.ZodType): FastParse | undefined {
  const step = compile((schema as unknown as { _zod: { def: Def } })._zod.def);
  if (!step) return undefined;
  return (input) => {
    const out = step(input);
    return out === NO ? undefined : out;
  };
}

function compile(def: Def): Step | undefined {
  switch (def.type) {
    case 'string':
      return stringStep(def);
    case 'number': {
      const checks = checkSteps(def.checks, 'number');
      if (!checks) return undefined;
      return (v) => (typeof v === 'number' && Number.isFinite(v) && all(checks, v) ? v : NO);
    }
    case 'boolean':
      if (def.checks?.length) return undefined;
      return (v) => (typeof v === 'boolean' ? v : NO);
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      if ([...allowed].some((x) => typeof x !== 'string')) return undefined;
      return (v) => (typeof v === 'string' && allowed.has(v) ? v : NO);
    }
    case 'literal': {
      const values = def.values ?? [];
      if (values.some((x) => typeof x !== 'string')) return undefined;
      return (v) => (values.includes(v) ? v : NO);
    }
    case 'optional': {
      const inner = def.innerType && compile(def.innerType._zod.def);
      if (!inner) return undefined;
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case 'default': {
      const inner = def.innerType && compile(def.innerType._zod.def);
      if (!inner) return undefined;
      const holder = def;
      // zod hands out a fresh copy of an object/array default on each parse: so does this.
      return (v) => (v === undefined ? holder.defaultValue : inner(v));
    }
    case 'array': {
      const element = def.element && compile(def.element._zod.def);
      const checks = checkSteps(def.checks, 'array');
      if (!element || !checks) return undefined;
      return (input) => {
        if (!Array.isArray(input) || !all(checks, input)) return NO;
        const out = new Array<unknown>(input.length);
        for (let i = 0; i < input.length; i++) {
          const item = element(input[i]);
          if (item === NO) return NO;
          out[i] = item;
        }
        return out;
      };
    }
    case 'object':
      return objectStep(def);
    case 'union':
      return unionStep(def);
    default:
      return undefined;
  }
}

function stringStep(def: Def): Step | undefined {
  // Length bounds are checked inline (every command string has them); the rest in turn.
  let min = 0;
  let max = Infinity;
  const others: Def['checks'] = [];
  for (const check of def.checks ?? []) {
    const checkDef = check._zod.def;
    if (checkDef.check === 'min_length' && typeof checkDef.minimum === 'number') min = Math.max(min, checkDef.minimum);
    else if (checkDef.check === 'max_length' && typeof checkDef.maximum === 'number') max = Math.min(max, checkDef.maximum);
    else others.push(check);
  }
  const checks = checkSteps(others, 'string');
  if (!checks) return undefined;
  if (def.format !== undefined) {
    // A format schema (z.uuid(), …) carries its own pattern.
    const pattern = def.pattern;
    if (!(pattern instanceof RegExp) || pattern.global || pattern.sticky) return undefined;
    checks.unshift((v) => pattern.test(v as string));
  }
  if (checks.length === 0) return (v) => (typeof v === 'string' && v.length >= min && v.length <= max ? v : NO);
  if (checks.length === 1) {
    const only = checks[0]!;
    return (v) => (typeof v === 'string' && v.length >= min && v.length <= max && only(v) ? v : NO);
  }
  return (v) => (typeof v === 'string' && v.length >= min && v.length <= max && all(checks, v) ? v : NO);
}

/** Every check passes (a loop: no closure per value). */
function all(checks: readonly ((value: unknown) => boolean)[], value: unknown): boolean {
  for (let i = 0; i < checks.length; i++) if (!checks[i]!(value)) return false;
  return true;
}

function checkSteps(checks: Def['checks'], kind: 'string' | 'number' | 'array'): ((value: unknown) => boolean)[] | undefined {
  const out: ((value: unknown) => boolean)[] = [];
  for (const check of checks ?? []) {
    const checkDef = check._zod.def;
    if (checkDef.check === 'min_length' && kind !== 'number' && typeof checkDef.minimum === 'number') {
      const min = checkDef.minimum;
      out.push((v) => (v as { length: number }).length >= min);
    } else if (checkDef.check === 'max_length' && kind !== 'number' && typeof checkDef.maximum === 'number') {
      const max = checkDef.maximum;
      out.push((v) => (v as { length: number }).length <= max);
    } else if (checkDef.check === 'string_format' && kind === 'string' && checkDef.pattern instanceof RegExp && !checkDef.pattern.global && !checkDef.pattern.sticky) {
      const pattern = checkDef.pattern;
      out.push((v) => pattern.test(v as string));
    } else if (checkDef.check === 'number_format' && kind === 'number' && checkDef.format === 'safeint') {
      out.push((v) => Number.isSafeInteger(v));
    } else if (checkDef.check === 'greater_than' && kind === 'number' && typeof checkDef.value === 'number') {
      const { value, inclusive } = checkDef;
      out.push((v) => (inclusive ? (v as number) >= value : (v as number) > value));
    } else if (checkDef.check === 'less_than' && kind === 'number' && typeof checkDef.value === 'number') {
      const { value, inclusive } = checkDef;
      out.push((v) => (inclusive ? (v as number) <= value : (v as number) < value));
    } else if (checkDef.check === 'custom' && typeof checkDef.fn === 'function') {
      const fn = checkDef.fn;
      out.push((v) => fn(v) === true);
    } else return undefined;
  }
  return out;
}

function objectStep(def: Def): Step | undefined {
  // A strict object (`z.strictObject`: catchall `never`) is known; any other catchall is not.
  const strict = def.catchall !== undefined && def.catchall._zod?.def?.type === 'never';
  if ((def.catchall !== undefined && !strict) || def.checks?.length || !def.shape) return undefined;
  const keys = Object.keys(def.shape);
  const known = new Set(keys);
  const steps: Step[] = [];
  const optional: boolean[] = [];
  for (const key of keys) {
    const fieldDef = def.shape[key]!._zod.def;
    const step = compile(fieldDef);
    if (!step || key === '__proto__') return undefined;
    steps.push(step);
    optional.push(fieldDef.type === 'optional');
  }
  return (input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return NO;
    const src = input as Record<string, unknown>;
    // zod looks for unknown keys with `for…in` (inherited enumerable keys included): so does this, and an unknown key means "zod decides" (it refuses).
    if (strict) for (const key in src) if (!known.has(key)) return NO;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const field = src[key];
      if (optional[i] && field === undefined) {
        // zod keeps an optional key that is present with `undefined`, and leaves out an absent one.
        if (key in src) out[key] = undefined;
        continue;
      }
      const parsed = steps[i]!(field);
      if (parsed === NO) return NO;
      out[key] = parsed;
    }
    return out;
  };
}

function unionStep(def: Def): Step | undefined {
  const disc = def.discriminator;
  if (typeof disc !== 'string' || !def.options) return undefined;
  const byTag = new Map<unknown, Step>();
  for (const option of def.options) {
    const od = option._zod.def;
    const tag = od.shape?.[disc]?._zod.def;
    if (od.type !== 'object' || tag?.type !== 'literal' || tag.values?.length !== 1) return undefined;
    const step = objectStep(od);
    if (!step) return undefined;
    byTag.set(tag.values[0], step);
  }
  return (input) => {
    if (typeof input !== 'object' || input === null) return NO;
    const step = byTag.get((input as Record<string, unknown>)[disc]);
    return step ? step(input) : NO;
  };
}
