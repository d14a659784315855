import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCodeIndex } from '../src/code-index';
import { seedDemo } from '../src/seed';
import { intake, testDesk, type TestDesk } from './support';

type Desk = TestDesk;
let desk: Desk;
beforeEach(async () => {
  desk = await testDesk('2026-03-02T09:00:00+07:00');
});
afterEach(async () => {
  await desk.close();
});

/** Receive a business registration (3 working days) at `at`, transfer, resolve at `resolvedAt` (if given), return and rate. */
async function dossier(at: string, resolvedAt?: string, level?: string) {
  desk.at(at);
  const r = await desk.json('/api/dossiers', { body: intake() });
  expect(r.status).toBe(201);
  const id = r.body.dossierId as string;
  await desk.json(`/api/dossiers/${id}/transfer`, { body: {} });
  if (!resolvedAt) return id;
  desk.at(resolvedAt);
  expect((await desk.json(`/api/dossiers/${id}/resolve`, { body: {} })).status).toBe(200);
  expect((await desk.json(`/api/dossiers/${id}/return`, { body: { method: 'counter' } })).status).toBe(200);
  if (level) expect((await desk.json(`/api/dossiers/${id}/rate`, { body: { channel: 'kiosk', ratings: [{ criterion: 'Thời gian', level }] } })).status).toBe(200);
  return id;
}

/** Four dossiers received Mon 02/03/2026 (due Thu 05/03): early, on time, late, and one still open. */
async function scenario() {
  await dossier('2026-03-02T09:00:00+07:00', '2026-03-04T10:00:00+07:00', 'Rất hài lòng');
  await dossier('2026-03-02T09:10:00+07:00', '2026-03-05T10:00:00+07:00', 'Hài lòng');
  await dossier('2026-03-02T09:20:00+07:00', '2026-03-09T10:00:00+07:00', 'Không hài lòng');
  await dossier('2026-03-02T09:30:00+07:00');
  desk.at('2026-03-10T09:00:00+07:00');
}

