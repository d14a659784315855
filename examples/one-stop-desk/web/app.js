// @ts-check
import { api, ApiError } from './api.js';
import { esc, lineChart, rateBars, stackedBars } from './charts.js';
import { lang, savedLang, setLang, t } from './i18n.js';
import { dateTime, dossierHeader, timelineTable } from './timeline.js';

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const input = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/**
 * The last things shown, re-rendered when the language changes.
 * @type {{ lastAction: string | null, procedures: any, received: any, dossier: any, dashboard: any }}
 */
const shown = { lastAction: null, procedures: null, received: null, dossier: null, dashboard: null };

/** Commands the lookup panel offers, with the extra fields each needs. */
const ACTIONS = {
  TransferDossier: { fields: [], body: () => ({}) },
  RequestSupplement: { fields: ['reason'], body: (/** @type {any} */ f) => ({ items: [{ name: f.reason }], reason: f.reason }) },
  ProvideSupplement: { fields: [], body: () => ({}) },
  IssueApology: { fields: ['reason', 'newDueDate'], body: (/** @type {any} */ f) => ({ reason: f.reason, lateUnit: 'Cơ quan giải quyết hồ sơ', newDueDate: f.newDueDate }) },
  Resolve: { fields: [], body: () => ({}) },
  NotifyEarlyReturn: { fields: [], body: () => ({ channel: 'sms' }) },
  ReturnResult: { fields: [], body: () => ({ method: 'counter' }) },
  Rate: { fields: ['level'], body: (/** @type {any} */ f) => ({ channel: 'kiosk', ratings: [{ criterion: 'Mức độ hài lòng chung', level: f.level }] }) },
};
const LEVELS = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'];

/** Show an API error (message, issues, allowed commands) in an alert region. @param {string} id @param {unknown} e */
function showError(id, e) {
  const el = $(id);
  if (!(e instanceof ApiError)) {
    el.textContent = String(e);
    return;
  }
  const err = e.error;
  const parts = [`<strong>${esc(t('error.title'))} ${e.status}</strong>: ${esc(e.status === 409 && err.code === 'CONCURRENCY_CONFLICT' ? t('error.stale') : err.message ?? '')}`];
  if (err.issues?.length) parts.push(`<ul>${err.issues.map((i) => `<li>${esc(i.path.join('.') || '—')}: ${esc(i.message)}</li>`).join('')}</ul>`);
  if (err.allowed) parts.push(`<p>${esc(t('error.allowed'))}: ${err.allowed.map((a) => esc(t(`action.${a}`) === `action.${a}` ? a : t(`action.${a}`))).join(', ')}</p>`);
  el.innerHTML = parts.join('');
}

// ---- Receive -------------------------------------------------------------

function renderProcedureOptions() {
  const p = shown.procedures;
  if (!p) return;
  const L = lang();
  const sel = /** @type {HTMLSelectElement} */ ($('procedure'));
  const value = sel.value;
  sel.innerHTML = p.procedures.map((/** @type {any} */ x) => `<option value="${esc(x.code)}">${esc(x.name[L] ?? x.name.vi)} (${esc(x.code)})</option>`).join('');
  if (value) sel.value = value;
  const unit = /** @type {HTMLSelectElement} */ ($('unit'));
  const u = unit.value;
  unit.innerHTML = p.units.map((/** @type {any} */ x) => `<option value="${esc(x.code)}">${esc(x.name)}</option>`).join('');
  if (u) unit.value = u;
}

function renderReceived() {
  const r = shown.received;
  if (!r) return;
  $('receive-result').innerHTML = `<h3>${esc(t('receive.done'))}</h3>
    <dl class="facts"><dt>${esc(t('receive.code'))}</dt><dd><strong data-testid="received-code">${esc(r.dossierCode)}</strong></dd>
    <dt>${esc(t('receive.due'))}</dt><dd>${esc(r.due ? dateTime(r.due.date) : '—')}</dd></dl>
    <p><a href="${esc(r.receiptUrl)}?lang=${lang()}" target="_blank" rel="noopener">${esc(t('receive.receipt'))}</a>
    <button type="button" id="lookup-received">${esc(t('receive.lookup'))}</button></p>`;
  $('lookup-received').addEventListener('click', () => {
    input('code').value = r.dossierCode;
    location.hash = '#lookup';
    void lookup(r.dossierCode);
  });
}

