/**
 * `--portal simulated`: a simulated national portal (a real HTTP server of
 * `@motcua/portal` on 127.0.0.1 that fails now and then, lags and sees
 * duplicates) and the desk's outbox relay sending to it, started in the desk
 * process.
 */
import type { EventStore, OutboxStore } from '@motcua/core';
import { createHttpPortalClient, startSimulatedPortal } from '@motcua/portal';
import type { DeskPortal } from './desk-portal';
import { createDeskPortal } from './portal-sync';

/** A running simulated portal and relay. */
export interface StartedDeskPortal {
  url: string;
  portal: DeskPortal;
  stop(): Promise<void>;
}

/**
 * Start the simulated portal and the relay (sending in the background, retries
 * after 0.2–5 s so a demo catches up quickly).
 *
 * @example
 * ```ts
 * import { createSqliteEventStore, createSqliteOutboxStore } from '@motcua/store-sqlite';
 * declare const store: Awaited<ReturnType<typeof createSqliteEventStore>>;
 * const started = await startDeskPortal({ store, outbox: createSqliteOutboxStore(store), failureRate: 0.05 });
 * await started.stop();
 * ```
 */
export async function startDeskPortal(options: { store: EventStore; outbox: OutboxStore; failureRate: number; seed?: number; keepDays?: number }): Promise<StartedDeskPortal> {
  const simulated = await startSimulatedPortal({
    seed: options.seed ?? 15,
    failureRate: options.failureRate,
    duplicateRate: options.failureRate / 2,
    latencyMs: { min: 2, max: 40 },
  });
  const client = createHttpPortalClient({ baseUrl: simulated.url, token: simulated.token, timeoutMs: 2_000 });
  const { portal, relay } = createDeskPortal({
    store: options.store,
    outbox: options.outbox,
    client,
    retry: { baseMs: 200, maxMs: 5_000 },
    onError: (error) => console.error(`portal relay: ${error.message}`),
    ...(options.keepDays !== undefined ? { keepDays: options.keepDays } : {}),
  });
  relay.start();
  return {
    url: simulated.url,
    portal,
    async stop() {
      await relay.stop();
      await simulated.close();
    },
  };
}
