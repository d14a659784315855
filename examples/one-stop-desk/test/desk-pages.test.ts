/**
 * The officer's server-rendered pages (/desk/…) and `GET /api/worklist`, in
 * process (`app.request`) on SQLite with the default access policy:
 * sign-in redirect, worklists and search through the dossier list read model,
 * keyset pages, the dossier page's actions (only what the policy lets this
 * officer do — checked against what the engine then enforces), and report 06a
 * on screen.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_2025 } from '@motcua/core';
import { ACTION_FORMS } from '../src/pages/actions';
import { safeNext } from '../src/pages/session';
import { DEMO_ACCOUNTS } from '../src/seed';
import { intake, requestJson, ROOMY_LIMITS, signIn, testDesk, withCookie, type RequestApp, type TestDesk } from './support';

let desk: TestDesk | undefined;
afterEach(async () => {
  await desk?.close();
  desk = undefined;
});

const start = '2026-03-02T09:00:00+07:00';
const policyDesk = async () => (desk = await testDesk(start, { policy: DEFAULT_POLICY_2025, auth: { limits: ROOMY_LIMITS } }));
const as = async (d: TestDesk, username: string): Promise<RequestApp> => withCookie(d.anonymous, await signIn(d.anonymous, username));
const page = async (app: RequestApp, path: string) => {
  const res = await app.request(path);
  return { status: res.status, location: res.headers.get('Location'), html: await res.text() };
};
/** The command types of the page's action forms. */
const formsOf = (html: string) => [...html.matchAll(/data-command="([A-Za-z]+)"/g)].map((m) => m[1]!);

