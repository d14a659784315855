/**
 * Query semantics of the dossier list on SQLite and PostgreSQL against an
 * in-memory oracle written from the filter definitions (docs/worklists.md):
 * random rows, random filters and sorts; the pages, concatenated, are the
 * oracle's sorted filtered list with no duplicates or gaps. When rows change
 * between two pages (inserts, updates, sort keys moved), the concatenation is
 * still strictly ordered by (key, id) and holds every row that matched before
 * and after with its key unchanged — a row appears twice only if its key moved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldVietnamese,
  localDateOf,
  toVietnamInstant,
  ValidationError,
  type DossierListFilter,
  type DossierListRow,
  type DossierListSortKey,
  type DossierListTable,
} from '@motcua/core';
import { dossierListBackends } from './support/dossier-list-backends';

const backends = dossierListBackends();

const NAMES = ['Nguyễn Văn An', 'Nguyễn Văn Anh', 'Trần Thị Bích', 'Đặng Đức Thắng', 'Lê Thị Ánh Tuyết', 'Phạm Quốc Việt', 'nguyen van an'];
const CODES = ['000.00.06.H56-240301-0001', '000.00.06.H56-240301-0002', '000.00.06.H56-240302-0001', '000.00.07.H56-240301-0001', 'H56-1'];
const T0 = Date.parse('2024-03-01T00:00:00+07:00');
const HOUR = 3_600_000;
const instantArb = fc.integer({ min: 0, max: 20 * 24 }).map((h) => T0 + h * HOUR);

const rowArb = (id: string): fc.Arbitrary<DossierListRow> =>
  fc
    .record({
      code: fc.option(fc.constantFrom(...CODES)),
      unit: fc.option(fc.constantFrom('U1', 'U2')),
      competent: fc.option(fc.constantFrom('U1', 'U3')),
      procedure: fc.option(fc.constantFrom('1.001193', '2.000815')),
      topLevel: fc.constantFrom('received', 'processing', 'supplementRequested', 'resolved'),
      nationalStatus: fc.option(fc.constantFrom(2, 4, 5, 9) as fc.Arbitrary<2 | 4 | 5 | 9>),
      officer: fc.option(fc.constantFrom('cv-01', 'cv-02')),
      channel: fc.option(fc.constantFrom('direct', 'online', 'postal')),
      received: fc.option(instantArb),
      due: fc.option(instantArb),
      open: fc.boolean(),
      awaitingSignature: fc.boolean(),
      step: fc.option(fc.constantFrom('draft', 'review', 'sign')),
      assignee: fc.option(fc.constantFrom('cv-01', 'lp-01', 'ld-01')),
      stepDue: fc.option(instantArb),
      name: fc.option(fc.constantFrom(...NAMES)),
      idNumber: fc.option(fc.constantFrom('001090000001', '001090000002')),
      version: fc.integer({ min: 1, max: 40 }),
    })
    .map((r) => {
      const receivedAt = r.received === null ? null : toVietnamInstant(r.received);
      const dueAt = r.due === null ? null : toVietnamInstant(r.due);
      return {
        dossierId: id,
        code: r.code,
        unit: r.unit,
        handlingUnit: r.competent ?? r.unit,
        procedure: r.procedure,
        state: r.topLevel,
        topLevel: r.topLevel,
        nationalStatus: r.nationalStatus,
        officer: r.officer,
        channel: r.channel,
        receivedAt,
        receivedMs: r.received,
        dueDate: dueAt === null ? null : localDateOf(dueAt),
        dueAt,
        dueMs: r.due,
        open: r.open,
        awaitingSignature: r.awaitingSignature,
        step: r.step,
        assignee: r.assignee,
        stepDueAt: r.stepDue === null ? null : toVietnamInstant(r.stepDue),
        holder: r.assignee ?? r.officer,
        applicantName: r.name,
        applicantFolded: r.name === null ? null : foldVietnamese(r.name),
        idNumber: r.idNumber,
        version: r.version,
      };
    });

const ids = Array.from({ length: 40 }, (_, i) => `d-${String(i).padStart(2, '0')}${i % 3 === 0 ? 'ả' : ''}`);
const rowsArb = fc.uniqueArray(fc.constantFrom(...ids), { minLength: 0, maxLength: 40 }).chain((chosen) => fc.tuple(...chosen.map(rowArb)));

const filterParts = {
  unit: fc.constantFrom('U1', 'U2'),
  handlingUnit: fc.constantFrom('U1', 'U3'),
  procedure: fc.constantFrom('1.001193', '2.000815'),
  status: fc.constantFrom(2, 4, 5, 9),
  state: fc.constantFrom('processing', 'resolved'),
  officer: fc.constantFrom('cv-01', 'cv-02'),
  step: fc.constantFrom('draft', 'review', 'sign'),
  assignee: fc.constantFrom('cv-01', 'lp-01', 'ld-01'),
  holder: fc.constantFrom('cv-01', 'cv-02', 'lp-01'),
  channel: fc.constantFrom('direct', 'online', 'postal') as fc.Arbitrary<'direct' | 'online' | 'postal'>,
  open: fc.boolean(),
  awaitingSignature: fc.boolean(),
  dueBefore: instantArb.map((ms) => toVietnamInstant(ms)),
  dueOn: instantArb.map((ms) => localDateOf(toVietnamInstant(ms))),
  overdueAt: instantArb.map((ms) => new Date(ms).toISOString()),
  receivedFrom: instantArb.map((ms) => toVietnamInstant(ms)),
  receivedTo: instantArb.map((ms) => toVietnamInstant(ms)),
  code: fc.constantFrom('000.00.06', '000.00.06.H56-240301-0001', 'H56', '000.00.07.H56-240301-0001'),
  name: fc.constantFrom('nguyen van an', 'NGUYỄN VĂN', 'dang duc', 'Lê Thị Ánh', 'thi', 'Việt'),
  idNumber: fc.constantFrom('001090000001', '001090000002'),
};
/** Zero to two filters at once (more would match almost nothing in 40 rows). */
const filterArb: fc.Arbitrary<DossierListFilter> = fc
  .subarray(Object.keys(filterParts) as (keyof typeof filterParts)[], { maxLength: 2 })
  .chain((keys) => fc.record(Object.fromEntries(keys.map((k) => [k, filterParts[k]])) as { [K in keyof typeof filterParts]: (typeof filterParts)[K] }))
  .map((f) => f as DossierListFilter);

