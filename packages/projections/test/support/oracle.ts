/**
 * Brute-force recomputation of the reports, written separately from the
 * projection code: per dossier, the facts are read straight from its event
 * list, and every period/clock question is answered by replaying the
 * dossier's events up to the instant asked and calling @motcua/calendar's
 * `legalDue`, `kpiClock`, `classifyResolved` and `classifyPending`.
 * No cubes, no intervals, no day numbers.
 */
import type { Catalog, StoredEvent } from '@motcua/core';
import { classifyPending, classifyResolved, kpiClock, legalDue, toLocalDate, type ComparePolicy, type Due, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';

export interface Facts {
  id: string;
  unit: string;
  procedure: string;
  version: string;
  channel: string;
  acceptedAt: string;
  limit: TimeLimit;
  due: Due;
  components: { digitised: boolean; reused: boolean; fromCitizenStore: boolean }[];
  usesPopulationData: boolean;
  events: StoredEvent[];
}

export function dossiersOf(events: readonly StoredEvent[]): Facts[] {
  const byStream = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (!e.streamId.startsWith('dossier-')) continue;
    const list = byStream.get(e.streamId) ?? [];
    list.push(e);
    byStream.set(e.streamId, list);
  }
  const out: Facts[] = [];
  for (const [id, evs] of byStream) {
    const acc = evs.find((e) => e.type === 'DossierAccepted');
    if (!acc) continue;
    const d = acc.data as {
      unit: { code: string };
      procedure: { code: string; version: string };
      channel: string;
      limit: TimeLimit;
      due: Due;
      components: Facts['components'];
      usesPopulationData: boolean;
    };
    out.push({
      id,
      unit: d.unit.code,
      procedure: d.procedure.code,
      version: d.procedure.version,
      channel: d.channel,
      acceptedAt: acc.metadata.occurredAt,
      limit: d.limit,
      due: d.due,
      components: d.components,
      usesPopulationData: d.usesPopulationData,
      events: evs,
    });
  }
  return out;
}

const END_TYPES = ['DossierResolved', 'ResolutionRefused', 'WithdrawalRequested', 'ProcessingStopped', 'DossierClosed'];
const ms = (s: string) => Date.parse(s);
const day = (s: string) => toLocalDate(s);

export function endOf(f: Facts): StoredEvent | undefined {
  return f.events.find((e) => END_TYPES.includes(e.type));
}

/** Supplement intervals known at instant `t`. */
function supplementsAt(f: Facts, t: number) {
  const out: { requestedAt: string; providedAt: string | null }[] = [];
  for (const e of f.events) {
    if (ms(e.metadata.occurredAt) > t) break;
    if (e.type === 'SupplementRequested') out.push({ requestedAt: e.metadata.occurredAt, providedAt: null });
    if (e.type === 'SupplementProvided') out[out.length - 1]!.providedAt = e.metadata.occurredAt;
  }
  return out;
}

/** Intake supplement requests (Form 02 before acceptance). */
function intakeRequests(f: Facts): number {
  return f.events.filter((e) => e.type === 'IntakeSupplementRequested' && ms(e.metadata.occurredAt) <= ms(f.acceptedAt)).length;
}

/**
 * The comparison policy for this dossier: `byLimit` = working time for limits in working hours (passed from the first
 * working instant after the due), day otherwise; under `minute` too a limit in working hours is read by working time.
 */
export function policyFor(f: { limit: TimeLimit }, p: OraclePolicy): ComparePolicy {
  if (f.limit.unit === 'workingHours') return p === 'byLimit' || p === 'minute' ? 'workingTime' : p;
  return p === 'byLimit' ? 'day' : p;
}

/**
 * Legal clock rule (NĐ 61 Đ19.4 + issue #10): a supplement request stops the
 * clock and restarts it on completion only if it was made within time, i.e.
 * not late against the due date in force when it was made. From the first
 * late request on, supplements are ignored by the legal clock (the dossier
 * stays overdue). Returns the supplements the legal clock honours.
 */
function legalSupplements(
  f: Facts,
  sups: { requestedAt: string; providedAt: string | null }[],
  c: Clock,
  apology: { issuedAt: string; newDue: Due } | undefined,
  policy: ComparePolicy,
  cal: WorkingCalendar,
) {
  for (let i = 0; i < sups.length; i++) {
    const req = sups[i]!.requestedAt;
    const before = legalDue(
      {
        acceptedAt: f.acceptedAt,
        limit: f.limit,
        supplements: sups.slice(0, i),
        reschedules: c.due === 'rescheduled' && apology && ms(apology.issuedAt) <= ms(req) ? [apology] : [],
      },
      cal,
    );
    const due = c.due === 'rescheduled' ? before.effectiveDue! : before.currentDue!;
    if (classifyResolved(req, due, { policy, calendar: cal }) === 'late') return { honoured: sups.slice(0, i), lateWaiting: sups[sups.length - 1]!.providedAt === null };
  }
  return { honoured: sups, lateWaiting: false };
}

