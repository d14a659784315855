/**
 * docs/embedding.md is true: every block it includes is its file, verbatim
 * (the files are type-checked by `pnpm typecheck`), and the guide's whole flow
 * runs on SQLite and on a real PostgreSQL server with the results the rules
 * give — due dates counted by hand, form 06a and indicator 2.1 worked out in
 * the guide (section 7), not taken from the code.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventStore } from '@motcua/core';
import { startTestPostgres } from '@motcua/store-postgres/testkit';
import { describe, expect, it } from 'vitest';
import { runGuide } from '../src/guide/main.ts';
import { openPostgresStore, openSqliteStore } from '../src/guide/store.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const guide = readFileSync(join(root, 'docs/embedding.md'), 'utf8');

/** The blocks of the guide that say which file they are: `<!-- include: path -->` then a fenced block. */
function includedBlocks(md: string): { path: string; body: string }[] {
  const out: { path: string; body: string }[] = [];
  const re = /<!-- include: (\S+) -->\n```ts[^\n]*\n([\s\S]*?)\n```\n/g;
  for (let m = re.exec(md); m; m = re.exec(md)) out.push({ path: m[1]!, body: `${m[2]}\n` });
  return out;
}

describe('docs/embedding.md', () => {
  const blocks = includedBlocks(guide);

  it('includes every file of the guide', () => {
    expect(blocks.map((b) => b.path).sort()).toEqual(
      [
        'examples/lifecycle/src/guide/catalog.ts',
        'examples/lifecycle/src/guide/http.ts',
        'examples/lifecycle/src/guide/main.ts',
        'examples/lifecycle/src/guide/reports.ts',
        'examples/lifecycle/src/guide/store.ts',
        'examples/lifecycle/src/guide/watcher.ts',
        'examples/lifecycle/test/guide-procedures.test.ts',
      ].sort(),
    );
  });

  it.each(includedBlocks(guide).map((b) => [b.path, b.body]))('shows %s verbatim', (path, body) => {
    expect(body).toBe(readFileSync(join(root, path), 'utf8'));
  });
});

/** What the handler answers: the dossier's state, or an error. */
interface Body {
  state: { due: { legal: { date: string } }; dossierCode: string; state: string };
  error: { code: string; issues: { path: unknown[] }[]; allowed?: string[] };
}
const json = (r: Response) => r.json() as Promise<Body>;

/** Run the guide's flow and check it against the rules. */
async function checkFlow(store: EventStore) {
  const r = await runGuide(store);
  // Received Mon 06/10/2025 09:00, 3 working days, receipt day not counted: Tue 07, Wed 08, Thu 09/10.
  const received = await json(r.received);
  expect(r.received.status).toBe(201);
  expect(received.state.due.legal.date).toBe('2025-10-09');
  expect(received.state.dossierCode).toMatch(/^000\.00\.06\.H56-251006-\d{4}$/);
  expect(r.returned.status).toBe(201);
  expect((await json(r.returned)).state.state).toBe('returned');

  // The error mapping: status and machine-readable body.
  expect(r.invalid.status).toBe(400);
  const invalid = await json(r.invalid);
  expect(invalid.error.code).toBe('VALIDATION_FAILED');
  expect(invalid.error.issues.map((i) => i.path)).toContainEqual(['procedureCode']);
  expect(r.wrongState.status).toBe(409);
  const wrong = await json(r.wrongState);
  expect(wrong.error.code).toBe('INVALID_TRANSITION');
  expect(wrong.error.allowed).toContain('TransferDossier');
  expect(r.forbidden.status).toBe(403);
  expect((await json(r.forbidden)).error.code).toBe('FORBIDDEN');
  expect(r.missing.status).toBe(404);
  expect((await json(r.missing)).error.code).toBe('NOT_FOUND');

  // Form 06a for October: A resolved 08/10 before its due date 09/10 (early); B open and overdue at the end of October.
  const t = r.reports.total06a!;
  expect(t.received).toEqual({ total: 2, online: 0, directOrPostal: 2, carriedOver: 0 });
  expect(t.resolved).toEqual({ total: 1, early: 1, onTime: 0, late: 0 });
  expect(t.pending).toEqual({ total: 1, withinTime: 0, overdue: 1 });
  expect(r.reports.rows06a).toHaveLength(1); // one receiving unit
  // Indicator 2.1 = (on time or within time) / received = 1/2 → 20 × 0.5 = 10 points.
  expect(r.reports.indicators766!.indicators['2.1'].ratio).toBe(0.5);
  expect(r.reports.indicators766!.indicators['2.1'].points).toBe(10);
  expect(r.reports.csv.split('\r\n')[0]).toContain('(3) Received: total');

  // Reminders: only B, first dueSoon (08/10, within 2 working days of 09/10), then overdue (10/10).
  expect(r.alerts.map((a) => [a.dossierId, a.bucket, a.due.date])).toEqual([
    [r.dossiers.b, 'dueSoon', '2025-10-09'],
    [r.dossiers.b, 'overdue', '2025-10-09'],
  ]);
}

describe('the guide runs', () => {
  it('on a SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-guide-'));
    const store = await openSqliteStore(join(dir, 'motcua.db'));
    try {
      await checkFlow(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on PostgreSQL through a pg Pool', async () => {
    const server = await startTestPostgres();
    try {
      const { store, close } = await openPostgresStore(server.url);
      try {
        await checkFlow(store);
      } finally {
        await close();
      }
    } finally {
      await server.stop();
    }
  }, 180_000);
});
