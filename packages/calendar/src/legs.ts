/**
 * Per-leg deadlines of an inter-agency route (một cửa liên thông, brief §3.6):
 * - `sequential` (paper, same level): each leg starts when the previous one
 *   ends: at its actual `completedAt` if known, else at its planned due instant;
 * - `parallel` (electronic): every leg starts at the route's start.
 * Each leg's due date is `computeDue(start, leg.limit)`; the route is due when
 * the last leg is.
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

function badRoute(msg: string, v?: unknown): CalendarError {
  return new CalendarError('CALENDAR_INVALID_ROUTE', msg, v);
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
  route.legs.forEach((l, i) => {
    if (!l || typeof l.agency !== 'string' || l.agency === '') throw badRoute(`leg #${i + 1} needs an agency`, l);
    if (l.role !== 'lead' && l.role !== 'participant') throw badRoute(`leg #${i + 1}: role must be 'lead' or 'participant', got ${show(l.role)}`, l);
    if (l.role === 'lead') leads++;
  });
  if (leads !== 1) throw badRoute(`a route needs exactly one lead agency (cơ quan chủ trì), got ${leads}`, route.legs);
  const startMs = toMs(route.startAt);
  const legs: LegDeadline[] = [];
  let start: DateInput = route.startAt;
  let basis: LegDeadline['startBasis'] = 'route';
  for (const leg of route.legs) {
    const s = route.mode === 'parallel' ? route.startAt : start;
    const due = computeDue(s, leg.limit, cal, opts);
    legs.push({ agency: leg.agency, role: leg.role, limit: leg.limit, startAt: formatInstant(toMs(s)), due, startBasis: route.mode === 'parallel' ? 'route' : basis });
    if (leg.completedAt !== undefined && leg.completedAt !== null) {
      const c = toMs(leg.completedAt);
      if (c < toMs(s)) throw badRoute(`leg ${leg.agency} completed before it started`, leg);
      if (c < startMs) throw badRoute(`leg ${leg.agency} completed before the route started`, leg);
      start = leg.completedAt;
      basis = 'previousCompleted';
    } else {
      start = due.at;
      basis = 'previousDue';
    }
  }
  const due = legs.reduce((a, l) => (toMs(l.due.at) > toMs(a.at) ? l.due : a), legs[0]!.due);
  return { mode: route.mode, legs, due };
}