/** The filter semantics, written from the definitions (not from the SQL). */
function matches(r: DossierListRow, f: DossierListFilter): boolean {
  const ms = (s: string) => Date.parse(s);
  if (f.unit !== undefined && r.unit !== f.unit) return false;
  if (f.handlingUnit !== undefined && r.handlingUnit !== f.handlingUnit) return false;
  if (f.procedure !== undefined && r.procedure !== f.procedure) return false;
  if (f.status !== undefined && r.nationalStatus !== f.status) return false;
  if (f.state !== undefined && r.topLevel !== f.state) return false;
  if (f.officer !== undefined && r.officer !== f.officer) return false;
  if (f.step !== undefined && r.step !== f.step) return false;
  if (f.assignee !== undefined && r.assignee !== f.assignee) return false;
  if (f.holder !== undefined && r.holder !== f.holder) return false;
  if (f.channel !== undefined && r.channel !== f.channel) return false;
  if (f.open !== undefined && r.open !== f.open) return false;
  if (f.awaitingSignature !== undefined && r.awaitingSignature !== f.awaitingSignature) return false;
  if (f.dueBefore !== undefined && !(r.dueMs !== null && r.dueMs < ms(f.dueBefore))) return false;
  if (f.dueOn !== undefined && r.dueDate !== f.dueOn) return false;
  if (f.overdueAt !== undefined && !(r.open && r.dueMs !== null && r.dueMs < ms(f.overdueAt))) return false;
  if (f.receivedFrom !== undefined && !(r.receivedMs !== null && r.receivedMs >= ms(f.receivedFrom))) return false;
  if (f.receivedTo !== undefined && !(r.receivedMs !== null && r.receivedMs < ms(f.receivedTo))) return false;
  if (f.code !== undefined && !(r.code ?? '').startsWith(f.code)) return false;
  if (f.name !== undefined && !r.applicantFolded?.startsWith(foldVietnamese(f.name))) return false;
  if (f.idNumber !== undefined && r.idNumber !== f.idNumber) return false;
  return true;
}

