import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { MotcuaError, ValidationError, type ErrorIssue } from '@motcua/core';

/**
 * The JSON body and status of an error: a {@link MotcuaError} keeps its
 * `httpStatus` and `toJSON()` (400 validation with issues, 404, 409 invalid
 * transition with `allowed`, 409 concurrency conflict, 422 rule violation);
 * anything else is a 500 without internals.
 */
export function errorBody(err: unknown): { status: ContentfulStatusCode; body: Record<string, unknown> } {
  if (err instanceof MotcuaError) return { status: err.httpStatus as ContentfulStatusCode, body: { error: err.toJSON() } };
  return { status: 500, body: { error: { name: 'InternalError', code: 'INTERNAL', message: 'Internal server error', issues: [] } } };
}

/** Send an error as JSON (see {@link errorBody}). */
export function sendError(context: Context, err: unknown): Response {
  const { status, body } = errorBody(err);
  return context.json(body, status);
}

/** A 400 for a request that is not what the route expects (bad JSON, bad query, mismatched id). */
export function badRequest(message: string, issues: ErrorIssue[]): ValidationError {
  return new ValidationError(message, issues);
}

/** Parse a JSON object body, or throw a 400. */
export async function jsonObject(context: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const text = await context.req.text();
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw badRequest('Invalid JSON body', [{ code: 'invalid_json', path: [], message: 'the request body is not valid JSON' }]);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Invalid body', [{ code: 'invalid_type', path: [], message: 'expected a JSON object' }]);
  return body as Record<string, unknown>;
}
