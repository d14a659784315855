/**
 * An officer's day in a real Chromium (issue #15 item 6), against the real
 * desk (src/main.ts: SQLite, seeded demo data, the simulated national portal
 * that fails 20 % of the time, the outbox relay): the receiving officer signs
 * in, opens the worklists, receives a household business registration at the
 * counter, finds it by the applicant's name typed without accents and
 * transfers it; the commune's specialist drafts and forwards it to the head
 * of division, who forwards it for signature; the chairman finds it under
 * "Chờ ký", signs and resolves; the receiving officer returns the result and
 * sees what the national portal was told, then the reconciliation page.
 * Each officer works in his own browser context (his own session cookie).
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startBrowserDesk, type BrowserDesk } from './browser-harness';
import { DEMO_ACCOUNTS } from '../src/seed';

let desk: BrowserDesk;
const contexts: BrowserContext[] = [];
const failures: string[] = [];

beforeAll(async () => {
  desk = await startBrowserDesk(['--seed-demo', '30', '--portal', 'simulated', '--portal-failure-rate', '0.2']);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await desk?.close();
});

/** A signed-in officer's page: through the sign-in page the desk redirects to. */
async function officer(username: string): Promise<Page> {
  const context = await desk.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`${username}: ${e.message}`));
  page.on('response', (r) => (r.status() >= 400 ? failures.push(`${username}: ${r.status()} ${r.url()}`) : undefined));
  await page.goto(`${desk.url}/desk/worklist`);
  await page.waitForURL(/\/desk\/sign-in\?next=/);
  await page.waitForSelector('body[data-ready="true"]'); // desk.js sends the form as JSON
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_ACCOUNTS.find((a) => a.username === username)!.password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.waitForURL(/\/desk\/worklist$/);
  await page.getByRole('heading', { name: 'Việc của tôi' }).waitFor();
  return page;
}

/** The dossier version the page shows. */
const shownVersion = async (page: Page) => Number(await page.locator('#dossier-facts').getAttribute('data-version'));

/**
 * Submit the action form whose button has this name, once the page's script
 * is running; the page reloads with a newer version on success, else the
 * error is shown (and fails the test).
 */
async function act(page: Page, button: string, choose?: { label: string; option: string }): Promise<void> {
  await page.waitForSelector('body[data-ready="true"]');
  const before = await shownVersion(page);
  const form = page.locator('form.action', { has: page.getByRole('button', { name: button, exact: true }) });
  if (choose) await form.getByLabel(choose.label).selectOption({ label: choose.option });
  await form.getByRole('button', { name: button, exact: true }).click();
  // A newer version after the reload, or the error line (a string: the test's TypeScript has no DOM types).
  await page.waitForFunction(
    `Number(document.querySelector('#dossier-facts')?.getAttribute('data-version')) > ${before} || document.querySelector('#desk-status.error') !== null`,
    undefined,
    { timeout: 60_000 },
  );
  expect(
    await page.locator('#desk-status.error').count(),
    `${button}: ${await page
      .locator('#desk-status')
      .textContent()
      .catch(() => '')}`,
  ).toBe(0);
  await page.waitForSelector('body[data-ready="true"]');
}

/** Open a dossier from a worklist (by its code's link). */
async function openFrom(page: Page, list: string, code: string): Promise<void> {
  await page.goto(`${desk.url}/desk/worklist?list=${list}`);
  const link = page.getByRole('link', { name: code, exact: true });
  await link.waitFor();
  await link.click();
  await page.getByTestId('dossier-code').waitFor();
  expect(await page.getByTestId('dossier-code').textContent()).toBe(code);
}

const stepState = (page: Page, step: string) => page.locator(`li[data-step="${step}"]`).getAttribute('data-step-state');