describe('sign-in', () => {
  it('a page without a session redirects to the sign-in page with the page to go back to', async () => {
    const d = await policyDesk();
    const res = await page(d.anonymous, '/desk/worklist?list=overdue');
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/desk/sign-in?next=${encodeURIComponent('/desk/worklist?list=overdue')}`);
    const signInPage = await page(d.anonymous, res.location!);
    expect(signInPage.status).toBe(200);
    expect(signInPage.html).toContain('data-next="/desk/worklist?list=overdue"');
  });
  it('goes back only to the desk pages (no open redirect)', () => {
    expect(safeNext('//evil.example/desk/')).toBe('/desk/worklist');
    expect(safeNext('https://evil.example/')).toBe('/desk/worklist');
    expect(safeNext('/api/session')).toBe('/desk/worklist');
    expect(safeNext('/desk/dossiers/abc')).toBe('/desk/dossiers/abc');
    expect(safeNext(undefined)).toBe('/desk/worklist');
  });
});

describe('worklists and search', () => {
  it('finds a dossier by name without accents (a prefix of the full name), by ID number and by code', async () => {
    const d = await policyDesk();
    const received: Record<string, { code: string; id: string }> = {};
    for (const [name, idNumber] of [
      ['Nguyễn Văn An', '001085000111'],
      ['Nguyễn Văn Anh', '001085000222'],
      ['Trần Thị Bình', '001085000333'],
    ] as const) {
      const r = await d.json('/api/dossiers', { body: { ...intake(name), applicant: { name, idNumber, phone: '0912000111' } } });
      expect(r.status).toBe(201);
      received[name] = { code: r.body.dossierCode, id: r.body.dossierId };
    }
    const names = async (q: string) =>
      (await d.json(`/api/worklist?list=all&q=${encodeURIComponent(q)}`)).body.rows.map((row: { applicantName: string }) => row.applicantName).sort();
    expect(await names('nguyen van an')).toEqual(['Nguyễn Văn An', 'Nguyễn Văn Anh']);
    expect(await names('NGUYỄN VĂN ANH')).toEqual(['Nguyễn Văn Anh']);
    expect(await names('tran thi')).toEqual(['Trần Thị Bình']);
    expect(await names('001085000222')).toEqual(['Nguyễn Văn Anh']);
    expect(await names(received['Trần Thị Bình']!.code.toLowerCase())).toEqual(['Trần Thị Bình']);
    // The page shows the same rows, linked to the dossier page
    const html = (await page(d.app, '/desk/worklist?list=all&q=nguyen+van+an')).html;
    expect(html).toContain(`href="/desk/dossiers/${received['Nguyễn Văn An']!.id}"`);
    expect(html).not.toContain('Trần Thị Bình');
  });

  it('pages through a list with the cursor: every dossier once, none twice', async () => {
    const d = await policyDesk();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await d.json('/api/dossiers', { body: intake(`Lê Văn ${i}`) })).body.dossierId);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: { rows: { dossierId: string }[]; nextCursor: string | null } } = await d.json(
        `/api/worklist?list=unit&limit=3${after ? `&after=${after}` : ''}`,
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.rows.map((row) => row.dossierId));
      after = r.body.nextCursor;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen)).toEqual(ids);
  });

  it('overdue and due today follow the clock; mine is what is assigned to me', async () => {
    const d = await policyDesk();
    const r = await d.json('/api/dossiers', { body: intake() });
    const due = r.body.due as { date: string; at: string };
    const count = async (app: RequestApp, list: string) => (await requestJson(app, `/api/worklist?list=${list}`)).body.rows.length;
    expect(await count(d.app, 'overdue')).toBe(0);
    d.at(due.at.replace(/T.*/, 'T08:00:00+07:00'));
    expect(await count(d.app, 'dueToday')).toBe(1);
    d.at(new Date(Date.parse(due.at) + 3_600_000).toISOString());
    expect(await count(d.app, 'overdue')).toBe(1);
    // Transfer to the Sở Tài chính, then the head of division there assigns the specialist
    expect((await d.json(`/api/dossiers/${r.body.dossierId}/transfer`, { body: {} })).status).toBe(200);
    const specialist = await as(d, 'chuyenvien');
    expect(await count(specialist, 'mine')).toBe(0);
    const head = await as(d, 'truongphong');
    expect((await requestJson(head, `/api/dossiers/${r.body.dossierId}/assign`, { body: { officer: { id: 'cv-01', name: 'Trần Quốc Bảo' } } })).status).toBe(200);
    expect(await count(specialist, 'mine')).toBe(1);
    expect(await count(specialist, 'unit')).toBe(1);
  });

  it('a bad worklist query is a 400 with zod issues', async () => {
    const d = await policyDesk();
    const r = await d.json('/api/worklist?list=everything&limit=0');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.issues.map((i: { path: string[] }) => i.path[0]).sort()).toEqual(['limit', 'list']);
  });
});

/** A sample body of an action form with its inputs filled. */
function sampleBody(type: string): Record<string, unknown> {
  const form = ACTION_FORMS[type]!;
  const body: Record<string, any> = structuredClone(form.body);
  const set = (path: string, value: unknown) => {
    const keys = path.split('.');
    let node = body;
    keys.slice(0, -1).forEach((key, i) => (node = node[key] ??= /^\d+$/.test(keys[i + 1]!) ? [] : {}));
    node[keys.at(-1)!] = value;
  };
  for (const field of form.fields) {
    if (!field.required) continue;
    const value = field.kind === 'date' ? '2026-12-30' : field.path.endsWith('.id') ? 'cv-01' : field.options ? field.options[0]!.value : 'Thiếu bản sao giấy tờ';
    set(field.path, value);
    for (const copy of field.copyTo ?? []) set(copy, value);
  }
  return { type, ...body };
}

describe('the dossier page offers what the policy allows this officer, and only that', () => {
  /** The stages of a business registration, each reached from a fresh desk by the officers who may. */
  const stages: { name: string; steps: (d: TestDesk, id: string) => Promise<void> }[] = [
    { name: 'received', steps: async () => undefined },
    { name: 'transferred', steps: async (d, id) => void (await d.json(`/api/dossiers/${id}/transfer`, { body: {} })) },
    {
      name: 'resolved',
      steps: async (d, id) => {
        await d.json(`/api/dossiers/${id}/transfer`, { body: {} });
        expect((await requestJson(await as(d, 'lanhdao'), `/api/dossiers/${id}/resolve`, { body: {} })).status).toBe(200);
      },
    },
  ];
  const reach = async (stage: (typeof stages)[number]) => {
    const d = await testDesk(start, { policy: DEFAULT_POLICY_2025, auth: { limits: ROOMY_LIMITS } });
    const id = (await d.json('/api/dossiers', { body: intake() })).body.dossierId as string;
    await stage.steps(d, id);
    return { d, id };
  };

  for (const stage of stages)
    it(`at '${stage.name}': every action shown to an officer is accepted from him, every one hidden is FORBIDDEN`, async () => {
      const { d, id } = await reach(stage);
      const shown = new Map<string, string[]>();
      const machine = (await d.json(`/api/dossiers/${id}`)).body.allowedCommands as string[];
      for (const account of DEMO_ACCOUNTS) {
        const res = await page(await as(d, account.username), `/desk/dossiers/${id}`);
        expect(res.status).toBe(200);
        shown.set(account.username, formsOf(res.html));
      }
      await d.close();
      // Each officer's shown and hidden commands, executed from a fresh copy of the stage: the engine is the oracle.
      for (const account of DEMO_ACCOUNTS)
        for (const type of machine.filter((t) => t in ACTION_FORMS)) {
          const fresh = await reach(stage);
          const r = await requestJson(await as(fresh.d, account.username), `/api/dossiers/${fresh.id}/commands`, { body: sampleBody(type) });
          await fresh.d.close();
          const offered = shown.get(account.username)!.includes(type);
          expect(r.status === 403, `${account.username} ${type} at ${stage.name}: offered=${offered}, got ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toBe(!offered);
        }
    }, 60_000);

  it('by example (docs/security.md): the receiving officer transfers, the auditor does nothing, the leader signs after the transfer', async () => {
    const d = await policyDesk();
    const id = (await d.json('/api/dossiers', { body: intake() })).body.dossierId as string;
    expect(formsOf((await page(d.app, `/desk/dossiers/${id}`)).html)).toContain('TransferDossier');
    const audit = (await page(await as(d, 'thanhtra'), `/desk/dossiers/${id}`)).html;
    expect(formsOf(audit)).toEqual([]);
    expect(audit).toContain('data-testid="no-actions"');
    await d.json(`/api/dossiers/${id}/transfer`, { body: {} });
    const leader = formsOf((await page(await as(d, 'lanhdao'), `/desk/dossiers/${id}`)).html);
    expect(leader).toContain('Resolve');
    expect(leader).not.toContain('TransferDossier');
    expect(formsOf((await page(d.app, `/desk/dossiers/${id}`)).html)).not.toContain('Resolve');
  });

  it('shows the Form 05 timeline of the dossier', async () => {
    const d = await policyDesk();
    const id = (await d.json('/api/dossiers', { body: intake() })).body.dossierId as string;
    await d.json(`/api/dossiers/${id}/transfer`, { body: {} });
    const html = (await page(d.app, `/desk/dossiers/${id}`)).html;
    const slip = /<table aria-label="Phiếu kiểm soát quá trình giải quyết hồ sơ \(Mẫu 05\)">.*?<\/table>/s.exec(html)![0];
    expect(slip.match(/<tr><td>/g)).toHaveLength(2);
    expect(slip).toContain('Tiếp nhận hồ sơ (Mẫu 01)');
  });
});

