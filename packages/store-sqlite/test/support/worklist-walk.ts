/**
 * Random command walks through the real engine for the worklist tests (SQLite
 * here, PostgreSQL in its own package), and an oracle of the `overdue` and
 * `dueToday` worklists written from the rules — docs/worklists.md and
 * docs/metrics.md §2 — over the events of the log, not from the read model:
 *
 * - the due date in force is the legal one (`DossierAccepted.due`, restarted
 *   by `SupplementProvided.due`), or Form 04's (`ApologyIssued.newDue`) from
 *   the apology on, unless a restart came after the apology;
 * - a dossier waiting for a supplement requested on or before the due date in
 *   force at the request (the reports' default comparison: local days, or
 *   working time for a limit in working hours — no working minute between the
 *   due and the request) has its clock stopped; a request
 *   after it stops nothing, and from that request on no answer restarts the
 *   legal due date (docs/metrics.md §2: the dossier was already overdue; the
 *   engine's `SupplementProvided.due` is not read then) and no later request
 *   stops the clock;
 * - a withdrawn dossier (only StopProcessing can follow) and an ended one
 *   (resolved, refused, stopped, closed, returned) count no more;
 * - overdue at t: counts and `due.at` < t — for a limit in working hours, a
 *   working minute lies between the due and t (the minutes walked one by one
 *   over the sessions 07:00–11:30, 13:30–17:00 of the calendar's working days);
 *   due today at t: counts and `due.date` is t's Hà Nội day. Both sorted by the
 *   last instant within time (the due instant; for working hours the start of
 *   the first working minute at or after it), then dossier id.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { vietnamCalendar } from '@motcua/calendar';
import {
  createCatalog,
  createEngine,
  defineProcedure,
  dossierIdOfStream,
  DOSSIER_STREAM_PREFIX,
  followDossierList,
  localDateOf,
  MotcuaError,
  toVietnamInstant,
  type CommandBody,
  type DossierListRow,
  type DossierListTable,
  type EventStore,
  type WorklistKind,
  type WorklistScope,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';

export const UNITS = [
  { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' },
  { code: '000.00.07.H56', name: 'Bộ phận Một cửa xã Kim Chung' },
];
export const OFFICERS = ['cv-01', 'cv-02'];

/** A limit in working hours (minute-precise comparison). Illustrative code. */
const hourProcedure = defineProcedure({
  code: '9.000008',
  name: { vi: 'Thủ tục giải quyết trong 8 giờ làm việc (thử nghiệm)', en: 'Eight-working-hour procedure (test)' },
  field: { code: 'HT', name: 'Hộ tịch' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
  timeLimit: { statutory: { unit: 'workingHours', value: 8 } },
  onlineLevel: 'full',
  validFrom: '2016-01-01',
});

/** The catalog of the walks: 3 working days (2.002030), same day with the 15:00 cut-off (1.001193), 8 working hours. */
export const walkCatalog = () => createCatalog({ procedures: [sampleProcedures.businessRegistration, sampleProcedures.birthRegistration, hourProcedure] });
const PROCEDURES = ['2.002030', '2.002030', '1.001193', '9.000008'];

/** Both rule packs: NĐ 61/2018 (any number of supplement requests) before 01/07/2025, NĐ 118/2025 (one) after. */
const BASE_MS = Date.parse('2025-06-16T08:00:00+07:00');
const MINUTE = 60_000;

type Kind = 'transfer' | 'assign' | 'supplement' | 'provide' | 'apology' | 'withdraw' | 'stop' | 'resolve' | 'return' | 'fee' | 'pay';
const KIND_OF: Record<string, Kind> = {
  TransferDossier: 'transfer',
  AssignOfficer: 'assign',
  RequestSupplement: 'supplement',
  ProvideSupplement: 'provide',
  IssueApology: 'apology',
  RequestWithdrawal: 'withdraw',
  StopProcessing: 'stop',
  Resolve: 'resolve',
  ReturnResult: 'return',
  RequestFee: 'fee',
  RecordFeePayment: 'pay',
};
/** Moves that end or pause a dossier are taken only when a step asks for them, so walks stay long enough to be late. */
const RARE = new Set<Kind>(['withdraw', 'stop', 'resolve']);

export interface WalkStep {
  choice: number;
  /** Minutes after the previous step: minutes to days, so requests fall before, on and after due dates. */
  gap: number;
  /**
   * Or at a due date's edge: `offset` minutes after the due instant (legal, or Form 04's when there is one and
   * `rescheduled`): a minute before or after it, half an hour after (closed time after a due at 17:00), the end of
   * its local day, the next midnight, the next morning's opening (14 hours after 17:00) and a minute after it.
   */
  anchor: { offset: number; rescheduled: boolean } | null;
  arg: number;
}
export interface WalkDossier {
  procedure: string;
  unit: number;
  startMinutes: number;
  steps: WalkStep[];
}

const stepArb: fc.Arbitrary<WalkStep> = fc.record({
  choice: fc.nat(1000),
  gap: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 4 * 1440 }), fc.constantFrom(1440, 2 * 1440, 3 * 1440)),
  anchor: fc.option(fc.record({ offset: fc.constantFrom(-1, 0, 1, 30, 419, 420, 840, 841), rescheduled: fc.boolean() }), { freq: 3 }),
  arg: fc.nat(1000),
});
export const walkArb: fc.Arbitrary<WalkDossier[]> = fc.array(
  fc.record({
    procedure: fc.constantFrom(...PROCEDURES),
    unit: fc.nat(UNITS.length - 1),
    startMinutes: fc.integer({ min: 0, max: 35 * 1440 }),
    steps: fc.array(stepArb, { minLength: 0, maxLength: 9 }),
  }),
  { minLength: 1, maxLength: 6 },
);

