/**
 * Test servers never outlive their tests (issue #10, item 28): whatever way
 * the process that started a throwaway server ends — killed outright (a test
 * runner's worker on timeout or interrupt), or exiting on its own — the
 * server is stopped and its directory removed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it, vi } from 'vitest';

const fixture = join(import.meta.dirname, 'fixtures', 'start-server.ts');
const tsx = createRequire(import.meta.url).resolve('tsx');

/** Start the fixture in a child node process; resolves with the server it started. */
function startChild(mode: 'wait' | 'exit'): Promise<{ child: ReturnType<typeof spawn>; port: number; url: string; dir: string }> {
  const child = spawn(process.execPath, ['--import', tsx, fixture, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, ...(JSON.parse(line!) as { port: number; url: string; dir: string }) });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`fixture exited (${code}) before starting a server: ${err}`));
    });
  });
}

async function accepts(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

it('a server whose process is killed (SIGKILL: no exit hook runs) is stopped and removed', { timeout: 120_000 }, async () => {
  const { child, url, dir } = await startChild('wait');
  expect(await accepts(url)).toBe(true);
  expect(existsSync(dir)).toBe(true);
  child.kill('SIGKILL');
  await vi.waitFor(
    async () => {
      expect(await accepts(url)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    },
    { timeout: 30_000, interval: 250 },
  );
});

it('a server whose process exits without stopping it is stopped and removed', { timeout: 120_000 }, async () => {
  const { url, dir } = await startChild('exit');
  await vi.waitFor(
    async () => {
      expect(await accepts(url)).toBe(false);
      expect(existsSync(dir)).toBe(false);
    },
    { timeout: 30_000, interval: 250 },
  );
});
