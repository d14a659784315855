/**
 * Issue #14 item 2: officers sign in, commands act as the signed-in officer,
 * writes are JSON from this origin only, sign-ins and writes are rate
 * limited, and the public look-up needs a second factor and shows no
 * personal data. Clocks are injected: no timing assertions.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_2025 } from '@motcua/core';
import { createRateLimiter } from '../src/auth/rate-limit';
import { DEMO_ACCOUNTS } from '../src/seed';
import { intake, requestJson, signIn, testDesk, withCookie, type TestDesk } from './support';

let desk: TestDesk;
afterEach(async () => {
  await desk?.close();
});
let ms = Date.parse('2026-03-02T02:00:00Z');
const now = () => ms;

const signInBody = (username: string, password: string) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });

describe('sign-in', () => {
  it('without a session every API route but health, session and the public look-up is 401, and nothing is written', async () => {
    desk = await testDesk();
    const anon = (path: string, init?: Parameters<typeof requestJson>[2]) => requestJson(desk.anonymous, path, init);
    expect((await anon('/api/health')).status).toBe(200);
    for (const path of ['/api/procedures', '/api/dossiers/x', '/api/dossiers/by-code/000.00.20.H26-260302-0001', '/api/reports/06a', '/api/dashboard', '/api/dossiers/x/receipt']) {
      const r = await anon(path);
      expect(r.status, path).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await anon('/api/dossiers', { body: intake() })).status).toBe(401);
    expect((await anon('/api/dossiers/x/transfer', { body: {} })).status).toBe(401);
    expect(await desk.store.headPosition()).toBe(0);
  });

  it('a right password gives an HttpOnly, SameSite=Strict signed cookie; a wrong one or an unknown user gives 401', async () => {
    desk = await testDesk();
    const ok = await desk.anonymous.request('/api/session', signInBody('lanhdao', 'motcua-lanhdao'));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ actor: { id: 'ld-01', role: 'leader', unit: 'STC' } });
    const cookie = ok.headers.get('Set-Cookie')!;
    expect(cookie).toMatch(/^motcua_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    for (const [u, p] of [
      ['lanhdao', 'motcua-tiepnhan'],
      ['nobody', 'motcua-lanhdao'],
      ['lanhdao', ''],
    ] as const) {
      const r = await desk.anonymous.request('/api/session', signInBody(u, p));
      expect(r.status, `${u}/${p}`).toBe(p === '' ? 400 : 401);
      expect(r.headers.get('Set-Cookie')).toBeNull();
    }
    const me = await requestJson(withCookie(desk.anonymous, cookie.split(';')[0]!), '/api/session');
    expect(me.body.actor.role).toBe('leader');
  });

  it('a cookie whose value or signature was changed, or an expired session, is 401', async () => {
    desk = await testDesk('2026-03-02T09:00:00+07:00', { auth: { now, sessionTtlMs: 3600_000 } });
    const cookie = await signIn(desk.anonymous, 'thanhtra');
    const value = decodeURIComponent(cookie.slice('motcua_session='.length));
    const [claims, signature] = [value.slice(0, value.lastIndexOf('.')), value.slice(value.lastIndexOf('.') + 1)];
    const forged = claims.replace('thanhtra', 'lanhdao');
    for (const bad of [
      `motcua_session=${encodeURIComponent(`${forged}.${signature}`)}`,
      `motcua_session=${encodeURIComponent(`${claims}.${'A'.repeat(signature.length - 1)}=`)}`,
    ]) {
      expect((await requestJson(withCookie(desk.anonymous, bad), '/api/procedures')).status).toBe(401);
      expect((await requestJson(withCookie(desk.anonymous, bad), '/api/session')).body).toEqual({ actor: null, expiresAt: null });
    }
    expect((await requestJson(withCookie(desk.anonymous, cookie), '/api/session')).body.actor.id).toBe('tt-01');
    ms += 3600_000 + 1;
    expect((await requestJson(withCookie(desk.anonymous, cookie), '/api/procedures')).status).toBe(401);
  });

  it('the actor of every command is the signed-in user; an actor in the body is refused and nothing is written', async () => {
    desk = await testDesk();
    const r = await desk.json('/api/dossiers', { body: intake() });
    expect(r.status).toBe(201);
    const specialist = withCookie(desk.anonymous, await signIn(desk.anonymous, 'chuyenvien'));
    expect((await requestJson(specialist, `/api/dossiers/${r.body.dossierId}/transfer`, { body: {} })).status).toBe(200);
    const history = (await desk.json(`/api/dossiers/${r.body.dossierId}/history`)).body.events;
    expect(history.map((e: { metadata: { actor: { id: string; role: string } } }) => [e.metadata.actor.id, e.metadata.actor.role])).toEqual([
      ['cb-mc-01', 'receivingOfficer'],
      ['cv-01', 'specialist'],
    ]);
    const head = await desk.store.headPosition();
    for (const [path, body] of [
      ['/api/dossiers', { ...intake(), actor: { id: 'someone', role: 'leader', unit: 'H26' } }],
      [`/api/dossiers/${r.body.dossierId}/commands`, { type: 'AssignOfficer', officer: { id: 'cv-1' }, actor: { id: 'ld-01', role: 'leader' } }],
    ] as const) {
      const refused = await desk.json(path, { body });
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues).toContainEqual(expect.objectContaining({ code: 'actor_from_sign_in', path: ['actor'] }));
    }
    expect(await desk.store.headPosition()).toBe(head);
  });
});

describe('the access policy acts on the signed-in identity', () => {
  it('under DEFAULT_POLICY_2025 the receiving officer receives and transfers, may not resolve (403 FORBIDDEN, nothing written); the specialist resolves', async () => {
    desk = await testDesk('2026-03-02T09:00:00+07:00', { policy: DEFAULT_POLICY_2025 });
    const r = await desk.json('/api/dossiers', { body: intake() });
    expect(r.status).toBe(201);
    expect((await desk.json(`/api/dossiers/${r.body.dossierId}/transfer`, { body: {} })).status).toBe(200);
    const head = await desk.store.headPosition();
    const refused = await desk.json(`/api/dossiers/${r.body.dossierId}/resolve`, { body: {} });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', role: 'receivingOfficer' });
    expect(await desk.store.headPosition()).toBe(head);
    const specialist = withCookie(desk.anonymous, await signIn(desk.anonymous, 'chuyenvien'));
    desk.at('2026-03-03T09:00:00+07:00');
    const resolved = await requestJson(specialist, `/api/dossiers/${r.body.dossierId}/resolve`, { body: {} });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const auditor = withCookie(desk.anonymous, await signIn(desk.anonymous, 'thanhtra'));
    expect((await requestJson(auditor, `/api/dossiers/${r.body.dossierId}/return`, { body: { method: 'counter' } })).status).toBe(403);
  });
});

describe('writes: JSON only, same origin only', () => {
  it('text/plain, form-encoded and multipart posts are 415 and write nothing', async () => {
    desk = await testDesk();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await desk.app.request('/api/dossiers', { method: 'POST', headers: type ? { 'Content-Type': type } : {}, body: JSON.stringify(intake()) });
      expect(res.status, type).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    const signInAsText = await desk.anonymous.request('/api/session', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ username: 'tiepnhan', password: 'motcua-tiepnhan' }),
    });
    expect(signInAsText.status).toBe(415);
    expect(await desk.store.headPosition()).toBe(0);
  });

  it('a write from another origin or a cross-site fetch is 403 (CSRF), even with the session cookie; same origin passes', async () => {
    desk = await testDesk();
    const crossSite: Record<string, string>[] = [{ Origin: 'https://evil.example' }, { 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' }, { Origin: 'null' }];
    for (const headers of crossSite) {
      const r = await desk.json('/api/dossiers', { body: intake(), headers });
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body.error.code).toBe('CSRF_REJECTED');
    }
    expect(await desk.store.headPosition()).toBe(0);
    const same = await desk.json('/api/dossiers', { body: intake(), headers: { Origin: 'http://localhost', 'Sec-Fetch-Site': 'same-origin' } });
    expect(same.status).toBe(201);
  });
});

describe('rate limits', () => {
  it('sign-in: 5 attempts per address, then 429 with Retry-After until the bucket refills (injected clock)', async () => {
    desk = await testDesk('2026-03-02T09:00:00+07:00', { auth: { now } });
    // 5 per client address: testDesk's own sign-in (tiepnhan, same in-process address) took the first
    for (let i = 0; i < 4; i++) expect((await desk.anonymous.request('/api/session', signInBody('lanhdao', `wrong-${i}`))).status).toBe(401);
    const limited = await desk.anonymous.request('/api/session', signInBody('lanhdao', 'motcua-lanhdao'));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    ms += 12_000; // one token per 12 s
    expect((await desk.anonymous.request('/api/session', signInBody('lanhdao', 'motcua-lanhdao'))).status).toBe(200);
  });

  it('writes: a burst of 3, then 429 and nothing written, per user (injected clock)', async () => {
    desk = await testDesk('2026-03-02T09:00:00+07:00', { auth: { now, limits: { writes: { capacity: 3, perSecond: 1 } } } });
    for (let i = 0; i < 3; i++) expect((await desk.json('/api/dossiers', { body: intake(`Người ${i}`) })).status).toBe(201);
    const refused = await desk.json('/api/dossiers', { body: intake('Người 3') });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(await desk.store.headPosition()).toBe(3);
    const other = withCookie(desk.anonymous, await signIn(desk.anonymous, 'chuyenvien'));
    expect((await requestJson(other, '/api/dossiers', { body: intake('Người khác') })).status).toBe(201);
    ms += 1000;
    expect((await desk.json('/api/dossiers', { body: intake('Người 4') })).status).toBe(201);
  });

  it('the token bucket never allows more than capacity + rate × elapsed (property; oracle: that bound)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { maxLength: 200 }),
        (capacity, perSecond, gaps) => {
          let t = 0;
          const limiter = createRateLimiter({ capacity, perSecond, now: () => t });
          let allowed = 0;
          for (const gap of gaps) {
            t += gap;
            if (limiter.take('k').ok) allowed++;
            expect(allowed).toBeLessThanOrEqual(capacity + (perSecond * t) / 1000 + 1e-9);
          }
          // and a key left alone for long enough gets its full burst back
          t += Math.ceil((capacity / perSecond) * 1000);
          for (let i = 0; i < capacity; i++) expect(limiter.take('k').ok).toBe(true);
        },
      ),
    );
  });
});

describe('public look-up by dossier code', () => {
  it('needs the ID number or the receipt token; shows status, due date and readiness, and no personal data', async () => {
    desk = await testDesk();
    const r = await desk.json('/api/dossiers', { body: intake('Trần Thị Bình') });
    const code = r.body.dossierCode as string;
    const pub = (body: unknown) => requestJson(desk.anonymous, '/api/public/lookup', { body });
    expect((await pub({ code })).status).toBe(400);
    expect((await pub({ code, idNumber: '001085000112' })).status).toBe(404);
    expect((await pub({ code, token: 'AAAAA-AAAAA' })).status).toBe(404);
    expect((await pub({ code: '000.00.20.H26-260302-0999', idNumber: '001085000111' })).status).toBe(404);
    const byId = await pub({ code: code.toLowerCase(), idNumber: '001085000111' });
    expect(byId.status).toBe(200);
    expect(byId.body).toEqual({
      dossier: {
        dossierCode: code,
        procedure: expect.any(String),
        status: { code: 2, vi: 'Được tiếp nhận', en: expect.any(String) },
        receivedAt: expect.any(String),
        due: { date: '2026-03-05' },
        resultReady: false,
        returned: false,
      },
    });
    const text = JSON.stringify(byId.body);
    for (const personal of ['Trần Thị Bình', '001085000111', '0912000111', 'applicant']) expect(text).not.toContain(personal);
    const receipt = await (await desk.app.request(r.body.receiptUrl)).text();
    const token = /data-testid="lookup-token">([0-9A-Z-]+)</.exec(receipt)![1]!;
    const byToken = await pub({ code, token: token.toLowerCase().replace('-', ' ') });
    expect(byToken.body).toEqual(byId.body);
  });

  it('enumerating codes: every guess without the right factor is 404, and the address is limited after 10', async () => {
    desk = await testDesk('2026-03-02T09:00:00+07:00', { auth: { now } });
    for (let i = 0; i < 3; i++) await desk.json('/api/dossiers', { body: intake(`Người ${i}`) });
    const answers: number[] = [];
    for (let n = 1; n <= 12; n++)
      answers.push(
        (await requestJson(desk.anonymous, '/api/public/lookup', { body: { code: `000.00.20.H26-260302-${String(n).padStart(4, '0')}`, idNumber: '000000000000' } })).status,
      );
    expect(answers).toEqual([...Array(10).fill(404), 429, 429]);
  });
});

describe('demo accounts', () => {
  it('use the role names of the default policy', () => {
    const roles = new Set(['applicant', 'receivingOfficer', 'specialist', 'divisionHead', 'leader', 'partner', 'admin', 'auditor']);
    for (const a of DEMO_ACCOUNTS) expect(roles.has(a.actor.role), a.actor.role).toBe(true);
  });
});
