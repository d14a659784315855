/**
 * The command line: bad options exit 2 with a clear message; a small run
 * prints the report; `pnpm demo --json` gives JSON only; the temporary
 * database is deleted on every way out; English reports use English number
 * formatting and ruled headers.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseOptions, USAGE, UsageError } from '../src/index';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = 'examples/province-simulation/src/main.ts';
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

/** A fresh folder used as the system temporary folder (TMPDIR) of a spawned run. */
const temps: string[] = [];
const freshTmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-cli-test-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
/** What a run left in a temporary folder that looks like a demo database. */
const leftovers = (dir: string) => readdirSync(dir).filter((n) => /motcua|\.db/.test(n));
const SMALL = ['--dossiers', '120', '--from', '2021-03-01', '--to', '2021-03-05', '--no-progress'];

describe('options', () => {
  it.each([
    [['--dossiers', 'many'], /--dossiers must be an integer/],
    [['--dossiers', '0'], /--dossiers must be between 1/],
    [['--from', '2021-02-30'], /--from must be a date/],
    [['--from', '2021-05-01', '--to', '2021-04-01'], /is after --to/],
    [['--to', '2025-07-01'], /--to 2025-07-01 is after 2025-06-30: the gia-lam scale's district units were abolished on 01\/07\/2025/],
    [['--scale', 'lang-son', '--to', '2025-12-31'], /--to 2025-12-31 is after 2025-06-30/],
    [['--scale', 'gia-lam-2025', '--to', '2026-01-01'], /--to 2026-01-01 is outside 2019-01-06 … 2025-12-31/],
    [['--from', '2018-12-31'], /--from 2018-12-31 is outside 2019-01-06/],
    [['--store', 'oracle'], /--store must be sqlite, memory or postgres/],
    [['--store', 'memory', '--db', 'x.db'], /--db is for --store sqlite/],
    [['--store', 'memory', '--keep-db'], /--keep-db is for --store sqlite/],
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

  it('--scale gia-lam-2025 runs through 2025: its default period, and a --to after 30/06/2025 up to 31/12/2025', () => {
    // The scale's own period (workload.ts: 01/01–31/12/2025, 40,000 dossiers).
    expect(parseOptions(['--scale', 'gia-lam-2025'])).toMatchObject({ from: '2025-01-01', to: '2025-12-31', dossiers: 40_000 });
    expect(parseOptions(['--scale', 'gia-lam-2025', '--to', '2025-12-31'])).toMatchObject({ from: '2025-01-01', to: '2025-12-31', dossiers: 40_000 });
    // The second half only (from the two-tier change on 01/07/2025): a share of the year's volume.
    const h2 = parseOptions(['--scale', 'gia-lam-2025', '--from', '2025-07-01', '--to', '2025-12-31']);
    expect(h2).toMatchObject({ from: '2025-07-01', to: '2025-12-31' });
    expect(h2.dossiers).toBeGreaterThan(15_000);
    expect(h2.dossiers).toBeLessThan(25_000);
    // The last day before the change is still fine for the district scales.
    expect(parseOptions(['--to', '2025-06-30', '--from', '2025-06-01']).to).toBe('2025-06-30');
    expect(USAGE).toMatch(/--scale NAME[\s\S]*gia-lam-2025/);
    expect(USAGE).toMatch(/gia-lam-2025: 2025-12-31/);
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

  it('prints the same figures as JSON and as an English report: English number formatting, ruled headers (spawned CLI)', () => {
    // 1,500 dossiers: the totals pass 1,000, so the thousands separator shows.
    const args = ['--dossiers', '1500', '--from', '2021-03-01', '--to', '2021-03-12', '--store', 'memory', '--no-progress'];
    const r = cli(...args, '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const total = j.report.report06a.total;
    expect(j.report.report06a.units[0]).toHaveProperty('pending.overdue');
    // Columns (3)–(13) of form 06a, in the form's order.
    const expected = [
      total.received.total,
      total.received.online,
      total.received.directOrPostal,
      total.received.carriedOver,
      total.resolved.total,
      total.resolved.early,
      total.resolved.onTime,
      total.resolved.late,
      total.pending.total,
      total.pending.withinTime,
      total.pending.overdue,
    ];
    expect(total.received.total).toBeGreaterThan(1000);

    const t = cli(...args, '--lang', 'en');
    expect(t.status, t.stderr).toBe(0);
    const lines = t.stdout.split('\n');
    expect(t.stdout).toMatch(/Form II\.06a\/VPCP\/KSTT/);
    expect(t.stdout).toMatch(/Early or on-time rate: \d+\.\d\d %/);
    // Every header is its own word, and a rule line follows the header line.
    const h = lines.findIndex((l) => l.includes('Received'));
    const headers = lines[h]!.trim().split(/\s+/);
    expect(headers).toEqual(['Received', 'Online', 'Direct/post', 'Carried', 'Resolved', 'Early', 'On', 'time', 'Late', 'Pending', 'Within', 'Overdue', 'On', 'time']);
    expect(lines[h + 1]).toMatch(/^-+$/);
    expect(lines[h + 1]!.length).toBe(lines[h]!.length);
    // The TOTAL row: English grouping (1,477), the same figures as the JSON.
    const cells = lines
      .find((l) => l.trim().startsWith('TOTAL'))!
      .trim()
      .split(/\s+/)
      .slice(1, 12);
    for (const c of cells) expect(c).toMatch(/^\d{1,3}(,\d{3})*$/);
    expect(cells.map((c) => Number(c.replace(/,/g, '')))).toEqual(expected);
    expect(cells[0]).toContain(',');

    // Vietnamese keeps Vietnamese grouping (1.477).
    const v = cli(...args);
    expect(v.status, v.stderr).toBe(0);
    const vcells = v.stdout
      .split('\n')
      .find((l) => l.trim().startsWith('TỔNG CỘNG'))!
      .trim()
      .split(/\s+/)
      .slice(2, 13);
    expect(vcells.map((c) => Number(c.replace(/\./g, '')))).toEqual(expected);
    expect(vcells[0]).toContain('.');
  });
});

describe('demo output and databases', () => {
  it('`pnpm demo --json > report.json` writes JSON only, and the temporary database is gone after the run', () => {
    const tmp = freshTmp();
    const r = spawnSync('npx', ['-y', 'pnpm@10', 'demo', '--json', ...SMALL], { cwd: root, encoding: 'utf8', timeout: 180_000, env: { ...process.env, TMPDIR: tmp } });
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.report.report06a.total.received.total).toBeGreaterThan(0);
    expect(j.store).toMatch(/^SQLite temporary file/);
    expect(j.database).toBeNull();
    expect(leftovers(tmp)).toEqual([]);
  });

  it('--keep-db keeps the temporary database and names it; --db writes where the user says', () => {
    const tmp = freshTmp();
    const k = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...SMALL, '--keep-db', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(k.status, k.stderr).toBe(0);
    const kept = JSON.parse(k.stdout).database as string;
    expect(kept.startsWith(tmp)).toBe(true);
    expect(k.stderr).toContain(`the SQLite database is kept at ${kept}`);
    expect(existsSync(kept)).toBe(true);

    const mine = join(freshTmp(), 'my-sim.db');
    const d = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...SMALL, '--db', mine], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toContain(`SQLite ${mine}`);
    // The file is a motcua SQLite store: its schema is there.
    const db = new Database(mine, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      expect(tables.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // Only the kept file's folder is in the temporary folder: the --db run made none.
    expect(leftovers(tmp).length).toBe(1);
  });

  it('Ctrl-C (SIGINT) during a run ends the run and deletes the temporary database', async () => {
    const tmp = freshTmp();
    // The real CLI (test/support/interrupt-child.ts) on a tiny run whose store holds its first batch until the
    // signal: the run has begun (its database exists) and cannot have ended, however busy the machine.
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/province-simulation/test/support/interrupt-child.ts', ...SMALL], {
      cwd: root,
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const started = new Promise<boolean>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (stderr.includes('motcua-test: first batch\n')) resolve(true);
      });
      child.on('exit', () => resolve(false));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    expect(await started, stderr).toBe(true);
    const dbExists = () => readdirSync(tmp).some((n) => n.startsWith('motcua-sim-') && existsSync(join(tmp, n, 'motcua-sim.db')));
    expect(dbExists(), stderr).toBe(true);
    child.kill('SIGINT');
    // Ended by the signal itself (what a shell reports as exit status 130).
    expect(await exited, stderr).toEqual({ code: null, signal: 'SIGINT' });
    expect(stderr).toMatch(/interrupted \(SIGINT\)/);
    expect(leftovers(tmp)).toEqual([]);
  }, 600_000); // a failure guard only (the test waits on events, never on time)
});
