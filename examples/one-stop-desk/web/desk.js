// @ts-check
/**
 * The script of the server-rendered officer's pages (/desk/…): signs in and
 * out, and sends each action form as a JSON command with `If-Match` (the
 * version the page showed), then reloads the page. The pages are rendered by
 * the server; this file only turns forms into the JSON API's requests.
 */
import { api, ApiError } from './api.js';

/** Show a message (or an API error with its issues) in the page's status region. @param {string} text @param {boolean} [bad] */
function say(text, bad = false) {
  const region = document.getElementById('desk-status');
  if (!region) return;
  region.textContent = text;
  region.className = bad ? 'error' : 'ok';
}

/** The text of a failed call. @param {unknown} e */
function describe(e) {
  if (e instanceof ApiError) {
    const issues = (e.error.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return `${e.error.code ?? e.status}: ${e.message}${issues ? ` (${issues})` : ''}`;
  }
  return String(e);
}

/** Set `value` at a dotted path (`items.0.name`) of `target`. @param {Record<string, any>} target @param {string} path @param {unknown} value */
function setPath(target, path, value) {
  const keys = path.split('.');
  /** @type {any} */
  let node = target;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    if (last) node[key] = value;
    else {
      if (node[key] === undefined) node[key] = /^\d+$/.test(keys[i + 1] ?? '') ? [] : {};
      node = node[key];
    }
  });
}

/** The command body of an action form: its fixed fields, then its inputs. @param {HTMLFormElement} form */
function commandBody(form) {
  /** @type {Record<string, any>} */
  const body = JSON.parse(form.dataset.body ?? '{}');
  for (const input of form.querySelectorAll('[data-path]')) {
    const element = /** @type {HTMLInputElement | HTMLSelectElement} */ (input);
    const path = element.dataset.path ?? '';
    if (element.value === '' && !element.required) continue; // an optional field left empty is left out
    setPath(body, path, element.value);
    for (const copy of (element.dataset.copyTo ?? '').split(',').filter(Boolean)) setPath(body, copy, element.value);
  }
  return { type: form.dataset.command, ...body };
}

document.addEventListener('submit', async (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  if (form.dataset.signin !== undefined) {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await api('/api/session', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
      location.assign(form.dataset.next ?? '/desk/worklist');
    } catch (e) {
      say(e instanceof ApiError && e.status === 401 ? 'Sai tên đăng nhập hoặc mật khẩu' : describe(e), true);
    }
    return;
  }
  if (form.dataset.command !== undefined) {
    event.preventDefault();
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      await api(`/api/dossiers/${encodeURIComponent(form.dataset.dossier ?? '')}/commands`, {
        method: 'POST',
        body: commandBody(form),
        headers: { 'If-Match': `"${form.dataset.version}"` },
      });
      location.reload();
    } catch (e) {
      say(describe(e), true);
      for (const button of form.querySelectorAll('button')) button.disabled = false;
    }
    return;
  }
  if (form.dataset.deadLetter !== undefined) {
    // a dead letter to the national portal: the administrator sends it again or gives up on it
    event.preventDefault();
    const submitter = /** @type {HTMLButtonElement | null} */ (/** @type {SubmitEvent} */ (event).submitter);
    const action = submitter?.value === 'skip' ? 'skip' : 'retry';
    for (const button of form.querySelectorAll('button')) button.disabled = true;
    try {
      await api(`/api/portal/dead-letters/${action}`, { method: 'POST', body: { id: form.dataset.deadLetter } });
      location.reload();
    } catch (e) {
      say(describe(e), true);
      for (const button of form.querySelectorAll('button')) button.disabled = false;
    }
  }
});

document.addEventListener('click', async (event) => {
  const target = /** @type {HTMLElement} */ (event.target);
  if (target.dataset?.signout === undefined) return;
  await api('/api/session', { method: 'DELETE' }).catch(() => undefined);
  location.assign('/desk/sign-in');
});

document.body.dataset.ready = 'true';
