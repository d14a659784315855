/**
 * The on-time trend chart (tỷ lệ giải quyết trước và đúng hạn theo tháng) as
 * server-side SVG, with the target line and a y-axis fitted to the values, so
 * a variation between 94 % and 97 % is visible (not flattened on 0–100 %).
 * Pure: values in, markup out.
 */
import { esc } from '../html';

/** One month of the trend: the rate is a fraction in [0, 1], null when nothing was resolved. */
export interface TrendPoint {
  period: string;
  rate: number | null;
}

/** A y-axis: bounds and tick values (fractions in [0, 1]). */
export interface TrendAxis {
  min: number;
  max: number;
  step: number;
  ticks: number[];
}

/** Tick steps, as fractions (0.1 percentage point up to 25 points). */
const STEPS = [0.001, 0.002, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25];
/** At most this many intervals between ticks. */
const MAX_INTERVALS = 6;
/** Never narrower than this (half a percentage point): one value alone still gets an axis. */
const MIN_SPAN = 0.005;

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * The y-axis of a rate chart: the smallest "nice" range (ticks on multiples of
 * a step from 0.1 to 25 percentage points, at most six intervals) that holds
 * every value and the target with a margin, clipped to [0, 1].
 *
 * @example
 * ```ts
 * const axis = trendAxis([0.94, 0.955, 0.97], 0.98);
 * [axis.min, axis.max]; // [0.93, 0.99]: the 3-point variation fills the chart
 * ```
 */
export function trendAxis(values: readonly number[], target?: number): TrendAxis {
  const all = [...values, ...(target === undefined ? [] : [target])].filter((v) => Number.isFinite(v)).map((v) => Math.min(1, Math.max(0, v)));
  if (all.length === 0) return { min: 0, max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] };
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = Math.max(hi - lo, MIN_SPAN);
  const margin = span * 0.1;
  for (const step of STEPS) {
    const min = Math.max(0, round(Math.floor(round((lo - margin) / step)) * step));
    const max = Math.min(1, round(Math.ceil(round((hi + margin) / step)) * step));
    const intervals = Math.round((max - min) / step);
    if (intervals <= MAX_INTERVALS && max > min) {
      const ticks = Array.from({ length: intervals + 1 }, (_, i) => round(min + i * step));
      return { min, max, step, ticks };
    }
  }
  return { min: 0, max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] };
}

/** `95.5 %` of a fraction, with as many decimals as the step needs. */
export function percent(value: number, step = 0.01): string {
  const decimals = step < 0.01 ? (step < 0.001 ? 2 : 1) : 0;
  return `${(value * 100).toFixed(decimals)} %`;
}

/**
 * The SVG of the trend: one point per month (gaps where no rate), the target
 * as a dashed line labelled with its value, the y-axis of {@link trendAxis}.
 * `role="img"` with a title; every point has a `<title>` with its value.
 *
 * @example
 * ```ts
 * const svg = trendChartSvg([{ period: '2026-01', rate: 0.95 }, { period: '2026-02', rate: 0.97 }], { target: 0.98, title: 'Tỷ lệ đúng hạn' });
 * ```
 */
export function trendChartSvg(points: readonly TrendPoint[], options: { target?: number; title: string; targetLabel?: string }): string {
  const W = 720;
  const H = 280;
  const L = 64;
  const R = 16;
  const T = 16;
  const B = 40;
  const axis = trendAxis(
    points.flatMap((p) => (p.rate === null ? [] : [p.rate])),
    options.target,
  );
  const y = (v: number) => T + (H - T - B) * (1 - (v - axis.min) / (axis.max - axis.min));
  const x = (i: number) => (points.length <= 1 ? (L + W - R) / 2 : L + ((W - L - R) * i) / (points.length - 1));
  let body = `<title>${esc(options.title)}</title>`;
  for (const tick of axis.ticks)
    body += `<line class="grid" x1="${L}" x2="${W - R}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/><text class="axis" data-tick="${tick}" x="${L - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end">${percent(tick, axis.step)}</text>`;
  if (options.target !== undefined) {
    const ty = y(options.target).toFixed(1);
    const label = `${options.targetLabel ?? 'Mục tiêu'} ${percent(options.target, 0.001)}`;
    body += `<line class="target" data-target="${options.target}" x1="${L}" x2="${W - R}" y1="${ty}" y2="${ty}" stroke-dasharray="6 4"><title>${esc(label)}</title></line><text class="target-label" x="${W - R}" y="${(Number(ty) - 4).toFixed(1)}" text-anchor="end">${esc(label)}</text>`;
  }
  let path = '';
  let pen = false;
  points.forEach((p, i) => {
    if (p.rate === null) {
      pen = false;
      return;
    }
    path += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(p.rate).toFixed(1)} `;
    pen = true;
  });
  if (path) body += `<path class="trend" d="${path.trim()}" fill="none"/>`;
  const every = Math.max(1, Math.ceil(points.length / 12));
  points.forEach((p, i) => {
    if (p.rate !== null)
      body += `<circle class="point" data-rate="${p.rate}" cx="${x(i).toFixed(1)}" cy="${y(p.rate).toFixed(1)}" r="4"><title>${esc(p.period)}: ${percent(p.rate, 0.001)}</title></circle>`;
    if (i % every === 0) body += `<text class="axis" x="${x(i).toFixed(1)}" y="${H - 14}" text-anchor="middle">${esc(p.period)}</text>`;
  });
  return `<svg class="trend-chart" role="img" aria-label="${esc(options.title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" data-axis-min="${axis.min}" data-axis-max="${axis.max}">${body}</svg>`;
}
