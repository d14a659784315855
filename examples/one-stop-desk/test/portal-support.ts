/**
 * A desk whose national portal fails every request (a real simulated portal
 * over HTTP), its relay dead after MAX_ATTEMPTS: for the dead-letter tests.
 */
import { createEngine, type OutboxRelay } from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { createHttpPortalClient, startSimulatedPortal, type SimulatedPortal } from '@motcua/portal';
import { createSqliteEventStore, createSqliteOutboxStore } from '@motcua/store-sqlite';
import { createDeskApp } from '../src/app';
import { deskCatalog } from '../src/catalog';
import { createDeskPortal } from '../src/portal/portal-sync';
import { ROOMY_LIMITS, signIn, testAuth, withCookie, type RequestApp } from './support';

export const MAX_ATTEMPTS = 2;

/** A desk with a failing portal; `close` stops the relay, the portal and the store. */
export async function deskWithFailingPortal(withPortal = true) {
  const now = new Date('2026-03-02T09:00:00+07:00');
  const clock = () => now;
  const store = await createSqliteEventStore({ filename: ':memory:' });
  const engine = createEngine({ store, catalog: deskCatalog(), calendar: vietnamCalendar(), clock, policy: 'none' });
  const simulated: SimulatedPortal = await startSimulatedPortal({ seed: 5, failureRate: 1 }); // every update is answered 500
  const client = createHttpPortalClient({ baseUrl: simulated.url, token: simulated.token, timeoutMs: 5_000 });
  const outbox = createSqliteOutboxStore(store);
  // the relay on real time: backoff of 1 ms, dead after MAX_ATTEMPTS
  const { portal, relay } = createDeskPortal({ store, outbox, client, retry: { maxAttempts: MAX_ATTEMPTS, baseMs: 1, maxMs: 1, jitter: 0 } });
  const anonymous = createDeskApp({ engine, clock, auth: await testAuth({ limits: ROOMY_LIMITS }), policy: 'none', ...(withPortal ? { portal } : {}) });
  const as = async (username: string): Promise<RequestApp> => withCookie(anonymous, await signIn(anonymous, username));
  const close = async () => {
    await relay.stop();
    await simulated.close();
    await store.close();
  };
  return { engine, simulated, portal, relay, outbox, anonymous, as, close };
}

/** Pump until `done` holds (each pump attempts what is due; the backoff is 1 ms). */
export async function pumpUntil(relay: OutboxRelay, done: () => Promise<boolean>): Promise<void> {
  for (let round = 0; round < 200; round++) {
    await relay.pump();
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('the relay did not reach the expected state in 200 rounds');
}
