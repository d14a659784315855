// @ts-check
import { esc } from './charts.js';
import { lang, t } from './i18n.js';

/** @param {string | null | undefined} iso */
export const dateTime = (iso) => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}${iso.length > 10 ? ` ${iso.slice(11, 16)}` : ''}` : '—');

/** @param {string | undefined} v @param {string} prefix */
const badge = (v, prefix) => (v ? `<span class="badge ${esc(v)}">${esc(t(`${prefix}.${v}`))}</span>` : '');

/**
 * The dossier header (code, procedure, applicant, status, due dates).
 * @param {any} d dossier view from the API
 */
export function dossierHeader(d) {
  const L = lang();
  const due = d.due ? d.due.rescheduled ?? d.due.legal : null;
  const rows = [
    ['receive.code', `<strong data-testid="dossier-code">${esc(d.dossierCode ?? '—')}</strong>`],
    ['dossier.procedure', esc(d.procedure ? `${d.procedure.name?.[L] ?? ''} (${d.procedure.code})` : '—')],
    ['dossier.applicant', esc(d.applicant?.name ?? '—')],
    ['dossier.status', esc(d.nationalStatus ? `${d.nationalStatus.code} — ${d.nationalStatus[L]}` : d.state)],
    ['dossier.received', esc(dateTime(d.acceptedAt))],
    ['dossier.due', `${esc(due ? dateTime(due.date) : '—')} ${badge(d.pending ?? undefined, 'pending')}`],
  ];
  if (d.due?.rescheduled) rows.push(['dossier.dueOriginal', esc(dateTime(d.due.original.date))]);
  rows.push(['dossier.version', String(d.version)]);
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(t(/** @type {string} */ (k)))}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/**
 * Form 05 rows as an accessible table with timeliness badges.
 * @param {any} slip control slip from the API
 */
export function timelineTable(slip) {
  const L = lang();
  const head = ['timeline.no', 'timeline.step', 'timeline.from', 'timeline.to', 'timeline.at', 'timeline.dueCol', 'timeline.result', 'timeline.note'].map((k) => `<th scope="col">${esc(t(k))}</th>`).join('');
  const body = slip.rows
    .map(
      (/** @type {any} */ r) =>
        `<tr><td>${r.no}</td><td>${esc(r.step[L])}</td><td>${esc(r.from)}</td><td>${esc(r.to)}</td><td>${esc(dateTime(r.at))}</td><td>${esc(r.due ? dateTime(r.due.date) : '')}</td><td>${badge(r.timeliness, 'timeliness')}</td><td>${esc(r.note?.[L] ?? '')}</td></tr>`,
    )
    .join('');
  return `<table class="timeline" aria-label="${esc(t('timeline.heading'))}"><caption>${esc(t('timeline.heading'))}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
