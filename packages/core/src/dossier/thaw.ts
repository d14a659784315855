import { EVENTS, type DossierEventType } from '../events/schemas';
import { copyDossierState, type DossierState } from './state';

/**
 * Copy-on-write by hand. Dossier states are frozen; before an event is
 * applied, the state object is copied (one literal) together with exactly the
 * containers the event writes — the job immer's proxies do, without the
 * proxies. What an event writes is declared on its definition
 * (`writes: ['fees.paid']`, see `events/define.ts`) as a list of the parts
 * below; the per-event table is derived from those declarations, and the
 * compiler holds each definition's `evolve` to them ({@link EvolveTarget}).
 */
const copyLast = <T extends object>(list: readonly T[]): T[] => {
  const out = list.slice();
  if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1]! };
  return out;
};

/** Every container below the state's top level that an event may write, and how to copy it. */
export const PARTS = {
  /** Append to the intake supplements. */
  intakeSupplements: (d: DossierState) => void (d.intakeSupplements = d.intakeSupplements.slice()),
  /** Write the last intake supplement. */
  'intakeSupplements.last': (d: DossierState) => void (d.intakeSupplements = copyLast(d.intakeSupplements)),
  /** Write the transfer record's fields. */
  transfer: (d: DossierState) => void (d.transfer &&= { ...d.transfer }),
  consultations: (d: DossierState) => void (d.consultations = d.consultations.slice()),
  /** Write any consultation (copies them all). */
  'consultations.each': (d: DossierState) => void (d.consultations = d.consultations.map((c) => ({ ...c }))),
  supplements: (d: DossierState) => void (d.supplements = d.supplements.slice()),
  'supplements.last': (d: DossierState) => void (d.supplements = copyLast(d.supplements)),
  /** Write the due-date record's fields (`legal`, `rescheduled`). */
  due: (d: DossierState) => void (d.due &&= { ...d.due }),
  'fees.requested': (d: DossierState) => void (d.fees = { requested: d.fees.requested.slice(), paid: d.fees.paid }),
  'fees.paid': (d: DossierState) => void (d.fees = { requested: d.fees.requested, paid: d.fees.paid.slice() }),
  /** Write any leg of the route (copies the route, its leg list and every leg). */
  'route.legs.each': (d: DossierState) => void (d.route &&= { ...d.route, legs: d.route.legs.map((l) => ({ ...l })) }),
  ratings: (d: DossierState) => void (d.ratings = d.ratings.slice()),
  petitions: (d: DossierState) => void (d.petitions = d.petitions.slice()),
  'petitions.each': (d: DossierState) => void (d.petitions = d.petitions.map((p) => ({ ...p }))),
} as const satisfies Record<string, (draft: DossierState) => void>;

/** A container an event may write: a key of {@link PARTS}. */
export type Part = keyof typeof PARTS;

/** Deeply read-only: what an event may read but not write. */
export type ReadonlyDeep<T> = T extends (infer U)[] ? readonly ReadonlyDeep<U>[] : T extends object ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> } : T;
type S = DossierState;
type El<T> = T extends readonly (infer U)[] ? U : never;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The fields the fold itself writes (machine state, version, time): no event may. */
export type FoldOwnedField = 'id' | 'version' | 'state' | 'topLevel' | 'nationalStatus' | 'terminal' | 'lastEventAt';

/** What each part makes writable, as a type. */
interface PartTypes {
  intakeSupplements: { intakeSupplements: ReadonlyDeep<El<S['intakeSupplements']>>[] };
  'intakeSupplements.last': { intakeSupplements: S['intakeSupplements'] };
  transfer: { transfer: Mutable<S['transfer']> };
  consultations: { consultations: ReadonlyDeep<El<S['consultations']>>[] };
  'consultations.each': { consultations: S['consultations'] };
  supplements: { supplements: ReadonlyDeep<El<S['supplements']>>[] };
  'supplements.last': { supplements: S['supplements'] };
  due: { due: Mutable<S['due']> };
  'fees.requested': { fees: { requested: ReadonlyDeep<El<S['fees']['requested']>>[]; readonly paid: ReadonlyDeep<S['fees']['paid']> } };
  'fees.paid': { fees: { readonly requested: ReadonlyDeep<S['fees']['requested']>; paid: ReadonlyDeep<El<S['fees']['paid']>>[] } };
  'route.legs.each': { route: S['route'] };
  ratings: { ratings: ReadonlyDeep<El<S['ratings']>>[] };
  petitions: { petitions: ReadonlyDeep<El<S['petitions']>>[] };
  'petitions.each': { petitions: S['petitions'] };
}
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * What an event's `evolve` receives: every top-level field assignable (the
 * state object is always a fresh copy) but everything below the top level
 * read-only, except the containers of the parts `P` it declares. The fields
 * the fold owns are read-only. Writing a container without declaring its part
 * does not compile.
 */
export type EvolveTarget<P extends Part = never> = [P] extends [never] ? TopLevel : Omit<TopLevel, keyof UnionToIntersection<PartTypes[P]>> & UnionToIntersection<PartTypes[P]>;
type TopLevel = { -readonly [K in Exclude<keyof S, FoldOwnedField>]: ReadonlyDeep<S[K]> } & { readonly [K in FoldOwnedField]: S[K] };

type Thaw = (draft: DossierState) => void;

/** Per event type, the copies its declared parts need (derived from the definitions; `undefined`: top-level fields only). */
const THAW = Object.freeze(
  Object.fromEntries(
    Object.entries(EVENTS).map(([type, def]) => {
      const copies: Thaw[] = (def.writes as readonly Part[]).map((p) => PARTS[p]);
      const thaw: Thaw | undefined = copies.length === 0 ? undefined : copies.length === 1 ? copies[0] : (d) => copies.forEach((c) => c(d));
      return [type, thaw];
    }),
  ) as Record<DossierEventType, Thaw | undefined>,
);

/**
 * A mutable copy of a frozen dossier state, ready for one event of `type`:
 * the state object itself plus the containers that event writes.
 *
 * @example
 * ```ts
 * const d = thawFor(state, 'FeePaid'); // d.fees.paid is a fresh array, state.fees.paid untouched
 * ```
 */
export function thawFor(state: DossierState, type: DossierEventType): DossierState {
  const draft = copyDossierState(state);
  THAW[type]?.(draft);
  return draft;
}
