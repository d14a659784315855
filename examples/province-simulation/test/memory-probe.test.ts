/**
 * The demo's memory probe (`MOTCUA_DEMO_MEMLOG`): off unless asked, one line
 * per thread and interval on stderr when on (the simulation's thread and the
 * report worker), figures that agree with the kernel's own, and no change to
 * what the run prints on stdout.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { procStatus, startMemoryProbe } from '../src/memory-probe';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'examples/province-simulation/src/main.ts';
const SMALL = ['--dossiers', '300', '--from', '2021-03-01', '--to', '2021-03-12', '--no-progress', '--json'];
const run = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...SMALL], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, MOTCUA_PORTAL_SYNC: '0', ...env },
  });
/** `key=value` fields of one probe line. */
const fields = (line: string) => Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1]!, Number(m[2])]));

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('memory probe', () => {
  it('reads VmRSS, RssAnon and RssFile from /proc/self/status (anon + file = VmRSS, as the kernel adds them)', () => {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)![1]);
    const s = procStatus();
    // Independent oracle: the kernel's own sum (RssShmem is the third part, ~0 for node); a few MiB of drift between two reads.
    expect(Math.abs(s.rssAnon + s.rssFile - s.vmRss)).toBeLessThan(8);
    expect(Math.abs(s.vmRss - kib('VmRSS') / 1024)).toBeLessThan(64);
    expect(Math.abs(s.vmRss - process.memoryUsage().rss / 1024 / 1024)).toBeLessThan(64);
  });

  it('is off unless MOTCUA_DEMO_MEMLOG or MOTCUA_DEMO_HEAPSNAP is set: nothing is scheduled', async () => {
    delete process.env.MOTCUA_DEMO_MEMLOG;
    delete process.env.MOTCUA_DEMO_HEAPSNAP;
    const writes: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const stop = startMemoryProbe('off', () => ({ x: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 60));
      stop();
    } finally {
      process.stderr.write = write;
    }
    expect(writes.filter((w) => w.startsWith('memprobe'))).toEqual([]);
  });

  it('samples both threads of a demo run on stderr and leaves stdout (the JSON report) unchanged', () => {
    const plain = run({});
    const probed = run({ MOTCUA_DEMO_MEMLOG: '25' });
    expect(plain.status, plain.stderr).toBe(0);
    expect(probed.status, probed.stderr).toBe(0);
    const lines = probed.stderr.split('\n').filter((l) => l.startsWith('memprobe '));
    const sim = lines.filter((l) => l.startsWith('memprobe simulation#0 '));
    const report = lines.filter((l) => /^memprobe report#[1-9]\d* /.test(l));
    expect(sim.length).toBeGreaterThan(0);
    expect(report.length).toBeGreaterThan(0);
    for (const line of [...sim, ...report]) {
      const f = fields(line);
      for (const key of ['t', 'rss', 'anon', 'file', 'heapUsed', 'heapTotal', 'heapLimit', 'external', 'arrayBuffers']) expect(f[key], `${key} in ${line}`).toBeTypeOf('number');
      expect(f.heapUsed!).toBeLessThanOrEqual(f.heapTotal!);
      expect(f.heapTotal!).toBeLessThanOrEqual(f.rss!);
    }
    // The report thread adds its projection's figures.
    expect(Object.keys(fields(report.at(-1)!))).toEqual(expect.arrayContaining(['position', 'tOpen', 'tTail', 'cube', 'sOpen', 'sTail']));
    expect(probed.stderr.split('\n').filter((l) => l.startsWith('memprobe ')).length).toBe(lines.length);
    // Same report with and without the probe (timings aside); the probe never writes to stdout.
    const strip = (out: string) => {
      const json = JSON.parse(out) as { report: unknown; run: { dossiers: number; events: number } };
      return { report: json.report, dossiers: json.run.dossiers, events: json.run.events };
    };
    expect(strip(probed.stdout)).toEqual(strip(plain.stdout));
    expect(probed.stdout).not.toContain('memprobe');
  });

  it('a province-size run re-runs itself with a 1 GB old generation and 8 MB semi-spaces in every thread', () => {
    // One day of lang-son: province-size by its scale, a few thousand dossiers. Launched with the `demo` script's flags.
    const probed = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--max-semi-space-size=16',
        '--max-old-space-size=512',
        MAIN,
        '--scale',
        'lang-son',
        '--from',
        '2021-03-01',
        '--to',
        '2021-03-01',
        '--no-progress',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, MOTCUA_DEMO_MEMLOG: '25' } },
    );
    expect(probed.status, probed.stderr).toBe(0);
    const limits = probed.stderr
      .split('\n')
      .filter((l) => /^memprobe (simulation|report)#\d+ /.test(l))
      .map((l) => fields(l).heapLimit);
    expect(limits.length).toBeGreaterThan(0);
    // V8's heap limit = old generation + young generation, the young one 3 semi-spaces: 1,024 + 3 × 8 MiB.
    expect(new Set(limits)).toEqual(new Set([1024 + 3 * 8]));
  });
});
