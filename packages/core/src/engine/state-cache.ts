import type { DossierState } from '../dossier/state';

/** A hydrated dossier and the command ids already applied to it (for idempotency). */
export interface CachedDossier {
  state: DossierState;
  /** commandId → [first version, last version] of the events it produced. */
  commands: Map<string, [number, number]>;
}

/** Small LRU of hydrated dossiers: a command reads only the events appended since. */
export class StateCache {
  private readonly map = new Map<string, CachedDossier>();
  constructor(private readonly capacity: number) {}

  get(streamId: string): CachedDossier | undefined {
    const hit = this.map.get(streamId);
    if (hit) {
      this.map.delete(streamId);
      this.map.set(streamId, hit);
    }
    return hit;
  }

  set(streamId: string, entry: CachedDossier): void {
    if (this.capacity <= 0) return;
    this.map.delete(streamId);
    this.map.set(streamId, entry);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }

  delete(streamId: string): void {
    this.map.delete(streamId);
  }

  clear(): void {
    this.map.clear();
  }
}