function apologyAt(f: Facts, t: number): { issuedAt: string; newDue: Due } | undefined {
  const a = f.events.find((e) => e.type === 'ApologyIssued' && ms(e.metadata.occurredAt) <= t);
  return a ? { issuedAt: a.metadata.occurredAt, newDue: (a.data as { newDue: Due }).newDue } : undefined;
}

export type OraclePolicy = ComparePolicy | 'byLimit';

export interface OracleEnv {
  cal: WorkingCalendar;
  policy: OraclePolicy;
  maxSup: number | null;
  /** Count intake supplement requests in the KPI's ">maxSup → late" (default false). */
  countIntake?: boolean;
}

export type Clock = { clock: 'legal' | 'kpi'; due: 'original' | 'rescheduled' };

/** early | onTime | late of an ended dossier. */
export function endedTimeliness(f: Facts, end: StoredEvent, c: Clock, env: OracleEnv): 'early' | 'onTime' | 'late' {
  const endAt = end.metadata.occurredAt;
  const t = ms(endAt);
  const policy = policyFor(f, env.policy);
  const all = supplementsAt(f, t);
  const apology = apologyAt(f, t);
  if (c.clock === 'legal') {
    const { honoured: sups } = legalSupplements(f, all, c, apology, policy, env.cal);
    const open = sups.length > 0 && sups[sups.length - 1]!.providedAt === null;
    if (open) {
      const req = sups[sups.length - 1]!.requestedAt;
      const before = legalDue(
        {
          acceptedAt: f.acceptedAt,
          limit: f.limit,
          supplements: sups.slice(0, -1),
          reschedules: c.due === 'rescheduled' && apology && ms(apology.issuedAt) <= ms(req) ? [apology] : [],
        },
        env.cal,
      );
      return classifyResolved(req, c.due === 'rescheduled' ? before.effectiveDue! : before.currentDue!, { policy, calendar: env.cal });
    }
    const lg = legalDue({ acceptedAt: f.acceptedAt, limit: f.limit, supplements: sups, reschedules: c.due === 'rescheduled' && apology ? [apology] : [] }, env.cal);
    return classifyResolved(endAt, c.due === 'rescheduled' ? lg.effectiveDue! : lg.currentDue!, { policy, calendar: env.cal });
  }
  const k = kpiClock(
    {
      acceptedAt: f.acceptedAt,
      limit: f.limit,
      supplements: all,
      intakeSupplementRequests: env.countIntake ? intakeRequests(f) : 0,
      endedAt: endAt,
      asOf: endAt,
      rescheduledDue: c.due === 'rescheduled' && apology ? apology.newDue : null,
    },
    env.cal,
    { policy, maxSupplementRequests: env.maxSup },
  );
  const v = c.due === 'rescheduled' && k.vsRescheduled ? k.vsRescheduled : k;
  return v.timeliness as 'early' | 'onTime' | 'late';
}

/** Pending reading at instant `asOf` (dossier accepted, not ended at `asOf`). */
export function pendingReading(f: Facts, asOf: string, c: Clock, env: OracleEnv): { overdue: boolean; waiting: boolean } {
  const t = ms(asOf);
  const policy = policyFor(f, env.policy);
  const all = supplementsAt(f, t);
  const apology = apologyAt(f, t);
  if (c.clock === 'legal') {
    const { honoured: sups, lateWaiting } = legalSupplements(f, all, c, apology, policy, env.cal);
    const lg = legalDue({ acceptedAt: f.acceptedAt, limit: f.limit, supplements: sups, reschedules: c.due === 'rescheduled' && apology ? [apology] : [] }, env.cal);
    // Waiting on a request made within time: the legal clock is stopped (within time).
    if (lg.waitingForCitizen) return { overdue: false, waiting: true };
    // Otherwise (including waiting on a late request) the dossier is read against the due date in force.
    const due = c.due === 'rescheduled' ? lg.effectiveDue! : lg.currentDue!;
    return { overdue: classifyPending(asOf, due, env.cal, { policy, warnDays: 0 }) === 'overdue', waiting: lateWaiting };
  }
  const k = kpiClock(
    {
      acceptedAt: f.acceptedAt,
      limit: f.limit,
      supplements: all,
      intakeSupplementRequests: env.countIntake ? intakeRequests(f) : 0,
      endedAt: null,
      asOf: ms(asOf) < ms(f.acceptedAt) ? f.acceptedAt : asOf,
      rescheduledDue: c.due === 'rescheduled' && apology ? apology.newDue : null,
    },
    env.cal,
    { policy, maxSupplementRequests: env.maxSup, warnDays: 0 },
  );
  const v = c.due === 'rescheduled' && k.vsRescheduled ? k.vsRescheduled : k;
  return { overdue: v.timeliness === 'overdue', waiting: k.state === 'waitingForCitizen' };
}

