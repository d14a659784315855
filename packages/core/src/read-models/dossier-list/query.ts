import { z } from 'zod';
import { ValidationError } from '../../errors';
import { parseInput } from '../../zod-parse';
import { localDateOf } from '../../time';
import { foldVietnamese } from './fold-vietnamese';
import type { DossierListRow } from './row';

const instant = z.string().refine((s) => Number.isFinite(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), 'an ISO instant with offset');
const text = z.string().min(1).max(200);

/** Filters of {@link DossierListQuery}; all given ones must hold (AND). */
export const dossierListFilterSchema = z
  .object({
    unit: text.optional(),
    handlingUnit: text.optional(),
    procedure: text.optional(),
    /** National status code (1–10). */
    status: z.number().int().min(1).max(10).optional(),
    /** Top-level machine state (`processing`, `supplementRequested`, …). */
    state: text.optional(),
    officer: text.optional(),
    /** The current internal step's id (`draft`, `review`, `sign`). */
    step: text.optional(),
    /** The officer the current internal step is assigned to. */
    assignee: text.optional(),
    /** Who holds the dossier now: the current step's assignee, else its officer. */
    holder: text.optional(),
    channel: z.enum(['direct', 'online', 'postal']).optional(),
    open: z.boolean().optional(),
    /**
     * The due date counts now: open, with a due date, and its legal clock not
     * stopped (`clockStopped`: no supplement wait requested within time, not withdrawn).
     */
    clockRunning: z.boolean().optional(),
    awaitingSignature: z.boolean().optional(),
    /** Due passed before this instant: `dueAt` strictly before it (for a limit in working hours: `overdueFromMs` at or before it). */
    dueBefore: instant.optional(),
    /** Due on this local day (Hà Nội). */
    dueOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /**
     * Overdue at this instant ("now"): the due date counts (`clockRunning`) and is passed — `dueAt` strictly before
     * it; for a limit in working hours `overdueFromMs` at or before it (closed time after the due adds no working time).
     */
    overdueAt: instant.optional(),
    /** Received at or after this instant. */
    receivedFrom: instant.optional(),
    /** Received strictly before this instant. */
    receivedTo: instant.optional(),
    /** Dossier code, exact or a prefix of it. */
    code: text.optional(),
    /** Applicant name, accent-insensitive: a prefix of the folded full name. */
    name: text.optional(),
    /** ID number (CCCD), exact. */
    idNumber: text.optional(),
  })
  .strict();
/**
 * The filters of a dossier-list query (docs/worklists.md, "Filters, search, sort, pages").
 *
 * @example
 * ```ts
 * const filter: DossierListFilter = { unit: '000.00.06.H56', open: true, name: 'nguyen van an' };
 * ```
 */
export type DossierListFilter = z.input<typeof dossierListFilterSchema>;

/** Sort keys: dossiers with no due date sort after all others (ascending), not yet received before all others, with no code first. */
export type DossierListSortKey = 'due' | 'receivedAt' | 'code';

/** A query of the dossier list: filter, sort, one page (keyset pagination). */
export const dossierListQuerySchema = z
  .object({
    filter: dossierListFilterSchema.default({}),
    sort: z.object({ by: z.enum(['due', 'receivedAt', 'code']), dir: z.enum(['asc', 'desc']).default('asc') }).default({ by: 'due', dir: 'asc' }),
    /** Rows per page (1–500, default 50). */
    limit: z.number().int().min(1).max(500).default(50),
    /** `nextCursor` of the previous page. */
    after: z.string().max(2000).optional(),
  })
  .strict();
/**
 * A dossier-list query as given by a caller (defaults: no filter, by due date ascending, 50 rows).
 *
 * @example
 * ```ts
 * const query: DossierListQuery = { filter: { officer: 'cv-01' }, sort: { by: 'receivedAt', dir: 'desc' }, limit: 20 };
 * ```
 */
export type DossierListQuery = z.input<typeof dossierListQuerySchema>;

/** One page of the list; `nextCursor` is absent on the last page. */
export interface DossierListPage {
  rows: DossierListRow[];
  nextCursor?: string;
}

