import { COMMAND_EVENTS, type Command } from '../commands/schemas';
import type { DossierState } from '../dossier/state';
import { IdempotencyConflictError, MotcuaError } from '../errors';
import type { DossierEvent } from '../events/types';
import type { EventMetadata, EventStore } from '../store/types';
import type { ExecuteResult } from './types';

/** A command id seen again: the original result (`duplicate: true`), or a refusal. */
export type Replay = { kind: 'duplicate'; result: ExecuteResult } | { kind: 'refused'; error: MotcuaError };

/**
 * A command whose id already produced events: return those events if it is
 * the same command — same fingerprint (`metadata.commandHash`, see
 * `fingerprint.ts`), or for events written before fingerprints the same
 * type — else `IDEMPOTENCY_CONFLICT`. Nothing is appended either way.
 */
export async function replayDuplicate(
  store: EventStore,
  command: Command,
  streamId: string,
  state: DossierState,
  versions: readonly [number, number],
  fingerprint: () => number,
): Promise<Replay> {
  let events: DossierEvent[];
  try {
    events = (await store.readStream(streamId, { fromVersion: versions[0], toVersion: versions[1] })).events as DossierEvent[];
  } catch (error) {
    if (error instanceof MotcuaError) return { kind: 'refused', error };
    throw error;
  }
  const first = events[0];
  if (first) {
    const stored = (first.metadata as EventMetadata & { commandHash?: number }).commandHash;
    const same = stored !== undefined ? stored === fingerprint() : first.type === COMMAND_EVENTS[command.type][0]!.split('.')[0];
    if (!same) return { kind: 'refused', error: new IdempotencyConflictError(command.commandId, streamId, { type: first.type, version: first.version }) };
  }
  return { kind: 'duplicate', result: { dossierId: command.dossierId, streamId, state, events, duplicate: true } };
}
