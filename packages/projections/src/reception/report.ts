/**
 * Reception SLA report per unit (and optionally procedure): how many online
 * dossiers were received within the reception limit. See docs/metrics.md §6b.
 */
import { ValidationError, type Catalog } from '@motcua/core';
import { vietnamCalendar, type TimeLimit, type WorkingCalendar } from '@motcua/calendar';
import { estimatedDaysIn } from '../estimated';
import { checkPeriod, type PeriodQuery } from '../timeliness/accumulate';
import { checkRulePacks } from '../rule-packs';
import { round4 } from '../scoring';
import { DEFAULT_RECEPTION_LIMIT, type ReceptionState } from './projection';
import { R_ACCEPTED, R_CANCELLED, R_LATE, R_ON_TIME, R_OVERDUE_START, R_OVERDUE_STOP, R_REFUSED, R_STARTED, R_SUPPLEMENT, R_WITHIN_START, R_WITHIN_STOP } from './projection';

/** Grouping dimensions of the reception SLA report. */
export type ReceptionDimension = 'unit' | 'procedure';

export interface ReceptionQuery extends PeriodQuery {
  /** Group by receiving unit (default) and/or procedure. */
  groupBy?: readonly ReceptionDimension[];
  /** The projection (for its calendar: estimated days in the period). Without it the default `vietnamCalendar()` is asked. */
  projection?: { readonly env: { readonly cal?: WorkingCalendar; readonly limitFor?: (pack: string | undefined) => TimeLimit; readonly limitForced?: boolean } };
  /**
   * The engine's catalog: with it (and `projection`), the report refuses to answer (`VALIDATION_FAILED`,
   * `rule_pack_mismatch`) when the projection ran the clocks of a pinned rule pack on another limit than the
   * catalog's pack gives (`receptionLimit`, default 8 working hours): build it with `{ rulePacks: catalog.rulePacks }`.
   */
  catalog?: Pick<Catalog, 'rulePacks'>;
}

/** One row of the online reception SLA report (per receiving unit and/or procedure). */
export interface ReceptionRow {
  group: Partial<Record<ReceptionDimension, string>>;
  /** The unit's name (when grouped by unit). */
  unitName?: string;
  /** Reception clocks started in the period (online submissions and resubmissions after an intake supplement). */
  submitted: number;
  /** Clocks stopped in the period by a reception decision, within the limit or late, and by which decision. */
  handled: { total: number; onTime: number; late: number; accepted: number; refused: number; supplementRequested: number };
  /** Clocks running at the end of the period (`asOf` for dossiers still waiting now): within the limit or overdue. */
  pending: { total: number; withinTime: number; overdue: number };
  /** Withdrawn or stopped before any reception decision (in the period). */
  cancelled: number;
  /** onTime / handled (4 decimals); null when nothing was handled. */
  onTimeRate: number | null;
  /** Days of the period whose working status the calendar only estimates (2027+ with the bundled schedules); 0 = all official. */
  estimatedCalendarDays: number;
}

/**
 * Reception SLA rows for a period.
 * @example receptionReport(runner.state, { from: '2025-10-01', to: '2025-10-31', groupBy: ['unit'] })
 */
export function receptionReport(state: ReceptionState, query: ReceptionQuery): ReceptionRow[] {
  const { F: firstDay, T: lastDay, asOfMs } = checkPeriod(query);
  const groupBy = [...(query.groupBy ?? ['unit'])];
  const bad = groupBy.filter((g) => g !== 'unit' && g !== 'procedure');
  if (bad.length)
    throw new ValidationError(
      'Invalid groupBy',
      bad.map((grouping) => ({ code: 'invalid_enum_value', path: ['groupBy'], message: `unknown grouping '${String(grouping)}'` })),
    );
  const env = query.projection?.env;
  if (query.catalog && env?.limitFor && !env.limitForced) {
    const limitFor = env.limitFor;
    checkRulePacks(query.catalog, {
      projection: 'reception',
      field: 'receptionLimit',
      ids: state.packs.keys(),
      used: (id) => limitFor(id),
      wanted: (pack) => pack.receptionLimit ?? DEFAULT_RECEPTION_LIMIT,
    });
  }
  const estimated = estimatedDaysIn(query.projection?.env.cal ?? vietnamCalendar(), query.from, query.to);
  const rows = new Map<string, ReceptionRow>();
  const rowOf = (unit: string, procedure: string, version: string): ReceptionRow => {
    const vals = { unit, procedure: version === '1' ? procedure : `${procedure}@${version}` };
    const key = groupBy.map((g) => vals[g]).join('\u0000');
    let row = rows.get(key);
    if (!row) {
      const group: ReceptionRow['group'] = {};
      for (const field of groupBy) group[field] = vals[field];
      row = {
        group,
        ...(groupBy.includes('unit') ? { unitName: state.units.get(unit) ?? unit } : {}),
        submitted: 0,
        handled: { total: 0, onTime: 0, late: 0, accepted: 0, refused: 0, supplementRequested: 0 },
        pending: { total: 0, withinTime: 0, overdue: 0 },
        cancelled: 0,
        onTimeRate: null,
        estimatedCalendarDays: estimated,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const [key, counts] of state.counters) {
    const parts = key.split('|');
    const day = Number(parts[3]);
    if (!(day <= lastDay)) continue;
    const row = rowOf(parts[0]!, parts[1]!, parts[2]!);
    row.pending.withinTime += counts[R_WITHIN_START]! - counts[R_WITHIN_STOP]!;
    row.pending.overdue += counts[R_OVERDUE_START]! - counts[R_OVERDUE_STOP]!;
    if (day < firstDay) continue;
    row.submitted += counts[R_STARTED]!;
    row.handled.onTime += counts[R_ON_TIME]!;
    row.handled.late += counts[R_LATE]!;
    row.handled.accepted += counts[R_ACCEPTED]!;
    row.handled.refused += counts[R_REFUSED]!;
    row.handled.supplementRequested += counts[R_SUPPLEMENT]!;
    row.cancelled += counts[R_CANCELLED]!;
  }
  for (const open of state.open.values()) {
    if (open.day > lastDay) continue;
    const row = rowOf(open.unit, open.procedure, open.version);
    if (asOfMs >= open.overdueMs) row.pending.overdue++;
    else row.pending.withinTime++;
  }
  const out = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  for (const row of out) {
    row.handled.total = row.handled.onTime + row.handled.late;
    row.pending.total = row.pending.withinTime + row.pending.overdue;
    row.onTimeRate = row.handled.total === 0 ? null : round4(row.handled.onTime / row.handled.total);
  }
  return out.filter((r) => r.submitted + r.handled.total + r.pending.total + r.cancelled > 0);
}