function bodyOf(kind: Kind, arg: number, legalDate: string | undefined): CommandBody | undefined {
  switch (kind) {
    case 'transfer':
      return { type: 'TransferDossier', mode: arg % 2 ? 'paper' : 'electronic' } as CommandBody;
    case 'assign':
      return { type: 'AssignOfficer', officer: { id: OFFICERS[arg % OFFICERS.length]! } } as CommandBody;
    case 'supplement':
      return { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
    case 'provide':
      return { type: 'ProvideSupplement' } as CommandBody;
    case 'apology':
      return legalDate
        ? ({ type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate: vietnamCalendar().addWorkingDays(legalDate, 1 + (arg % 4)) } as CommandBody)
        : undefined;
    case 'withdraw':
      return { type: 'RequestWithdrawal', reason: 'Công dân rút hồ sơ' } as CommandBody;
    case 'stop':
      return { type: 'StopProcessing', reason: 'Dừng xử lý' } as CommandBody;
    case 'resolve':
      return { type: 'Resolve', electronicResult: arg % 2 === 0 } as CommandBody;
    case 'return':
      return { type: 'ReturnResult', method: 'counter' } as CommandBody;
    case 'fee':
      return { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] } as CommandBody;
    case 'pay':
      return { type: 'RecordFeePayment', amountVnd: 50000, method: 'counter' } as CommandBody;
  }
}

/** Read a worklist page by page (small pages: the cursors run on the partial indexes too). */
export async function worklistIds(table: DossierListTable, scope: WorklistScope, kind: WorklistKind, now: string): Promise<string[]> {
  const out: DossierListRow[] = [];
  let after: string | undefined;
  for (let n = 0; n < 100; n++) {
    const page = await table.worklist(scope, kind, now, { limit: 2, ...(after ? { after } : {}) });
    out.push(...page.rows);
    if (!page.nextCursor) return out.map((r) => r.dossierId);
    after = page.nextCursor;
  }
  throw new Error('more than 100 pages');
}

interface Due {
  date: string;
  at: string;
}

const DEADLINE_CALENDAR = vietnamCalendar();
/** Is the minute starting at `ms` working time: a working day of the calendar, 07:00–11:30 or 13:30–17:00 (Hà Nội)? */
function workingMinute(ms: number): boolean {
  const local = toVietnamInstant(ms);
  const minute = Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
  return ((minute >= 420 && minute < 690) || (minute >= 810 && minute < 1020)) && DEADLINE_CALENDAR.isWorkingDay(local.slice(0, 10));
}
/** The start of the first working minute at or after `dueMs` (whole minutes): the last instant a working-hour due is not passed. */
function firstWorkingMinute(dueMs: number): number {
  let t = dueMs;
  while (!workingMinute(t)) t += MINUTE;
  return t;
}
/** What the oracle knows of one dossier, from its events. */
export interface OracleDossier {
  id: string;
  unit: string;
  officer?: string;
  /** The due date in force now, if accepted. */
  due?: Due;
  /** The last instant at which that due is not passed: `due.at`, or for a limit in working hours the first working minute at or after it. */
  onTimeUntil?: number;
  /** The due date counts (accepted, not ended or withdrawn, not waiting on a request made within time). */
  counts: boolean;
  /**
   * For the walks' coverage: waiting on a request made within time / after the due date; withdrawn; a supplement
   * provided after Form 04; a request made after the due date, then answered (`lateAfterRestart`: after a restart
   * that counts); a fee wait.
   */
  seen: { waiting?: 'within' | 'late'; withdrawn: boolean; restartedAfterApology: boolean; lateAnswered: boolean; lateAfterRestart: boolean; feeWait: boolean };
}

