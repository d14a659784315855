import type { Draft } from 'immer';
import { EVENTS } from '../events/schemas';
import type { DossierEvent } from '../events/types';
import { isTooNew, needsUpcast, tooNewError, upcastEvent } from '../events/upcast';
import type { EventMetadata } from '../store/types';
import type { DossierState } from './state';

type Evolve = (d: unknown, data: unknown, at: string) => void;
/** Each event type's `evolve`, from its definition (`events/`). */
const EVOLVE = EVENTS as unknown as Readonly<Record<string, { evolve: Evolve; version: number }>>;

/**
 * Apply one event's data to a dossier: its definition's `evolve`, on a copy
 * (copy-on-write, `thaw.ts`) or an immer draft. The machine part (state key,
 * status, version) is applied by the fold; this is the data part only.
 * Pure: depends only on the target and the event.
 *
 * Events come from a store in the current shape (stores upcast,
 * `events/upcast.ts`); an event of an older schema version that did not
 * (built by hand) is upcast here, and one of a version newer than this code
 * knows is refused (`INVALID_HISTORY`): its data must not be misread.
 */
export function applyEventData(d: Draft<DossierState> | DossierState, e: DossierEvent): void {
  const def = EVOLVE[e.type]!;
  if (e.metadata.schemaVersion !== def.version) {
    return def.evolve(d, currentData(e), e.metadata.occurredAt);
  }
  def.evolve(d, e.data, e.metadata.occurredAt);
}

/** The data of an event not at its type's current version, as the current version (or `INVALID_HISTORY` if it is newer). */
function currentData(e: DossierEvent): unknown {
  if (isTooNew(e.type, e.metadata)) throw tooNewError(e);
  return needsUpcast(e.type, e.metadata) ? upcastEvent(e.streamId, e.version, e.type, { data: e.data, metadata: e.metadata as EventMetadata }).data : e.data;
}
