/**
 * Issue #10 item 19: every error is a MotcuaError with its status; the desk
 * logs every 5xx (and nothing else), and never answers 500 for bad input.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, type EventStore } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createDeskApp, type ServerErrorLog } from '../src/app';
import { deskCatalog } from '../src/catalog';
import { intake, signIn, testAuth, withCookie } from './support';

async function desk(store: EventStore = new InMemoryEventStore()) {
  const now = new Date('2026-03-02T09:00:00+07:00');
  const engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock: () => now, policy: 'none' });
  const logged: ServerErrorLog[] = [];
  const anonymous = createDeskApp({ engine, clock: () => now, webRoot: false, logServerError: (e) => logged.push(e), auth: await testAuth() });
  const app = withCookie(anonymous, await signIn(anonymous));
  const post = async (path: string, body: unknown) => {
    const res = await app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; issues: { path: (string | number)[] }[] } } };
  };
  return { app, post, logged, store };
}

describe('desk: errors', () => {
  it('ReceiveDossier without unit → 400 VALIDATION_FAILED on unit (was a plain Error and a silent 500)', async () => {
    const d = await desk();
    const { unit: _unit, ...noUnit } = intake();
    const r = await d.post('/api/dossiers', noUnit);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('VALIDATION_FAILED');
    expect(r.body.error?.issues.map((i) => i.path.join('.'))).toEqual(['unit']);
    expect(d.logged).toEqual([]);
  });

  it('hostile input → 4xx with a MotcuaError body, never logged as a server error', async () => {
    const d = await desk();
    for (const body of [
      { ...intake(), at: '2024-02-30T09:00:00+07:00' },
      { ...intake(), at: '2099-01-01T09:00:00+07:00' },
      { ...intake(), at: '9999-12-31T23:59:59-12:00' },
      { ...intake(), applicantt: { name: 'x' } },
      { ...intake(), applicant: { name: 'x'.repeat(100_000) } },
    ]) {
      const r = await d.post('/api/dossiers', body);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(typeof r.body.error?.code).toBe('string');
    }
    expect(d.logged).toEqual([]);
  });

  it('a failing store or a bug → 5xx JSON without internals, and each one is logged with its cause', async () => {
    const inner = new InMemoryEventStore();
    const broken = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop === 'append')
          return async () => {
            throw new TypeError('boom: cannot read properties of undefined');
          };
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as unknown as EventStore;
    const d = await desk(broken);
    const r = await d.post('/api/dossiers', intake());
    expect(r.status).toBe(500);
    expect(r.body.error?.code).toBe('INTERNAL');
    expect(JSON.stringify(r.body)).not.toContain('boom');
    expect(d.logged).toHaveLength(1);
    expect(d.logged[0]).toMatchObject({ method: 'POST', path: '/api/dossiers', status: 500, code: 'INTERNAL' });
    expect(((d.logged[0]!.error as Error).cause as Error).message).toContain('boom');
    expect(await inner.headPosition()).toBe(0);
  });
});
