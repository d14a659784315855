import type { Catalog } from '@motcua/core';
import type { DeskReports } from './reports';

/** Agency code → name from the catalog (the latest version's name wins). */
function agencyNames(catalog: Catalog): Map<string, string> {
  const names = new Map<string, string>();
  for (const procedure of catalog.list()) names.set(procedure.agency.code, procedure.agency.name);
  return names;
}

/**
 * The dashboard's data for a period ending today: on-time rate per month,
 * per agency, the dossiers overdue now, and the Decision 766 score and
 * satisfaction. Every number comes from `@motcua/projections` (06a, 766, satisfaction); the
 * dashboard only arranges them.
 */
export async function dashboardData(reports: DeskReports, catalog: Catalog, query: { from: string; to: string; asOf: string }) {
  const base = { from: query.from, to: query.to, asOf: query.asOf };
  const [total, months, agencies, score, satisfaction] = await Promise.all([
    reports.report06a({ ...base, groupBy: [] }),
    reports.report06a({ ...base, groupBy: [], splitBy: 'month' }),
    reports.report06a({ ...base, groupBy: ['agency'] }),
    reports.decision766({ ...base, groupBy: [] }),
    reports.satisfaction({ ...base, groupBy: [] }),
  ]);
  const sat = satisfaction[0];
  const names = agencyNames(catalog);
  const totalRow = total[0];
  const scoreRow = score[0];
  return {
    period: base,
    totals: totalRow
      ? {
          received: totalRow.received.total,
          resolved: totalRow.resolved.total,
          pending: totalRow.pending.total,
          overdue: totalRow.pending.overdue,
          onTimeRate: totalRow.onTimeRate,
        }
      : { received: 0, resolved: 0, pending: 0, overdue: 0, onTimeRate: null },
    onTimeByMonth: months.map((month) => ({
      period: month.group.period ?? '',
      received: month.received.total,
      resolved: month.resolved.total,
      early: month.resolved.early,
      onTime: month.resolved.onTime,
      late: month.resolved.late,
      onTimeRate: month.onTimeRate,
    })),
    byAgency: agencies.map((agency) => ({
      agency: agency.group.agency ?? '',
      name: names.get(agency.group.agency ?? '') ?? agency.group.agency ?? '',
      received: agency.received.total,
      resolved: agency.resolved.total,
      onTimeRate: agency.onTimeRate,
      pendingWithinTime: agency.pending.withinTime,
      overdue: agency.pending.overdue,
    })),
    overdueNow: {
      asOf: query.asOf,
      total: totalRow?.pending.overdue ?? 0,
      withinTime: totalRow?.pending.withinTime ?? 0,
      waitingForCitizen: totalRow?.other.waitingForCitizen ?? 0,
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
    decision766: scoreRow ? { total: scoreRow.total, computedMax: scoreRow.computedMax, progress: scoreRow.indicators['2.1'], satisfaction: scoreRow.indicators['5.4'] } : null,
  };
}

/** The JSON shape of {@link dashboardData}. */
export type DashboardData = Awaited<ReturnType<typeof dashboardData>>;
