import type { z } from 'zod';
import type { EvolveTarget, Part } from '../dossier/thaw';

/** A label in Vietnamese and English. */
export interface Label {
  vi: string;
  en: string;
}

/**
 * Everything about one event type, in one place:
 * - `schema`: the zod schema of its `data`;
 * - `writes`: the containers below the state's top level it writes (parts of
 *   `dossier/thaw.ts`; `[]` when it only assigns top-level fields) — the
 *   copy-on-write table is derived from it, and `evolve` cannot write any
 *   other container (it does not compile);
 * - `evolve`: how it changes the dossier's data (the machine part — state,
 *   status, version — is the fold's). Written once, run on a hand-made
 *   copy-on-write copy by the engine and on an immer draft by
 *   `evolveDossier`, the reference the property tests hold it to;
 * - `label`: its name for people (control slip, docs);
 * - `version`: the schema version of `data` it writes (1 when omitted), and
 *   `upcast`: for each older version `v`, how data of version `v` becomes
 *   data of version `v + 1` (the last step returns the current shape). Every
 *   store applies them when it hands an event out (`events/upcast.ts`), so
 *   every reader sees the current shape. See docs/events.md.
 */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType, P extends Part = Part> {
  readonly schema: Schema;
  readonly writes: readonly P[];
  readonly evolve: (draft: EvolveTarget<P>, data: z.output<Schema>, at: string) => void;
  readonly label: Label;
  /** The schema version of `data` this code writes and reads (1, 2, …). */
  readonly version: number;
  /** Upcasters by the version they read: `upcast[v]` turns data of version `v` into version `v + 1`. */
  readonly upcast: Readonly<Record<number, (old: never) => unknown>>;
}

/** `[0, 1, …, N - 1]` as a tuple, for counting in types (event versions are small). */
type Count<N extends number, Acc extends 0[] = []> = Acc['length'] extends N ? Acc : Count<N, [...Acc, 0]>;
/** The versions before `V`: `1 | 2 | … | V - 1` (`never` for 1). */
export type OlderVersions<V extends number, Acc extends 0[] = [0]> = Acc['length'] extends V ? never : Acc['length'] | OlderVersions<V, [...Acc, 0]>;
/** `V - 1`. */
type Previous<V extends number> = Count<V> extends [0, ...infer Rest] ? Rest['length'] : never;

/**
 * The upcasters an event of version `V` needs: one per older version, each
 * taking that version's data (type its parameter with the old shape) and
 * returning the next version's; the last one (`V - 1`) must return data of
 * the current schema.
 */
export type Upcasters<V extends number, Schema extends z.ZodType> = {
  readonly [K in OlderVersions<V>]: K extends Previous<V> ? (old: never) => z.input<Schema> : (old: never) => unknown;
};

/**
 * Define an event type. `schema`, `writes`, `evolve` and `label` are required,
 * and `evolve` is checked against `writes`. A changed shape bumps `version`
 * and names an upcaster for every older version (it does not compile without
 * them): docs/events.md.
 *
 * @example
 * ```ts
 * const FeePaid = defineEvent({
 *   schema: z.object({ amountVnd: z.number().int().min(0), method: z.enum(['counter', 'postal', 'online']) }),
 *   writes: ['fees.paid'],
 *   evolve: (d, data, at) => void d.fees.paid.push({ at, amountVnd: data.amountVnd, method: data.method }),
 *   label: { vi: 'Nộp phí, lệ phí', en: 'Fee paid' },
 * });
 * ```
 */
export function defineEvent<Schema extends z.ZodType, const P extends Part = never, const V extends number = 1>(
  def: {
    schema: Schema;
    writes: readonly P[];
    evolve: (draft: EvolveTarget<P>, data: z.output<Schema>, at: string) => void;
    label: Label;
  } & ([V] extends [1] ? { version?: 1; upcast?: never } : { version: V; upcast: Upcasters<V, Schema> }),
): EventDefinition<Schema, P> {
  const version = def.version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new TypeError(`defineEvent: version must be an integer ≥ 1, got ${version}`);
  const upcast = (def.upcast ?? {}) as Record<number, (old: never) => unknown>;
  for (let older = 1; older < version; older++)
    if (typeof upcast[older] !== 'function') throw new TypeError(`defineEvent: version ${version} needs an upcaster for version ${older}`);
  return Object.freeze({ schema: def.schema, writes: def.writes, evolve: def.evolve, label: def.label, version, upcast: Object.freeze({ ...upcast }) });
}