describe("an officer's day in Chromium", () => {
  it('sign in, worklists, search, receive, transfer, forward for signature, sign, return, portal status', async () => {
    // 1. The receiving officer signs in and looks at her unit's lists
    const counter = await officer('tiepnhan');
    expect(await counter.locator('#who').textContent()).toContain('Cán bộ tiếp nhận');
    await counter.getByRole('link', { name: 'Tìm kiếm hồ sơ' }).click();
    await expect.poll(() => counter.locator('table tbody tr').count()).toBeGreaterThan(0);

    // 2. She receives a household business registration at the counter page (Form 01)
    await counter.getByRole('link', { name: 'Quầy tiếp nhận' }).click();
    await counter.waitForSelector('body[data-ready="true"]');
    await expect.poll(() => counter.getByLabel('Thủ tục hành chính').locator('option').count()).toBeGreaterThan(2);
    await counter.getByLabel('Thủ tục hành chính').selectOption('2.000720');
    await counter.getByLabel('Họ tên người nộp').fill('Nguyễn Thị Minh Khai');
    await counter.getByLabel('Số điện thoại').fill('0912345678');
    await counter.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await counter.getByTestId('received-code').waitFor();
    const code = (await counter.getByTestId('received-code').textContent())!.trim();
    expect(code).toMatch(/^000\.00\.20\.H26-\d{6}-\d{4}$/);

    // 3. Search by the name typed without accents: exactly her dossier
    await counter.goto(`${desk.url}/desk/worklist?list=all`);
    await counter.getByLabel('Tìm hồ sơ').fill('nguyen thi minh khai');
    await counter.getByRole('button', { name: 'Tìm', exact: true }).click();
    await counter.waitForURL(/q=nguyen/);
    const rows = counter.locator('table tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Nguyễn Thị Minh Khai');
    await counter.getByRole('link', { name: code, exact: true }).click();
    await counter.getByTestId('dossier-code').waitFor();
    const slip = counter.getByRole('table', { name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)' });
    expect(await slip.locator('tbody tr').count()).toBe(1);
    expect(await counter.locator('ol.steps li').count()).toBe(3);

    // 4. She transfers it to the commune: the draft step starts
    await act(counter, 'Chuyển hồ sơ đến cơ quan giải quyết');
    expect(await slip.locator('tbody tr').count()).toBe(2);
    expect(await stepState(counter, 'draft')).toBe('current');
    expect(await counter.getByRole('button', { name: 'Ký duyệt' }).count()).toBe(0);

    // 5. The commune's specialist finds it in his unit's list, drafts and forwards it to the head of division
    const specialist = await officer('chuyenvienxa');
    await openFrom(specialist, 'unit', code);
    await act(specialist, 'Chuyển bước tiếp theo', { label: 'Cán bộ bước sau (tuỳ chọn)', option: 'Đinh Văn Phúc (divisionHead)' });
    expect(await stepState(specialist, 'review')).toBe('current');
    expect(await specialist.getByTestId('step-assignee').textContent()).toBe('Đinh Văn Phúc');

    // 6. The head of division finds it in "my work" and forwards it for signature
    const head = await officer('truongphongxa');
    await openFrom(head, 'mine', code);
    await act(head, 'Chuyển bước tiếp theo', { label: 'Cán bộ bước sau (tuỳ chọn)', option: 'Hoàng Minh Tuấn (leader)' });
    expect(await stepState(head, 'sign')).toBe('current');

    // 7. The chairman finds it under "Chờ ký", signs, and resolves
    const leader = await officer('chutichxa');
    await openFrom(leader, 'awaitingSignature', code);
    expect(await leader.getByRole('button', { name: 'Hoàn thành giải quyết (có kết quả)' }).count()).toBe(0); // not before the signature
    await act(leader, 'Ký duyệt');
    expect(await stepState(leader, 'sign')).toBe('done');
    await act(leader, 'Hoàn thành giải quyết (có kết quả)');
    expect(await leader.getByTestId('dossier-status').textContent()).toContain('9.');

    // 8. The receiving officer returns the result
    await openFrom(counter, 'all', code);
    await act(counter, 'Trả kết quả');
    expect(await counter.getByTestId('dossier-status').textContent()).toBe('10. Đã trả kết quả');

    // 9. ... and sees what the national portal was told: every update delivered, the last one status 10
    const portalLog = counter.getByRole('table', { name: 'Nhật ký đồng bộ Cổng DVCQG' });
    await expect
      .poll(
        async () => {
          await counter.reload();
          const statuses = await portalLog.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-sync-status')));
          return statuses.length > 0 && statuses.every((s) => s === 'delivered') ? await counter.getByTestId('portal-last').textContent() : `waiting: ${statuses.join(',')}`;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('Lần cuối: 10. Đã trả kết quả — Đã gửi');
    await counter.screenshot({ path: join(ARTIFACTS, 'one-stop-desk-officer-day.png'), fullPage: true });

    // 10. The reconciliation page: this dossier agrees with the portal
    await counter.getByRole('link', { name: 'Đồng bộ Cổng DVCQG' }).click();
    await counter.getByTestId('reconcile-summary').waitFor();
    expect(await counter.getByTestId('reconcile-summary').textContent()).toMatch(/^Đã đối soát \d+ hồ sơ; \d+ hồ sơ lệch trạng thái\.$/);
    expect(await counter.getByRole('link', { name: code, exact: true }).count()).toBe(0);
    expect(failures).toEqual([]);
  }, 240_000);
});
