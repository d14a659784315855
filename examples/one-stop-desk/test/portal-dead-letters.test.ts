/**
 * The national portal's dead letters at the desk: updates the relay gave up on
 * are listed on /desk/portal and in the API; only the administrator may retry
 * or skip one; a retry sends it again (and, once the portal answers, every
 * later update of that dossier follows), a skip lets the dossier's later
 * updates go on. A real simulated portal over HTTP that fails every request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deskWithFailingPortal, MAX_ATTEMPTS, pumpUntil } from './portal-support';
import { intake, requestJson, type RequestApp } from './support';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});
const made = async (withPortal = true) => {
  const desk = await deskWithFailingPortal(withPortal);
  cleanup.push(desk.close);
  return desk;
};

const html = async (app: RequestApp, path: string) => {
  const res = await app.request(path);
  return { status: res.status, text: await res.text() };
};

describe('national portal dead letters at the desk', () => {
  it('listed for every officer, retried and skipped by the administrator only; a retry delivers the dossier’s updates, a skip lets the later ones go', async () => {
    const desk = await made();
    const counter = await desk.as('tiepnhan');
    const ids: string[] = [];
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
      const r = await requestJson(counter, '/api/dossiers', { body: intake(name) });
      expect(r.status).toBe(201);
      ids.push(r.body.dossierId as string);
    }
    // the second dossier goes on to its handling agency: one more update to the portal, behind its first
    expect((await requestJson(counter, `/api/dossiers/${ids[1]}/transfer`, { body: {} })).status).toBe(200);
    // every first update of each dossier dies after MAX_ATTEMPTS; the later ones wait behind it
    await pumpUntil(desk.relay, async () => (await desk.relay.stats()).dead === 2);
    const listed = await requestJson(counter, '/api/portal/dead-letters');
    expect(listed.status).toBe(200);
    const dead = listed.body.deadLetters as { id: string; dossierId: string; status: string; attempts: number; lastError?: string }[];
    expect(dead.map((d) => d.dossierId).sort()).toEqual([...ids].sort());
    for (const d of dead) expect(d).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    const byDossier = new Map(dead.map((d) => [d.dossierId, d.id]));
    const [first, second] = [byDossier.get(ids[0]!)!, byDossier.get(ids[1]!)!];

    // the page lists them to everyone; only the administrator gets the buttons
    const counterPage = await html(counter, '/desk/portal');
    expect(counterPage.status).toBe(200);
    expect(counterPage.text).toContain(`data-dead-letter-row="${first}"`);
    expect(counterPage.text).not.toContain('data-dead-letter="');
    const admin = await desk.as('quantri');
    const adminPage = await html(admin, '/desk/portal');
    expect(adminPage.text).toContain(`data-dead-letter="${first}"`);
    expect(adminPage.text).toContain(`data-dead-letter="${second}"`);

    // anyone else: FORBIDDEN, and nothing changes
    for (const username of ['tiepnhan', 'lanhdao', 'thanhtra']) {
      const r = await requestJson(await desk.as(username), '/api/portal/dead-letters/retry', { body: { id: first } });
      expect(r.status, username).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
    expect(await desk.outbox.get(first)).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });

    // bad requests are typed errors
    expect((await requestJson(admin, '/api/portal/dead-letters/retry', { body: { id: 'dvcqg/none/0' } })).body.error.code).toBe('OUTBOX_NOT_FOUND');
    const invalid = await requestJson(admin, '/api/portal/dead-letters/skip', { body: { id: 7 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.issues[0].path).toEqual(['id']);
    expect((await requestJson(admin, '/api/portal/dead-letters/skip', { body: { id: first, reason: 'x' } })).status).toBe(400); // unknown field
    expect((await requestJson(admin, '/api/portal/dead-letters/skip', { body: { id: first }, headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);

    // the administrator retries the first dossier's update and the portal recovers: all of that dossier's updates arrive
    const retried = await requestJson(admin, '/api/portal/dead-letters/retry', { body: { id: first } });
    expect(retried.status).toBe(200);
    expect((retried.body.deadLetters as { id: string }[]).map((d) => d.id)).toEqual([second]);
    expect(await desk.outbox.get(first)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await requestJson(admin, '/api/portal/dead-letters/retry', { body: { id: first } })).status).toBe(409); // not dead any more
    desk.simulated.setFaults({ failureRate: 0 });
    await pumpUntil(desk.relay, async () => (await desk.portal.syncLog(ids[0]!)).every((entry) => entry.status === 'delivered'));
    // the second dossier is still held up by its dead letter
    const secondLog = await desk.portal.syncLog(ids[1]!);
    expect(secondLog[0]).toMatchObject({ id: second, status: 'dead' });
    expect(secondLog.length).toBeGreaterThan(1);
    expect(secondLog.slice(1).every((entry) => entry.status === 'pending')).toBe(true);
    expect(desk.simulated.record(ids[1]!)).toBeUndefined();

    // skipping it lets the later updates go on
    const skipped = await requestJson(admin, '/api/portal/dead-letters/skip', { body: { id: second } });
    expect(skipped.status).toBe(200);
    expect(skipped.body.deadLetters).toEqual([]);
    await pumpUntil(desk.relay, async () => (await desk.portal.syncLog(ids[1]!)).slice(1).every((entry) => entry.status === 'delivered'));
    expect((await desk.portal.syncLog(ids[1]!))[0]).toMatchObject({ id: second, status: 'skipped' });
    expect(desk.simulated.record(ids[1]!)).toBeDefined();
    expect(desk.simulated.record(ids[1]!)?.status).toBe(secondLog.at(-1)!.nationalStatus); // the portal holds the latest status
    expect((await html(admin, '/desk/portal')).text).toContain('data-testid="dead-letters-none"');
  });

  it('without a portal the dead-letter routes are 404 and the page says the sync is not configured', async () => {
    const desk = await made(false);
    const admin = await desk.as('quantri');
    expect((await requestJson(admin, '/api/portal/dead-letters')).status).toBe(404);
    expect((await requestJson(admin, '/api/portal/dead-letters/retry', { body: { id: 'dvcqg/x/0' } })).status).toBe(404);
    expect((await html(admin, '/desk/portal')).text).toContain('data-testid="portal-off"');
  });
});
