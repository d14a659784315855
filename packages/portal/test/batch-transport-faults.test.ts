/**
 * The batching portal transport when the user's code misbehaves: an `onAck` callback that throws, and an adapter whose
 * `sendStatusBatch` answers fewer results than items (or no list at all). Every delivery of the batch must settle —
 * a delivery left pending for ever stalls the relay's slot — and each failure is the delivery's own: the outbox
 * retries it (the portal applies a key once), the other items of the batch are acknowledged. The adapter here is a
 * stand-in for the user's own client (`PortalClient`): the faults are in user code, which no real portal can produce.
 */
import type { MotcuaError } from '@motcua/core';
import { describe, expect, it } from 'vitest';
import { PortalUnavailableError, portalTransport, type PortalBatchResult, type PortalClient, type PortalStatusUpdate } from '../src';

const AT = '2025-07-07T08:00:00.000+07:00';
const update = (version: number, dossierId: string): PortalStatusUpdate => ({ dossierId, version, eventType: 'DossierAccepted', occurredAt: AT, status: 2 });
const messages = ['m-1', 'm-2', 'm-3'].map((id, k) => ({ id, payload: update(1, `d-${k + 1}`) }));

function client(answer: (count: number) => unknown): PortalClient & { batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    sendStatus: async () => ({ duplicate: false, receivedAt: AT }),
    sendStatusBatch: async (items) => {
      batches.push(items.length);
      return answer(items.length) as PortalBatchResult[];
    },
    getDossier: async () => undefined,
    listDossiers: async () => [],
  };
}

/** The three messages delivered in one turn (one batch); each delivery's outcome. */
async function deliverAll(transport: ReturnType<typeof portalTransport>) {
  const signal = new AbortController().signal;
  return Promise.allSettled(messages.map((message) => transport.deliver(message, signal)));
}

const ok = (): PortalBatchResult => ({ ok: true, duplicate: false, receivedAt: AT });

describe('batching portal transport: faults of user code settle every delivery', () => {
  it('an onAck that throws fails only its own delivery (retried, applied once by key); the rest of the batch is acknowledged', async () => {
    const fake = client((n) => Array.from({ length: n }, ok));
    const acked: string[] = [];
    const transport = portalTransport(fake, {
      batch: {},
      onAck: (message) => {
        if (message.id === 'm-1') throw new Error('metrics sink down');
        acked.push(message.id);
      },
    });
    const outcomes = await deliverAll(transport);
    expect(fake.batches).toEqual([3]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(((outcomes[0] as PromiseRejectedResult).reason as Error).message).toBe('metrics sink down');
    expect(acked).toEqual(['m-2', 'm-3']);
  });

  it('the same callback fault without batching: the delivery fails the same way', async () => {
    const transport = portalTransport(
      client(() => []),
      {
        onAck: (message) => {
          if (message.id === 'm-1') throw new Error('metrics sink down');
        },
      },
    );
    const outcomes = await deliverAll(transport);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  it('fewer results than items: the items without one are PORTAL_UNAVAILABLE (retried), the answered ones acknowledged', async () => {
    const transport = portalTransport(
      client(() => [ok(), ok()]),
      { batch: {} },
    );
    const outcomes = await deliverAll(transport);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const reason = (outcomes[2] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(PortalUnavailableError);
    expect((reason as MotcuaError).code).toBe('PORTAL_UNAVAILABLE');
  });

  it('an answer that is not a list of results: every item PORTAL_UNAVAILABLE', async () => {
    for (const answer of [undefined, null, { results: [] }, 'ok']) {
      const outcomes = await deliverAll(
        portalTransport(
          client(() => answer),
          { batch: {} },
        ),
      );
      expect(
        outcomes.map((o) => o.status),
        JSON.stringify(answer),
      ).toEqual(['rejected', 'rejected', 'rejected']);
      for (const o of outcomes) expect((o as PromiseRejectedResult).reason, JSON.stringify(answer)).toBeInstanceOf(PortalUnavailableError);
    }
  });

  it('a result that is not one (null, a number): that item PORTAL_UNAVAILABLE, the others as answered', async () => {
    const transport = portalTransport(
      client(() => [ok(), null, 7]),
      { batch: {} },
    );
    const outcomes = await deliverAll(transport);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    for (const o of outcomes.slice(1)) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(PortalUnavailableError);
  });
});