describe('reports', () => {
  it('report 06a as JSON per agency: received, resolved early/on time/late, pending overdue', async () => {
    await scenario();
    const r = await desk.json('/api/reports/06a?from=2026-03-01&to=2026-03-31&groupBy=agency&asOf=2026-03-10T09:00:00%2B07:00');
    expect(r.status).toBe(200);
    expect(r.body.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(r.body.rows).toHaveLength(1);
    expect(r.body.rows[0]).toMatchObject({
      group: { agency: 'STC' },
      received: { total: 4, directOrPostal: 4, online: 0 },
      resolved: { total: 3, early: 1, onTime: 1, late: 1 },
      pending: { total: 1, overdue: 1 },
    });
  });

  it('report 06a as CSV with numbered Vietnamese columns, English on request, BOM for spreadsheets', async () => {
    await scenario();
    const res = await desk.app.request('/api/reports/06a?from=2026-03-01&to=2026-03-31&groupBy=agency&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect(res.headers.get('Content-Disposition')).toContain('06a-2026-03-01-2026-03-31.csv');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\(1\) /);
    expect(lines[0]).toContain('(3)');
    expect(lines[1]!.split(',').slice(0, 3)).toEqual(['1', 'STC', '4']);
    const bytes = new Uint8Array(await (await desk.app.request('/api/reports/06a?from=2026-03-01&to=2026-03-31&format=csv&lang=en&bom=1')).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM (Response.text() would strip it)
    const en = new TextDecoder().decode(bytes);
    expect(en).not.toMatch(/Tiếp nhận|Đã giải quyết/);
  });

  it('Decision 766 indicators as JSON and CSV', async () => {
    await scenario();
    const r = await desk.json('/api/reports/766?from=2026-03-01&to=2026-03-31');
    expect(r.status).toBe(200);
    const row = r.body.rows[0];
    expect(row.indicators['2.1']).toMatchObject({ max: 20, denominator: 4 });
    expect(row.total).toBeGreaterThan(0);
    const csv = await (await desk.app.request('/api/reports/766?from=2026-03-01&to=2026-03-31&format=csv')).text();
    expect(csv.split('\r\n')[0]).toContain('2.1');
  });

  it('satisfaction per level as JSON and CSV', async () => {
    await scenario();
    const r = await desk.json('/api/reports/satisfaction?from=2026-03-01&to=2026-03-31');
    expect(r.status).toBe(200);
    expect(r.body.rows[0]).toMatchObject({ ratings: { 'Rất hài lòng': 1, 'Hài lòng': 1, 'Không hài lòng': 1 }, total: 3, satisfied: 2 });
    const csv = await (await desk.app.request('/api/reports/satisfaction?from=2026-03-01&to=2026-03-31&groupBy=criterion&format=csv')).text();
    expect(csv).toContain('Thời gian');
  });

  it('TT 01/2018 scores per agency', async () => {
    await scenario();
    const r = await desk.json('/api/reports/tt01?from=2026-03-01&to=2026-03-31&by=agency');
    expect(r.status).toBe(200);
    expect(r.body.report).toBe('tt01-agency');
  });

  it('the dashboard: totals, on-time rate per month and agency, overdue now, satisfaction', async () => {
    await scenario();
    const r = await desk.json('/api/dashboard?from=2026-01-01&to=2026-03-10');
    expect(r.status).toBe(200);
    expect(r.body.totals).toMatchObject({ received: 4, resolved: 3, overdue: 1 });
    expect(r.body.onTimeByMonth.map((m: { period: string }) => m.period)).toEqual(['2026-03']);
    expect(r.body.byAgency).toEqual([expect.objectContaining({ agency: 'STC', name: 'Sở Tài chính', received: 4, overdue: 1 })]);
    expect(r.body.overdueNow).toMatchObject({ total: 1 });
    expect(r.body.satisfaction).toMatchObject({ total: 3, levels: expect.arrayContaining([{ level: 'Không hài lòng', count: 1 }]) });
    expect(r.body.decision766.progress.max).toBe(20);
  });

  it('reports include a command as soon as it is answered', async () => {
    await dossier('2026-03-02T09:00:00+07:00');
    const before = await desk.json('/api/reports/06a?from=2026-03-01&to=2026-03-31');
    expect(before.body.rows[0].received.total).toBe(1);
    await dossier('2026-03-02T10:00:00+07:00');
    const after = await desk.json('/api/reports/06a?from=2026-03-01&to=2026-03-31');
    expect(after.body.rows[0].received.total).toBe(2);
  });

  it('gives 400 for a malformed period, grouping, format or option', async () => {
    for (const q of ['from=2026-13-01x', 'from=2026-03-10&to=2026-03-01', 'groupBy=planet', 'format=xml', 'clock=wall', 'lang=fr', 'asOf=soon']) {
      const r = await desk.json(`/api/reports/06a?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await desk.json('/api/reports/satisfaction?groupBy=channel')).status).toBe(400);
    expect((await desk.json('/api/reports/tt01?by=planet')).status).toBe(400);
  });

  it("lists every bad query parameter (Hono's zod validator) and computes nothing", async () => {
    const r = await desk.json('/api/reports/06a?groupBy=unit,planet&format=xml&lang=fr&from=1-1-2026&extra=ignored');
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: (string | number)[] }) => i.path.join('.')).sort()).toEqual(['format', 'from', 'groupBy.1', 'lang']);
    expect(r.body.error.issues.find((i: { path: string[] }) => i.path[0] === 'groupBy').message).toMatch(/unknown grouping 'planet'/);
    expect((await desk.json('/api/dossiers/00000000-0000-4000-8000-000000000000/receipt?lang=fr')).status).toBe(400);
  });

  it('defaults to the last 12 months up to today', async () => {
    const r = await desk.json('/api/reports/06a');
    expect(r.body.period).toEqual({ from: '2025-04-01', to: '2026-03-02' });
  });
});

describe('the code index', () => {
  it('follows the log live and never writes events', async () => {
    const index = createCodeIndex(desk.store);
    await index.start();
    expect(index.size).toBe(0);
    const head = await desk.store.headPosition();
    desk.at('2026-03-02T09:00:00+07:00');
    const r = await desk.json('/api/dossiers', { body: intake() });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(index.size).toBe(1);
    expect(await index.lookup(r.body.dossierCode)).toBe(r.body.dossierId);
    expect(await index.lookup('NOPE-000000-0000')).toBeUndefined();
    expect(await desk.store.headPosition()).toBe(head + 1);
    await index.stop();
  });
});

describe('demo seeding', () => {
  it('runs dossiers through the engine with realistic dates, leaving recent ones open', async () => {
    const now = new Date('2026-03-02T09:00:00+07:00');
    const r = await seedDemo(desk.engine, { count: 40, now, days: 90, seed: 7 });
    expect(r.dossiers).toBe(40);
    expect(new Set(r.codes).size).toBe(r.codes.length);
    expect(r.commands).toBeGreaterThan(100);
    const d = await desk.json('/api/dashboard?from=2025-12-01&to=2026-03-02');
    expect(d.body.totals.received).toBe(40);
    expect(d.body.totals.resolved).toBeGreaterThan(20);
    expect(d.body.onTimeByMonth.length).toBeGreaterThanOrEqual(3);
    expect(d.body.satisfaction.total).toBeGreaterThan(0);
    const events = await desk.engine.history((await desk.json(`/api/dossiers/by-code/${r.codes[0]}`)).body.dossier.id);
    expect(events.every((e) => e.metadata.occurredAt <= '2026-03-02T09:00:00.000+07:00')).toBe(true);
  });
});

describe('the web page', () => {
  it('serves the page and its modules, and nothing else from the disk', async () => {
    const page = await desk.app.request('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('Bộ phận Một cửa');
    for (const f of ['/app.js', '/i18n.js', '/charts.js', '/timeline.js', '/api.js', '/style.css']) expect((await desk.app.request(f)).status, f).toBe(200);
    expect((await desk.app.request('/app.js')).headers.get('Content-Type')).toMatch(/javascript/);
    expect((await desk.app.request('/package.json')).status).toBe(404);
    expect((await desk.app.request('/..%2Fpackage.json')).status).toBe(404);
  });

  it('lists the procedures in force and the receiving units', async () => {
    const r = await desk.json('/api/procedures');
    expect(r.body.procedures.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining(['1.001193', '2.002030', '1.003003']));
    expect(r.body.units.length).toBeGreaterThan(0);
  });

  it('reception SLA per unit: an online dossier received within 8 working hours is on time, one received after it is late (JSON and CSV)', async () => {
    const submit = async (at: string) => {
      desk.at(at);
      const r = await desk.json('/api/dossiers', { body: { ...intake(), type: 'SubmitOnline', channel: 'online' } });
      expect(r.status).toBe(201);
      return r.body.dossierId as string;
    };
    const a = await submit('2026-03-02T09:00:00+07:00');
    const b = await submit('2026-03-02T09:10:00+07:00');
    // a: received the same afternoon (a few working hours); b: Wed 04/03 10:00, after all of Tue 03/03 (8 working hours) has passed.
    desk.at('2026-03-02T14:00:00+07:00');
    expect((await desk.json(`/api/dossiers/${a}/commands`, { body: { type: 'ReceiveDossier' } })).status).toBe(200);
    desk.at('2026-03-04T10:00:00+07:00');
    expect((await desk.json(`/api/dossiers/${b}/commands`, { body: { type: 'ReceiveDossier' } })).status).toBe(200);
    const r = await desk.json('/api/reports/reception?from=2026-03-01&to=2026-03-31');
    expect(r.status).toBe(200);
    expect(r.body.rows).toHaveLength(1);
    expect(r.body.rows[0]).toMatchObject({ submitted: 2, handled: { total: 2, onTime: 1, late: 1, accepted: 2 }, pending: { total: 0 } });
    const csv = await (await desk.app.request('/api/reports/reception?from=2026-03-01&to=2026-03-31&format=csv')).text();
    expect(csv.trimEnd().split('\r\n')).toHaveLength(2);
    expect((await desk.json('/api/reports/reception?groupBy=agency')).status).toBe(400);
  });
});
