/**
 * The worklist page (/desk/worklist): the officer's lists as tabs, the search
 * box (code, ID number or name without accents), filters, one page of rows
 * from the dossier list and a link to the next page (keyset cursor).
 */
import { NATIONAL_STATUS_LABELS, sortKeyOf, type Catalog, type DossierListPage, type NationalStatus } from '@motcua/core';
import { esc, viDate } from '../html';
import type { WorklistQuery } from '../worklist/worklist-query';
import { WORKLIST_LABELS } from './layout';

/** The query string of a worklist page (only the parameters given). */
export function worklistHref(query: Partial<WorklistQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && !(key === 'limit' && value === 20)) params.set(key, String(value));
  return `/desk/worklist?${params}`;
}

/** The body of the worklist page. `nowMs` marks overdue rows; `names` shows officers by name (id → name). */
export function worklistBody(options: { query: WorklistQuery; page: DossierListPage; catalog: Catalog; nowMs: number; names?: ReadonlyMap<string, string> }): string {
  const { query, page, catalog } = options;
  const procedures = new Map<string, string>();
  for (const procedure of catalog.list()) procedures.set(procedure.code, procedure.name.vi);
  const select = (name: string, current: string | number | undefined, choices: [string, string][]) =>
    `<select name="${name}" aria-label="${esc(choices[0]![1])}">${choices.map(([value, label]) => `<option value="${esc(value)}"${String(current ?? '') === value ? ' selected' : ''}>${esc(label)}</option>`).join('')}</select>`;
  const search = `<form class="search" method="get" action="/desk/worklist" role="search">
<input type="hidden" name="list" value="${esc(query.list)}">
<label>Tìm hồ sơ <input name="q" value="${esc(query.q ?? '')}" placeholder="Mã hồ sơ, số CCCD hoặc họ tên (không cần dấu)"></label>
${select('procedure', query.procedure, [['', 'Mọi thủ tục'], ...[...procedures].map(([code, name]): [string, string] => [code, `${code} ${name}`])])}
${select('status', query.status, [['', 'Mọi trạng thái'], ...Object.entries(NATIONAL_STATUS_LABELS).map(([code, label]): [string, string] => [code, `${code}. ${label.vi}`])])}
${select('channel', query.channel, [
  ['', 'Mọi kênh'],
  ['direct', 'Trực tiếp'],
  ['online', 'Trực tuyến'],
  ['postal', 'Bưu chính'],
])}
<button type="submit">Tìm</button></form>`;
  const rows = page.rows
    .map((row) => {
      // Passed at now (`due_key`): for a limit in working hours from the first working instant after the due.
      const overdue = row.open && row.dueMs !== null && (sortKeyOf(row, 'due') as number) < options.nowMs;
      const status = row.nationalStatus === null ? '—' : `${row.nationalStatus}. ${NATIONAL_STATUS_LABELS[row.nationalStatus as NationalStatus].vi}`;
      return `<tr data-dossier="${esc(row.dossierId)}"><td><a href="/desk/dossiers/${esc(row.dossierId)}">${esc(row.code ?? '(chưa có mã)')}</a></td><td>${esc(row.applicantName ?? '—')}</td><td title="${esc(procedures.get(row.procedure ?? '') ?? '')}">${esc(row.procedure ?? '—')}</td><td>${esc(status)}</td><td>${esc(viDate(row.receivedAt ?? undefined))}</td><td>${esc(viDate(row.dueDate ?? undefined))}${overdue ? ' <span class="badge late">Quá hạn</span>' : ''}</td><td>${esc(row.step ?? '')}</td><td>${esc(row.holder === null ? '—' : (options.names?.get(row.holder) ?? row.holder))}</td></tr>`;
    })
    .join('');
  const table = page.rows.length
    ? `<table aria-label="${esc(WORKLIST_LABELS[query.list])}"><thead><tr><th>Mã hồ sơ</th><th>Người nộp</th><th>Thủ tục</th><th>Trạng thái</th><th>Ngày nhận</th><th>Hạn giải quyết</th><th>Bước</th><th>Người đang giữ</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p class="empty" data-testid="worklist-empty">Không có hồ sơ nào.</p>';
  const next = page.nextCursor ? `<p><a rel="next" href="${esc(worklistHref({ ...query, after: page.nextCursor }))}">Trang sau →</a></p>` : '';
  const first = query.after ? `<p><a href="${esc(worklistHref({ ...query, after: undefined }))}">← Trang đầu</a></p>` : '';
  return `${search}<p class="count" data-testid="worklist-count">${page.rows.length} hồ sơ trên trang này${page.nextCursor ? ' (còn trang sau)' : ''}</p>${table}${first}${next}`;
}
