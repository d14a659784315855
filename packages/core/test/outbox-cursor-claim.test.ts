/**
 * Two relays that share an outbox store and a cursor name but serve different destinations would lose messages: the
 * first relay's pump moves the cursor to the head, and the second then never writes its messages for those events.
 * Such a relay is refused at creation (`VALIDATION_FAILED` on `name`); with their own names both deliver everything.
 */
import { describe, expect, it } from 'vitest';
import { createOutboxRelay, InMemoryEventStore, InMemoryOutboxStore, MotcuaError, type OutboxRoute, type OutboxTransport } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';

const route = (destination: string): OutboxRoute => ({ destination, messagesFor: (event) => [{ kind: event.type, payload: { streamId: event.streamId } }] });

async function logOf(events: number): Promise<InMemoryEventStore> {
  const log = new InMemoryEventStore();
  for (let i = 0; i < events; i++) await log.append(`dossier-${i}`, [makeTestEvent('DossierReceived')]);
  return log;
}

function counting(): { count: () => number; transport: OutboxTransport } {
  let n = 0;
  return { count: () => n, transport: { deliver: async () => void n++ } };
}

describe('outbox relays sharing a cursor', () => {
  it('a second relay on the same outbox and default cursor with other destinations is refused, naming `name`', async () => {
    const log = await logOf(1);
    const outbox = new InMemoryOutboxStore();
    const sms = counting();
    createOutboxRelay({ log, outbox, routes: [route('sms')], transports: { sms: sms.transport } });
    let caught: unknown;
    try {
      createOutboxRelay({ log, outbox, routes: [route('dvcqg')], transports: { dvcqg: counting().transport } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MotcuaError);
    expect((caught as MotcuaError).code).toBe('VALIDATION_FAILED');
    expect((caught as MotcuaError).issues).toEqual([expect.objectContaining({ path: ['name'], message: expect.stringContaining('[sms]') })]);
    // The same with an explicit shared name.
    createOutboxRelay({ log, outbox, routes: [route('a')], transports: { a: counting().transport }, name: 'shared' });
    expect(() => createOutboxRelay({ log, outbox, routes: [route('a'), route('b')], transports: { a: counting().transport, b: counting().transport }, name: 'shared' })).toThrow(
      /cursor "shared"/,
    );
  });

  it('with a name each, both relays deliver a message for every event, whichever pumps first', async () => {
    for (const order of [0, 1]) {
      const log = await logOf(7);
      const outbox = new InMemoryOutboxStore();
      const sms = counting();
      const portal = counting();
      const relays = [
        createOutboxRelay({ log, outbox, routes: [route('sms')], transports: { sms: sms.transport }, name: 'sms' }),
        createOutboxRelay({ log, outbox, routes: [route('dvcqg')], transports: { dvcqg: portal.transport }, name: 'dvcqg' }),
      ];
      if (order === 1) relays.reverse();
      for (const relay of relays) await relay.pump();
      await log.append('dossier-late', [makeTestEvent('DossierReceived')]);
      for (const relay of relays) await relay.pump();
      expect([sms.count(), portal.count()]).toEqual([8, 8]);
    }
  });

  it('relays with the same destinations may share a cursor (workers of one relay), and other outbox stores are independent', async () => {
    const log = await logOf(5);
    const outbox = new InMemoryOutboxStore();
    const a = counting();
    const first = createOutboxRelay({ log, outbox, routes: [route('sms'), route('mail')], transports: { sms: a.transport, mail: a.transport } });
    const second = createOutboxRelay({ log, outbox, routes: [route('mail'), route('sms')], transports: { sms: a.transport, mail: a.transport } });
    await Promise.all([first.pump(), second.pump()]);
    expect(a.count()).toBe(10); // each message once: the cursor is shared
    const other = counting();
    await createOutboxRelay({ log, outbox: new InMemoryOutboxStore(), routes: [route('dvcqg')], transports: { dvcqg: other.transport } }).pump();
    expect(other.count()).toBe(5);
  });
});
