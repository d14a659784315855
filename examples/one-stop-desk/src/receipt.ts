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
export function receiptHtml(s: DossierState, catalog: Catalog, lang: 'vi' | 'en' = 'vi', officer?: string, lookupToken?: string): string {
  if (!s.dossierCode || !s.due || !s.acceptedAt || !s.procedure) throw new RuleViolationError('NO_RECEIPT', 'The dossier has not been accepted: it has no receipt (Form 01)');
  const t = T[lang];
  let p: Procedure | undefined;
  try {
    p = catalog.get(s.procedure.code, s.procedure.version);
  } catch {
    p = undefined;
  }
  const limit = s.limit ? (s.limit.unit === 'sameDay' ? t.days.sameDay : `${s.limit.value ?? ''} ${t.days[s.limit.unit as keyof typeof t.days] ?? s.limit.unit}`) : '—';
  const due = s.due.rescheduled ?? s.due.legal;
  const rows = s.components.length
    ? s.components.map((c, i) => `<tr><td>${i + 1}</td><td>${esc(c.name ?? c.code)}</td><td>${esc(FORM_LABEL[lang][c.form])}</td></tr>`).join('')
    : `<tr><td colspan="3">${t.none}</td></tr>`;
  const procName = p ? (lang === 'en' ? (p.name.en ?? p.name.vi) : p.name.vi) : s.procedure.code;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<title>${esc(t.title)} — ${esc(s.dossierCode)}</title>
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
<header><div>${esc(s.unit?.name ?? '')}</div><div>${t.nation}<br><u>${t.motto}</u></div></header>
<h1>${t.title}</h1>
<p class="form">${t.form}</p>
<p class="code">${t.code}: <strong data-testid="dossier-code">${esc(s.dossierCode)}</strong></p>
<p>${esc(s.unit?.name ?? '')} ${t.received}: <strong>${esc(s.applicant?.name ?? '')}</strong>${s.applicant?.idNumber ? ` (${esc(s.applicant.idNumber)})` : ''}${s.applicant?.phone ? ` — ${esc(s.applicant.phone)}` : ''}</p>
<dl>
  <dt>${t.procedure}</dt><dd>${esc(procName)} (${esc(s.procedure.code)})</dd>
</dl>
<p><strong>${t.components}</strong></p>
<table><thead><tr><th>#</th><th>${t.name}</th><th>${t.kind}</th></tr></thead><tbody>${rows}</tbody></table>
<dl>
  <dt>${t.limit}</dt><dd>${esc(limit)}</dd>
  <dt>${t.receivedAt}</dt><dd>${esc(viDateTime(s.acceptedAt))}</dd>
  <dt>${t.due}</dt><dd><strong>${esc(viDate(due.date))}</strong> (${esc(viDateTime(due.at))})</dd>
  <dt>${t.place}</dt><dd>${esc(s.unit?.name ?? '')}</dd>${
    lookupToken
      ? `
  <dt>${t.token}</dt><dd><strong data-testid="lookup-token">${esc(lookupToken)}</strong> — ${t.tokenHelp}</dd>`
      : ''
  }
</dl>
<p><em>${t.early}</em></p>
<div class="signs">
  <div><p><strong>${t.applicantSign}</strong></p><p>${t.sign}</p><div class="space"></div><p>${esc(s.applicant?.name ?? '')}</p></div>
  <div><p><strong>${t.officerSign}</strong></p><p>${t.sign}</p><div class="space"></div><p>${esc(officer ?? '')}</p></div>
</div>
<p><button type="button" onclick="window.print()">${t.print}</button></p>
</body>
</html>`;
}
