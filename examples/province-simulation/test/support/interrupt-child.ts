/**
 * The demo's command line (`main`, the same signal handling and temporary
 * database as `pnpm demo`) with one change for the Ctrl-C test: the store
 * stops at the first write — it prints `motcua-test: first batch` on stderr
 * and waits there — so the test interrupts a run that has certainly begun
 * and not ended, however slow the machine. Nothing here is timed.
 */
import { main } from '../../src/cli';
import { openStore } from '../../src/stores';

const WRITES = new Set(['batch', 'append']);

process.exitCode = await main(process.argv.slice(2), async (o) => {
  const opened = await openStore(o);
  let reached = false;
  const store = new Proxy(opened.store, {
    get(target, key) {
      const value = Reflect.get(target, key, target) as unknown;
      if (typeof value !== 'function') return value;
      if (!WRITES.has(String(key))) return value.bind(target);
      return async (...args: unknown[]) => {
        if (!reached) {
          reached = true;
          process.stderr.write('motcua-test: first batch\n');
          setInterval(() => undefined, 1 << 30); // keep the process alive until the signal
          await new Promise<never>(() => undefined);
        }
        return value.apply(target, args);
      };
    },
  });
  return { ...opened, store };
});
