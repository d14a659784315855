import type { DossierEventType } from '../events/schemas';
import { copyDossierState, type DossierState } from './state';

type Thaw = (d: DossierState) => void;

/**
 * What each event writes below the state's top level. Before an event is
 * applied to a copy of a frozen state, exactly these containers are copied
 * (copy-on-write by hand, the job immer's proxies do, without the proxies);
 * everything else stays shared with the previous state. Events missing here
 * only assign top-level fields.
 *
 * Forgetting an entry cannot corrupt a state: the containers are frozen, so
 * {@link applyEventData} would throw on them, and the property tests fold
 * random histories both ways.
 */
const THAW: Partial<Record<DossierEventType, Thaw>> = {
  IntakeSupplementRequested: (d) => void (d.intakeSupplements = d.intakeSupplements.slice()),
  IntakeSupplementProvided: (d) => void (d.intakeSupplements = copyLast(d.intakeSupplements)),
  DossierTransferred: (d) => void (d.transfer &&= { ...d.transfer }),
  ConsultationRequested: (d) => void (d.consultations = d.consultations.slice()),
  ConsultationAnswered: (d) => void (d.consultations = d.consultations.map((c) => ({ ...c }))),
  SupplementRequested: (d) => void (d.supplements = d.supplements.slice()),
  SupplementProvided: (d) => {
    d.supplements = copyLast(d.supplements);
    d.due &&= { ...d.due };
  },
  FeeRequested: (d) => void (d.fees = { requested: d.fees.requested.slice(), paid: d.fees.paid }),
  FeePaid: (d) => void (d.fees = { requested: d.fees.requested, paid: d.fees.paid.slice() }),
  LegCompleted: (d) => void (d.route &&= { ...d.route, legs: d.route.legs.map((l) => ({ ...l })) }),
  ApologyIssued: (d) => void (d.due &&= { ...d.due }),
  DossierRated: (d) => void (d.ratings = d.ratings.slice()),
  PetitionFiled: (d) => void (d.petitions = d.petitions.slice()),
  PetitionAnswered: (d) => void (d.petitions = d.petitions.map((p) => ({ ...p }))),
};

function copyLast<T extends object>(list: T[]): T[] {
  const out = list.slice();
  if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1]! };
  return out;
}

/**
 * A mutable copy of a frozen dossier state, ready for one event of `type`:
 * the state object itself plus the containers that event writes.
 *
 * @example
 * ```ts
 * const d = thawFor(state, 'FeePaid'); // d.fees.paid is a fresh array, state.fees.paid untouched
 * ```
 */
export function thawFor(s: DossierState, type: DossierEventType): DossierState {
  const d = copyDossierState(s);
  THAW[type]?.(d);
  return d;
}