async function receive(/** @type {SubmitEvent} */ ev) {
  ev.preventDefault();
  $('receive-error').textContent = '';
  const form = /** @type {HTMLFormElement} */ (ev.target);
  const unitSel = /** @type {HTMLSelectElement} */ ($('unit'));
  const applicant = { name: input('applicant-name').value.trim(), ...(input('applicant-id').value ? { idNumber: input('applicant-id').value.trim() } : {}), ...(input('applicant-phone').value ? { phone: input('applicant-phone').value.trim() } : {}) };
  const body = {
    procedureCode: /** @type {HTMLSelectElement} */ ($('procedure')).value,
    unit: { code: unitSel.value, name: unitSel.selectedOptions[0]?.textContent ?? unitSel.value },
    applicant,
    channel: /** @type {HTMLSelectElement} */ ($('channel')).value,
  };
  const button = /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]'));
  button.disabled = true;
  try {
    // One key per submission: a double click or a retry receives the dossier once.
    form.dataset.key ??= crypto.randomUUID();
    shown.received = await api('/api/dossiers', { method: 'POST', body, headers: { 'Idempotency-Key': form.dataset.key } });
    delete form.dataset.key;
    renderReceived();
  } catch (e) {
    showError('receive-error', e);
  } finally {
    button.disabled = false;
  }
}

// ---- Look up -------------------------------------------------------------

function renderDossier() {
  const x = shown.dossier;
  const panel = $('dossier');
  if (!x) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  $('dossier-facts').innerHTML = dossierHeader(x.dossier);
  $('timeline').innerHTML = timelineTable(x.controlSlip);
  const offered = x.allowedCommands.filter((/** @type {string} */ c) => c in ACTIONS);
  $('actions').innerHTML = offered.length
    ? offered
        .map((/** @type {keyof typeof ACTIONS} */ c) => {
          const fields = ACTIONS[c].fields
            .map((f) => {
              const id = `f-${c}-${f}`;
              if (f === 'level') return `<label for="${id}">${esc(t('action.level'))}</label><select id="${id}" name="${f}">${LEVELS.map((l) => `<option value="${esc(l)}">${esc(t(`level.${l}`))}</option>`).join('')}</select>`;
              return `<label for="${id}">${esc(t(`action.${f}`))}</label><input id="${id}" name="${f}" ${f === 'newDueDate' ? 'type="date"' : ''} required>`;
            })
            .join('');
          return `<form class="action" data-command="${esc(c)}">${fields}<button type="submit">${esc(t(`action.${c}`))}</button></form>`;
        })
        .join('')
    : `<p>${esc(t('dossier.noActions'))}</p>`;
  for (const f of /** @type {NodeListOf<HTMLFormElement>} */ ($('actions').querySelectorAll('form.action'))) f.addEventListener('submit', (ev) => void act(ev, f));
}

function renderStatus() {
  $('lookup-status').textContent = shown.lastAction ? `${t('action.done')}: ${t(`action.${shown.lastAction}`)}` : '';
}

/** @param {string} code */
async function lookup(code) {
  $('lookup-error').textContent = '';
  shown.lastAction = null;
  renderStatus();
  try {
    shown.dossier = await api(`/api/dossiers/by-code/${encodeURIComponent(code.trim())}`);
  } catch (e) {
    shown.dossier = null;
    if (e instanceof ApiError && e.status === 404) $('lookup-error').textContent = `${t('lookup.notFound')}: ${code}`;
    else showError('lookup-error', e);
  }
  renderDossier();
}

/** Run one command on the shown dossier, with `If-Match` = the version shown (a stale page gets 409). @param {SubmitEvent} ev @param {HTMLFormElement} f */
async function act(ev, f) {
  ev.preventDefault();
  const type = /** @type {keyof typeof ACTIONS} */ (f.dataset.command);
  const d = shown.dossier.dossier;
  const fields = Object.fromEntries(new FormData(f).entries());
  $('lookup-error').textContent = '';
  try {
    await api(`/api/dossiers/${d.id}/commands`, { method: 'POST', body: { type, ...ACTIONS[type].body(fields) }, headers: { 'If-Match': `"${d.version}"` } });
    shown.dossier = await api(`/api/dossiers/${d.id}`);
    renderDossier();
    shown.lastAction = type;
    renderStatus();
  } catch (e) {
    showError('lookup-error', e);
  }
}

// ---- Dashboard -----------------------------------------------------------

