/**
 * The dossier page (/desk/dossiers/:id): facts, the internal approval steps
 * (specialist → head → leader) with assignee and step due date, the Form 05
 * timeline (control slip), the actions *this* officer may take, and what the
 * national portal was told.
 */
import { NATIONAL_STATUS_LABELS, type ControlSlip, type DossierState, type NationalStatus } from '@motcua/core';
import { esc, viDate, viDateTime } from '../html';
import type { DeskActor } from '../auth/users';
import { actionFormHtml } from './actions';

/** The internal approval route and where the dossier is on it, read loosely (issue #15 item 2; absent before it lands). */
export interface ApprovalView {
  steps: readonly { id: string; role: string; label: string }[];
  current?: { stepId: string; stepIndex: number; assignee?: { id: string; name?: string }; startedAt?: string; dueAt?: string; done?: boolean };
}

const TIMELINESS_VI: Readonly<Record<string, string>> = { early: 'Trước hạn', onTime: 'Đúng hạn', late: 'Quá hạn' };

/** The approval steps panel. */
function approvalHtml(approval: ApprovalView | undefined, officers: readonly DeskActor[]): string {
  const nameOf = (who: { id: string; name?: string }) => who.name ?? officers.find((o) => o.id === who.id)?.name ?? who.id;
  if (!approval || approval.steps.length === 0) return '';
  const current = approval.current;
  const items = approval.steps
    .map((step, index) => {
      const here = current !== undefined && current.stepIndex === index && current.done !== true;
      const done = current !== undefined && (index < current.stepIndex || (index === current.stepIndex && current.done === true));
      const mark = here ? 'Đang xử lý' : done ? 'Đã xong' : 'Chưa đến';
      const detail = here
        ? ` — cán bộ: <span data-testid="step-assignee">${esc(current.assignee ? nameOf(current.assignee) : 'chưa phân công')}</span>${current.dueAt ? `, hạn bước: <span data-testid="step-due">${esc(viDateTime(current.dueAt))}</span>` : ''}`
        : '';
      return `<li data-step="${esc(step.id)}" data-step-state="${here ? 'current' : done ? 'done' : 'todo'}"${here ? ' aria-current="step"' : ''}><strong>${esc(step.label)}</strong> (${esc(step.role)}) — ${mark}${detail}</li>`;
    })
    .join('');
  return `<section aria-labelledby="steps-title"><h3 id="steps-title">Các bước xử lý nội bộ</h3><ol class="steps">${items}</ol></section>`;
}

/** The Form 05 table. */
export function controlSlipHtml(slip: ControlSlip): string {
  const rows = slip.rows
    .map(
      (row) =>
        `<tr><td>${row.no}</td><td>${esc(row.step.vi)}${row.note ? `<br><small>${esc(row.note.vi)}</small>` : ''}</td><td>${esc(row.from)}</td><td>${esc(row.to)}</td><td>${esc(viDateTime(row.at))}</td><td>${esc(row.actor ?? '')}</td><td>${row.due ? esc(viDateTime(row.due.at)) : ''}</td><td>${row.timeliness ? `<span class="badge ${esc(row.timeliness)}">${esc(TIMELINESS_VI[row.timeliness] ?? row.timeliness)}</span>` : ''}</td></tr>`,
    )
    .join('');
  return `<table aria-label="Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05)"><thead><tr><th>TT</th><th>Nội dung</th><th>Bên giao</th><th>Bên nhận</th><th>Thời gian</th><th>Người thực hiện</th><th>Hạn</th><th>Kết quả</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The body of the dossier page. `portalHtml` is the portal-sync section (empty when no portal is configured). */
export function dossierBody(options: {
  state: DossierState;
  procedureName?: string;
  slip: ControlSlip;
  approval?: ApprovalView;
  actions: readonly string[];
  officers: readonly DeskActor[];
  overdue: boolean;
  portalHtml?: string;
}): string {
  const { state } = options;
  const due = state.due?.rescheduled ?? state.due?.legal;
  const status = state.nationalStatus === null ? '—' : `${state.nationalStatus}. ${NATIONAL_STATUS_LABELS[state.nationalStatus as NationalStatus].vi}`;
  const facts = `<dl class="facts" id="dossier-facts" data-version="${state.version}">
<dt>Mã hồ sơ</dt><dd data-testid="dossier-code">${esc(state.dossierCode ?? '')}</dd>
<dt>Người nộp</dt><dd>${esc(state.applicant?.name ?? '—')}</dd>
<dt>Thủ tục</dt><dd>${esc(state.procedure?.code ?? '')} ${esc(options.procedureName ?? '')}</dd>
<dt>Trạng thái (Cổng DVCQG)</dt><dd data-testid="dossier-status">${esc(status)}</dd>
<dt>Ngày nhận</dt><dd>${esc(viDateTime(state.acceptedAt))}</dd>
<dt>Hạn giải quyết</dt><dd>${esc(due ? viDate(due.date) : '—')}${options.overdue ? ' <span class="badge late">Quá hạn</span>' : ''}</dd>
<dt>Cán bộ xử lý</dt><dd>${esc(state.officer?.name ?? state.officer?.id ?? '—')}</dd>
</dl>${state.dossierCode ? `<p><a href="/api/dossiers/${esc(state.id)}/receipt" target="_blank">Giấy tiếp nhận (Mẫu 01)</a></p>` : ''}`;
  const actions = options.actions.map((type) => actionFormHtml(type, state, options.officers)).join('');
  const actionSection = `<section aria-labelledby="actions-title"><h3 id="actions-title">Thao tác của tôi</h3>${actions || '<p class="empty" data-testid="no-actions">Không có thao tác nào bạn được làm với hồ sơ này lúc này.</p>'}</section>`;
  return `${facts}${approvalHtml(options.approval, options.officers)}${actionSection}<section aria-labelledby="slip-title"><h3 id="slip-title">Quá trình giải quyết (Mẫu 05)</h3>${controlSlipHtml(options.slip)}</section>${options.portalHtml ?? ''}`;
}