const KEY: Record<DossierListSortKey, (r: DossierListRow) => number | string> = {
  due: (r) => r.dueMs ?? Number.MAX_SAFE_INTEGER,
  receivedAt: (r) => r.receivedMs ?? -Number.MAX_VALUE,
  code: (r) => r.code ?? '',
};
const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
function compare(by: DossierListSortKey, dir: 'asc' | 'desc') {
  return (a: DossierListRow, b: DossierListRow): number => {
    const ka = KEY[by](a);
    const kb = KEY[by](b);
    const c = typeof ka === 'number' ? ka - (kb as number) : bytes(ka, kb as string);
    const r = c !== 0 ? Math.sign(c) : bytes(a.dossierId, b.dossierId);
    return dir === 'asc' ? r : -r;
  };
}

const sortArb = fc.record({ by: fc.constantFrom<DossierListSortKey>('due', 'receivedAt', 'code'), dir: fc.constantFrom<'asc' | 'desc'>('asc', 'desc') });

async function pages(table: DossierListTable, filter: DossierListFilter, sort: { by: DossierListSortKey; dir: 'asc' | 'desc' }, limit: number, between?: () => Promise<void>) {
  const out: DossierListRow[] = [];
  let after: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await table.list({ filter, sort, limit, ...(after ? { after } : {}) });
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    out.push(...page.rows);
    if (!page.nextCursor) return out;
    after = page.nextCursor;
    if (n === 0) await between?.();
  }
  throw new Error('more than 100 pages');
}

