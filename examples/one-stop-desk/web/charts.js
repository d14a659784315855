// @ts-check
/** Inline SVG charts drawn by hand (no library, no network). Each chart is an `<svg role="img">` with a title. */

/** @param {unknown} s */
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => /** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
/** @param {number} x */
const pct = (x) => `${Math.round(x * 1000) / 10}%`;

/**
 * A line chart of rates in [0, 1] (null = no value) with a 0–100% axis.
 * @param {{ label: string, value: number | null }[]} points
 * @param {{ title: string, empty: string }} o
 */
export function lineChart(points, o) {
  const W = 560, H = 240, L = 44, R = 32, T = 16, B = 36;
  const w = W - L - R, h = H - T - B;
  const n = points.length;
  const x = (/** @type {number} */ i) => L + (n <= 1 ? w / 2 : (i * w) / (n - 1));
  const y = (/** @type {number} */ v) => T + h - v * h;
  let body = '';
  for (const g of [0, 0.25, 0.5, 0.75, 1]) body += `<line x1="${L}" x2="${W - R}" y1="${y(g)}" y2="${y(g)}" class="grid"/><text x="${L - 6}" y="${y(g) + 4}" text-anchor="end" class="axis">${g * 100}%</text>`;
  const pts = points.map((p, i) => (p.value === null ? null : [x(i), y(p.value), p])).filter((p) => p !== null);
  if (pts.length === 0) body += `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="empty">${esc(o.empty)}</text>`;
  if (pts.length > 1) body += `<polyline class="line" points="${pts.map((p) => `${p[0]},${p[1]}`).join(' ')}"/>`;
  for (const p of pts) {
    const v = /** @type {{ label: string, value: number }} */ (p[2]);
    body += `<circle class="dot" cx="${p[0]}" cy="${p[1]}" r="4"><title>${esc(v.label)}: ${pct(v.value)}</title></circle>`;
  }
  const every = Math.max(1, Math.ceil(n / 8));
  points.forEach((p, i) => {
    if (i % every === 0) body += `<text x="${x(i)}" y="${H - 12}" text-anchor="middle" class="axis">${esc(p.label)}</text>`;
  });
  const summary = points.map((p) => `${p.label}: ${p.value === null ? '—' : pct(p.value)}`).join('; ');
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}" data-chart="line"><title>${esc(o.title)}. ${esc(summary)}</title>${body}</svg>`;
}

/**
 * Horizontal bars of rates in [0, 1].
 * @param {{ label: string, value: number | null, note?: string }[]} bars
 * @param {{ title: string, empty: string }} o
 */
export function rateBars(bars, o) {
  const W = 560, row = 30, L = 200, R = 64, T = 8;
  const H = Math.max(60, T * 2 + bars.length * row);
  let body = '';
  if (bars.length === 0) body += `<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="empty">${esc(o.empty)}</text>`;
  bars.forEach((b, i) => {
    const yy = T + i * row;
    const len = (W - L - R) * (b.value ?? 0);
    body += `<text x="${L - 8}" y="${yy + 19}" text-anchor="end" class="label">${esc(b.label)}</text>`;
    body += `<rect x="${L}" y="${yy + 6}" width="${W - L - R}" height="18" class="track"/>`;
    body += `<rect x="${L}" y="${yy + 6}" width="${len}" height="18" class="bar ${b.value !== null && b.value < 0.9 ? 'warn' : ''}"><title>${esc(b.label)}: ${b.value === null ? '—' : pct(b.value)}${b.note ? ` (${esc(b.note)})` : ''}</title></rect>`;
    body += `<text x="${W - R + 6}" y="${yy + 19}" class="value">${b.value === null ? '—' : pct(b.value)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}" data-chart="bars"><title>${esc(o.title)}</title>${body}</svg>`;
}

/**
 * Horizontal stacked bars of counts (e.g. within time / overdue), with a legend.
 * @param {{ label: string, parts: number[], classes?: string[] }[]} rows
 * @param {{ title: string, empty: string, legend: string[], classes: string[] }} o
 */
export function stackedBars(rows, o) {
  const W = 560, row = 30, L = 200, R = 48, T = o.legend.length ? 30 : 8;
  const H = Math.max(80, T + 8 + rows.length * row);
  const max = Math.max(1, ...rows.map((r) => r.parts.reduce((a, b) => a + b, 0)));
  let body = o.legend.map((name, i) => `<rect x="${L + i * 130}" y="6" width="12" height="12" class="${o.classes[i]}"/><text x="${L + i * 130 + 18}" y="16" class="label">${esc(name)}</text>`).join('');
  if (rows.length === 0) body += `<text x="${W / 2}" y="${H / 2 + 10}" text-anchor="middle" class="empty">${esc(o.empty)}</text>`;
  rows.forEach((r, i) => {
    const yy = T + i * row;
    let xx = L;
    body += `<text x="${L - 8}" y="${yy + 19}" text-anchor="end" class="label">${esc(r.label)}</text>`;
    r.parts.forEach((v, k) => {
      const len = ((W - L - R) * v) / max;
      if (v > 0) body += `<rect x="${xx}" y="${yy + 6}" width="${len}" height="18" class="${(r.classes ?? o.classes)[k]}"><title>${esc(r.label)} — ${esc(o.legend[k])}: ${v}</title></rect>`;
      xx += len;
    });
    body += `<text x="${xx + 6}" y="${yy + 19}" class="value">${r.parts.reduce((a, b) => a + b, 0)}</text>`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(o.title)}" data-chart="stacked"><title>${esc(o.title)}</title>${body}</svg>`;
}
