import type { Command } from '../commands/schemas';
import { ConcurrencyError } from '../errors';
import { EVENT_SCHEMA_VERSION } from '../events/schemas';
import type { DossierEvent, DossierEventBody } from '../events/types';
import type { EventMetadata, EventStore, NewEvent } from '../store/types';
import type { Dossiers } from './dossiers';
import { newEventId } from './ids';
import type { CachedDossier } from './state-cache';
import type { ExecuteResult } from './types';

/** An append: done (the dossier evolved and cached), lost to a concurrent writer, or failed otherwise. */
export type Appended = { kind: 'appended'; result: ExecuteResult } | { kind: 'conflict'; error: ConcurrencyError } | { kind: 'failed'; error: unknown };

/** When and under what fingerprint the events of one attempt are written. */
export interface Stamp {
  /** Business time (canonical `+07:00`). */
  occurredAt: string;
  /** UTC, from the engine's clock. */
  recordedAt: string;
  /** The command's fingerprint (`fingerprint.ts`). */
  commandHash: number;
}

/**
 * Append a command's events to the dossier's stream with the expected version
 * of the state they were decided on (`no_stream` for a new dossier), then
 * evolve the cached state with the stored events. Any failure drops the
 * dossier from the cache (its state may be stale).
 */
export async function appendEvents(
  store: Pick<EventStore, 'append'>,
  dossiers: Dossiers,
  command: Command,
  streamId: string,
  base: CachedDossier,
  bodies: DossierEventBody[],
  stamp: Stamp,
): Promise<Appended> {
  const newEvents = eventsOf(command, bodies, stamp);
  try {
    const res = await store.append(streamId, newEvents, { expectedVersion: base.state.version === 0 ? 'no_stream' : base.state.version });
    const stored = res.events as DossierEvent[];
    const next = dossiers.appended(streamId, command.dossierId, base, stored);
    return { kind: 'appended', result: { dossierId: command.dossierId, streamId, state: next.state, events: stored, duplicate: res.duplicate } };
  } catch (error) {
    dossiers.drop(streamId);
    return error instanceof ConcurrencyError ? { kind: 'conflict', error } : { kind: 'failed', error };
  }
}

/** The events to append: each body with its metadata. */
function eventsOf(command: Command, bodies: DossierEventBody[], stamp: Stamp): NewEvent[] {
  return bodies.map((body) => ({
    type: body.type,
    data: body.data,
    metadata: {
      eventId: newEventId(),
      schemaVersion: EVENT_SCHEMA_VERSION[body.type],
      occurredAt: stamp.occurredAt,
      recordedAt: stamp.recordedAt,
      actor: command.actor,
      commandId: command.commandId,
      correlationId: command.correlationId ?? command.commandId,
      causationId: command.causationId ?? command.commandId,
      commandHash: stamp.commandHash,
    } as EventMetadata,
  }));
}
