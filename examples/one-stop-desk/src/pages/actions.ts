/**
 * The actions a dossier page offers: the commands the machine allows now
 * (`engine.allowedCommands`) that the access policy lets *this* officer issue
 * (`authorize` of `@motcua/core` with the policy in force today, as the engine
 * checks it), each with
 * the small form it needs. A command the officer may not issue is not shown.
 */
import { authorize, DEFAULT_POLICY_2025, policyAt, type AccessPolicy, type Command, type DossierState, type PolicyOption } from '@motcua/core';
import type { DeskActor } from '../auth/users';
import { esc } from '../html';

/** One input of an action form; `path` is where its value goes in the command body (`items.0.name`). */
export interface ActionField {
  path: string;
  label: string;
  kind: 'text' | 'date' | 'select';
  options?: readonly { value: string; label: string }[];
  /** Also written to these paths (a reason that is also the supplement item's name). */
  copyTo?: readonly string[];
  required?: boolean;
}

/** How the page offers one command: its button label, fixed body fields and inputs. */
export interface ActionForm {
  label: string;
  body: Record<string, unknown>;
  fields: readonly ActionField[];
}

const reason = (label = 'Lý do'): ActionField => ({ path: 'reason', label, kind: 'text', required: true });

/**
 * The forms of the commands a desk page offers, by command type. Commands
 * not listed here (verification, consultations, fees, corrections, …) stay
 * available through the API and the counter page.
 */
export const ACTION_FORMS: Readonly<Record<string, ActionForm>> = {
  TransferDossier: { label: 'Chuyển hồ sơ đến cơ quan giải quyết', body: {}, fields: [] },
  AssignOfficer: { label: 'Phân công cán bộ xử lý', body: {}, fields: [{ path: 'officer.id', label: 'Cán bộ', kind: 'select', required: true }] },
  ForwardStep: { label: 'Chuyển bước tiếp theo', body: {}, fields: [{ path: 'assignee.id', label: 'Cán bộ bước sau (tuỳ chọn)', kind: 'select' }] },
  ReturnForRework: { label: 'Trả lại để làm lại', body: {}, fields: [reason()] },
  RequestSupplement: { label: 'Yêu cầu bổ sung hồ sơ', body: {}, fields: [{ ...reason('Nội dung cần bổ sung'), copyTo: ['items.0.name'] }] },
  ProvideSupplement: { label: 'Ghi nhận đã bổ sung', body: {}, fields: [] },
  IssueApology: {
    label: 'Xin lỗi và hẹn lại (Mẫu 04)',
    body: { lateUnit: 'Cơ quan giải quyết hồ sơ' },
    fields: [reason(), { path: 'newDueDate', label: 'Ngày hẹn mới', kind: 'date', required: true }],
  },
  Resolve: { label: 'Hoàn thành giải quyết (có kết quả)', body: {}, fields: [] },
  RefuseResolution: { label: 'Từ chối giải quyết', body: {}, fields: [reason()] },
  NotifyEarlyReturn: { label: 'Báo trả kết quả sớm', body: { channel: 'sms' }, fields: [] },
  ReturnResult: { label: 'Trả kết quả', body: { method: 'counter' }, fields: [] },
  Rate: {
    label: 'Ghi nhận đánh giá',
    body: { channel: 'kiosk', ratings: [{ criterion: 'Mức độ hài lòng chung' }] },
    fields: [
      {
        path: 'ratings.0.level',
        label: 'Mức độ',
        kind: 'select',
        required: true,
        options: [
          { value: 'Rất hài lòng', label: 'Rất hài lòng' },
          { value: 'Hài lòng', label: 'Hài lòng' },
          { value: 'Không hài lòng', label: 'Không hài lòng' },
        ],
      },
    ],
  },
  StopProcessing: { label: 'Dừng giải quyết', body: {}, fields: [reason()] },
  CloseDossier: { label: 'Kết thúc hồ sơ (không bổ sung trong 15 ngày)', body: {}, fields: [reason()] },
};

/**
 * The commands of `allowed` this actor may issue on this dossier under
 * `policy` (the engine's check; `'none'` allows all), in `allowed`'s order.
 *
 * @example
 * ```ts
 * import { initialDossierState } from '@motcua/core';
 * const actor = { id: 'tt-01', role: 'auditor', unit: 'H26' };
 * permittedCommands(DEFAULT_POLICY_2025, actor, initialDossierState('d1'), ['ReceiveDossier'], '2026-11-30'); // []
 * ```
 */
export function permittedCommands(policy: PolicyOption | undefined, actor: DeskActor, state: DossierState, allowed: readonly string[], today: string): string[] {
  const option = policy ?? DEFAULT_POLICY_2025;
  if (option === 'none') return [...allowed];
  // The version in force today, else the earliest (as the engine's authorizer picks it).
  const versions: readonly AccessPolicy[] = Array.isArray(option) ? option : [option as AccessPolicy];
  const inForce = policyAt(versions, today) ?? versions.reduce((a, b) => (b.validFrom < a.validFrom ? b : a));
  const who = { id: actor.id, role: actor.role, unit: actor.unit, ...(actor.name ? { name: actor.name } : {}) };
  return allowed.filter((type) => authorize(inForce, who, { type, commandId: 'probe', dossierId: state.id, actor: who } as unknown as Command, state).allowed);
}

/** The HTML form of one action (sent as JSON with `If-Match` by desk.js). `officers` fill the assignment's select. */
export function actionFormHtml(type: string, state: DossierState, officers: readonly DeskActor[]): string {
  const form = ACTION_FORMS[type];
  if (!form) return '';
  // At the route's last step, forwarding is the leader's signature (trình ký → ký duyệt).
  const label = type === 'ForwardStep' && state.approval?.signing ? 'Ký duyệt' : form.label;
  const fields = type === 'ForwardStep' && state.approval?.signing ? [] : form.fields;
  const inputs = fields
    .map((field) => {
      const attrs = `name="${esc(field.path)}" data-path="${esc(field.path)}"${field.copyTo ? ` data-copy-to="${esc(field.copyTo.join(','))}"` : ''}${field.required ? ' required' : ''}`;
      const people = officers.map((o) => ({ value: o.id, label: `${o.name ?? o.id} (${o.role})` }));
      const choices = field.path.endsWith('.id') ? people : (field.options ?? []);
      const options = field.required ? choices : [{ value: '', label: '—' }, ...choices];
      const input =
        field.kind === 'select'
          ? `<select ${attrs}>${options.map((o) => `<option value="${esc(o.value)}">${esc(o.label)}</option>`).join('')}</select>`
          : `<input ${attrs} type="${field.kind}">`;
      return `<label>${esc(field.label)} ${input}</label>`;
    })
    .join('');
  return `<form class="action" method="post" action="/api/dossiers/${esc(state.id)}/commands" data-command="${esc(type)}" data-dossier="${esc(state.id)}" data-version="${state.version}" data-body="${esc(JSON.stringify(form.body))}">${inputs}<button type="submit">${esc(label)}</button></form>`;
}
