/**
 * The frame of the desk's server-rendered pages (/desk/…): the officer's
 * menu of worklists, reports and portal sync, who is signed in, one `<main>`.
 * Labels are Vietnamese (the work language of a one-stop unit).
 */
import { esc } from '../html';
import type { DeskActor } from '../auth/users';

/** Vietnamese names of the roles of the default policy. */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  receivingOfficer: 'Cán bộ tiếp nhận',
  specialist: 'Chuyên viên',
  divisionHead: 'Trưởng phòng',
  leader: 'Lãnh đạo',
  auditor: 'Thanh tra',
};

/** The worklist menu: list key → label. */
export const WORKLIST_LABELS = {
  mine: 'Việc của tôi',
  unit: 'Của đơn vị',
  overdue: 'Quá hạn',
  dueToday: 'Đến hạn hôm nay',
  awaitingSignature: 'Chờ ký',
  all: 'Tìm kiếm hồ sơ',
} as const;

/** A page of the desk. `active` is the menu entry to mark (`aria-current`). */
export function deskPage(options: { title: string; actor?: DeskActor; active?: string; body: string }): string {
  const link = (href: string, key: string, label: string) => `<a href="${esc(href)}"${options.active === key ? ' aria-current="page"' : ''}>${esc(label)}</a>`;
  const menu = options.actor
    ? `<nav aria-label="Menu">${Object.entries(WORKLIST_LABELS)
        .map(([key, label]) => link(`/desk/worklist?list=${key}`, key, label))
        .join('')}${link('/desk/reports/06a', 'report', 'Báo cáo 06a')}${link('/desk/portal', 'portal', 'Đồng bộ Cổng DVCQG')}${link('/', 'home', 'Quầy tiếp nhận')}</nav>
<p class="who" id="who">${esc(options.actor.name ?? options.actor.id)} · ${esc(ROLE_LABELS[options.actor.role] ?? options.actor.role)} · ${esc(options.actor.unit)} <button type="button" data-signout>Đăng xuất</button></p>`
    : '';
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(options.title)} · Một cửa</title><link rel="stylesheet" href="/desk.css"><script type="module" src="/desk.js"></script></head>
<body data-page="${esc(options.active ?? '')}"><header><h1>Bộ phận Một cửa</h1>${menu}</header>
<main><h2>${esc(options.title)}</h2>
<div id="desk-status" role="status" aria-live="polite"></div>
${options.body}</main></body></html>`;
}
