/**
 * Report 06a on screen (/desk/reports/06a): the same table the CSV export
 * writes (`table06a` of `@motcua/projections`, numbered Vietnamese columns),
 * and the monthly on-time trend with the target line, on an axis fitted to
 * the values (trend-chart.ts).
 */
import { z } from 'zod';
import { table06a, type Table } from '@motcua/projections';
import { esc } from '../html';
import { report06aQuerySchema, type ReportQuery } from '../reports';
import { percent, trendChartSvg, type TrendPoint } from './trend-chart';

/**
 * The default target of the on-time rate (98 %): the target Lấp Vò district
 * set itself for 2023 (shared/domain.md, "Field data"); no national decree
 * fixes one. Change it with `?target=`.
 */
export const DEFAULT_ON_TIME_TARGET = 98;

/** The page's query: report 06a's, and the target in percent. */
export const reportPageQuerySchema = report06aQuerySchema.extend({
  target: z.coerce.number().min(50).max(100).default(DEFAULT_ON_TIME_TARGET),
});

/** A projections `Table` as an HTML table (numbers as the CSV has them; rates as percentages). */
export function tableHtml(table: Table, label: string): string {
  const head = table.columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join('');
  const rateColumns = new Set(table.columns.flatMap((c, i) => (/rate$/i.test(c.key) ? [i] : [])));
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row.map((cell, i) => `<td${typeof cell === 'number' ? ' class="num"' : ''}>${esc(cell === null ? '—' : typeof cell === 'number' && rateColumns.has(i) ? percent(cell, 0.001) : cell)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table aria-label="${esc(label)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The body of the 06a page: filters, the chart, the table and the CSV link. */
export function reportBody(options: {
  query: ReportQuery;
  target: number;
  rows: Parameters<typeof table06a>[0];
  months: readonly TrendPoint[];
  groupBy: readonly string[];
}): string {
  const { query } = options;
  const csv = `/api/reports/06a?from=${query.from}&to=${query.to}${options.groupBy.length ? `&groupBy=${options.groupBy.join(',')}` : ''}&format=csv&bom=1`;
  const form = `<form method="get" action="/desk/reports/06a" class="search">
<label>Từ ngày <input type="date" name="from" value="${esc(query.from)}"></label>
<label>Đến ngày <input type="date" name="to" value="${esc(query.to)}"></label>
<label>Nhóm theo <select name="groupBy">${[
    ['agency', 'Cơ quan giải quyết'],
    ['unit', 'Đơn vị tiếp nhận'],
    ['procedure', 'Thủ tục'],
    ['', 'Toàn bộ'],
  ]
    .map(([value, label]) => `<option value="${value}"${(options.groupBy[0] ?? '') === value ? ' selected' : ''}>${label}</option>`)
    .join('')}</select></label>
<label>Mục tiêu (%) <input type="number" name="target" min="50" max="100" step="0.5" value="${options.target}"></label>
<button type="submit">Xem</button></form>`;
  const chart = trendChartSvg(options.months, {
    target: options.target / 100,
    title: 'Tỷ lệ giải quyết trước và đúng hạn theo tháng',
    targetLabel: 'Mục tiêu',
  });
  return `${form}<figure>${chart}<figcaption>Trục dọc theo biên độ của số liệu (không từ 0 %); đường đứt nét là mục tiêu.</figcaption></figure>
${tableHtml(table06a(options.rows, 'vi'), 'Biểu số II.06a/VPCP/KSTT')}
<p><a href="${esc(csv)}">Tải CSV</a></p>`;
}
