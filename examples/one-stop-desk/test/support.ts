import { createEngine, type AccessPolicy, type Engine, type EventStore } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createDeskApp, type DeskAppOptions } from '../src/app';
import type { DeskUser } from '../src/auth/users';
import { deskCatalog, DESK_UNITS } from '../src/catalog';
import { DEMO_ACCOUNTS, demoUsers } from '../src/seed';

/** A JSON answer of the app. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** The part of a Hono app tests call. */
export interface RequestApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** What {@link testDesk} gives a test. */
export interface TestDesk {
  store: EventStore;
  engine: Engine;
  /** The app, signed in as `tiepnhan` (a receiving officer): every request carries the session cookie. */
  app: RequestApp;
  /** The app without a session. */
  anonymous: RequestApp;
  json(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<JsonAnswer>;
  /** Move the clock to an instant. */
  at(iso: string): void;
  close(): Promise<void>;
}

/** The demo accounts hashed at a low bcrypt cost (tests only), once per process. */
let users: Promise<DeskUser[]> | undefined;
export const testUsers = () => (users ??= demoUsers(4));

/** Test sign-in settings: demo accounts, a fixed secret, cookies without `Secure` (in-process requests). */
export async function testAuth(extra: Partial<DeskAppOptions['auth']> = {}): Promise<DeskAppOptions['auth']> {
  return { users: await testUsers(), sessionSecret: 'test-session-secret-of-32-bytes-or-more!', secureCookies: false, ...extra };
}

/** Sign-in and write limits high enough for tests that sign in many officers (the limits have their own tests). */
export const ROOMY_LIMITS = { signIn: { capacity: 10_000, perSecond: 1_000 }, writes: { capacity: 10_000, perSecond: 1_000 } } as const;

/** Sign in through `POST /api/session`; the `Cookie` header value of the session. */
export async function signIn(app: RequestApp, username = 'tiepnhan'): Promise<string> {
  const password = DEMO_ACCOUNTS.find((a) => a.username === username)!.password;
  const res = await app.request('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  return res.headers.get('Set-Cookie')!.split(';')[0]!;
}

/** `app` with a session cookie on every request. */
export function withCookie(app: RequestApp, cookie: string): RequestApp {
  return { request: (path, init = {}) => app.request(path, { ...init, headers: { Cookie: cookie, ...Object.fromEntries(new Headers(init.headers).entries()) } }) };
}

/** Send a JSON request and read the answer. */
export async function requestJson(app: RequestApp, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonAnswer> {
  const res = await app.request(path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body };
}

/** A desk on an in-memory SQLite store with a clock the test moves, signed in as a receiving officer. */
export async function testDesk(
  start = '2026-03-02T09:00:00+07:00',
  options: { auth?: Partial<DeskAppOptions['auth']>; policy?: AccessPolicy; signInAs?: string } = {},
): Promise<TestDesk> {
  let now = new Date(start);
  const clock = () => now;
  const store = await createSqliteEventStore({ filename: ':memory:' });
  const engine: Engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock, policy: options.policy ?? 'none' }); // without a policy: the tests that are not about authorization
  const anonymous = createDeskApp({ engine, clock, auth: await testAuth(options.auth), policy: options.policy ?? 'none' });
  const app = withCookie(anonymous, await signIn(anonymous, options.signInAs));
  return {
    store,
    engine,
    app,
    anonymous,
    json: (path, init) => requestJson(app, path, init),
    at(iso: string) {
      now = new Date(iso);
    },
    close: () => store.close(),
  };
}

/** A valid intake for business registration (3 working days). */
export const intake = (name = 'Nguyễn Văn An') => ({
  procedureCode: '2.002030',
  unit: DESK_UNITS[0],
  applicant: { name, idNumber: '001085000111', phone: '0912000111' },
  channel: 'direct',
  components: [{ code: 'GDN', name: 'Giấy đề nghị đăng ký doanh nghiệp', form: 'original' }],
});
