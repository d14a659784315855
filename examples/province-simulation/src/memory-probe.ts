/**
 * A memory probe for the demo, off unless asked: `MOTCUA_DEMO_MEMLOG=<ms>`
 * prints one line to stderr every `<ms>` per thread (`process.memoryUsage()`
 * and `/proc/self/status`: VmRSS, RssAnon, RssFile), plus any figures the
 * caller adds (open dossiers, tracked records) — with `MOTCUA_DEMO_MEMLOG_GC=1` and
 * `node --expose-gc`, after a full GC (the live heap); `MOTCUA_DEMO_HEAPSNAP=<s>,<s>`
 * writes a V8 heap snapshot of the thread at those seconds after it started.
 * Used to find what grows with the log at province scale (docs/performance.md).
 */
import { readFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';

const MiB = 1024 * 1024;

/** `VmRSS`, `RssAnon`, `RssFile` of the process in MiB (Linux; zeros elsewhere). */
export function procStatus(): { vmRss: number; rssAnon: number; rssFile: number } {
  try {
    const text = readFileSync('/proc/self/status', 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) / 1024;
    return { vmRss: kib('VmRSS'), rssAnon: kib('RssAnon'), rssFile: kib('RssFile') };
  } catch {
    return { vmRss: 0, rssAnon: 0, rssFile: 0 };
  }
}

/**
 * Start sampling this thread if `MOTCUA_DEMO_MEMLOG` is set; returns a stop function (a no-op when off) that takes
 * a last sample.
 * @example const stop = startMemoryProbe('sim', () => ({ open: 0 })); stop();
 */
export function startMemoryProbe(label: string, extra: () => Record<string, number> = () => ({})): () => void {
  const every = Number(process.env.MOTCUA_DEMO_MEMLOG ?? 0);
  const snaps = (process.env.MOTCUA_DEMO_HEAPSNAP ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => Number(s) * 1000)
    .sort((a, b) => a - b);
  if (!(every > 0) && snaps.length === 0) return () => undefined;
  const started = performance.now();
  const timers: NodeJS.Timeout[] = [];
  let last: (() => void) | undefined;
  if (every > 0) {
    const forceGc = process.env.MOTCUA_DEMO_MEMLOG_GC === '1' ? (globalThis as { gc?: () => void }).gc : undefined;
    const sample = () => {
      forceGc?.(); // with node --expose-gc: heapUsed is then the live heap
      const m = process.memoryUsage();
      const s = procStatus();
      const fields: Record<string, number | string> = {
        t: Math.round((performance.now() - started) / 1000),
        rss: Math.round(m.rss / MiB),
        anon: Math.round(s.rssAnon),
        file: Math.round(s.rssFile),
        heapUsed: Math.round(m.heapUsed / MiB),
        heapTotal: Math.round(m.heapTotal / MiB),
        heapLimit: Math.round(getHeapStatistics().heap_size_limit / MiB),
        external: Math.round(m.external / MiB),
        arrayBuffers: Math.round(m.arrayBuffers / MiB),
        ...extra(),
      };
      process.stderr.write(
        `memprobe ${label}#${threadId} ${Object.entries(fields)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}\n`,
      );
    };
    last = sample;
    const timer = setInterval(sample, every);
    timer.unref();
    timers.push(timer);
  }
  for (const at of snaps) {
    const timer = setTimeout(() => {
      const file = writeHeapSnapshot();
      process.stderr.write(`memprobe ${label}#${threadId} heap snapshot ${file}\n`);
    }, at);
    timer.unref();
    timers.push(timer);
  }
  // Stopping takes a last sample: a thread shorter than one interval still reports once.
  return () => {
    for (const timer of timers) clearTimeout(timer);
    last?.();
  };
}
