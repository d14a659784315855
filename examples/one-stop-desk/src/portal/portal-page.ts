/**
 * The portal's part of the desk's pages: the sync section of a dossier page
 * (what the portal was told and when) and the reconciliation page.
 */
import { z } from 'zod';
import { NATIONAL_STATUS_LABELS, toVietnamInstant, type NationalStatus } from '@motcua/core';
import { esc, viDateTime } from '../html';
import type { DeskPortal, PortalDeadLetter, PortalSyncEntry } from './desk-portal';

const STATUS_VI = { pending: 'Chờ gửi', delivered: 'Đã gửi', dead: 'Gửi lỗi (chờ xử lý)', skipped: 'Bỏ qua (người vận hành)' } as const;
const label = (code: number | null | undefined) => (code === null || code === undefined ? '—' : `${code}. ${NATIONAL_STATUS_LABELS[code as NationalStatus]?.vi ?? ''}`);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** `/desk/portal`'s query: the reconciliation period (default: the current month to today). */
export const portalPageQuerySchema = z.object({ from: date.optional(), to: date.optional() });

/** The sync section of a dossier page. */
export function portalDossierSection(log: readonly PortalSyncEntry[]): string {
  const rows = log
    .map(
      (m) =>
        `<tr data-sync-status="${m.status}"><td>${esc(viDateTime(toVietnamInstant(m.createdAt)))}</td><td>${esc(m.eventType)}${m.step ? ` (${esc(m.step)})` : ''}</td><td>${esc(label(m.nationalStatus))}</td><td>${esc(STATUS_VI[m.status])}</td><td>${m.attempts}</td><td>${esc(m.lastError ?? '')}</td></tr>`,
    )
    .join('');
  const last = log.at(-1);
  const summary = last
    ? `<p data-testid="portal-last">Lần cuối: ${esc(label(last.nationalStatus))} — ${esc(STATUS_VI[last.status])}</p>`
    : '<p data-testid="portal-last">Chưa có thông tin gửi Cổng DVCQG.</p>';
  return `<section aria-labelledby="portal-title"><h3 id="portal-title">Đồng bộ Cổng DVCQG</h3>${summary}${
    rows
      ? `<table aria-label="Nhật ký đồng bộ Cổng DVCQG"><thead><tr><th>Ghi nhận lúc</th><th>Sự kiện</th><th>Trạng thái gửi đi</th><th>Tình trạng</th><th>Số lần gửi</th><th>Lỗi gần nhất</th></tr></thead><tbody>${rows}</tbody></table>`
      : ''
  }</section>`;
}

/** The dead letters: what the portal never accepted, each holding up its dossier's later updates; an administrator retries or skips each. */
export function deadLetterSection(deadLetters: readonly PortalDeadLetter[], mayAct: boolean): string {
  if (deadLetters.length === 0) return '<p data-testid="dead-letters-none">Không có thông điệp gửi lỗi.</p>';
  const rows = deadLetters
    .map(
      (m) =>
        `<tr data-dead-letter-row="${esc(m.id)}"><td><a href="/desk/dossiers/${esc(m.dossierId)}">${esc(m.dossierId)}</a></td><td>${esc(viDateTime(toVietnamInstant(m.createdAt)))}</td><td>${esc(m.eventType)}${m.step ? ` (${esc(m.step)})` : ''}</td><td>${esc(label(m.nationalStatus))}</td><td>${m.attempts}</td><td>${esc(m.lastError ?? '')}</td><td>${
          mayAct
            ? `<form data-dead-letter="${esc(m.id)}"><button type="submit" name="action" value="retry">Gửi lại</button> <button type="submit" name="action" value="skip">Bỏ qua</button></form>`
            : ''
        }</td></tr>`,
    )
    .join('');
  return `<table aria-label="Thông điệp gửi Cổng DVCQG bị lỗi"><thead><tr><th>Hồ sơ</th><th>Ghi nhận lúc</th><th>Sự kiện</th><th>Trạng thái gửi đi</th><th>Số lần gửi</th><th>Lỗi gần nhất</th><th>${mayAct ? 'Xử lý' : ''}</th></tr></thead><tbody>${rows}</tbody></table>${
    mayAct ? '' : '<p>Chỉ quản trị viên được gửi lại hoặc bỏ qua thông điệp lỗi.</p>'
  }`;
}

/** The body of the reconciliation page (with the dead letters; `mayAct`: the officer may retry or skip them). */
export async function portalPageBody(
  portal: DeskPortal,
  query: z.output<typeof portalPageQuerySchema>,
  today: string,
  options: { mayAct: boolean } = { mayAct: false },
): Promise<string> {
  const to = query.to ?? today;
  const from = query.from ?? `${to.slice(0, 8)}01`;
  const [stats, result, deadLetters] = await Promise.all([portal.stats(), portal.reconcile({ from, to }), portal.deadLetters()]);
  const rows = result.mismatches
    .map(
      (m) =>
        `<tr><td>${m.code ? `<a href="/desk/dossiers/${esc(m.dossierId)}">${esc(m.code)}</a>` : esc(m.dossierId)}</td><td>${esc(label(m.ours))}</td><td>${esc(label(m.portal))}</td><td>${esc(m.reason)}</td></tr>`,
    )
    .join('');
  return `<p data-testid="portal-stats">Hàng đợi gửi: ${stats.pending} chờ gửi · ${stats.delivered} đã gửi · ${stats.dead} lỗi</p>
<form method="get" action="/desk/portal" class="search"><label>Từ ngày <input type="date" name="from" value="${esc(from)}"></label><label>Đến ngày <input type="date" name="to" value="${esc(to)}"></label><button type="submit">Đối soát</button></form>
<p data-testid="reconcile-summary">Đã đối soát ${result.checked} hồ sơ; ${result.mismatches.length} hồ sơ lệch trạng thái.</p>
<h3>Thông điệp gửi lỗi</h3>
${deadLetterSection(deadLetters, options.mayAct)}
${rows ? `<table aria-label="Hồ sơ lệch trạng thái với Cổng DVCQG"><thead><tr><th>Mã hồ sơ</th><th>Trạng thái của chúng tôi</th><th>Trạng thái trên Cổng</th><th>Lý do</th></tr></thead><tbody>${rows}</tbody></table>` : ''}`;
}
