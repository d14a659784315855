/**
 * The simulated portal and the HTTP client over a real socket: idempotency by
 * key, authentication, validation, each fault (failure, timeout, lost
 * acknowledgement), seeded determinism, arrival-order application. Expected
 * outcomes follow from the options (rate 1 = always), not from running the
 * code first.
 */
import { ValidationError, type MotcuaError } from '@motcua/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpPortalClient, PortalRejectedError, PortalUnavailableError, portalTransport, startSimulatedPortal, type PortalStatusUpdate, type SimulatedPortal } from '../src';

const portals: SimulatedPortal[] = [];
async function start(options: Parameters<typeof startSimulatedPortal>[0] = {}): Promise<SimulatedPortal> {
  const portal = await startSimulatedPortal(options);
  portals.push(portal);
  return portal;
}
afterEach(async () => {
  while (portals.length) await portals.pop()!.close();
});

const update = (version: number, status?: number, dossierId = 'd-1'): PortalStatusUpdate => ({
  dossierId,
  version,
  eventType: status === undefined ? 'ApologyIssued' : 'DossierAccepted',
  occurredAt: `2025-07-0${version}T08:00:00+07:00`,
  ...(status === undefined ? {} : { status }),
});

describe('simulated portal over HTTP', () => {
  it('applies an idempotency key once: the second send is acknowledged as a duplicate with the first receipt time', async () => {
    const portal = await start();
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    const first = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' });
    const again = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ duplicate: true, receivedAt: first.receivedAt });
    expect(portal.record('d-1')!.history).toHaveLength(1);
    expect(portal.stats()).toMatchObject({ applied: 1, duplicates: 1 });
    expect(await client.getDossier('d-1')).toMatchObject({ dossierId: 'd-1', status: 2, version: 1 });
    expect(await client.getDossier('nope')).toBeUndefined();
    expect((await client.listDossiers()).map((record) => record.dossierId)).toEqual(['d-1']);
  });

  it('refuses a wrong token (401) as PortalRejectedError, applying nothing', async () => {
    const portal = await start();
    const client = createHttpPortalClient({ baseUrl: portal.url, token: 'wrong' });
    const error = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalRejectedError);
    expect((error as PortalRejectedError).code).toBe('PORTAL_REJECTED');
    expect((error as PortalRejectedError).status).toBe(401);
    expect(portal.records()).toEqual([]);
  });

  it('refuses a malformed update (400 with issues), a missing key, and a body naming another dossier', async () => {
    const portal = await start();
    const put = (body: unknown, key?: string, id = 'd-1') =>
      fetch(`${portal.url}/api/v1/dossiers/${id}/status`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${portal.token}`, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });
    const bad = await put({ ...update(1, 2), status: 11 }, 'k1');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string[] }[] }).issues.map((issue) => issue.path.join('.'))).toContain('status');
    expect((await put(update(1, 2))).status).toBe(400);
    expect((await put(update(1, 2), 'k2', 'd-2')).status).toBe(400);
    expect(portal.records()).toEqual([]);
  });

  it('the transport refuses a payload that is not an update with ValidationError, without a request', async () => {
    const portal = await start();
    const transport = portalTransport(createHttpPortalClient({ baseUrl: portal.url, token: portal.token }));
    const error = await transport.deliver({ id: 'm1', payload: { dossierId: 'd-1' } }, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as MotcuaError).issues.length).toBeGreaterThan(0);
    expect(portal.stats().requests).toBe(0);
  });

  it('failureRate 1: HTTP 500, PortalUnavailableError, nothing applied', async () => {
    const portal = await start({ failureRate: 1 });
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    const error = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalUnavailableError);
    expect((error as PortalUnavailableError).status).toBe(500);
    expect(portal.records()).toEqual([]);
    expect(portal.stats().failures).toBe(1);
  });

  it('timeoutRate 1: the client gives up (PortalUnavailableError, code PORTAL_UNAVAILABLE) and a resend after the portal recovers is applied at most once', async () => {
    const portal = await start({ timeoutRate: 1, seed: 3 });
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 150 });
    const error = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalUnavailableError);
    expect((error as MotcuaError).code).toBe('PORTAL_UNAVAILABLE');
    portal.setFaults({ timeoutRate: 0 });
    // A patient client for the resend: on a loaded machine a normal answer may take longer than 150 ms.
    const patient = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 60_000 });
    await patient.sendStatus(update(1, 2), { idempotencyKey: 'k1' });
    expect(portal.record('d-1')!.history).toHaveLength(1);
  });

  it('an aborted signal ends the request as PortalUnavailableError', async () => {
    const portal = await start({ timeoutRate: 1 });
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token, timeoutMs: 60_000 });
    const controller = new AbortController();
    const sent = client.sendStatus(update(1, 2), { idempotencyKey: 'k1', signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    expect(await sent).toBeInstanceOf(PortalUnavailableError);
  });

  it('duplicateRate 1: applied, but the acknowledgement is lost (503); the resend is a duplicate', async () => {
    const portal = await start({ duplicateRate: 1 });
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    const error = await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' }).catch((e: unknown) => e);
    expect((error as PortalUnavailableError).status).toBe(503);
    expect(portal.record('d-1')!.status).toBe(2);
    portal.setFaults({ duplicateRate: 0 });
    expect((await client.sendStatus(update(1, 2), { idempotencyKey: 'k1' })).duplicate).toBe(true);
    expect(portal.stats()).toMatchObject({ applied: 1, duplicates: 1, lostAcks: 1 });
  });

  it('the same seed and the same requests give the same faults', async () => {
    const outcomes = async () => {
      const portal = await start({ seed: 42, failureRate: 0.3, duplicateRate: 0.3 });
      const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
      const out: string[] = [];
      for (let i = 1; i <= 30; i++) {
        const result = await client.sendStatus(update((i % 9) + 1, 4, `d-${i}`), { idempotencyKey: `k${i}` }).then(
          () => 'ok',
          (e: PortalUnavailableError) => String(e.status),
        );
        out.push(result);
      }
      return out;
    };
    const first = await outcomes();
    expect(await outcomes()).toEqual(first);
    expect(new Set(first)).toEqual(new Set(['ok', '500', '503']));
  });

  it('applies updates in arrival order and keeps fields of earlier updates (a status-less update keeps the status)', async () => {
    const portal = await start();
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    await client.sendStatus({ ...update(2, 5), legalDue: '2025-07-10T17:00:00+07:00' }, { idempotencyKey: 'b' });
    await client.sendStatus(update(1, 2), { idempotencyKey: 'a' });
    await client.sendStatus({ ...update(3), rescheduledDue: '2025-07-20T17:00:00+07:00' }, { idempotencyKey: 'c' });
    const record = portal.record('d-1')!;
    expect(record).toMatchObject({ status: 2, version: 3, legalDue: '2025-07-10T17:00:00+07:00', rescheduledDue: '2025-07-20T17:00:00+07:00' });
    expect(record.history.map((entry) => entry.key)).toEqual(['b', 'a', 'c']);
  });
});

describe('simulated portal: batch endpoint', () => {
  it('answers one result per item: applied, duplicate (same key in the batch or before), refused (bad item) — the others still applied', async () => {
    const portal = await start();
    const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
    await client.sendStatus(update(1, 2), { idempotencyKey: 'a' });
    const results = await client.sendStatusBatch!([
      { update: update(1, 2), idempotencyKey: 'a' },
      { update: update(2, 4), idempotencyKey: 'b' },
      { update: { ...update(3, 5), status: 0 }, idempotencyKey: 'c' },
      { update: update(2, 4), idempotencyKey: 'b' },
    ]);
    expect(results.map((result) => (result.ok ? (result.duplicate ? 'duplicate' : 'applied') : result.status))).toEqual(['duplicate', 'applied', 400, 'duplicate']);
    expect(portal.record('d-1')).toMatchObject({ status: 4, version: 2 });
    expect(portal.record('d-1')!.history.map((entry) => entry.key)).toEqual(['a', 'b']);
  });

  it('the batching transport refuses only the bad item and acknowledges the rest', async () => {
    const portal = await start();
    const acks: string[] = [];
    const transport = portalTransport(createHttpPortalClient({ baseUrl: portal.url, token: portal.token }), { batch: {}, onAck: (message) => acks.push(message.id) });
    const signal = new AbortController().signal;
    // A version 0 passes nothing: the schema wants ≥ 1, so the transport refuses it before sending.
    const outcomes = await Promise.allSettled([
      transport.deliver({ id: 'm1', payload: update(1, 2) }, signal),
      transport.deliver({ id: 'm2', payload: update(1, 2, 'd-2') }, signal),
      transport.deliver({ id: 'm3', payload: { ...update(1, 2, 'd-3'), version: 0 } }, signal),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(acks.sort()).toEqual(['m1', 'm2']);
    expect(portal.stats().requests).toBe(1);
  });
});