/** A worklist (việc của tôi / của đơn vị). */
export type WorklistKind = 'mine' | 'dueToday' | 'overdue' | 'awaitingSignature';
/** Whose worklist: an officer's (cán bộ) or a unit's (by its receiving-unit code). */
export type WorklistScope = { officer: string } | { unit: string };

/** Due key of a dossier without a due date: above every instant (JavaScript dates end at ±8.64e15 ms). */
export const NO_DUE_KEY = 9_000_000_000_000_000;
/** Reception key of a dossier not yet received: below every instant. */
export const NO_RECEIVED_KEY = -9_000_000_000_000_000;
const MAX_CHAR = '\u{10FFFF}';

/**
 * The sort key of a row (what the table's `*_key` columns hold). `due`: the last instant at which the due date is not
 * passed — `dueMs`, or `overdueFromMs − 1` for a limit in working hours — so `due_key < now` ⇔ passed at `now`.
 */
export function sortKeyOf(row: DossierListRow, by: DossierListSortKey): number | string {
  if (by === 'due') return row.overdueFromMs !== undefined ? row.overdueFromMs - 1 : (row.dueMs ?? NO_DUE_KEY);
  if (by === 'receivedAt') return row.receivedMs ?? NO_RECEIVED_KEY;
  return row.code ?? '';
}

/**
 * Parse and check a query; a bad one is a `ValidationError` (zod issues), a
 * cursor of another sort too.
 *
 * @example
 * ```ts
 * parseDossierListQuery({ filter: { status: 4 } }).limit; // 50
 * ```
 */
export function parseDossierListQuery(query: DossierListQuery): z.output<typeof dossierListQuerySchema> & { cursor?: [number | string, string] } {
  const valid = parseInput(dossierListQuerySchema, query, 'Invalid dossier list query');
  if (valid.after === undefined) return valid;
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(valid.after, 'base64url').toString('utf8'));
  } catch {
    cursor = undefined;
  }
  const keyType = valid.sort.by === 'code' ? 'string' : 'number';
  if (!Array.isArray(cursor) || cursor.length !== 2 || typeof cursor[0] !== keyType || typeof cursor[1] !== 'string') {
    throw new ValidationError('Invalid dossier list query', [{ path: ['after'], message: 'not a cursor of this sort', code: 'custom' }]);
  }
  return { ...valid, cursor: cursor as [number | string, string] };
}

/** The cursor after `row` for this sort. */
export function cursorAfter(row: DossierListRow, by: DossierListSortKey): string {
  return Buffer.from(JSON.stringify([sortKeyOf(row, by), row.dossierId]), 'utf8').toString('base64url');
}

/**
 * The filter of a worklist at `now` (an instant): mine = open and held by me
 * (the current internal step is assigned to me, else I am its officer);
 * dueToday = the due date counts (`clockRunning`: open, not waiting for a
 * supplement requested within time, not withdrawn) and is today's Hà Nội
 * date; overdue = the due date counts and is before now (`overdueAt`);
 * awaitingSignature = see {@link dossierListRow}.
 *
 * @example
 * ```ts
 * worklistFilter({ officer: 'cv-01' }, 'dueToday', '2026-11-30T09:00:00+07:00'); // { holder: 'cv-01', clockRunning: true, dueOn: '2026-11-30' }
 * ```
 */
export function worklistFilter(scope: WorklistScope, kind: WorklistKind, now: string): DossierListFilter {
  // An officer's lists are what the officer holds now: the internal step assigned to him, else the dossiers he is the officer of.
  const who: DossierListFilter = 'officer' in scope ? { holder: scope.officer } : { unit: scope.unit };
  switch (kind) {
    case 'mine':
      return { ...who, open: true };
    case 'dueToday':
      return { ...who, clockRunning: true, dueOn: localDateOf(now) };
    case 'overdue':
      return { ...who, overdueAt: now };
    case 'awaitingSignature':
      return { ...who, awaitingSignature: true };
  }
}

