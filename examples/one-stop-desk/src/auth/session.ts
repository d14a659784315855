import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'motcua_session';

/** What the signed session cookie holds. */
export interface SessionClaims {
  /** User name. */
  u: string;
  /** Expiry, ms since the epoch. */
  exp: number;
}

/** Options of the session cookie. */
export interface SessionOptions {
  /** HMAC-SHA256 key of the cookie signature (at least 32 bytes). */
  secret: string;
  /** Session length in ms (default 8 hours: a working day). */
  ttlMs?: number;
  /** Set `Secure` (default true: browsers accept Secure cookies on http://localhost and http://127.0.0.1 too). */
  secure?: boolean;
}

/**
 * A random session secret for one process (sessions end when it restarts):
 * set `DESK_SESSION_SECRET` to keep them across restarts and processes.
 *
 * @example
 * ```ts
 * const secret = process.env.DESK_SESSION_SECRET ?? randomSecret();
 * ```
 */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Start a session: the signed cookie, HttpOnly, SameSite=Strict, Path=/. */
export async function startSession(context: Context, options: SessionOptions, username: string, now: number): Promise<SessionClaims> {
  const ttl = options.ttlMs ?? 8 * 3600_000;
  const claims: SessionClaims = { u: username, exp: now + ttl };
  await setSignedCookie(context, SESSION_COOKIE, JSON.stringify(claims), options.secret, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: options.secure ?? true,
    path: '/',
    maxAge: Math.floor(ttl / 1000),
  });
  return claims;
}

/** The session's claims if the cookie is there, signed by us and not expired. */
export async function readSession(context: Context, options: SessionOptions, now: number): Promise<SessionClaims | undefined> {
  const raw = await getSignedCookie(context, options.secret, SESSION_COOKIE);
  if (typeof raw !== 'string') return undefined;
  try {
    const claims = JSON.parse(raw) as SessionClaims;
    return typeof claims.u === 'string' && typeof claims.exp === 'number' && claims.exp > now ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** End the session (the cookie is cleared). */
export function endSession(context: Context, options: SessionOptions): void {
  deleteCookie(context, SESSION_COOKIE, { path: '/', secure: options.secure ?? true, httpOnly: true, sameSite: 'Strict' });
}
