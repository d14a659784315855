/** The command line: bad options exit 2 with a clear message; a small run prints the report. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOptions, UsageError } from '../src/index';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'examples/province-simulation/src/main.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('options', () => {
  it.each([
    [['--dossiers', 'many'], /--dossiers must be an integer/],
    [['--dossiers', '0'], /--dossiers must be between 1/],
    [['--from', '2021-02-30'], /--from must be a date/],
    [['--from', '2021-05-01', '--to', '2021-04-01'], /is after --to/],
    [['--to', '2025-12-31'], /outside 2019-01-06 … 2025-06-30/],
    [['--store', 'oracle'], /--store must be sqlite, memory or postgres/],
    [['--store', 'memory', '--db', 'x.db'], /--db is for --store sqlite/],
    [['--scale', 'hue'], /--scale must be one of gia-lam, lang-son/],
    [['--what-if', '120'], /--what-if must be a percentage/],
    [['--lang', 'fr'], /--lang must be vi or en/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--from', '2021-02-10', '--to', '2021-02-14'], /no reception day/],
  ])('%j is refused', (args, message) => {
    expect(() => parseOptions(args)).toThrow(UsageError);
    expect(() => parseOptions(args)).toThrow(message);
  });

  it('lists every bad option in one message (zod schema)', () => {
    expect(() => parseOptions(['--dossiers', 'many', '--lang', 'fr', '--store', 'oracle'])).toThrow(
      "--dossiers must be an integer, got 'many'; --store must be sqlite, memory or postgres, got 'oracle'; --lang must be vi or en, got 'fr'",
    );
    expect(() => parseOptions(['--store', 'memory', '--db', 'x.db', '--schema', 'sim'])).toThrow('--db is for --store sqlite; --schema is for --store postgres');
  });

  it('defaults to the Gia Lâm workload on SQLite, scales the volume to a custom period', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({ dossiers: 74_483, from: '2020-12-16', to: '2021-05-31', store: 'sqlite', seed: 2021, json: false, lang: 'vi' });
    expect(parseOptions(['--scale', 'lang-son'])).toMatchObject({ dossiers: 2_182_152, from: '2021-01-01', to: '2024-06-30' });
    const month = parseOptions(['--from', '2021-03-01', '--to', '2021-03-31']);
    expect(month.dossiers).toBeGreaterThan(12_000);
    expect(month.dossiers).toBeLessThan(18_000);
    expect(parseOptions(['--what-if', '30%']).whatIf).toBe(30);
  });

  it('exits 2 with a message and the usage on bad options (spawned CLI)', () => {
    const r = cli('--dossiers=-5');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/motcua simulation: --dossiers must be/);
    expect(r.stderr).toMatch(/usage: pnpm demo/);
    const u = cli('--store', 'mongo');
    expect(u.status).toBe(2);
    expect(u.stderr).toMatch(/--store must be sqlite, memory or postgres, got 'mongo'/);
  });

  it('prints the report and JSON for a small run (spawned CLI)', () => {
    const r = cli('--dossiers', '150', '--from', '2021-03-01', '--to', '2021-03-12', '--store', 'memory', '--json', '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.report.report06a.total.received.total).toBeGreaterThan(100);
    expect(j.report.report06a.units[0]).toHaveProperty('pending.overdue');
    const t = cli('--dossiers', '150', '--from', '2021-03-01', '--to', '2021-03-12', '--lang', 'en');
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/Form II\.06a\/VPCP\/KSTT/);
    expect(t.stdout).toMatch(/Early or on-time rate: \d+\.\d\d %/);
  });
});
