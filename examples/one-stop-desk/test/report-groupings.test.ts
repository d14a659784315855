/**
 * The desk accepts the report groupings of NĐ 118/2025 (issue #12): `handlingUnit`
 * (the competent unit, Đ14.2) and `rulePack` for 06a and 766, `content` (the
 * Đ33 evaluation content a–i) for satisfaction. One dossier received at the
 * first desk unit on Mon 02/03/2026 — under NĐ 118/2025 (in force from
 * 01/07/2025), handled by the unit that received it (no competent unit named)
 * — resolved, returned and rated on content `a`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK_UNITS } from '../src/catalog';
import { intake, testDesk, type TestDesk } from './support';

let desk: TestDesk;
beforeEach(async () => {
  desk = await testDesk('2026-03-02T09:00:00+07:00');
  const r = await desk.json('/api/dossiers', { body: intake() });
  expect(r.status).toBe(201);
  const id = r.body.dossierId as string;
  expect((await desk.json(`/api/dossiers/${id}/transfer`, { body: {} })).status).toBe(200);
  desk.at('2026-03-04T10:00:00+07:00');
  expect((await desk.json(`/api/dossiers/${id}/resolve`, { body: {} })).status).toBe(200);
  expect((await desk.json(`/api/dossiers/${id}/return`, { body: { method: 'counter' } })).status).toBe(200);
  const rated = await desk.json(`/api/dossiers/${id}/rate`, { body: { channel: 'kiosk', ratings: [{ criterion: 'Thời gian', level: 'Hài lòng', content: 'a' }] } });
  expect(rated.status, JSON.stringify(rated.body)).toBe(200);
  desk.at('2026-03-10T09:00:00+07:00');
});
afterEach(async () => {
  await desk.close();
});

const PERIOD = 'from=2026-03-01&to=2026-03-31';

describe('report groupings of NĐ 118/2025', () => {
  it('06a by handlingUnit: the receiving unit handles it', async () => {
    const r = await desk.json(`/api/reports/06a?${PERIOD}&groupBy=handlingUnit`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows).toEqual([expect.objectContaining({ group: { handlingUnit: DESK_UNITS[0].code }, received: expect.objectContaining({ total: 1 }) })]);
  });

  it('766 by rulePack: a 2026 dossier is under nd118-2025; the CSV header names the grouping', async () => {
    const r = await desk.json(`/api/reports/766?${PERIOD}&groupBy=rulePack`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows.map((row: { group: unknown }) => row.group)).toEqual([{ rulePack: 'nd118-2025' }]);
    const vi = await (await desk.app.request(`/api/reports/06a?${PERIOD}&groupBy=rulePack&format=csv`)).text();
    expect(vi.split('\r\n')[0]).toContain('Nghị định áp dụng');
    const en = await (await desk.app.request(`/api/reports/06a?${PERIOD}&groupBy=rulePack&format=csv&lang=en`)).text();
    expect(en.split('\r\n')[0]).toContain('Rule pack');
  });

  it('satisfaction by content: the answer about content a', async () => {
    const r = await desk.json(`/api/reports/satisfaction?${PERIOD}&groupBy=content`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.rows).toEqual([expect.objectContaining({ group: { content: 'a' }, total: 1 })]);
  });
});
