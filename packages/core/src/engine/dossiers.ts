import { foldDossier } from '../dossier/fold';
import { initialDossierState } from '../dossier/state';
import type { DossierEvent } from '../events/types';
import type { TransitionTable } from '../machine/compile';
import type { EventStore } from '../store/types';
import { StateCache, type CachedDossier } from './state-cache';

/**
 * The engine's dossiers: hydrated states (with the command ids applied to
 * them, for idempotency) in an LRU cache, brought up to date from the store.
 */
export class Dossiers {
  private readonly cache: StateCache;

  constructor(
    private readonly store: EventStore,
    private readonly tableFor: (ref: { code: string; version: string }) => TransitionTable,
    cacheSize: number,
  ) {
    this.cache = new StateCache(cacheSize);
  }

  /** The cached dossier, or an empty one, without reading the store: unverified (the optimistic attempt's view). */
  cached(streamId: string, dossierId: string): CachedDossier {
    return this.cache.get(streamId) ?? emptyDossier(dossierId);
  }

  /** The dossier as the store holds it now: the cached state plus the events appended since (verified). */
  async load(streamId: string, dossierId: string): Promise<CachedDossier> {
    const cached = this.cache.get(streamId);
    const from = cached ? cached.state.version + 1 : 1;
    const { version, events } = await this.store.readStream(streamId, { fromVersion: from });
    if (cached && version === cached.state.version) return cached;
    if (cached && version < cached.state.version) {
      this.cache.delete(streamId);
      return this.load(streamId, dossierId);
    }
    const base: CachedDossier = cached ?? emptyDossier(dossierId);
    const evs = events as DossierEvent[];
    const entry: CachedDossier = { state: this.advance(dossierId, base, evs), commands: new Map(base.commands) };
    noteCommands(entry.commands, evs);
    this.cache.set(streamId, entry);
    return entry;
  }

  /** The dossier after `stored` (just appended to `base`'s version), cached. */
  appended(streamId: string, dossierId: string, base: CachedDossier, stored: DossierEvent[]): CachedDossier {
    const next: CachedDossier = { state: this.advance(dossierId, base, stored), commands: base.commands };
    noteCommands(next.commands, stored); // safe to share: only successful appends add ids
    this.cache.set(streamId, next);
    return next;
  }

  /** Forget a dossier (its cached state may be stale). */
  drop(streamId: string): void {
    this.cache.delete(streamId);
  }

  /** Forget every dossier (a batch rolled back). */
  clear(): void {
    this.cache.clear();
  }

  /** The state after new events: applied to the cached state (copy-on-write, see `foldDossier`). */
  private advance(dossierId: string, base: CachedDossier, added: DossierEvent[]) {
    return base.state.version === 0 ? foldDossier(dossierId, added, this.tableFor) : foldDossier(dossierId, added, this.tableFor, base.state);
  }
}

const emptyDossier = (dossierId: string): CachedDossier => ({ state: initialDossierState(dossierId), commands: new Map() });

function noteCommands(commands: Map<string, [number, number]>, events: readonly DossierEvent[]): void {
  for (const event of events) {
    const id = event.metadata.commandId;
    if (!id) continue;
    const range = commands.get(id);
    if (range) range[1] = event.version;
    else commands.set(id, [event.version, event.version]);
  }
}