describe('internal steps on the dossier page (household business registration: draft 16 h → review 4 h → sign 4 h)', () => {
  it('shows the current step with its assignee and due date, moves on a forward, goes back on a return for rework', async () => {
    const d = await policyDesk();
    const body = { ...intake('Đỗ Văn Hải'), procedureCode: '2.000720', components: [] };
    const id = (await d.json('/api/dossiers', { body })).body.dossierId as string;
    expect((await d.json(`/api/dossiers/${id}/transfer`, { body: {} })).status).toBe(200);
    const states = (html: string) => Object.fromEntries([...html.matchAll(/data-step="(\w+)" data-step-state="(\w+)"/g)].map((m) => [m[1], m[2]]));
    const specialist = await as(d, 'chuyenvienxa');
    let html = (await page(specialist, `/desk/dossiers/${id}`)).html;
    expect(states(html)).toEqual({ draft: 'current', review: 'todo', sign: 'todo' });
    expect(formsOf(html)).toContain('ForwardStep');
    expect(formsOf(html)).not.toContain('Resolve'); // not before the signature
    // The draft's budget: 16 working hours from the transfer, Monday 2 March 2026 09:00, in the calendar's sessions
    // 07:00–11:30 and 13:30–17:00 (@motcua/calendar): Monday 2.5 + 3.5 h, Tuesday 8 h, Wednesday 07:00–09:00 2 h → Wednesday 09:00.
    expect(/data-testid="step-due">([^<]*)</.exec(html)?.[1]).toBe('09 giờ 00 phút, ngày 04/03/2026');
    const forwarded = await requestJson(specialist, `/api/dossiers/${id}/commands`, { body: { type: 'ForwardStep', assignee: { id: 'tp-xa-01' } } });
    expect(forwarded.status, JSON.stringify(forwarded.body)).toBe(200);
    const head = await as(d, 'truongphongxa');
    html = (await page(head, `/desk/dossiers/${id}`)).html;
    expect(states(html)).toEqual({ draft: 'done', review: 'current', sign: 'todo' });
    expect(/data-testid="step-assignee">([^<]*)</.exec(html)?.[1]).toBe('Đinh Văn Phúc');
    expect(formsOf(html)).toEqual(expect.arrayContaining(['ForwardStep', 'ReturnForRework']));
    expect(formsOf((await page(specialist, `/desk/dossiers/${id}`)).html)).not.toContain('ForwardStep'); // the review is not the specialist's step
    const returned = await requestJson(head, `/api/dossiers/${id}/commands`, { body: { type: 'ReturnForRework', reason: 'Thiếu căn cứ pháp lý' } });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    html = (await page(specialist, `/desk/dossiers/${id}`)).html;
    expect(states(html)).toEqual({ draft: 'current', review: 'todo', sign: 'todo' });
    expect(html).toContain('Thiếu căn cứ pháp lý'); // the return's reason in Form 05
  });
});