export type GroupDim = 'unit' | 'agency' | 'procedure' | 'field' | 'level' | 'channel';

export function groupOf(f: Facts, catalog: Catalog, groupBy: readonly GroupDim[]): Record<string, string> {
  const p = catalog.get(f.procedure, f.version);
  const all: Record<GroupDim, string> = { unit: f.unit, agency: p.agency.code, procedure: f.procedure, field: p.field.code, level: p.level, channel: f.channel };
  const g: Record<string, string> = {};
  for (const k of groupBy) g[k] = all[k];
  return g;
}

export interface OracleRow06a {
  group: Record<string, string>;
  received: { total: number; online: number; directOrPostal: number; carriedOver: number };
  resolved: { total: number; early: number; onTime: number; late: number };
  pending: { total: number; withinTime: number; overdue: number };
  other: { total: number; refused: number; withdrawn: number; stopped: number; closed: number; waitingForCitizen: number };
}

/** Brute-force 06a for one period. */
export function oracle06a(
  events: readonly StoredEvent[],
  q: { from: string; to: string; groupBy: readonly GroupDim[]; clock: Clock; convention: 'national' | 'thanhHoa'; asOf?: string; refusedAsResolved?: boolean },
  catalog: Catalog,
  env: OracleEnv,
): OracleRow06a[] {
  const asOf = q.asOf ?? `${q.to}T23:59:59.999+07:00`;
  const rows = new Map<string, OracleRow06a>();
  for (const f of dossiersOf(events)) {
    const rd = day(f.acceptedAt);
    if (rd > q.to) continue;
    const end = endOf(f);
    const ed = end ? day(end.metadata.occurredAt) : undefined;
    if (ed !== undefined && ed < q.from) continue;
    const group = groupOf(f, catalog, q.groupBy);
    const key = JSON.stringify(group);
    let r = rows.get(key);
    if (!r) {
      r = {
        group,
        received: { total: 0, online: 0, directOrPostal: 0, carriedOver: 0 },
        resolved: { total: 0, early: 0, onTime: 0, late: 0 },
        pending: { total: 0, withinTime: 0, overdue: 0 },
        other: { total: 0, refused: 0, withdrawn: 0, stopped: 0, closed: 0, waitingForCitizen: 0 },
      };
      rows.set(key, r);
    }
    r.received.total++;
    if (rd < q.from) r.received.carriedOver++;
    else if (f.channel === 'online') r.received.online++;
    else r.received.directOrPostal++;
    if (end && ed! <= q.to) {
      // Brief §7.4: c3 = c7 + c11 + other, other = withdrawn, stopped, refused (returned without resolution),
      // and closed (NĐ 118/2025 Đ19.5 / issue #12 item 2: its own bucket).
      const withdrawnOrStopped = end.type === 'WithdrawalRequested' || end.type === 'ProcessingStopped' || end.type === 'DossierClosed';
      if (end.type === 'ResolutionRefused') r.other.refused++;
      if (end.type === 'WithdrawalRequested') r.other.withdrawn++;
      if (end.type === 'ProcessingStopped') r.other.stopped++;
      if (end.type === 'DossierClosed') r.other.closed++;
      if (q.convention === 'thanhHoa') {
        // Local convention: every ended dossier is "resolved"; withdrawn/stopped ones on time.
        r.resolved.total++;
        r.resolved[withdrawnOrStopped ? 'onTime' : endedTimeliness(f, end, q.clock, env)]++;
      } else if (end.type === 'DossierResolved' || (end.type === 'ResolutionRefused' && q.refusedAsResolved)) {
        r.resolved.total++;
        r.resolved[endedTimeliness(f, end, q.clock, env)]++;
      } else r.other.total++;
    } else {
      r.pending.total++;
      const p = pendingReading(f, asOf, q.clock, env);
      if (p.waiting) r.other.waitingForCitizen++;
      if (p.overdue && !(p.waiting && q.convention === 'thanhHoa')) r.pending.overdue++;
      else r.pending.withinTime++;
    }
  }
  return [...rows.values()];
}
