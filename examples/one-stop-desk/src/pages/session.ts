/**
 * Who is looking at a /desk page: the session cookie of the API
 * (auth/session.ts). Without a valid session a page redirects to the sign-in
 * page, which signs in through `POST /api/session` (JSON, same origin).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { readSession, type SessionOptions } from '../auth/session';
import type { DeskActor, UserDirectory } from '../auth/users';
import { esc } from '../html';
import { deskPage } from './layout';

/** The context variables of a signed-in page. */
export interface PageVariables {
  actor: DeskActor;
}

/** A path a sign-in may go back to: one of the desk's own pages, nothing else (no open redirect). */
export function safeNext(next: string | undefined): string {
  return next !== undefined && /^\/desk\/[A-Za-z0-9/_?=&%.,+-]*$/.test(next) && !next.startsWith('//') ? next : '/desk/worklist';
}

/** Middleware: put the signed-in actor on the context, else redirect to `/desk/sign-in?next=…`. */
export function pageSession(users: UserDirectory, session: SessionOptions, now: () => number): MiddlewareHandler<{ Variables: PageVariables }> {
  return async (context, next) => {
    const claims = await readSession(context as unknown as Context, session, now());
    const actor = claims && users.actorOf(claims.u);
    if (!actor) {
      const url = new URL(context.req.url);
      return context.redirect(`/desk/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    context.set('actor', actor);
    await next();
  };
}

/** The sign-in page (the form is sent as JSON by desk.js; without the script a browser would post it form-encoded, which the API refuses with 415: the password never lands in a URL). */
export function signInPage(next: string | undefined): string {
  return deskPage({
    title: 'Đăng nhập',
    body: `<form method="post" action="/api/session" data-signin data-next="${esc(safeNext(next))}" class="card">
<label>Tên đăng nhập <input name="username" autocomplete="username" required></label>
<label>Mật khẩu <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Đăng nhập</button></form>`,
  });
}