function renderDashboard() {
  const d = shown.dashboard;
  if (!d) return;
  const rate = (/** @type {number | null} */ r) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
  const score = d.decision766 ? `${d.decision766.total} / ${d.decision766.computedMax}` : '—';
  $('kpis').innerHTML = [
    ['dash.received', d.totals.received],
    ['dash.resolved', d.totals.resolved],
    ['dash.onTimeRate', rate(d.totals.onTimeRate)],
    ['dash.overdueNow', d.overdueNow.total],
    ['dash.satisfactionRate', rate(d.satisfaction.satisfactionRate)],
    ['dash.score766', score],
  ]
    .map(([k, v]) => `<div class="kpi"><div class="kpi-value" data-testid="${esc(k)}">${esc(v)}</div><div class="kpi-label">${esc(t(/** @type {string} */ (k)))}</div></div>`)
    .join('');
  const empty = t('dash.noData');
  $('chart-months').innerHTML = lineChart(d.onTimeByMonth.map((/** @type {any} */ m) => ({ label: m.period, value: m.onTimeRate })), { title: t('dash.chart.months'), empty });
  $('chart-agencies').innerHTML = rateBars(d.byAgency.map((/** @type {any} */ a) => ({ label: a.name, value: a.onTimeRate, note: `${a.resolved}` })), { title: t('dash.chart.agencies'), empty });
  $('chart-overdue').innerHTML = stackedBars(
    d.byAgency.filter((/** @type {any} */ a) => a.pendingWithinTime + a.overdue > 0).map((/** @type {any} */ a) => ({ label: a.name, parts: [a.pendingWithinTime, a.overdue] })),
    { title: t('dash.chart.overdue'), empty, legend: [t('dash.withinTime'), t('dash.overdue')], classes: ['ok', 'bad'] },
  );
  const s = d.satisfaction;
  $('chart-satisfaction').innerHTML = stackedBars(
    s.total ? s.levels.map((/** @type {any} */ l, /** @type {number} */ i) => ({ label: t(`level.${l.level}`), parts: [l.count], classes: [`s${i}`] })) : [],
    { title: t('dash.chart.satisfaction'), empty, legend: [], classes: ['s0'] },
  );
  const q = `from=${d.period.from}&to=${d.period.to}`;
  const csv = `format=csv&bom=1&lang=${lang()}`;
  $('downloads').innerHTML = `<a href="/api/reports/06a?${q}&groupBy=agency&${csv}">${esc(t('dash.csv06a'))}</a> · <a href="/api/reports/766?${q}&${csv}">${esc(t('dash.csv766'))}</a> · <a href="/api/reports/satisfaction?${q}&${csv}">${esc(t('dash.csvSatisfaction'))}</a>`;
}

async function loadDashboard() {
  $('dashboard-error').textContent = '';
  const from = input('dash-from').value;
  const to = input('dash-to').value;
  try {
    shown.dashboard = await api(`/api/dashboard?${new URLSearchParams({ ...(from ? { from } : {}), ...(to ? { to } : {}) })}`);
    if (!from) input('dash-from').value = shown.dashboard.period.from;
    if (!to) input('dash-to').value = shown.dashboard.period.to;
    renderDashboard();
  } catch (e) {
    showError('dashboard-error', e);
  }
}

// ---- Page ----------------------------------------------------------------

function route() {
  const name = ['receive', 'lookup', 'dashboard'].includes(location.hash.slice(1)) ? location.hash.slice(1) : 'receive';
  for (const s of document.querySelectorAll('main > section')) /** @type {HTMLElement} */ (s).hidden = s.id !== name;
  for (const a of document.querySelectorAll('nav a')) {
    if (a.getAttribute('href') === `#${name}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (name === 'dashboard') void loadDashboard();
}

// ---- Sign-in ----------------------------------------------------------------

/** @type {{ actor: { id: string, role: string, unit: string, name?: string } } | null} */
let session = null;

function renderWho() {
  $('who').textContent = session ? `${session.actor.name ?? session.actor.id} (${session.actor.role})` : '';
  $('signout').hidden = !session;
}

/** Show the page for a signed-in officer, or the sign-in form. */
function showSignedIn(/** @type {boolean} */ yes) {
  $('signin').hidden = yes;
  for (const el of document.querySelectorAll('body > nav, body > main')) /** @type {HTMLElement} */ (el).hidden = !yes;
  renderWho();
}

async function signIn(/** @type {SubmitEvent} */ ev) {
  ev.preventDefault();
  $('signin-error').textContent = '';
  try {
    session = await api('/api/session', { method: 'POST', body: { username: input('signin-user').value, password: input('signin-password').value } });
    input('signin-password').value = '';
    await start();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) $('signin-error').textContent = t('signin.wrong');
    else showError('signin-error', e);
  }
}

async function signOut() {
  await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
  location.reload();
}

function relabel() {
  renderWho();
  renderProcedureOptions();
  renderReceived();
  renderDossier();
  renderStatus();
  renderDashboard();
}

async function main() {
  setLang(savedLang());
  $('lang').addEventListener('click', () => {
    setLang(lang() === 'vi' ? 'en' : 'vi');
    relabel();
  });
  $('receive-form').addEventListener('submit', (ev) => void receive(/** @type {SubmitEvent} */ (ev)));
  $('lookup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void lookup(input('code').value);
  });
  $('period-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void loadDashboard();
  });
  window.addEventListener('hashchange', route);
  $('signin-form').addEventListener('submit', (ev) => void signIn(/** @type {SubmitEvent} */ (ev)));
  $('signout').addEventListener('click', () => void signOut());
  const current = await api('/api/session');
  session = current.actor ? current : null;
  if (session) await start();
  else {
    showSignedIn(false);
    document.body.dataset.signin = 'shown';
  }
}

/** Once signed in: the procedures, the current section, and the page is ready. */
async function start() {
  showSignedIn(true);
  try {
    shown.procedures = await api('/api/procedures');
    renderProcedureOptions();
  } catch (e) {
    showError('receive-error', e);
  }
  route();
  document.body.dataset.ready = 'true';
}

void main();
