/**
 * The worklists of the signed-in officer (việc của tôi / của đơn vị) as
 * queries of the dossier list: the HTTP query string (zod) and its meaning
 * for an actor at an instant. Pure.
 */
import { z } from 'zod';
import { localDateOf, type DossierListFilter, type DossierListQuery } from '@motcua/core';
import type { DeskActor } from '../auth/users';

/** The lists an officer can open; `all` is every dossier of the unit, open or not (what a search looks in). */
export const WORKLISTS = ['mine', 'unit', 'overdue', 'dueToday', 'awaitingSignature', 'all'] as const;
/** One of {@link WORKLISTS}. */
export type Worklist = (typeof WORKLISTS)[number];

const text = z.string().trim().min(1).max(200);

/** Parameters sent empty (a form's "any" choice) count as not given. */
const withoutEmpty = (input: unknown): unknown =>
  input !== null && typeof input === 'object' ? Object.fromEntries(Object.entries(input).filter(([, value]) => value !== '')) : input;

/** The worklist query's parameters (what OpenAPI documents); {@link worklistQuerySchema} also drops empty ones. */
export const worklistFieldsSchema = z
  .object({
    list: z.enum(WORKLISTS).default('mine'),
    /** Search: a dossier code (or its prefix), an ID number (9 or 12 digits), else the applicant's name without accents. */
    q: text.optional(),
    procedure: text.optional(),
    /** National status code 1–10. */
    status: z.coerce.number().int().min(1).max(10).optional(),
    channel: z.enum(['direct', 'online', 'postal']).optional(),
    sort: z.enum(['due', 'receivedAt', 'code']).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    /** `nextCursor` of the previous page. */
    after: z.string().min(1).max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** `GET /api/worklist` and `GET /desk/worklist`: which list, search, filters, one page (empty parameters are ignored). */
export const worklistQuerySchema = z.preprocess(withoutEmpty, worklistFieldsSchema).meta({ id: 'WorklistQuery' });
/** A parsed worklist query. */
export type WorklistQuery = z.output<typeof worklistFieldsSchema>;

/** What a search term is taken as. */
export type SearchTerm = { code: string } | { idNumber: string } | { name: string };

/**
 * Read a search term: 9 or 12 digits is an ID number (CMND / CCCD); letters,
 * digits, dots and dashes with a dot or dash and a digit is a dossier code or its
 * prefix (upper-cased); anything else is a name (matched without accents).
 *
 * @example
 * ```ts
 * searchTerm('001085000111'); // { idNumber: '001085000111' }
 * searchTerm('000.00.20.h26-2603'); // { code: '000.00.20.H26-2603' }
 * searchTerm('nguyen van an'); // { name: 'nguyen van an' }
 * ```
 */
export function searchTerm(q: string): SearchTerm {
  const term = q.trim();
  if (/^(\d{9}|\d{12})$/.test(term)) return { idNumber: term };
  if (/^[0-9A-Za-z.-]+$/.test(term) && /[.-]/.test(term) && /\d/.test(term)) return { code: term.toUpperCase() };
  return { name: term };
}

/**
 * The unit filter of an actor: the receiving unit for the one-stop unit's
 * officers (and auditors), the handling unit for the agency's specialists,
 * heads and leaders.
 */
export function unitScope(actor: DeskActor): DossierListFilter {
  if (actor.unit === undefined) return {};
  return actor.role === 'receivingOfficer' || actor.role === 'auditor' ? { unit: actor.unit } : { handlingUnit: actor.unit };
}

/**
 * The dossier-list query of a worklist for `actor` at `now` (an instant):
 * mine = open and held by me (the current internal step is assigned to me,
 * else I am the dossier's officer); unit = open in my unit; overdue = open in my
 * unit and due before now; dueToday = open in my unit and due on now's Hà Nội
 * day; awaitingSignature = my unit's dossiers whose next act is the
 * leader's signature; all = every dossier of my unit. Then the search and filters.
 *
 * @example
 * ```ts
 * const actor = { id: 'cv-01', role: 'specialist', unit: 'STC', name: 'Trần Quốc Bảo' };
 * worklistQuery(actor, worklistQuerySchema.parse({ list: 'overdue' }), '2026-11-30T09:00:00+07:00').filter;
 * // { handlingUnit: 'STC', overdueAt: '2026-11-30T09:00:00+07:00' }
 * ```
 */
export function worklistQuery(actor: DeskActor, query: WorklistQuery, now: string): DossierListQuery {
  const unit = unitScope(actor);
  const byList: Record<Worklist, DossierListFilter> = {
    mine: { holder: actor.id, open: true },
    unit: { ...unit, open: true },
    overdue: { ...unit, overdueAt: now },
    dueToday: { ...unit, clockRunning: true, dueOn: localDateOf(now) },
    awaitingSignature: { ...unit, awaitingSignature: true },
    all: unit,
  };
  const filter: DossierListFilter = { ...byList[query.list] };
  if (query.q !== undefined) Object.assign(filter, searchTerm(query.q));
  if (query.procedure !== undefined) filter.procedure = query.procedure;
  if (query.status !== undefined) filter.status = query.status;
  if (query.channel !== undefined) filter.channel = query.channel;
  const by = query.sort ?? (query.list === 'all' ? 'receivedAt' : 'due');
  const dir = query.dir ?? (by === 'receivedAt' ? 'desc' : 'asc');
  return { filter, sort: { by, dir }, limit: query.limit, ...(query.after ? { after: query.after } : {}) };
}
