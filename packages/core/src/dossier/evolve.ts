import type { Draft } from 'immer';
import { EVENTS } from '../events/schemas';
import type { DossierEvent } from '../events/types';
import { isTooNew, needsUpcast, tooNewError, upcastEvent } from '../events/upcast';
import type { EventMetadata } from '../store/types';
import type { DossierState } from './state';

type Evolve = (draft: unknown, data: unknown, at: string) => void;
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
export function applyEventData(draft: Draft<DossierState> | DossierState, event: DossierEvent): void {
  const def = EVOLVE[event.type]!;
  if (event.metadata.schemaVersion !== def.version) {
    return def.evolve(draft, currentData(event), event.metadata.occurredAt);
  }
  def.evolve(draft, event.data, event.metadata.occurredAt);
}

/** The data of an event not at its type's current version, as the current version (or `INVALID_HISTORY` if it is newer). */
function currentData(event: DossierEvent): unknown {
  if (isTooNew(event.type, event.metadata)) throw tooNewError(event);
  return needsUpcast(event.type, event.metadata)
    ? upcastEvent(event.streamId, event.version, event.type, { data: event.data, metadata: event.metadata as EventMetadata }).data
    : event.data;
}
