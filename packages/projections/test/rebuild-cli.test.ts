/**
 * `pnpm run rebuild` (scripts/rebuild.ts), run as a process on a real SQLite
 * file: `--rule-packs` makes the timeliness and reception checkpoints those of
 * projections built with the catalog's packs; a file that is not an array of
 * rule packs is refused (exit 2, the path) before anything is read.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACKS } from '@motcua/core';
import { receptionProjection, timelinessProjection } from '@motcua/projections';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { historyArb, runHistory } from './support/generate';

const root = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'motcua-rebuild-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rebuild = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });

describe('pnpm run rebuild --rule-packs', () => {
  it('saves the checkpoints of projections built with the packs of the file; a bad file exits 2 naming the issue, nothing saved', async () => {
    const file = join(dir, 'log.sqlite');
    const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await runHistory(fc.sample(historyArb, { numRuns: 2, seed: 5 }).flat(), store as never);
    } finally {
      await store.close();
    }
    const packs = DEFAULT_RULE_PACKS.map((pack) => ({ ...pack, kpiCountIntakeSupplements: true, receptionLimit: { unit: 'workingHours', value: 4 } }));

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ ...packs[0], kpiCountIntakeSupplements: 'yes' }]));
    const refused = rebuild('--db', file, '--workers', '1', '--rule-packs', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--rule-packs .*bad\.json: 0\.kpiCountIntakeSupplements: /);
    const untouched = await createSqliteEventStore({ filename: file });
    try {
      expect(await untouched.loadProjection('timeliness')).toBeUndefined();
    } finally {
      await untouched.close();
    }

    const good = join(dir, 'packs.json');
    writeFileSync(good, JSON.stringify(packs));
    const ran = rebuild('--db', file, '--workers', '1', '--only', 'timeliness,reception,tt01', '--rule-packs', good, '--json');
    expect(ran.stderr.includes('Error') ? ran.stderr : '').toBe('');
    expect(ran.status).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ saved: ['timeliness', 'reception', 'tt01'] });

    const reopened = await createSqliteEventStore({ filename: file });
    try {
      // The tag a runner compares with its projection's version: equal for projections built with the packs, not for the defaults.
      for (const [withPacks, defaults] of [
        [timelinessProjection({ rulePacks: packs as never }), timelinessProjection()],
        [receptionProjection({ rulePacks: packs as never }), receptionProjection()],
      ] as const) {
        expect(withPacks.version).not.toBe(defaults.version);
        expect((await reopened.loadProjection(withPacks.name))?.tag).toBe(withPacks.version);
      }
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
