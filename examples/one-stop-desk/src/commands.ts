import { v5 as uuidv5, v7 as uuidv7, validate as isUuid } from 'uuid';
import { COMMAND_EVENTS, type CommandInput, type CommandType, INTAKE_COMMANDS } from '@motcua/core';
import { badRequest } from './http-errors';

/** Namespace of the uuid v5 ids derived from idempotency keys that are not uuids. */
const KEY_NAMESPACE = '6f0c0f4e-3b1a-4c55-9d4e-5c2f5b8e0a11';

/** Who acts: the signed-in officer (`{ id, role, unit }`, issue #14). */
export interface Actor {
  id: string;
  role: string;
  unit?: string;
  name?: string;
}

/** The intake commands `POST /api/dossiers` accepts (default `ReceiveDossier`). */
export const INTAKE_TYPES: readonly CommandType[] = INTAKE_COMMANDS;

/** Short route names for the common commands: `POST /api/dossiers/:id/transfer` etc. */
export const COMMAND_ALIASES: Readonly<Record<string, CommandType>> = Object.freeze({
  transfer: 'TransferDossier',
  assign: 'AssignOfficer',
  'request-supplement': 'RequestSupplement',
  'provide-supplement': 'ProvideSupplement',
  apologise: 'IssueApology',
  resolve: 'Resolve',
  refuse: 'RefuseResolution',
  'notify-early-return': 'NotifyEarlyReturn',
  return: 'ReturnResult',
  rate: 'Rate',
  withdraw: 'RequestWithdrawal',
  stop: 'StopProcessing',
  close: 'CloseDossier',
});

/** An id from an `Idempotency-Key`: the key itself when it is a uuid, otherwise a uuid v5 of it. */
export function idFromKey(key: string, purpose: 'command' | 'dossier'): string {
  if (purpose === 'command' && isUuid(key)) return key.toLowerCase();
  return uuidv5(`${purpose}:${key}`, KEY_NAMESPACE);
}

/**
 * `If-Match: <version>` → `expectedVersion`. Accepts `3`, `"3"` and `W/"3"`;
 * `*` or an absent header means no check.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*' || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) throw badRequest('Invalid If-Match header', [{ code: 'invalid_if_match', path: ['If-Match'], message: 'expected the dossier version, e.g. If-Match: "3"' }]);
  return Number(match[1]);
}

/** What a command request carries besides its body. */
export interface CommandRequest {
  body: Record<string, unknown>;
  /** Command type from the route (alias) or the body. */
  type?: string;
  dossierId: string;
  idempotencyKey?: string;
  ifMatch?: string;
  /** The signed-in user's actor: the only actor a command can have. */
  actor: Actor;
}

/**
 * Build an engine command from an HTTP request: the server fills `commandId`
 * (from `Idempotency-Key`, the body, or a new uuid v7), `dossierId` (from the
 * route) and `actor` (the signed-in user; a body that names an actor is
 * refused with 400), and maps `If-Match` to
 * `expectedVersion`. The engine validates the rest (400 with zod issues).
 */
export function buildCommand(request: CommandRequest): CommandInput {
  const { body } = request;
  const issues: { code: string; path: (string | number)[]; message: string }[] = [];
  const type = request.type ?? body.type;
  if (typeof type !== 'string' || !(type in COMMAND_EVENTS))
    issues.push({ code: 'invalid_union_discriminator', path: ['type'], message: `expected one of ${Object.keys(COMMAND_EVENTS).join(', ')}` });
  else if (body.type !== undefined && body.type !== type) issues.push({ code: 'type_mismatch', path: ['type'], message: `the route is for ${type}` });
  if (body.actor !== undefined) issues.push({ code: 'actor_from_sign_in', path: ['actor'], message: 'the actor is the signed-in user; leave it out of the body' });
  if (body.dossierId !== undefined && body.dossierId !== request.dossierId)
    issues.push({ code: 'dossier_mismatch', path: ['dossierId'], message: 'differs from the dossier in the URL' });
  let commandId = typeof body.commandId === 'string' ? body.commandId : undefined;
  if (request.idempotencyKey !== undefined) {
    const fromKey = idFromKey(request.idempotencyKey, 'command');
    if (commandId !== undefined && commandId !== fromKey) issues.push({ code: 'command_id_mismatch', path: ['commandId'], message: 'differs from the Idempotency-Key header' });
    commandId = fromKey;
  }
  const fromHeader = versionFromIfMatch(request.ifMatch);
  if (fromHeader !== undefined && body.expectedVersion !== undefined && body.expectedVersion !== fromHeader)
    issues.push({ code: 'version_mismatch', path: ['expectedVersion'], message: 'differs from the If-Match header' });
  if (issues.length) throw badRequest('Invalid command request', issues);
  return {
    ...body,
    type,
    commandId: commandId ?? uuidv7(),
    dossierId: request.dossierId,
    actor: request.actor,
    ...(fromHeader !== undefined ? { expectedVersion: fromHeader } : {}),
  } as CommandInput;
}
