import { RuleViolationError, type Catalog, type DossierState, type Procedure } from '@motcua/core';
import { esc, viDate, viDateTime } from './html';

const FORM_LABEL = {
  vi: { original: 'Bản chính', certified: 'Bản sao chứng thực', copy: 'Bản sao', electronic: 'Bản điện tử' },
  en: { original: 'Original', certified: 'Certified copy', copy: 'Copy', electronic: 'Electronic' },
} as const;

const T = {
  vi: {
    nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
    form: 'Mẫu số 01 (TT 01/2018/TT-VPCP)',
    code: 'Mã hồ sơ',
    received: 'tiếp nhận hồ sơ của',
    procedure: 'Nội dung yêu cầu giải quyết',
    components: 'Thành phần hồ sơ và số lượng mỗi loại giấy tờ',
    name: 'Tên giấy tờ',
    kind: 'Hình thức',
    limit: 'Thời gian giải quyết hồ sơ theo quy định',
    receivedAt: 'Thời gian nhận hồ sơ',
    due: 'Thời gian trả kết quả giải quyết hồ sơ',
    place: 'Nhận kết quả tại',
    early: 'Trường hợp hồ sơ được giải quyết trước thời hạn, cơ quan sẽ thông báo để người nộp nhận kết quả trước hạn.',
    applicantSign: 'NGƯỜI NỘP HỒ SƠ',
    officerSign: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
    sign: '(Ký và ghi rõ họ tên)',
    print: 'In phiếu',
    token: 'Mã tra cứu',
    tokenHelp: 'dùng cùng mã hồ sơ để tra cứu tình trạng hồ sơ',
    days: { workingDays: 'ngày làm việc', workingHours: 'giờ làm việc', calendarDays: 'ngày', sameDay: 'trong ngày' },
    none: 'Không có',
  },
  en: {
    nation: 'SOCIALIST REPUBLIC OF VIETNAM',
    motto: 'Independence - Freedom - Happiness',
    title: 'DOSSIER RECEIPT AND APPOINTMENT FOR THE RESULT',
    form: 'Form 01 (Circular 01/2018/TT-VPCP)',
    code: 'Dossier code',
    received: 'received the dossier of',
    procedure: 'Request',
    components: 'Dossier components',
    name: 'Document',
    kind: 'Form',
    limit: 'Statutory time limit',
    receivedAt: 'Received at',
    due: 'Result due',
    place: 'Collect the result at',
    early: 'If the dossier is resolved early, the agency will notify the applicant to collect the result early.',
    applicantSign: 'APPLICANT',
    officerSign: 'RECEIVING OFFICER',
    sign: '(Signature and full name)',
    print: 'Print',
    token: 'Look-up token',
    tokenHelp: 'use it with the dossier code to look up the status',
    days: { workingDays: 'working days', workingHours: 'working hours', calendarDays: 'days', sameDay: 'same day' },
    none: 'None',
  },
} as const;

/**
 * Form 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả) of an accepted dossier,
 * as a printable A5 HTML page. Throws a 422 `NO_RECEIPT` rule violation for a
 * dossier that was never accepted (no code, no due date).
 *
 * @example c.html(receiptHtml(await engine.get(id), catalog, 'vi'))
 */
export function receiptHtml(state: DossierState, catalog: Catalog, lang: 'vi' | 'en' = 'vi', officer?: string, lookupToken?: string): string {
  if (!state.dossierCode || !state.due || !state.acceptedAt || !state.procedure)
    throw new RuleViolationError('NO_RECEIPT', 'The dossier has not been accepted: it has no receipt (Form 01)');
  const labels = T[lang];
  let procedure: Procedure | undefined;
  try {
    procedure = catalog.get(state.procedure.code, state.procedure.version);
  } catch {
    procedure = undefined;
  }
  const limit = state.limit
    ? state.limit.unit === 'sameDay'
      ? labels.days.sameDay
      : `${state.limit.value ?? ''} ${labels.days[state.limit.unit as keyof typeof labels.days] ?? state.limit.unit}`
    : '—';
  const due = state.due.rescheduled ?? state.due.legal;
  const rows = state.components.length
    ? state.components
        .map((component, index) => `<tr><td>${index + 1}</td><td>${esc(component.name ?? component.code)}</td><td>${esc(FORM_LABEL[lang][component.form])}</td></tr>`)
        .join('')
    : `<tr><td colspan="3">${labels.none}</td></tr>`;
  const procName = procedure ? (lang === 'en' ? (procedure.name.en ?? procedure.name.vi) : procedure.name.vi) : state.procedure.code;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(labels.title)} — ${esc(state.dossierCode)}</title>
<style>
  @page { size: A5; margin: 12mm; }
  body { font-family: "Times New Roman", serif; font-size: 13px; max-width: 148mm; margin: 1em auto; color: #000; }
  header { display: flex; justify-content: space-between; text-align: center; }
  header div { font-weight: bold; }
  h1 { font-size: 15px; text-align: center; margin: 1.2em 0 .2em; }
  .form { text-align: center; font-style: italic; margin: 0 0 1em; }
  .code { text-align: center; font-size: 15px; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; }
  td, th { border: 1px solid #000; padding: 2px 4px; text-align: left; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
  dt { font-weight: bold; }
  .signs { display: flex; justify-content: space-around; text-align: center; margin-top: 2em; }
  .signs p { margin: 0; }
  .signs .space { height: 4em; }
  @media print { button { display: none; } }
</style>
</head>
<body>
<header><div>${esc(state.unit?.name ?? '')}</div><div>${labels.nation}<br><u>${labels.motto}</u></div></header>
<h1>${labels.title}</h1>
<p class="form">${labels.form}</p>
<p class="code">${labels.code}: <strong data-testid="dossier-code">${esc(state.dossierCode)}</strong></p>
<p>${esc(state.unit?.name ?? '')} ${labels.received}: <strong>${esc(state.applicant?.name ?? '')}</strong>${state.applicant?.idNumber ? ` (${esc(state.applicant.idNumber)})` : ''}${state.applicant?.phone ? ` — ${esc(state.applicant.phone)}` : ''}</p>
<dl>
  <dt>${labels.procedure}</dt><dd>${esc(procName)} (${esc(state.procedure.code)})</dd>
</dl>
<p><strong>${labels.components}</strong></p>
<table><thead><tr><th>#</th><th>${labels.name}</th><th>${labels.kind}</th></tr></thead><tbody>${rows}</tbody></table>
<dl>
  <dt>${labels.limit}</dt><dd>${esc(limit)}</dd>
  <dt>${labels.receivedAt}</dt><dd>${esc(viDateTime(state.acceptedAt))}</dd>
  <dt>${labels.due}</dt><dd><strong>${esc(viDate(due.date))}</strong> (${esc(viDateTime(due.at))})</dd>
  <dt>${labels.place}</dt><dd>${esc(state.unit?.name ?? '')}</dd>${
    lookupToken
      ? `
  <dt>${labels.token}</dt><dd><strong data-testid="lookup-token">${esc(lookupToken)}</strong> — ${labels.tokenHelp}</dd>`
      : ''
  }
</dl>
<p><em>${labels.early}</em></p>
<div class="signs">
  <div><p><strong>${labels.applicantSign}</strong></p><p>${labels.sign}</p><div class="space"></div><p>${esc(state.applicant?.name ?? '')}</p></div>
  <div><p><strong>${labels.officerSign}</strong></p><p>${labels.sign}</p><div class="space"></div><p>${esc(officer ?? '')}</p></div>
</div>
<p><button type="button" onclick="window.print()">${labels.print}</button></p>
</body>
</html>`;
}
