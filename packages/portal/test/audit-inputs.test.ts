/**
 * Audit (session 18): bad input to the package's public functions fails with
 * a `MotcuaError` subclass exported by `@motcua/core` carrying zod-like
 * `issues[]` (path, message) — never a plain `TypeError`/`SyntaxError` — and
 * data the package is documented to take (a real portal's records without a
 * history, a dead letter whose payload is not an update) never throws.
 */
import { type MotcuaError, NotFoundError, ValidationError } from '@motcua/core';
import { describe, expect, it } from 'vitest';
import {
  createHttpPortalClient,
  decodePortalRecord,
  expectedPortalRecords,
  PortalUnavailableError,
  portalTransport,
  reconcile,
  startSimulatedPortal,
  syncLogEntryOf,
  type PortalDossierRecord,
} from '../src';

const PERIOD = { from: '2025-07-01', to: '2025-07-31' };
const AT = '2025-07-01T08:00:00.000+07:00';

function record(status: PortalDossierRecord['status'], withHistory: boolean): PortalDossierRecord {
  const base = { dossierId: 'd-1', status, version: 3, updatedAt: AT, firstAt: AT, legalDue: '2025-07-04T17:00:00.000+07:00' };
  if (!withHistory) return base as PortalDossierRecord; // a real portal read back through an adapter: no history
  return {
    ...base,
    history: [1, 2, 3].map((version) => ({ key: `v${version}`, version, eventType: 'X', occurredAt: AT, receivedAt: AT, ...(version === 3 ? { status: status! } : {}) })),
  };
}

/** The call fails with a MotcuaError (of `type`) whose issues have a path and a message. */
function expectTypedFailure(call: () => unknown, type: abstract new (...args: never[]) => MotcuaError = ValidationError): MotcuaError {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(type);
  const error = caught as MotcuaError;
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(Array.isArray(issue.path)).toBe(true);
    expect(typeof issue.message).toBe('string');
  }
  return error;
}

describe('reconcile: bad input is a ValidationError, data never throws', () => {
  it('no input, or `ours` / `portal` not iterable', () => {
    expectTypedFailure(() => reconcile(undefined as never));
    expect(expectTypedFailure(() => reconcile({ period: PERIOD } as never)).issues.map((issue) => issue.path[0])).toEqual(['ours', 'portal']);
    expect(expectTypedFailure(() => reconcile({ period: PERIOD, ours: [], portal: 7 } as never)).issues[0]!.path).toEqual(['portal']);
  });

  it('a record that is not a record names its place', () => {
    expect(expectTypedFailure(() => reconcile({ period: PERIOD, ours: [], portal: [null] } as never)).issues[0]!.path.slice(0, 2)).toEqual(['portal', 0]);
    const bad = { ...record(4, true), firstAt: 'yesterday' };
    expect(expectTypedFailure(() => reconcile({ period: PERIOD, ours: [bad], portal: [] } as never)).issues[0]!.path).toEqual(['ours', 0, 'firstAt']);
  });

  it('portal records without a history (a real portal read back) are compared, not a TypeError', () => {
    // Ours is paused for a supplement (5); the portal shows 9: the Gia Lai mistake (domain §12.4).
    const paused = reconcile({ period: PERIOD, ours: [record(5, true)], portal: [record(9, false)] });
    expect(paused.mismatches.map((mismatch) => mismatch.reason)).toEqual(['paused-reported-as-processed']);
    // Same status and version, no history: nothing to report.
    expect(reconcile({ period: PERIOD, ours: [record(4, true)], portal: [record(4, false)] }).mismatches).toEqual([]);
    // Portal behind: no history on its side, so the missed versions cannot be named, but the dossier is reported.
    const behind = reconcile({ period: PERIOD, ours: [record(4, true)], portal: [{ ...record(2, false), version: 1 }] });
    expect(behind.mismatches.map((mismatch) => mismatch.reason)).toEqual(['behind']);
  });
});

describe('the other public functions', () => {
  it('expectedPortalRecords of something not iterable', () => {
    expectTypedFailure(() => expectedPortalRecords(null as never));
  });

  it('decodePortalRecord of text it did not write', () => {
    expectTypedFailure(() => decodePortalRecord('d-1', 'not json'));
    expectTypedFailure(() => decodePortalRecord('d-1', '{"a":1}'));
    expectTypedFailure(() => decodePortalRecord('d-1', '[]'));
  });

  it('syncLogEntryOf a dead letter whose payload is not an update: a line, not a TypeError', () => {
    for (const payload of [null, undefined, 'text', 42]) {
      const line = syncLogEntryOf({ id: 'm-1', eventType: 'DossierAccepted', payload, createdAt: AT, attempts: 5, status: 'dead', lastError: 'bad payload' });
      expect(line).toMatchObject({ messageId: 'm-1', version: 0, outboxStatus: 'dead', attempts: 5, lastError: 'bad payload' });
      expect(line.status).toBeUndefined();
    }
  });

  it('portalTransport.deliver of a message that is not one', async () => {
    const transport = portalTransport({ sendStatus: async () => ({ duplicate: false, receivedAt: AT }), getDossier: async () => undefined, listDossiers: async () => [] });
    await expect(transport.deliver(null as never, new AbortController().signal)).rejects.toBeInstanceOf(ValidationError);
    await expect(transport.deliver({ id: 'm-1', payload: { dossierId: 'd-1' } }, new AbortController().signal)).rejects.toBeInstanceOf(ValidationError);
  });

  it('the HTTP client: an answer without the records is PortalUnavailableError, not a TypeError or a non-array', async () => {
    for (const body of ['', '{}', '{"dossiers":5}', 'null']) {
      const client = createHttpPortalClient({ baseUrl: 'http://portal.invalid', token: 't', fetch: async () => new Response(body, { status: 200 }) });
      await expect(client.listDossiers()).rejects.toBeInstanceOf(PortalUnavailableError);
    }
    for (const body of ['', 'null', '5']) {
      const client = createHttpPortalClient({ baseUrl: 'http://portal.invalid', token: 't', fetch: async () => new Response(body, { status: 200 }) });
      await expect(client.getDossier('d-1')).rejects.toBeInstanceOf(PortalUnavailableError);
    }
  });

  it('the simulated portal: corrupting a dossier it does not know is NotFoundError', async () => {
    const portal = await startSimulatedPortal();
    try {
      expectTypedFailure(() => portal.corrupt('nobody', { status: 9 }), NotFoundError);
    } finally {
      await portal.close();
    }
  });
});