describe('report 06a on screen', () => {
  it('shows the 06a table with the received and resolved counts, the trend chart with the target, and a CSV link', async () => {
    const d = await policyDesk();
    for (let i = 0; i < 3; i++) await d.json('/api/dossiers', { body: intake(`Phạm Văn ${i}`) });
    const res = await page(d.app, '/desk/reports/06a?from=2026-03-01&to=2026-03-31&groupBy=&target=97.5');
    expect(res.status).toBe(200);
    const table = /<table aria-label="Biểu số II.06a\/VPCP\/KSTT">.*?<\/table>/s.exec(res.html)![0];
    expect(table).toContain('(3) ');
    const cells = [.../<tbody><tr>(.*?)<\/tr>/s.exec(table)![1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
    // Column (3) "received, total" of the only row: the three dossiers received in March
    const header = [...table.matchAll(/<th scope="col">(.*?)<\/th>/g)].map((m) => m[1]!);
    expect(cells[header.findIndex((h) => h.startsWith('(3) '))]).toBe('3');
    expect(res.html).toContain('role="img"');
    expect(res.html).toContain('data-target="0.975"');
    expect(res.html).toContain('format=csv');
  });
  it('a bad target is a 400', async () => {
    const d = await policyDesk();
    expect((await d.json('/desk/reports/06a?target=120')).status).toBe(400);
  });
});
