import type { Draft } from 'immer';
import { EVENTS } from '../events/schemas';
import type { DossierEvent } from '../events/types';
import type { DossierState } from './state';

type Evolve = (d: unknown, data: unknown, at: string) => void;
/** Each event type's `evolve`, from its definition (`events/`). */
const EVOLVE = EVENTS as unknown as Readonly<Record<string, { evolve: Evolve }>>;

/**
 * Apply one event's data to a dossier: its definition's `evolve`, on a copy
 * (copy-on-write, `thaw.ts`) or an immer draft. The machine part (state key,
 * status, version) is applied by the fold; this is the data part only.
 * Pure: depends only on the target and the event.
 */
export function applyEventData(d: Draft<DossierState> | DossierState, e: DossierEvent): void {
  EVOLVE[e.type]!.evolve(d, e.data, e.metadata.occurredAt);
}