/** A SELECT with `?` placeholders and its parameters (both adapters' SQL dialects accept it; PostgreSQL renumbers). */
export interface SqlQuery {
  sql: string;
  params: (string | number)[];
}

const KEY_COLUMN: Readonly<Record<DossierListSortKey, string>> = { due: 'due_key', receivedAt: 'received_key', code: 'code_key' };

/**
 * The SQL of one page over the read-model table `table` (columns as in the
 * adapters' DDL), selecting `limit + 1` rows to know whether a next page exists.
 *
 * @example
 * ```ts
 * const { sql, params } = dossierListSql('motcua_dossier_list', parseDossierListQuery({ filter: { code: '000.00.06' } }));
 * // sql: SELECT * FROM motcua_dossier_list WHERE code_key >= ? AND code_key < ? ORDER BY due_key ASC, dossier_id ASC LIMIT 51
 * ```
 */
export function dossierListSql(table: string, query: ReturnType<typeof parseDossierListQuery>): SqlQuery {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const filter = query.filter;
  const eq = (column: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  eq('unit', filter.unit);
  eq('handling_unit', filter.handlingUnit);
  eq('procedure', filter.procedure);
  eq('national_status', filter.status);
  eq('top_level', filter.state);
  eq('officer', filter.officer);
  eq('step', filter.step);
  eq('assignee', filter.assignee);
  eq('holder', filter.holder);
  eq('channel', filter.channel);
  eq('id_number', filter.idNumber);
  eq('due_date', filter.dueOn);
  if (filter.open !== undefined) eq('open', filter.open ? 1 : 0);
  if (filter.awaitingSignature !== undefined) eq('awaiting_signature', filter.awaitingSignature ? 1 : 0);
  // Literals, not parameters: the partial indexes `WHERE clock_running = 1` serve only a query that says so.
  if (filter.clockRunning !== undefined) where.push(filter.clockRunning ? 'clock_running = 1' : 'clock_running = 0');
  // On the sort-key columns, so the indexes serve filter and order at once:
  // due_key < t ⇔ the due date passed at t (NO_DUE_KEY is above every instant; `sortKeyOf`);
  // received_key > NO_RECEIVED_KEY ⇔ received.
  if (filter.dueBefore !== undefined) {
    where.push('due_key < ?');
    params.push(Date.parse(filter.dueBefore));
  }
  if (filter.overdueAt !== undefined) {
    if (filter.clockRunning !== true) where.push('clock_running = 1');
    where.push('due_key < ?');
    params.push(Date.parse(filter.overdueAt));
  }
  if (filter.receivedFrom !== undefined) {
    where.push('received_key >= ?');
    params.push(Date.parse(filter.receivedFrom));
  }
  if (filter.receivedTo !== undefined) {
    where.push('received_key > ? AND received_key < ?');
    params.push(NO_RECEIVED_KEY, Date.parse(filter.receivedTo));
  }
  if (filter.code !== undefined) {
    where.push('code_key >= ? AND code_key < ?');
    params.push(filter.code, filter.code + MAX_CHAR);
  }
  if (filter.name !== undefined) {
    const folded = foldVietnamese(filter.name);
    where.push('applicant_folded >= ? AND applicant_folded < ?');
    params.push(folded, folded + MAX_CHAR);
  }
  const key = KEY_COLUMN[query.sort.by];
  const desc = query.sort.dir === 'desc';
  if (query.cursor) {
    where.push(`(${key}, dossier_id) ${desc ? '<' : '>'} (?, ?)`);
    params.push(query.cursor[0], query.cursor[1]);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const sql = `SELECT * FROM ${table}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${key} ${dir}, dossier_id ${dir} LIMIT ${query.limit + 1}`;
  return { sql, params };
}

/** A page from the `limit + 1` rows the SQL returned. */
export function pageOf(rows: DossierListRow[], query: ReturnType<typeof parseDossierListQuery>): DossierListPage {
  if (rows.length <= query.limit) return { rows };
  const page = rows.slice(0, query.limit);
  return { rows: page, nextCursor: cursorAfter(page[page.length - 1]!, query.sort.by) };
}
