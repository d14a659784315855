/**
 * The real desk for browser tests: `src/main.ts` in a child process on
 * SQLite in a temporary folder, a free port on 127.0.0.1, and Debian's
 * Chromium through playwright-core. Fails (never skips) when Chromium is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const ARTIFACTS = join(REPO, 'test-artifacts');

/** A running desk and browser. */
export interface BrowserDesk {
  url: string;
  browser: Browser;
  /** Everything the server printed so far. */
  log(): string;
  close(): Promise<void>;
}

/** Start the desk with `args` (after `--db … --port 0 --host 127.0.0.1`) and Chromium. */
export async function startBrowserDesk(args: readonly string[]): Promise<BrowserDesk> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium); scripts/ensure-system-deps.mjs does it on CI`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'motcua-desk-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/one-stop-desk/src/main.ts', '--db', join(dir, 'desk.db'), '--port', '0', '--host', '127.0.0.1', ...args],
    { cwd: REPO, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the desk server did not start in 120 s:\n${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the desk server exited with ${code}:\n${output}`));
    });
  });
  const launched = chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let url: string;
  let browser: Browser;
  try {
    [url, browser] = await Promise.all([listening, launched]);
  } catch (error) {
    await (await launched.catch(() => undefined))?.close();
    await stop();
    throw error;
  }
  return {
    url,
    browser,
    log: () => output,
    async close() {
      await browser.close();
      await stop();
    },
  };
}
