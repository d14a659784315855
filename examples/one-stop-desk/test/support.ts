import { createEngine, type Engine, type EventStore } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import type { Hono } from 'hono';
import { createDeskApp } from '../src/app';
import { deskCatalog, DESK_UNITS } from '../src/catalog';

/** A JSON answer of the app. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** What {@link testDesk} gives a test. */
export interface TestDesk {
  store: EventStore;
  engine: Engine;
  app: Hono;
  json(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<JsonAnswer>;
  /** Move the clock to an instant. */
  at(iso: string): void;
  close(): Promise<void>;
}

/** A desk on an in-memory SQLite store with a clock the test moves. */
export async function testDesk(start = '2026-03-02T09:00:00+07:00'): Promise<TestDesk> {
  let now = new Date(start);
  const clock = () => now;
  const store = await createSqliteEventStore({ filename: ':memory:' });
  const engine: Engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock });
  const app: Hono = createDeskApp({ engine, clock });
  const json = async (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<JsonAnswer> => {
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
  };
  return {
    store,
    engine,
    app,
    json,
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
