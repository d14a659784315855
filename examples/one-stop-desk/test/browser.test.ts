/**
 * End to end in a real browser: Debian's Chromium driven by playwright-core,
 * against the real server (src/main.ts in a child process, SQLite, seeded
 * demo data) on 127.0.0.1 with a free port. Sign in → receive → look up →
 * act → dashboard, with screenshots in test-artifacts/ at the repo root.
 * Fails (never skips) when Chromium is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const ARTIFACTS = join(REPO, 'test-artifacts');
export const SCREENSHOT = join(ARTIFACTS, 'one-stop-desk.png');

let server: ChildProcess | undefined;
let browser: Browser | undefined;
let url = '';
let dir = '';
let serverLog = '';

/** Start `src/main.ts` on a free port and wait for its `listening on <url>` line. */
function startServer(): Promise<string> {
  dir = mkdtempSync(join(tmpdir(), 'motcua-desk-e2e-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'examples/one-stop-desk/src/main.ts', '--db', join(dir, 'desk.db'), '--port', '0', '--host', '127.0.0.1', '--seed-demo', '60'],
    {
      cwd: REPO,
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  server = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the desk server did not start in 90 s:\n${serverLog}`)), 90_000);
    const onData = (chunk: Buffer) => {
      serverLog += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(serverLog);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (serverLog += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the desk server exited with ${code}:\n${serverLog}`));
    });
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package (apt-get install -y chromium); scripts/ensure-system-deps.mjs does it on CI`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const [base, b] = await Promise.all([
    startServer(),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    }),
  ]);
  url = base;
  browser = b;
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the one-stop desk in Chromium', () => {
  it('receives a dossier, looks it up by its code, acts on it and shows the dashboard', async () => {
    const page: Page = await browser!.newPage({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    const failures: string[] = [];
    page.on('pageerror', (e) => failures.push(e.message));
    page.on('console', (m) => (m.type() === 'error' && !m.text().startsWith('Failed to load resource') ? failures.push(m.text()) : undefined));
    page.on('response', (r) => (r.status() >= 400 ? failures.push(`${r.status()} ${r.url()}`) : undefined));
    await page.goto(url);
    // Sign in through the page (a receiving officer of the demo accounts, seed.ts)
    await page.waitForSelector('body[data-signin="shown"]');
    await page.getByLabel('Tên đăng nhập').fill('tiepnhan');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.getByText('Sai tên đăng nhập hoặc mật khẩu').waitFor(); // bcrypt takes its time: no fixed wait
    failures.splice(failures.indexOf(failures.find((f) => f.startsWith('401 '))!), 1); // the wrong password's 401 is expected
    await page.getByLabel('Mật khẩu').fill('motcua-tiepnhan');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await page.locator('#who').textContent()).toContain('receivingOfficer');
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'motcua_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // Receive (Form 01)
    await expect.poll(() => page.getByLabel('Thủ tục hành chính').locator('option').count()).toBeGreaterThan(2);
    await page.getByLabel('Thủ tục hành chính').selectOption('2.002030');
    await page.getByLabel('Họ tên người nộp').fill('Nguyễn Thị Minh Khai');
    await page.getByLabel('Số điện thoại').fill('0912345678');
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    const codeEl = page.getByTestId('received-code');
    await codeEl.waitFor();
    const code = (await codeEl.textContent())!.trim();
    expect(code).toMatch(/^000\.00\.20\.H26-\d{6}-\d{4}$/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Đã tiếp nhận hồ sơ');

    // Look up by the returned code: the control slip (Form 05)
    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    await page.getByLabel('Mã hồ sơ').fill(code);
    await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    const slip = page.getByRole('table', { name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)' });
    await slip.waitFor();
    expect(await page.getByTestId('dossier-code').textContent()).toBe(code);
    await expect.poll(() => slip.locator('tbody tr').count()).toBe(1);
    expect(await slip.locator('tbody tr').first().textContent()).toContain('Tiếp nhận hồ sơ (Mẫu 01)');
    expect(await page.locator('#dossier-facts').textContent()).toContain('Nguyễn Thị Minh Khai');

    // Act: transfer, with If-Match on the version shown
    await page.getByRole('button', { name: 'Chuyển hồ sơ' }).click();
    await expect.poll(() => slip.locator('tbody tr').count()).toBe(2);
    expect(await slip.locator('tbody tr').nth(1).textContent()).toContain('Chuyển hồ sơ');
    await expect.poll(() => page.locator('#lookup-status').textContent()).toContain('Đã ghi nhận');

    // English on request, the timeline relabelled
    await page.getByRole('button', { name: 'Chuyển ngôn ngữ sang tiếng Anh' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('heading', { name: 'Look up a dossier' }).first().waitFor();
    const slipEn = page.getByRole('table', { name: 'Process control slip (Form 05)' });
    expect(await slipEn.locator('tbody tr').first().textContent()).toContain('Accepted (Form 01)');
    await page.screenshot({ path: join(ARTIFACTS, 'one-stop-desk-lookup.png'), fullPage: true });
    await page.getByRole('button', { name: 'Switch the language to Vietnamese' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // Dashboard with charts drawn from the seeded dossiers
    await page.getByRole('link', { name: 'Bảng theo dõi' }).click();
    const months = page.getByRole('img', { name: 'Tỷ lệ giải quyết trước và đúng hạn theo tháng' });
    await months.waitFor();
    expect(await months.locator('circle').count()).toBeGreaterThan(1);
    await page.getByRole('img', { name: 'Tỷ lệ đúng hạn theo cơ quan giải quyết' }).waitFor();
    await page.getByRole('img', { name: 'Hồ sơ đang giải quyết theo cơ quan: trong hạn và quá hạn' }).waitFor();
    await page.getByRole('img', { name: 'Mức độ hài lòng' }).waitFor();
    expect(Number(await page.getByTestId('dash.received').textContent())).toBeGreaterThan(60);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  });
});
