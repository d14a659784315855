/**
 * The desk reports from the corrected view (docs/security.md, "Corrections as events"): a resolution entered late
 * and corrected by a leader through the desk (`CorrectEvent`) reports exactly like the same dossier entered right,
 * whether the report was asked before the correction (the runners had already applied the resolution as entered:
 * `onLateCorrection` rebuilds them) or not, after a restart (the checkpoints saved are the corrected ones), and from
 * a checkpoint an earlier desk saved without the corrections (its tag differs: rebuilt once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProjectionRunner, timelinessProjection } from '@motcua/projections';
import { createDeskReports } from '../src/reports';
import { intake, requestJson, signIn, testDesk, withCookie, type TestDesk } from './support';

const desks: TestDesk[] = [];
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.close();
});

/** A desk with one business registration (3 working days) received Mon 02/03/2026 (due Thu 05/03), resolved at `resolvedAt`, returned, rated. */
async function deskWith(resolvedAt: string): Promise<{ desk: TestDesk; id: string }> {
  const desk = await testDesk('2026-03-02T09:00:00+07:00');
  desks.push(desk);
  const received = await desk.json('/api/dossiers', { body: intake() });
  expect(received.status).toBe(201);
  const id = received.body.dossierId as string;
  expect((await desk.json(`/api/dossiers/${id}/transfer`, { body: {} })).status).toBe(200);
  desk.at(resolvedAt);
  expect((await desk.json(`/api/dossiers/${id}/resolve`, { body: {} })).status).toBe(200);
  desk.at('2026-03-10T15:00:00+07:00');
  expect((await desk.json(`/api/dossiers/${id}/return`, { body: { method: 'counter' } })).status).toBe(200);
  expect((await desk.json(`/api/dossiers/${id}/rate`, { body: { channel: 'kiosk', ratings: [{ criterion: 'Thời gian', level: 'Hài lòng' }] } })).status).toBe(200);
  return { desk, id };
}

/** The leader corrects the resolution to Wed 04/03 10:00 (a day before it was due), through the desk. */
async function correct(desk: TestDesk, id: string): Promise<void> {
  desk.at('2026-03-11T09:00:00+07:00');
  const leader = withCookie(desk.anonymous, await signIn(desk.anonymous, 'lanhdao'));
  const body = { type: 'CorrectEvent', target: { type: 'DossierResolved' }, field: 'occurredAt', value: '2026-03-04T10:00:00+07:00', reason: 'Nhập nhầm ngày ký quyết định' };
  const answer = await requestJson(leader, `/api/dossiers/${id}/commands`, { body });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.events.map((e: { type: string }) => e.type)).toEqual(['EventCorrected']);
}

const QUERIES = [
  '/api/reports/06a?from=2026-03-01&to=2026-03-31&groupBy=agency',
  '/api/reports/766?from=2026-03-01&to=2026-03-31',
  '/api/reports/tt01?from=2026-03-01&to=2026-03-31&by=official',
  '/api/reports/satisfaction?from=2026-03-01&to=2026-03-31',
];
/** The rows of each report. */
async function reports(desk: TestDesk): Promise<unknown[]> {
  const rows: unknown[] = [];
  for (const query of QUERIES) {
    const answer = await desk.json(query);
    expect(answer.status, query).toBe(200);
    rows.push(answer.body.rows);
  }
  return rows;
}

describe('the desk reports from the corrected view', () => {
  it('a resolution entered late (Tue 10/03) and corrected to Wed 04/03 by the leader: 06a, 766, TT 01 and satisfaction as if entered right, asked before and after the correction, and after a restart', async () => {
    const right = await deskWith('2026-03-04T10:00:00+07:00');
    const expected = await reports(right.desk);
    expect((expected[0] as { resolved: object }[])[0]!.resolved).toMatchObject({ total: 1, early: 1, late: 0 });

    const { desk, id } = await deskWith('2026-03-10T10:00:00+07:00');
    const asEntered = await reports(desk); // the runners apply the resolution as entered, and save their checkpoints past it
    expect((asEntered[0] as { resolved: object }[])[0]!.resolved).toMatchObject({ total: 1, late: 1 });
    await correct(desk, id);
    expect(await reports(desk)).toEqual(expected);
    // The checkpoints saved are the corrected ones: another desk on the same store (a restart) reads them.
    const restarted = createDeskReports({ store: desk.store, catalog: desk.engine.catalog, calendar: desk.engine.calendar });
    try {
      const rows = await restarted.report06a({ from: '2026-03-01', to: '2026-03-31', groupBy: ['agency'] });
      expect(rows).toEqual(expected[0]);
    } finally {
      await restarted.close();
    }
  });

  it('a crash during the rebuild a late correction asks for: no checkpoint passes the correction, and the next desk reports it corrected', async () => {
    const right = await deskWith('2026-03-04T10:00:00+07:00');
    const expected = await reports(right.desk);
    const { desk, id } = await deskWith('2026-03-10T10:00:00+07:00');
    const q = { from: '2026-03-01', to: '2026-03-31', groupBy: ['agency'] as ['agency'] };
    // A store whose replays from the start fail: the rebuild "crashes".
    let crash = false;
    const store = new Proxy(desk.store, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key === 'readBatches')
          return (options: { after?: number } = {}) => {
            if (crash && (options.after ?? 0) === 0) throw new Error('crash during the rebuild');
            return (value as (o: unknown) => unknown).call(target, options);
          };
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const first = createDeskReports({ store, catalog: desk.engine.catalog, calendar: desk.engine.calendar });
    expect((await first.report06a(q))[0]!.resolved).toMatchObject({ late: 1 }); // as entered; checkpoint saved
    await correct(desk, id);
    crash = true;
    await expect(first.report06a(q)).rejects.toThrow('crash during the rebuild');
    await first.close(); // saves what was applied: nothing past the correction
    const checkpoint = await desk.store.loadProjection('one-stop-desk/timeliness');
    const correction = (await desk.engine.history(id)).find((e) => e.type === 'EventCorrected')!;
    expect(checkpoint!.position).toBeLessThan(correction.position);
    const restarted = createDeskReports({ store: desk.store, catalog: desk.engine.catalog, calendar: desk.engine.calendar });
    try {
      expect(await restarted.report06a(q)).toEqual(expected[0]);
    } finally {
      await restarted.close();
    }
  });

  it('a correction made before any report, and a checkpoint saved by an earlier desk without the corrections (rebuilt once: its tag differs)', async () => {
    const right = await deskWith('2026-03-04T10:00:00+07:00');
    const expected = await reports(right.desk);
    const { desk, id } = await deskWith('2026-03-10T10:00:00+07:00');
    // What the desk saved before it read the corrected view: the resolution as entered, at the head, under the projection's own version.
    const timeliness = timelinessProjection({ calendar: desk.engine.calendar, rulePacks: desk.engine.catalog.rulePacks, name: 'one-stop-desk/timeliness' });
    await correct(desk, id);
    const earlier = createProjectionRunner({ store: desk.store, projection: timeliness });
    await earlier.catchUp();
    expect((await desk.store.loadProjection('one-stop-desk/timeliness'))?.position).toBe(await desk.store.headPosition());
    expect(await reports(desk)).toEqual(expected);
    expect((await desk.store.loadProjection('one-stop-desk/timeliness'))?.tag).not.toBe(timeliness.version);
  });
});
