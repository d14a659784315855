/**
 * Serialises async work per key within one process: commands on the same
 * dossier run one after another (no self-inflicted concurrency conflicts),
 * commands on different dossiers run freely. Conflicts with other processes
 * are still detected by the store's expected version.
 */
export class KeyedLock {
  /** key → the settled-or-not promise of the last task queued on it. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key);
    const next = prev ? prev.then(fn, fn) : fn();
    this.tails.set(key, next);
    // When it settles and nothing queued behind it, the key is free again.
    const release = () => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    };
    next.then(release, release);
    return next;
  }
}
