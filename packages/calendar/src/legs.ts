/**
 * Per-leg deadlines of an inter-agency route (một cửa liên thông, brief §3.6):
 * - `sequential` (paper, same level): each leg starts when the previous one
 *   ends: at its actual `completedAt` if known, else at its planned due instant;
 * - `parallel` (electronic): every leg starts at the route's start.
 * Each leg's due date is `computeDue(start, leg.limit)`; the route is due when
 * the last leg is. A sequential leg completed after one not completed is a
 * bad route (`CALENDAR_INVALID_ROUTE`): the legs work in order.
 */
import { CalendarError, show } from './errors';
import { formatInstant, toMs } from './instant';
import { computeDue } from './due';
import type { DueOptions } from './due';
import type { DateInput, Due, Instant, TimeLimit, WorkingCalendar } from './types';

/**
 * One agency's part of a route.
 *
 * @example
 * ```ts
 * const leg: Leg = { agency: 'Sở TN&MT', role: 'lead', limit: { unit: 'workingDays', value: 3 } };
 * ```
 */
export interface Leg {
  agency: string;
  role: 'lead' | 'participant';
  limit: TimeLimit;
  /** When the agency actually finished, if it has (sequential routes start the next leg then). */
  completedAt?: DateInput | null;
}

/**
 * An inter-agency route.
 *
 * @example
 * ```ts
 * const route: Route = { mode: 'parallel', startAt: '2023-10-27T09:32:00.000+07:00', legs: [leg] };
 * ```
 */
export interface Route {
  mode: 'sequential' | 'parallel';
  /** When the route starts (usually the acceptance instant). */
  startAt: DateInput;
  legs: readonly Leg[];
}

/**
 * A leg with its clock.
 *
 * @example
 * ```ts
 * routeDeadlines(route, cal).legs[0]; // { agency, role, limit, startAt, due, startBasis: 'route' }
 * ```
 */
export interface LegDeadline {
  agency: string;
  role: 'lead' | 'participant';
  limit: TimeLimit;
  startAt: Instant;
  due: Due;
  /** Whether the start is planned (previous leg's due) or actual (previous leg's `completedAt`). */
  startBasis: 'route' | 'previousDue' | 'previousCompleted';
}

/**
 * Deadlines of every leg and of the whole route.
 *
 * @example
 * ```ts
 * routeDeadlines(route, cal).due; // the latest leg's Due
 * ```
 */
export interface RouteDeadlines {
  mode: 'sequential' | 'parallel';
  legs: LegDeadline[];
  /** The latest leg due date. */
  due: Due;
}

function badRoute(msg: string, value?: unknown): CalendarError {
  return new CalendarError('CALENDAR_INVALID_ROUTE', msg, value);
}

/**
 * Compute every leg's due date.
 *
 * @example
 * ```ts
 * import { routeDeadlines, vietnamCalendar } from '@motcua/calendar';
 * const r = routeDeadlines({
 *   mode: 'sequential',
 *   startAt: '2023-10-27T09:32:00.000+07:00',
 *   legs: [
 *     { agency: 'UBND xã', role: 'participant', limit: { unit: 'workingDays', value: 2 } },
 *     { agency: 'Sở TN&MT', role: 'lead', limit: { unit: 'workingDays', value: 3 } },
 *   ],
 * }, vietnamCalendar());
 * r.legs.map((l) => l.due.date); // ['2023-10-31', '2023-11-03']
 * ```
 */
export function routeDeadlines(route: Route, cal: WorkingCalendar, opts?: DueOptions): RouteDeadlines {
  if (!route || typeof route !== 'object') throw badRoute(`expected a route {mode, startAt, legs}, got ${show(route)}`, route);
  if (route.mode !== 'sequential' && route.mode !== 'parallel') throw badRoute(`mode must be 'sequential' or 'parallel', got ${show(route.mode)}`, route.mode);
  if (!Array.isArray(route.legs) || route.legs.length === 0) throw badRoute('a route needs at least one leg', route.legs);
  let leads = 0;
  route.legs.forEach((leg, index) => {
    if (!leg || typeof leg.agency !== 'string' || leg.agency === '') throw badRoute(`leg #${index + 1} needs an agency`, leg);
    if (leg.role !== 'lead' && leg.role !== 'participant') throw badRoute(`leg #${index + 1}: role must be 'lead' or 'participant', got ${show(leg.role)}`, leg);
    if (leg.role === 'lead') leads++;
  });
  if (leads !== 1) throw badRoute(`a route needs exactly one lead agency (cơ quan chủ trì), got ${leads}`, route.legs);
  const startMs = toMs(route.startAt);
  const legs: LegDeadline[] = [];
  let start: DateInput = route.startAt;
  let basis: LegDeadline['startBasis'] = 'route';
  /** A sequential leg not completed yet: the legs after it cannot have completed (they work in order). */
  let open: Leg | undefined;
  for (const leg of route.legs) {
    const legStart = route.mode === 'parallel' ? route.startAt : start;
    const due = computeDue(legStart, leg.limit, cal, opts);
    legs.push({ agency: leg.agency, role: leg.role, limit: leg.limit, startAt: formatInstant(toMs(legStart)), due, startBasis: route.mode === 'parallel' ? 'route' : basis });
    if (leg.completedAt !== undefined && leg.completedAt !== null) {
      if (route.mode === 'sequential' && open) throw badRoute(`leg ${leg.agency} completed before the leg ${open.agency} it follows (a sequential route completes in order)`, leg);
      const completedMs = toMs(leg.completedAt);
      if (completedMs < toMs(legStart)) throw badRoute(`leg ${leg.agency} completed before it started`, leg);
      if (completedMs < startMs) throw badRoute(`leg ${leg.agency} completed before the route started`, leg);
      start = leg.completedAt;
      basis = 'previousCompleted';
    } else {
      start = due.at;
      basis = 'previousDue';
      open ??= leg;
    }
  }
  const due = legs.reduce((latest, leg) => (toMs(leg.due.at) > toMs(latest.at) ? leg.due : latest), legs[0]!.due);
  return { mode: route.mode, legs, due };
}
