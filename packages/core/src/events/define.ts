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
 * - `label`: its name for people (control slip, docs).
 */
export interface EventDefinition<Schema extends z.ZodType = z.ZodType, P extends Part = Part> {
  readonly schema: Schema;
  readonly writes: readonly P[];
  readonly evolve: (d: EvolveTarget<P>, data: z.output<Schema>, at: string) => void;
  readonly label: Label;
}

/**
 * Define an event type. Every property is required, and `evolve` is checked
 * against `writes`.
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
export function defineEvent<Schema extends z.ZodType, const P extends Part = never>(def: {
  schema: Schema;
  writes: readonly P[];
  evolve: (d: EvolveTarget<P>, data: z.output<Schema>, at: string) => void;
  label: Label;
}): EventDefinition<Schema, P> {
  return Object.freeze(def);
}
