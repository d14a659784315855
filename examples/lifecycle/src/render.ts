import { NATIONAL_STATUS_LABELS, type ControlSlip, type DossierState, type NationalStatus } from '@motcua/core';

const TIMELINESS = { vi: { early: 'trước hạn', onTime: 'đúng hạn', late: 'quá hạn' }, en: { early: 'early', onTime: 'on time', late: 'late' } } as const;
const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));
const time = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;

/** Render the control slip (Form 05) as a text table. */
export function renderControlSlip(slip: ControlSlip, lang: 'vi' | 'en' = 'vi'): string {
  const vi = lang === 'vi';
  const out = [
    vi ? 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ (Mẫu 05)' : 'DOSSIER PROCESS CONTROL SLIP (Form 05)',
    `${vi ? 'Mã hồ sơ' : 'Dossier code'}: ${slip.dossierCode ?? '—'}    ${vi ? 'Thủ tục' : 'Procedure'}: ${slip.procedure?.code ?? '—'} v${slip.procedure?.version ?? ''}`,
    `${vi ? 'Người nộp' : 'Applicant'}: ${slip.applicant ?? '—'}    ${vi ? 'Tiếp nhận' : 'Received'}: ${slip.receivedAt ? time(slip.receivedAt) : '—'}`,
    `${vi ? 'Thời hạn' : 'Time limit'}: ${slip.limit?.[lang] ?? '—'}    ${vi ? 'Hẹn trả' : 'Appointment'}: ${slip.due?.date ?? '—'}`,
    '',
    `${pad('#', 3)} ${pad(vi ? 'Bước' : 'Step', 40)} ${pad(vi ? 'Bên giao' : 'From', 32)} ${pad(vi ? 'Bên nhận' : 'To', 32)} ${pad(vi ? 'Thời gian' : 'Time', 16)} ${pad(vi ? 'Hạn' : 'Due', 10)} ${pad(vi ? 'Kết quả' : 'Result', 10)} ${vi ? 'Ghi chú' : 'Note'}`,
  ];
  for (const row of slip.rows) {
    out.push(
      `${pad(String(row.no), 3)} ${pad(row.step[lang], 40)} ${pad(row.from, 32)} ${pad(row.to, 32)} ${pad(time(row.at), 16)} ${pad(row.due?.date ?? '', 10)} ${pad(row.timeliness ? TIMELINESS[lang][row.timeliness] : '', 10)} ${row.note?.[lang] ?? ''}`,
    );
  }
  return out.join('\n');
}

/** One line per state change: status code and label. */
export function statusLine(state: DossierState, lang: 'vi' | 'en' = 'vi'): string {
  const label = state.nationalStatus ? NATIONAL_STATUS_LABELS[state.nationalStatus as NationalStatus][lang] : '—';
  return `v${String(state.version).padStart(2)}  ${pad(state.state, 28)} ${state.nationalStatus ?? '-'} ${label}`;
}
