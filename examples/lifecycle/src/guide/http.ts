import { MotcuaError, type CommandInput, type Engine } from '@motcua/core';
import { v7 as uuidv7 } from 'uuid';

/** Who is calling: from your sign-in (session, token). The engine's policy checks it on every command. */
export type ActorOf = (request: Request) => { id: string; role: string; unit?: string };

/** A MotcuaError keeps its status and its plain-data form; anything else is a 500 without internals. */
export function errorResponse(error: unknown): Response {
  if (error instanceof MotcuaError) return Response.json({ error: error.toJSON() }, { status: error.httpStatus });
  return Response.json({ error: { code: 'INTERNAL', message: 'Internal server error', issues: [] } }, { status: 500 });
}

/**
 * `POST /dossiers/:id/commands` executes a command on a dossier,
 * `GET /dossiers/:id` reads it. Works with any server that speaks
 * fetch's Request/Response (Node's `http` through an adapter, Hono, Bun, Deno).
 */
export function dossierHandler(engine: Engine, actorOf: ActorOf) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const match = /^\/dossiers\/([0-9a-f-]{36})(\/commands)?$/i.exec(url.pathname);
    if (!match) return Response.json({ error: { code: 'NOT_FOUND', message: 'No such route', issues: [] } }, { status: 404 });
    const dossierId = match[1]!;
    try {
      if (request.method === 'GET' && !match[2]) return Response.json(await engine.get(dossierId));
      if (request.method !== 'POST' || !match[2]) return Response.json({ error: { code: 'METHOD_NOT_ALLOWED', message: request.method, issues: [] } }, { status: 405 });
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return Response.json(
          { error: { code: 'VALIDATION_FAILED', message: 'Invalid JSON body', issues: [{ code: 'invalid_json', path: [], message: 'not JSON' }] } },
          { status: 400 },
        );
      }
      // The client sends `type`, the command's fields and, for safe retries, its own `commandId`.
      const command = { commandId: uuidv7(), ...(body as object), dossierId, actor: actorOf(request) } as CommandInput;
      const { state, events } = await engine.execute(command);
      return Response.json({ state, events: events.map((e) => e.type) }, { status: 201 });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
