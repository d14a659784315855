/**
 * The desk's OpenAPI document (openapi.json, `pnpm schemas`) describes what
 * the desk really does: a dossier is taken through its life over HTTP
 * (intake, commands by alias and by type, look-ups, history, every report,
 * the dashboard, and error answers), and every JSON answer is validated with
 * ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses it) against the schema the
 * document gives for that path, method and status; every request body sent
 * is validated against the document's request schema. An answer whose
 * status the document does not list fails too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { createDeskApp } from '../src/app';
import { DEMO_ACCOUNTS } from '../src/seed';
import { deskCatalog } from '../src/catalog';
import { deskWithFailingPortal, pumpUntil } from './portal-support';
import { intake, requestJson, testAuth, testDesk, type JsonAnswer, type RequestApp, type TestDesk } from './support';

const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8'));
// The document is not itself a schema (openapi, info, paths): strict off for it; components are plain 2020-12.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addSchema(doc, 'openapi.json');
const cache = new Map<string, ValidateFunction>();
const compile = (ref: string) => {
  let v = cache.get(ref);
  if (!v) cache.set(ref, (v = ajv.compile({ $ref: `openapi.json${ref}` })));
  return v;
};

/** Path templates, most specific (fewest parameters) first. */
const templates = Object.keys(doc.paths)
  .map((t) => ({ t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`), params: (t.match(/\{/g) ?? []).length }))
  .sort((a, b) => a.params - b.params);
const operationOf = (method: string, url: string) => {
  const path = url.split('?')[0]!;
  const found = templates.find((x) => x.re.test(path) && doc.paths[x.t][method]);
  if (!found) throw new Error(`openapi.json has no ${method.toUpperCase()} ${path}`);
  return { template: found.t, op: doc.paths[found.t][method] };
};

let desk: TestDesk;
const checked: string[] = [];

/** Send a request, check the body against the request schema and the answer against the response schema. */
async function call(url: string, init: { method?: string; body?: unknown; headers?: Record<string, string>; app?: RequestApp } = {}): Promise<JsonAnswer> {
  const method = (init.method ?? (init.body === undefined ? 'GET' : 'POST')).toLowerCase();
  const { template, op } = operationOf(method, url);
  if (init.body !== undefined && typeof init.body !== 'string') {
    const v = compile(op.requestBody.content['application/json'].schema.$ref);
    expect(v(init.body), `request ${method} ${template}: ${ajv.errorsText(v.errors)}`).toBe(true);
  }
  const r = await requestJson(init.app ?? desk.app, url, init);
  const answer = op.responses[String(r.status)];
  expect(answer, `${method} ${template} → ${r.status} is not in openapi.json (${JSON.stringify(r.body).slice(0, 300)})`).toBeDefined();
  checked.push(`${method} ${template} ${r.status}`);
  if (!answer.content) {
    expect(r.body, `${method} ${template} → ${r.status}: no body`).toBe('');
    return r;
  }
  const v = compile(answer.content['application/json'].schema.$ref);
  expect(v(r.body), `${method} ${template} → ${r.status}: ${ajv.errorsText(v.errors)}`).toBe(true);
  return r;
}

beforeAll(async () => {
  desk = await testDesk();
});
afterAll(async () => {
  await desk?.close();
});

describe('openapi.json is a well-formed OpenAPI 3.1 document', () => {
  it('every component and parameter schema compiles (draft 2020-12, every $ref resolves), operation ids are unique, path parameters are declared', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const id of Object.keys(doc.components.schemas)) expect(() => compile(`#/components/schemas/${id}`), id).not.toThrow();
    const ids: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { operationId: string; parameters?: { name: string; in: string; schema: object }[] }>>)) {
      for (const op of Object.values(ops)) {
        ids.push(op.operationId);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared, path).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
        for (const p of op.parameters ?? []) expect(() => ajv.compile(p.schema), `${path} ${p.name}`).not.toThrow();
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the desk answers as openapi.json says', () => {
  it('every route of the document is one the desk serves, every answer matches its schema', async () => {
    expect((await call('/api/health', { app: desk.anonymous })).status).toBe(200);
    const officer = DEMO_ACCOUNTS.find((a) => a.username === 'tiepnhan')!;
    expect((await call('/api/session', { app: desk.anonymous, body: { username: officer.username, password: officer.password } })).status).toBe(200);
    expect((await call('/api/session')).status).toBe(200);
    expect((await call('/api/procedures')).status).toBe(200);

    const key = { 'Idempotency-Key': 'intake-1' };
    const first = await call('/api/dossiers', { body: intake('Trần Thị Bình'), headers: key });
    expect(first.status).toBe(201);
    expect((await call('/api/dossiers', { body: intake('Trần Thị Bình'), headers: key })).status).toBe(200); // the duplicate
    const id = first.body.dossierId as string;
    const step = async (path: string, body: Record<string, unknown>, at: string) => {
      desk.at(at);
      const r = await call(`/api/dossiers/${id}/${path}`, { body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    };
    await step('transfer', {}, '2026-03-02T10:00:00+07:00');
    await step('assign', { officer: { id: 'cv-01', name: 'Phạm Minh Đức' } }, '2026-03-02T11:00:00+07:00');
    await step('request-supplement', { items: [{ name: 'Điều lệ doanh nghiệp' }], reason: 'Thiếu điều lệ' }, '2026-03-03T10:00:00+07:00');
    await step('provide-supplement', {}, '2026-03-04T09:00:00+07:00');
    await step('apologise', { reason: 'Chờ xác minh', lateUnit: 'Sở Tài chính', newDueDate: '2026-03-11' }, '2026-03-05T15:00:00+07:00');
    await step('commands', { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] }, '2026-03-06T09:00:00+07:00');
    await step('commands', { type: 'RecordFeePayment', amountVnd: 50_000, method: 'online' }, '2026-03-06T10:00:00+07:00');
    await step('resolve', { electronicResult: true }, '2026-03-10T10:00:00+07:00');
    await step('notify-early-return', { channel: 'sms' }, '2026-03-10T11:00:00+07:00');
    await step('return', { method: 'counter' }, '2026-03-10T14:00:00+07:00');
    await step('rate', { channel: 'kiosk', ratings: [{ criterion: 'Thái độ', level: 'Rất hài lòng' }], like: true }, '2026-03-10T14:05:00+07:00');

    // A second dossier, refused; a third, withdrawn and stopped.
    desk.at('2026-03-11T09:00:00+07:00');
    const second = (await call('/api/dossiers', { body: intake('Lê Văn Cường') })).body.dossierId as string;
    desk.at('2026-03-12T09:00:00+07:00');
    expect((await call(`/api/dossiers/${second}/transfer`, { body: {} })).status).toBe(200);
    expect((await call(`/api/dossiers/${second}/refuse`, { body: { reason: 'Không đủ điều kiện' } })).status).toBe(200);
    const third = (await call('/api/dossiers', { body: intake('Phạm Thị Dung') })).body.dossierId as string;
    desk.at('2026-03-12T10:00:00+07:00');
    expect((await call(`/api/dossiers/${third}/withdraw`, { body: { reason: 'Không có nhu cầu' } })).status).toBe(200);
    expect((await call(`/api/dossiers/${third}/stop`, { body: { reason: 'Rút hồ sơ', cause: 'withdrawal' } })).status).toBe(200);

    expect((await call(`/api/dossiers/${id}`)).status).toBe(200);
    expect((await call(`/api/dossiers/by-code/${first.body.dossierCode}`)).status).toBe(200);
    const lookup = await call('/api/public/lookup', { app: desk.anonymous, body: { code: first.body.dossierCode, idNumber: intake().applicant.idNumber } });
    expect(lookup.status).toBe(200);
    expect(lookup.body.dossier.dossierCode).toBe(first.body.dossierCode);
    const history = await call(`/api/dossiers/${id}/history`);
    expect(history.body.events.length).toBeGreaterThan(10);

    const period = 'from=2026-03-01&to=2026-03-31&asOf=2026-03-31T17:00:00%2B07:00';
    for (const q of ['', '&groupBy=agency,procedure', '&groupBy=unit&splitBy=month&clock=kpi&convention=thanhHoa'])
      expect((await call(`/api/reports/06a?${period}${q}`)).status).toBe(200);
    expect((await call(`/api/reports/766?${period}&groupBy=agency`)).body.rows.length).toBeGreaterThan(0);
    expect((await call(`/api/reports/satisfaction?${period}&groupBy=criterion`)).status).toBe(200);
    expect((await call(`/api/reports/reception?${period}`)).status).toBe(200);
    expect((await call(`/api/reports/tt01?${period}&by=official`)).status).toBe(200);
    expect((await call(`/api/reports/tt01?${period}&by=agency`)).status).toBe(200);
    expect((await call(`/api/dashboard?${period}`)).status).toBe(200);
    const worklist = await call('/api/worklist?list=all&q=tran+thi&limit=1');
    expect(worklist.body.rows.map((row: { dossierId: string }) => row.dossierId)).toEqual([id]);
    expect((await call(`/api/worklist?list=unit&limit=1&after=${encodeURIComponent('not-a-cursor')}`)).status).toBe(400);
  });

  it('error answers match the error schema: 400, 404, 409, and a route the document does not list is a 404', async () => {
    expect((await call('/api/dossiers', { body: '{oops' })).status).toBe(400);
    expect((await call('/api/dossiers/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await call('/api/dossiers/by-code/NO-SUCH-CODE')).status).toBe(404);
    desk.at('2026-03-13T09:00:00+07:00');
    const d = (await call('/api/dossiers', { body: intake() })).body.dossierId as string;
    expect((await call(`/api/dossiers/${d}/return`, { body: { method: 'counter' } })).status).toBe(409);
    expect((await call('/api/reports/06a?groupBy=colour')).status).toBe(400);
    expect((await call(`/api/dossiers/${d}/receipt?lang=zz`)).status).toBe(400); // its 200 is HTML
    expect((await call('/api/dossiers/00000000-0000-7000-8000-000000000000', { app: desk.anonymous })).status).toBe(401);
    expect((await call('/api/dossiers', { body: '{}', headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await call('/api/session', { app: desk.anonymous, body: { username: 'tiepnhan', password: 'wrong' } })).status).toBe(401);
    expect((await call('/api/public/lookup', { app: desk.anonymous, body: { code: 'NO-SUCH-CODE', idNumber: '1' } })).status).toBe(404);
    expect((await call('/api/session', { method: 'DELETE', headers: { 'Content-Type': '' } })).status).toBe(204);
    const stray = await desk.json('/api/no-such-route');
    expect(stray.status).toBe(404);
    expect(templates.some((x) => x.re.test('/api/no-such-route'))).toBe(false);
  });

  it('the national portal’s dead letters: list, retry and skip answer as documented (200, 403, 404, 409, 400)', async () => {
    const portalDesk = await deskWithFailingPortal();
    try {
      const counter = await portalDesk.as('tiepnhan');
      for (const name of ['Đỗ Văn Em', 'Vũ Thị Giang']) expect((await call('/api/dossiers', { app: counter, body: intake(name) })).status).toBe(201);
      await pumpUntil(portalDesk.relay, async () => (await portalDesk.relay.stats()).dead === 2);
      const listed = await call('/api/portal/dead-letters', { app: counter });
      expect(listed.body.deadLetters).toHaveLength(2);
      const [a, b] = listed.body.deadLetters as { id: string }[];
      expect((await call('/api/portal/dead-letters/retry', { app: counter, body: { id: a!.id } })).status).toBe(403);
      const admin = await portalDesk.as('quantri');
      expect((await call('/api/portal/dead-letters/retry', { app: admin, body: { id: a!.id } })).status).toBe(200);
      expect((await call('/api/portal/dead-letters/retry', { app: admin, body: { id: a!.id } })).status).toBe(409);
      expect((await call('/api/portal/dead-letters/skip', { app: admin, body: { id: b!.id } })).status).toBe(200);
      expect((await call('/api/portal/dead-letters/skip', { app: admin, body: { id: 'dvcqg/none/0' } })).status).toBe(404);
      expect((await call('/api/portal/dead-letters/skip', { app: admin, body: '{"id":3}' })).status).toBe(400);
    } finally {
      await portalDesk.close();
    }
  });

  it('every /api route the app serves is in the document, and every documented path is a route of the app', async () => {
    const store = await createSqliteEventStore({ filename: ':memory:' });
    try {
      const app = createDeskApp({ engine: createEngine({ store, catalog: deskCatalog(), policy: 'none' }), auth: await testAuth(), webRoot: false });
      const served = app.routes
        .filter((r) => r.path.startsWith('/api/') && r.path !== '/api/*' && r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
      const documented = Object.entries(doc.paths).flatMap(([t, ops]) => Object.keys(ops as object).map((m) => `${m} ${t}`));
      // POST /api/dossiers/:id/:action serves the command aliases, each documented as its own path.
      const alias = /^post \/api\/dossiers\/\{id\}\/(?!commands$)[a-z-]+$/;
      expect(served.filter((r) => r !== 'post /api/dossiers/{id}/{action}' && !documented.includes(r))).toEqual([]);
      expect(documented.filter((d) => !served.includes(d) && !(alias.test(d) && served.includes('post /api/dossiers/{id}/{action}')))).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('the answers checked cover every operation of the document (the command aliases: those the story takes)', () => {
    const called = new Set(checked.map((c) => c.split(' ').slice(0, 2).join(' ')));
    const documented = Object.entries(doc.paths).flatMap(([t, ops]) => Object.keys(ops as object).map((m) => `${m} ${t}`));
    const alias = /^post \/api\/dossiers\/\{id\}\/(?!commands$)[a-z-]+$/;
    expect(documented.filter((x) => !called.has(x) && !alias.test(x))).toEqual([]);
    expect(documented.filter((x) => alias.test(x) && called.has(x)).length).toBeGreaterThan(8);
  });
});
