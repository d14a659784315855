/**
 * The national portal's dead letters in the JSON API (thư gửi Cổng DVCQG bị
 * lỗi): `GET /api/portal/dead-letters` lists the updates the relay gave up
 * on (each holds up its dossier's later updates), and an administrator
 * `POST`s `/api/portal/dead-letters/retry` or `/skip` with `{ "id": "…" }`
 * (message ids contain slashes, so they travel in the body). Every other role
 * is `FORBIDDEN`; without `--portal` the routes are 404.
 */
import type { Hono } from 'hono';
import { ForbiddenError, fromZodIssues, NotFoundError } from '@motcua/core';
import { z } from 'zod';
import type { DeskVariables } from '../auth/guard';
import type { DeskActor } from '../auth/users';
import { badRequest, jsonObject } from '../http-errors';
import type { DeskPortal } from './desk-portal';

/** The body of a retry or skip: the dead letter's message id. */
export const deadLetterActionSchema = z.object({ id: z.string().min(1).max(300) }).strict();

/** Who may act on dead letters: the administrator only (a retry re-sends to the national portal; a skip gives up on an update). */
export const mayActOnDeadLetters = (actor: Pick<DeskActor, 'role'>): boolean => actor.role === 'admin';

/**
 * Install the dead-letter routes.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import type { DeskVariables } from '../auth/guard';
 * import type { DeskPortal } from './desk-portal';
 * declare const portal: DeskPortal;
 * mountPortalApi(new Hono<{ Variables: DeskVariables }>(), portal);
 * ```
 */
export function mountPortalApi(app: Hono<{ Variables: DeskVariables }>, portal: DeskPortal | undefined): void {
  const configured = (what: string): DeskPortal => {
    if (!portal) throw new NotFoundError('Route', `${what} (no national-portal sync configured: --portal simulated)`);
    return portal;
  };
  app.get('/api/portal/dead-letters', async (context) => {
    const deadLetters = await configured('GET /api/portal/dead-letters').deadLetters();
    return context.json({ deadLetters });
  });
  for (const action of ['retry', 'skip'] as const)
    app.post(`/api/portal/dead-letters/${action}`, async (context) => {
      const target = configured(`POST /api/portal/dead-letters/${action}`);
      const actor = context.get('actor');
      if (!mayActOnDeadLetters(actor))
        throw new ForbiddenError(actor, `PortalDeadLetter.${action}`, 'desk', 'only an administrator may retry or skip an update to the national portal');
      const parsed = deadLetterActionSchema.safeParse(await jsonObject(context));
      if (!parsed.success) throw badRequest('Invalid dead-letter action', fromZodIssues(parsed.error.issues));
      await target[action](parsed.data.id);
      return context.json({ id: parsed.data.id, action, deadLetters: await target.deadLetters() });
    });
}
