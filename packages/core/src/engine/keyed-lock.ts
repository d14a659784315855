/**
 * Serialises async work per key within one process: commands on the same
 * dossier run one after another (no self-inflicted concurrency conflicts),
 * commands on different dossiers run freely. Conflicts with other processes
 * are still detected by the store's expected version.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key);
    const next = prev ? prev.then(fn, fn) : fn();
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