/** The oracle's reading of every dossier of the log (see the file's comment). */
export async function oracleDossiers(store: EventStore): Promise<OracleDossier[]> {
  const byId = new Map<string, { events: { type: string; data: Record<string, unknown>; at: string }[] }>();
  for await (const e of store.readAll()) {
    if (!e.streamId.startsWith(DOSSIER_STREAM_PREFIX)) continue;
    const id = dossierIdOfStream(e.streamId);
    const entry = byId.get(id) ?? { events: [] };
    entry.events.push({ type: e.type, data: e.data as Record<string, unknown>, at: e.metadata.occurredAt });
    byId.set(id, entry);
  }
  const out: OracleDossier[] = [];
  for (const [id, { events }] of byId) {
    let unit = '';
    let officer: string | undefined;
    let legal: Due | undefined;
    let minutes = false;
    let apology: { at: string; due: Due } | undefined;
    let lastProvided: string | undefined;
    let waiting: { at: string; within: boolean } | undefined;
    let lateRequest = false;
    let lateAnswered = false;
    let lateAfterRestart = false;
    let feeWait = false;
    let ended = false;
    let withdrawn = false;
    const inForce = (): Due | undefined => (apology && !(lastProvided !== undefined && Date.parse(lastProvided) > Date.parse(apology.at)) ? apology.due : legal);
    for (const e of events) {
      const intake = (e.data.intake ?? e.data) as { unit?: { code: string } };
      if (intake.unit) unit = intake.unit.code;
      switch (e.type) {
        case 'DossierAccepted':
          legal = e.data.due as Due;
          minutes = (e.data.limit as { unit: string }).unit === 'workingHours';
          break;
        case 'OfficerAssigned':
          officer = (e.data.officer as { id: string }).id;
          break;
        case 'ApologyIssued':
          apology = { at: e.at, due: e.data.newDue as Due };
          break;
        case 'SupplementRequested': {
          const due = inForce()!;
          const within = !lateRequest && (minutes ? Date.parse(e.at) <= firstWorkingMinute(Date.parse(due.at)) : localDateOf(e.at) <= due.date);
          if (!within) lateRequest = true;
          waiting = { at: e.at, within };
          break;
        }
        case 'SupplementProvided':
          if (lateRequest) {
            lateAnswered = true;
            if (lastProvided !== undefined) lateAfterRestart = true;
          } else {
            legal = e.data.due as Due;
            lastProvided = e.at;
          }
          waiting = undefined;
          break;
        case 'FeeRequested':
          feeWait = true;
          break;
        case 'FeePaid':
          feeWait = false;
          break;
        case 'WithdrawalRequested':
          withdrawn = true;
          ended = true;
          break;
        case 'DossierResolved':
        case 'ResolutionRefused':
        case 'ProcessingStopped':
        case 'DossierClosed':
        case 'ReceptionRefused':
        case 'ResultReturned':
          ended = true;
          break;
      }
    }
    const due = inForce();
    const seen = {
      ...(waiting && !ended ? { waiting: waiting.within ? ('within' as const) : ('late' as const) } : {}),
      withdrawn,
      restartedAfterApology: apology !== undefined && lastProvided !== undefined && Date.parse(lastProvided) > Date.parse(apology.at),
      lateAnswered: lateAnswered && !ended,
      lateAfterRestart: lateAfterRestart && !ended,
      feeWait: feeWait && !ended,
    };
    const onTimeUntil = due === undefined ? undefined : minutes ? firstWorkingMinute(Date.parse(due.at)) : Date.parse(due.at);
    out.push({ id, unit, ...(officer ? { officer } : {}), ...(due ? { due, onTimeUntil } : {}), counts: due !== undefined && !ended && !waiting?.within, seen });
  }
  return out;
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The oracle's worklist at `now`: ids sorted by the last instant within time, then id. */
export function oracleWorklist(dossiers: readonly OracleDossier[], scope: WorklistScope, kind: 'overdue' | 'dueToday', now: string): string[] {
  const today = localDateOf(toVietnamInstant(now));
  return dossiers
    .filter((d) => ('unit' in scope ? d.unit === scope.unit : d.officer === scope.officer))
    .filter((d) => d.counts && d.due !== undefined && (kind === 'overdue' ? d.onTimeUntil! < Date.parse(now) : d.due.date === today))
    .sort((a, b) => a.onTimeUntil! - b.onTimeUntil! || bytes(a.id, b.id))
    .map((d) => d.id);
}

/**
 * The instants to look at after `from`: every due instant around its minute and the day after, the last instant
 * within time around its millisecond (for working hours: the next opening after a due that ends a session),
 * midnights, and a few random ones.
 */
export function instantsAfter(dossiers: readonly OracleDossier[], from: number, extra: readonly number[]): string[] {
  const out = new Set<number>();
  for (const d of dossiers) {
    if (!d.due) continue;
    const at = Date.parse(d.due.at);
    const until = d.onTimeUntil!;
    for (const t of [
      at - MINUTE,
      at,
      at + MINUTE,
      until,
      until + 1,
      until + MINUTE,
      Date.parse(`${d.due.date}T00:00:00+07:00`),
      Date.parse(`${d.due.date}T00:00:00+07:00`) + 86_400_000,
    ])
      if (t >= from) out.add(t);
  }
  for (const x of extra) out.add(from + x);
  return [...out].sort((a, b) => a - b).map((t) => toVietnamInstant(t));
}

/**
 * Run the walk on a fresh engine over `store`, following it into `table`;
 * `check` is called after each third of the commands (business time order)
 * with the instant of the last command so far.
 */
export async function runWalk(walk: readonly WalkDossier[], store: EventStore, table: DossierListTable, check: (lastMs: number) => Promise<void>): Promise<{ accepted: number }> {
  const engine = createEngine({ store, catalog: walkCatalog(), cacheSize: 0, policy: 'none' });
  const follower = followDossierList({ store, table, load: (id) => engine.get(id), batchSize: 5 });
  // A small discrete-event run: each dossier's next step is timed once its previous one ran (an anchored step reads
  // the due date then); the dossiers' steps interleave in business-time order.
  type Live = { id: string; d: WalkDossier; next: number; at: number; last: number | undefined };
  const live: Live[] = walk.map((d) => ({ id: randomUUID(), d, next: -1, at: BASE_MS + d.startMinutes * MINUTE, last: undefined }));
  const total = walk.reduce((n, d) => n + 1 + d.steps.length, 0);
  const thirds = [Math.floor(total / 3), Math.floor((2 * total) / 3), total];
  let lastMs = BASE_MS;
  let accepted = 0;
  const exec = async (l: Live, body: CommandBody) => {
    const when = Math.max(l.at, (l.last ?? 0) + MINUTE);
    try {
      await engine.execute({
        ...body,
        actor: { id: 'cv-01', role: 'officer', unit: UNITS[l.d.unit]!.code },
        commandId: randomUUID(),
        dossierId: l.id,
        at: toVietnamInstant(when),
      } as never);
      l.last = when;
      lastMs = Math.max(lastMs, when);
      return true;
    } catch (e) {
      if (e instanceof MotcuaError) return false;
      throw e;
    }
  };
  for (let done = 0; done < total; done++) {
    const l = live.filter((x) => x.next < x.d.steps.length).reduce((a, b) => (b.at < a.at ? b : a));
    const step = l.next < 0 ? null : l.d.steps[l.next]!;
    if (step === null) {
      const intake = { procedureCode: l.d.procedure, unit: UNITS[l.d.unit]!, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', components: [] };
      if (await exec(l, { type: 'ReceiveDossier', ...intake } as CommandBody)) accepted++;
    } else if (l.last !== undefined) {
      const allowed = (await engine.allowedCommands(l.id)).map((c) => KIND_OF[c]).filter((k): k is Kind => k !== undefined);
      const common = allowed.filter((k) => !RARE.has(k));
      const pool = step.arg % 5 === 0 || common.length === 0 ? allowed : common;
      if (pool.length > 0) {
        // Supplement paths (request, answer) get extra weight: they are what the worklists must read right.
        let kind = pool[step.choice % pool.length]!;
        if (pool.includes('supplement') && step.arg % 3 === 1) kind = 'supplement';
        if (pool.includes('provide') && step.arg % 3 === 2) kind = 'provide';
        const state = await engine.get(l.id);
        const body = bodyOf(kind, step.arg, state.due?.legal.date);
        if (body) await exec(l, body);
      }
    }
    // Time the dossier's next step.
    l.next++;
    const following = l.d.steps[l.next];
    if (following) {
      const due = l.last === undefined ? undefined : (await engine.get(l.id)).due;
      const edge = following.anchor && due ? (following.anchor.rescheduled && due.rescheduled ? due.rescheduled : due.legal) : undefined;
      const from = l.last ?? l.at;
      l.at = edge ? Math.max(from + MINUTE, Date.parse(edge.at) + following.anchor!.offset * MINUTE) : from + following.gap * MINUTE;
    }
    if (thirds.includes(done + 1)) {
      await store.waitUntilReadable(); // PostgreSQL: every acknowledged append readable before the follower reads
      await follower.catchUp();
      await check(lastMs);
    }
  }
  return { accepted };
}
