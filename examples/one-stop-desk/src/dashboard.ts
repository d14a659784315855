import type { Catalog } from '@motcua/core';
import type { DeskReports } from './reports';

/** Agency code → name from the catalog (the latest version's name wins). */
function agencyNames(catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of catalog.list()) names.set(p.agency.code, p.agency.name);
  return names;
}

/**
 * The dashboard's data for a period ending today: on-time rate per month,
 * per agency, the dossiers overdue now, and the Decision 766 score and
 * satisfaction. Every number comes from `@motcua/projections` (06a, 766, satisfaction); the
 * dashboard only arranges them.
 */
export async function dashboardData(reports: DeskReports, catalog: Catalog, q: { from: string; to: string; asOf: string }) {
  const base = { from: q.from, to: q.to, asOf: q.asOf };
  const [total, months, agencies, score, satisfaction] = await Promise.all([
    reports.report06a({ ...base, groupBy: [] }),
    reports.report06a({ ...base, groupBy: [], splitBy: 'month' }),
    reports.report06a({ ...base, groupBy: ['agency'] }),
    reports.decision766({ ...base, groupBy: [] }),
    reports.satisfaction({ ...base, groupBy: [] }),
  ]);
  const sat = satisfaction[0];
  const names = agencyNames(catalog);
  const t = total[0];
  const s = score[0];
  return {
    period: base,
    totals: t
      ? { received: t.received.total, resolved: t.resolved.total, pending: t.pending.total, overdue: t.pending.overdue, onTimeRate: t.onTimeRate }
      : { received: 0, resolved: 0, pending: 0, overdue: 0, onTimeRate: null },
    onTimeByMonth: months.map((r) => ({
      period: r.group.period ?? '',
      received: r.received.total,
      resolved: r.resolved.total,
      early: r.resolved.early,
      onTime: r.resolved.onTime,
      late: r.resolved.late,
      onTimeRate: r.onTimeRate,
    })),
    byAgency: agencies.map((r) => ({
      agency: r.group.agency ?? '',
      name: names.get(r.group.agency ?? '') ?? r.group.agency ?? '',
      received: r.received.total,
      resolved: r.resolved.total,
      onTimeRate: r.onTimeRate,
      pendingWithinTime: r.pending.withinTime,
      overdue: r.pending.overdue,
    })),
    overdueNow: {
      asOf: q.asOf,
      total: t?.pending.overdue ?? 0,
      withinTime: t?.pending.withinTime ?? 0,
      waitingForCitizen: t?.other.waitingForCitizen ?? 0,
    },
    satisfaction: sat
      ? {
          levels: Object.entries(sat.ratings).map(([level, count]) => ({ level, count })),
          total: sat.total,
          satisfactionRate: sat.satisfactionRate,
          likes: sat.likes,
          dislikes: sat.dislikes,
        }
      : { levels: [], total: 0, satisfactionRate: null, likes: 0, dislikes: 0 },
    decision766: s ? { total: s.total, computedMax: s.computedMax, progress: s.indicators['2.1'], satisfaction: s.indicators['5.4'] } : null,
  };
}

/** The JSON shape of {@link dashboardData}. */
export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;