describe.each(backends)('dossier list queries ($name)', (backend) => {
  it('pages concatenated = the oracle’s sorted filtered list', async () => {
    const { table, close } = await backend.open();
    try {
      await fc.assert(
        fc.asyncProperty(rowsArb, fc.array(fc.tuple(filterArb, sortArb, fc.integer({ min: 1, max: 7 })), { minLength: 1, maxLength: 5 }), async (rows, queries) => {
          await table.clear();
          await table.write(rows, 1);
          for (const [filter, sort, limit] of queries) {
            const got = await pages(table, filter, sort, limit);
            const want = rows.filter((r) => matches(r, filter)).sort(compare(sort.by, sort.dir));
            expect(got).toEqual(want);
          }
        }),
        { numRuns: backend.name === 'sqlite' ? 150 : 60 },
      );
    } finally {
      await close();
    }
  }, 240_000);

  it('rows changing between pages: ordered, no gaps for unchanged rows, duplicates only of moved rows', async () => {
    const { table, close } = await backend.open();
    try {
      await fc.assert(
        fc.asyncProperty(rowsArb, rowsArb, filterArb, sortArb, fc.integer({ min: 1, max: 5 }), async (before, changes, filter, sort, limit) => {
          await table.clear();
          await table.write(before, 1);
          const got = await pages(table, filter, sort, limit, () => table.write(changes, 2));
          const after = new Map((await table.all()).map((r) => [r.dossierId, r]));
          const cmp = compare(sort.by, sort.dir);
          for (let i = 1; i < got.length; i++) expect(cmp(got[i - 1]!, got[i]!)).toBeLessThan(0);
          const moved = (r: DossierListRow) => KEY[sort.by](r) !== KEY[sort.by](after.get(r.dossierId)!);
          const seen = new Set<string>();
          for (const r of got) {
            if (seen.has(r.dossierId)) expect(moved(before.find((b) => b.dossierId === r.dossierId) ?? r)).toBe(true);
            seen.add(r.dossierId);
          }
          for (const r of before) {
            const now = after.get(r.dossierId)!;
            if (matches(r, filter) && matches(now, filter) && !moved(r)) expect(seen.has(r.dossierId)).toBe(true);
          }
        }),
        { numRuns: backend.name === 'sqlite' ? 100 : 40 },
      );
    } finally {
      await close();
    }
  }, 240_000);

  it('accent-insensitive name search, ID number, code prefix, worklists', async () => {
    const { table, close } = await backend.open();
    try {
      const base = (id: string, name: string): DossierListRow => ({
        dossierId: id,
        code: `000.00.06.H56-241130-000${id.slice(-1)}`,
        unit: 'U1',
        handlingUnit: 'U1',
        procedure: '1.001193',
        state: 'processing.appraisal',
        topLevel: 'processing',
        nationalStatus: 4,
        officer: 'cv-01',
        channel: 'direct',
        receivedAt: '2026-11-25T08:00:00.000+07:00',
        receivedMs: Date.parse('2026-11-25T08:00:00.000+07:00'),
        dueDate: '2026-11-30',
        dueAt: '2026-11-30T17:00:00.000+07:00',
        dueMs: Date.parse('2026-11-30T17:00:00.000+07:00'),
        open: true,
        awaitingSignature: false,
        step: null,
        assignee: null,
        stepDueAt: null,
        holder: 'cv-01',
        applicantName: name,
        applicantFolded: foldVietnamese(name),
        idNumber: null,
        version: 3,
      });
      await table.write(
        [
          base('d1', 'Nguyễn Văn An'),
          { ...base('d2', 'Nguyễn Văn Ân'), idNumber: '001090000123', officer: 'cv-02', holder: 'cv-02' },
          { ...base('d3', 'Đỗ Thị Huyền Trang'), dueDate: '2026-11-27', dueAt: '2026-11-27T17:00:00.000+07:00', dueMs: Date.parse('2026-11-27T17:00:00.000+07:00') },
          { ...base('d4', 'Nguyễn Vân Anh'), awaitingSignature: true, open: true },
          { ...base('d5', 'Trương Văn Ấn'), open: false, dueDate: '2026-11-20', dueAt: '2026-11-20T17:00:00.000+07:00', dueMs: Date.parse('2026-11-20T17:00:00.000+07:00') },
        ],
        5,
      );
      const names = async (filter: DossierListFilter) => (await table.list({ filter, sort: { by: 'code', dir: 'asc' } })).rows.map((r) => r.dossierId);
      expect(await names({ name: 'nguyen van an' })).toEqual(['d1', 'd2', 'd4']); // 'Nguyễn Vân Anh' folds to 'nguyen van anh'
      expect(await names({ name: 'Nguyễn Văn Ân' })).toEqual(['d1', 'd2', 'd4']);
      expect(await names({ name: 'do thi huyen' })).toEqual(['d3']);
      expect(await names({ name: 'ĐỖ THỊ' })).toEqual(['d3']);
      expect(await names({ name: 'truong van an' })).toEqual(['d5']);
      expect(await names({ idNumber: '001090000123' })).toEqual(['d2']);
      expect(await names({ code: '000.00.06.H56-241130-0003' })).toEqual(['d3']);
      expect(await names({ code: '000.00.06.H56-2411' })).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
      const now = '2026-11-30T09:00:00.000+07:00';
      const wl = async (...a: Parameters<DossierListTable['worklist']>) => (await table.worklist(...a)).rows.map((r) => r.dossierId);
      expect(await wl({ officer: 'cv-01' }, 'mine', now)).toEqual(['d3', 'd1', 'd4']); // by due date, then id
      expect(await wl({ officer: 'cv-01' }, 'dueToday', now)).toEqual(['d1', 'd4']);
      expect(await wl({ unit: 'U1' }, 'dueToday', now)).toEqual(['d1', 'd2', 'd4']);
      expect(await wl({ unit: 'U1' }, 'overdue', now)).toEqual(['d3']); // d5 is past due but no longer open
      expect(await wl({ unit: 'U1' }, 'awaitingSignature', now)).toEqual(['d4']);
      const bad = await table.list({ filter: { status: 11 }, after: 'nope' } as never).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(ValidationError);
      const badCursor = await table.list({ sort: { by: 'code', dir: 'asc' }, after: Buffer.from('[1,"d1"]').toString('base64url') }).catch((e: unknown) => e);
      expect(badCursor).toBeInstanceOf(ValidationError);
    } finally {
      await close();
    }
  }, 60_000);
});
