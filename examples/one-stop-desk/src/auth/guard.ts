/**
 * Sign-in and request guards of the desk (issue #14 item 2): the session
 * routes, and one middleware for `/api/*` that refuses non-JSON writes (415),
 * cross-site writes (403), requests without a session (401) and too many
 * sign-ins or writes (429), and puts the signed-in actor on the context.
 * The actor of every command comes from here, never from the request body.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import { endSession, readSession, startSession, type SessionOptions } from './session';
import type { DeskActor, UserDirectory } from './users';

/** Limits of the desk (per process). */
export interface DeskLimits {
  /** Sign-in attempts per client address and per user name: burst and per second (default 5, then one per 12 s). */
  signIn?: { capacity: number; perSecond: number };
  /** Writes per signed-in user (default 30, then 2 per second: a counter clerk never needs more). */
  writes?: { capacity: number; perSecond: number };
  /** Public look-ups per client address (default 10, then one per 2 s). */
  publicLookups?: { capacity: number; perSecond: number };
}

/** Options of {@link deskGuard}. */
export interface DeskGuardOptions {
  users: UserDirectory;
  session: SessionOptions;
  limits?: DeskLimits;
  /** Milliseconds clock for sessions and limits (default `Date.now`). */
  now?: () => number;
}

/** The variables the guard sets on a request's context. */
export interface DeskVariables {
  actor: DeskActor;
}

/** Paths under `/api` open without a session. */
const OPEN = [/^\/api\/health$/, /^\/api\/session$/, /^\/api\/public\//];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const fail = (c: Context, status: ContentfulStatusCode, code: string, message: string, issues: { code: string; path: (string | number)[]; message: string }[] = []) =>
  c.json({ error: { name: 'HttpError', code, message, issues } }, status);

/** The client's address as the server saw it (`unknown` in in-process requests). */
export function clientAddress(context: Context): string {
  const incoming = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Install the session routes (`POST /api/session` sign in, `GET` who am I
 * (`{ actor: null }` when not signed in),
 * `DELETE` sign out) and the `/api/*` guard on `app`; returns the limiter of
 * public look-ups for the public routes.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import type { UserDirectory } from './users';
 * declare const users: UserDirectory, secret: string;
 * const app = new Hono<{ Variables: DeskVariables }>();
 * deskGuard(app, { users, session: { secret } });
 * app.get('/api/me', (c) => c.json(c.get('actor')));
 * ```
 */
export function deskGuard(app: Hono<{ Variables: DeskVariables }>, options: DeskGuardOptions): { publicLookups: RateLimiter } {
  const now = options.now ?? Date.now;
  const limits = options.limits ?? {};
  const limiter = (l: { capacity: number; perSecond: number } | undefined, d: { capacity: number; perSecond: number }) => createRateLimiter({ ...(l ?? d), now });
  const signIns = limiter(limits.signIn, { capacity: 5, perSecond: 1 / 12 });
  const writes = limiter(limits.writes, { capacity: 30, perSecond: 2 });
  const publicLookups = limiter(limits.publicLookups, { capacity: 10, perSecond: 0.5 });
  const limited = (context: Context, retryAfterSeconds: number, what: string) => {
    context.header('Retry-After', String(retryAfterSeconds));
    return fail(context, 429, 'RATE_LIMITED', `Too many ${what}; try again in ${retryAfterSeconds} s`);
  };

  const guard: MiddlewareHandler<{ Variables: DeskVariables }> = async (context, next) => {
    const write = !SAFE_METHODS.has(context.req.method);
    if (write) {
      // JSON only: a form or text/plain post (what a cross-site page can send without asking) never reaches a route.
      const type = (context.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json' && !(context.req.method === 'DELETE' && type === ''))
        return fail(context, 415, 'UNSUPPORTED_MEDIA_TYPE', 'API writes take Content-Type: application/json', [
          { code: 'unsupported_media_type', path: ['Content-Type'], message: `got ${type || 'none'}` },
        ]);
      // CSRF: a write must come from this origin (browsers send Origin and Sec-Fetch-Site on every POST).
      const origin = context.req.header('Origin');
      const site = context.req.header('Sec-Fetch-Site');
      if ((site !== undefined && site !== 'same-origin' && site !== 'none') || (origin !== undefined && origin !== new URL(context.req.url).origin))
        return fail(context, 403, 'CSRF_REJECTED', 'Cross-site write refused', [{ code: 'cross_site', path: ['Origin'], message: `from ${origin ?? site}` }]);
    }
    if (OPEN.some((p) => p.test(context.req.path))) return next();
    const claims = await readSession(context, options.session, now());
    const actor = claims && options.users.actorOf(claims.u);
    if (!actor) return fail(context, 401, 'UNAUTHENTICATED', 'Sign in first (POST /api/session)');
    if (write) {
      const taken = writes.take(`user:${claims!.u}`);
      if (!taken.ok) return limited(context, taken.retryAfterSeconds, 'writes');
    }
    context.set('actor', actor);
    return next();
  };
  app.use('/api/*', guard);

  app.post('/api/session', async (context) => {
    let body: { username?: unknown; password?: unknown };
    try {
      body = await context.req.json();
    } catch {
      body = {};
    }
    const { username, password } = body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '')
      return fail(context, 400, 'VALIDATION_FAILED', 'Give username and password', [{ code: 'required', path: ['username'], message: 'user name and password are required' }]);
    for (const key of [`ip:${clientAddress(context)}`, `user:${username}`]) {
      const taken = signIns.take(key);
      if (!taken.ok) return limited(context, taken.retryAfterSeconds, 'sign-in attempts');
    }
    const actor = await options.users.check(username, password);
    if (!actor) return fail(context, 401, 'UNAUTHENTICATED', 'Wrong user name or password');
    const claims = await startSession(context, options.session, username, now());
    return context.json({ actor, expiresAt: new Date(claims.exp).toISOString() });
  });

  app.get('/api/session', async (context) => {
    const claims = await readSession(context, options.session, now());
    const actor = claims && options.users.actorOf(claims.u);
    // 200 either way: the page asks this on load, and "not signed in" is an answer, not an error.
    if (!actor) return context.json({ actor: null, expiresAt: null });
    return context.json({ actor, expiresAt: new Date(claims!.exp).toISOString() });
  });

  app.delete('/api/session', (context) => {
    endSession(context, options.session);
    return context.body(null, 204);
  });

  return { publicLookups };
}
