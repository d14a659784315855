/**
 * The same service on PostgreSQL (the configuration `--pg URL` selects): a
 * throwaway server from the store-postgres testkit. Fails, never skips, when
 * PostgreSQL cannot start.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { startTestPostgres, type TestPostgres } from '@motcua/store-postgres/testkit';
import { createDeskApp } from '../src/app';
import { deskCatalog } from '../src/catalog';
import { deskDossierList } from '../src/worklist/desk-list';
import { intake, signIn, testAuth, withCookie, type JsonAnswer, type RequestApp } from './support';

let server: TestPostgres;
let pool: pg.Pool;
let store: Awaited<ReturnType<typeof createPostgresEventStore>>;
let app: RequestApp;
let now = new Date('2026-03-02T09:00:00+07:00');

beforeAll(async () => {
  server = await startTestPostgres({ settings: { autovacuum: 'off' } });
  pool = new pg.Pool({ connectionString: server.url, max: 5 });
  pool.on('error', () => undefined); // an idle client told the server is shutting down (afterAll) must not fail the run
  store = await createPostgresEventStore({ pool, schema: 'desk' });
  const clock = () => now;
  const engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock, policy: 'none' });
  // The worklists' table beside the events (what main.ts does with --pg).
  const dossierList = deskDossierList({ engine, table: createPostgresDossierList({ store, schema: 'desk' }) });
  const anonymous = createDeskApp({ engine, clock, auth: await testAuth(), dossierList });
  app = withCookie(anonymous, await signIn(anonymous));
});

afterAll(async () => {
  await store?.close();
  await pool?.end();
  await server?.stop();
});

const call = async (path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as JsonAnswer['body'] };
};

describe('the desk on PostgreSQL', () => {
  it('receives, looks up by code, refuses a stale edit and reports', async () => {
    const r = await call('/api/dossiers', intake());
    expect(r.status).toBe(201);
    expect(r.body.dossierCode).toBe('000.00.20.H26-260302-0001');
    const look = await call(`/api/dossiers/by-code/${r.body.dossierCode}`);
    expect(look.status).toBe(200);
    expect(look.body.controlSlip.rows).toHaveLength(1);
    now = new Date('2026-03-02T10:00:00+07:00');
    expect((await call(`/api/dossiers/${r.body.dossierId}/transfer`, {}, { 'If-Match': '"1"' })).status).toBe(200);
    const stale = await call(`/api/dossiers/${r.body.dossierId}/transfer`, {}, { 'If-Match': '"1"' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CONCURRENCY_CONFLICT');
    const report = await call('/api/reports/06a?from=2026-03-01&to=2026-03-31');
    expect(report.body.rows[0]).toMatchObject({ received: { total: 1 }, pending: { total: 1 } });
  });

  it('finds dossiers in the worklists by name without accents, ID number and code, page by page (the dossier list table on PostgreSQL)', async () => {
    const ids: string[] = [];
    for (const name of ['Nguyễn Văn An', 'Nguyễn Văn Anh', 'Trần Thị Bình'])
      ids.push((await call('/api/dossiers', { ...intake(name), applicant: { name, idNumber: `00108599${ids.length}111` } })).body.dossierId);
    const names = async (q: string) =>
      (await call(`/api/worklist?list=all&q=${encodeURIComponent(q)}`)).body.rows.map((row: { applicantName: string }) => row.applicantName).sort();
    // The first test's dossier is a Nguyễn Văn An too (intake()'s default applicant)
    expect(await names('nguyen van an')).toEqual(['Nguyễn Văn An', 'Nguyễn Văn An', 'Nguyễn Văn Anh']);
    expect(await names('001085992111')).toEqual(['Trần Thị Bình']);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { rows: { dossierId: string }[]; nextCursor: string | null } } = await call(`/api/worklist?list=all&limit=2${after ? `&after=${after}` : ''}`);
      seen.push(...page.body.rows.map((row) => row.dossierId));
      after = page.body.nextCursor;
    } while (after);
    expect(seen).toHaveLength(4); // the three and the first test's dossier
    expect(new Set(seen).size).toBe(4);
    for (const id of ids) expect(seen).toContain(id);
  });

  it('a code just issued is found while an older transaction still holds the read horizon back (the look-up waits for it)', async () => {
    // An older transaction with an xid, still open: events committed after it are not readable until it ends.
    const older = await pool.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()');
      const r = await call('/api/dossiers', intake('Lê Văn Cường'));
      expect(r.status).toBe(201);
      const look = call(`/api/dossiers/by-code/${r.body.dossierCode}`);
      await new Promise((resolve) => setTimeout(resolve, 100)); // the look-up is waiting (it waits up to 2 s)
      await older.query('COMMIT');
      expect((await look).status).toBe(200); // before: 404 at once (the code index caught up to the horizon only)
    } finally {
      older.release();
    }
  });
});
