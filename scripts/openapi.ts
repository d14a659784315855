/**
 * The one-stop desk's OpenAPI 3.1 document, assembled from the desk's route
 * table (`examples/one-stop-desk/src/api-schemas.ts`) and the zod schemas it
 * names, with `z.toJSONSchema` (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 * Request bodies and query strings are described as the client sends them
 * (zod input), answers as the desk writes them (zod output). Written by
 * `pnpm schemas`, checked by `pnpm schemas:check`.
 */
import { z } from 'zod';
import { DOSSIER_EVENT_TYPES } from '@motcua/core';
import { controlSlipSchema, deskRoutes, dossierViewSchema, portalDeadLetterSchema, type DeskRoute } from '../examples/one-stop-desk/src/api-schemas';
import { dossierEventSchema, indicator766Schema, reportRowSchemas } from './schema-sources';

type Json = Record<string, any>;

/** The components of a set of zod schemas carrying `.meta({ id })`, with `$ref`s between them. */
function components(schemas: z.ZodType[], io: 'input' | 'output'): Json {
  const registry = z.registry<{ id: string }>();
  for (const s of schemas) {
    const id = z.globalRegistry.get(s)?.id;
    if (!id) throw new Error('openapi: every body and answer needs .meta({ id })');
    if (!registry.has(s)) registry.add(s, { id });
  }
  const out = z.toJSONSchema(registry, { io, target: 'draft-2020-12', unrepresentable: 'throw', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Json };
  if (out.schemas.__shared) throw new Error(`openapi: register the nested schemas ${Object.keys(out.schemas.__shared.$defs ?? {}).join(', ')} as components`);
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return out.schemas;
}

const ref = (s: z.ZodType) => ({ $ref: `#/components/schemas/${z.globalRegistry.get(s)!.id}` });

/** Query parameters of a route, one per property of its (input) query schema. */
function queryParameters(query: z.ZodObject): Json[] {
  const js = z.toJSONSchema(query, { io: 'input', target: 'draft-2020-12', unrepresentable: 'throw' }) as Json;
  const required = new Set<string>(js.required ?? []);
  return Object.entries(js.properties as Json).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
}

const HEADERS: Record<string, Json> = {
  'Idempotency-Key': {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Makes the command idempotent: the same key gives the same result (a uuid is the command id; any other key is hashed to one).',
    schema: { type: 'string' },
  },
  'If-Match': {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The dossier version the client saw (its ETag, e.g. "3"); a mismatch is 409.',
    schema: { type: 'string' },
  },
};

/** What each status means on the desk (errors: `MotcuaError.toJSON()` under `error`). */
const STATUS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created (a new dossier); 200 is the same answer to a repeated Idempotency-Key',
  '204': 'No content',
  '400': 'Invalid request: VALIDATION_FAILED with the issues (path, message)',
  '401': 'Not signed in (UNAUTHENTICATED)',
  '403': 'Refused: a cross-site write (CSRF_REJECTED) or a role the access policy does not allow',
  '404': 'Not found (NOT_FOUND)',
  '409': 'Conflict: a command the dossier does not allow now (INVALID_TRANSITION, with the allowed commands) or a stale If-Match (CONCURRENCY_CONFLICT)',
  '413': 'Body over 256 KiB (PAYLOAD_TOO_LARGE)',
  '415': 'Writes take Content-Type: application/json only (UNSUPPORTED_MEDIA_TYPE)',
  '422': 'A rule of the procedure or the law refuses the command (RULE_VIOLATION)',
  '429': 'Too many requests (RATE_LIMITED, with Retry-After)',
  '500': 'Internal error (INTERNAL, without internals)',
};

function operation(r: DeskRoute): Json {
  const parameters = [
    ...(r.params ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(r.query ? queryParameters(r.query) : []),
    ...(r.headers ?? []).map((h) => HEADERS[h]!),
  ];
  const responses: Json = {};
  for (const [status, schema] of Object.entries(r.answers)) {
    const description = STATUS[status] ?? (Number(status) < 400 ? 'OK' : 'Error');
    responses[status] = schema ? { description, content: { 'application/json': { schema: ref(schema) } } } : { description };
  }
  for (const type of r.alsoAs ?? []) {
    responses['200'] ??= { description: 'OK', content: {} };
    responses['200'].content[type] = { schema: { type: 'string' } };
  }
  return {
    summary: r.summary,
    operationId: `${r.method}${r.path.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    ...(parameters.length ? { parameters } : {}),
    ...(r.signedIn === false ? { security: [] } : {}),
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(r.body) } } } } : {}),
    responses,
  };
}

/** The desk's OpenAPI 3.1 document. */
export function deskOpenApi(): Json {
  const storedEvent = dossierEventSchema(DOSSIER_EVENT_TYPES).meta({ id: 'StoredEvent' });
  const rows = {
    report06a: reportRowSchemas['report-06a-row'].meta({ id: 'Report06aRow' }),
    decision766: reportRowSchemas['decision-766-row'].meta({ id: 'Decision766Row' }),
    tt01: reportRowSchemas['tt01-row'].meta({ id: 'Tt01Row' }),
    satisfaction: reportRowSchemas['satisfaction-row'].meta({ id: 'SatisfactionRow' }),
    reception: reportRowSchemas['reception-row'].meta({ id: 'ReceptionRow' }),
  };
  // Schemas used inside several answers: components of their own, referenced.
  const nested = [storedEvent, dossierViewSchema, controlSlipSchema, indicator766Schema, portalDeadLetterSchema, ...Object.values(rows)];
  const routes = deskRoutes({ storedEvent, rows });
  const schemas = {
    ...components(
      routes.flatMap((r) => (r.body ? [r.body] : [])),
      'input',
    ),
    ...components([...nested, ...routes.flatMap((r) => Object.values(r.answers).filter((a): a is z.ZodType => a !== null))], 'output'),
  };
  const paths: Json = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua one-stop desk',
      version: '0.1.0',
      description:
        'The one-stop desk (Bộ phận Một cửa) HTTP API of the motcua example (examples/one-stop-desk). Generated by `pnpm schemas` from the zod schemas; do not edit. Errors are MotcuaError.toJSON() under `error`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ session: [] }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'motcua_session', description: 'The signed session cookie set by POST /api/session (HttpOnly, SameSite=Strict).' },
      },
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    },
  };
}
