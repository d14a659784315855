import { v4 } from 'uuid';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { parseInput } from '../zod-parse';
import { OutboxError } from './errors';
import { backoffDelay, DEFAULT_RETRY, messagesOf } from './messages';
import type { AttemptOutcome, OutboxMessage, OutboxRelay, OutboxRelayOptions, OutboxStats, PumpResult, RetryPolicy } from './types';

/** The numeric settings of a relay: a bad value is a `VALIDATION_FAILED` with the path, not a relay that spins or never retries. */
const settingsSchema = z.object({
  retry: z
    .object({
      maxAttempts: z.number().int().min(1).optional(),
      baseMs: z.number().min(0).finite().optional(),
      maxMs: z.number().min(0).finite().optional(),
      jitter: z.number().min(0).max(1).optional(),
    })
    .optional(),
  timeoutMs: z.number().positive().finite().optional(),
  leaseMs: z.number().positive().finite().optional(),
  concurrency: z.number().int().min(1).optional(),
  batchSize: z.number().int().min(1).optional(),
  pollMs: z.number().positive().finite().optional(),
  name: z.string().min(1).optional(),
  retention: z
    .object({
      keepDays: z.number().min(0).finite(),
      everyMs: z.number().positive().finite().max(2_147_483_647).optional(),
      batch: z.number().int().min(1).optional(),
    })
    .optional(),
});

/** The destinations each cursor name of an outbox store serves, as the relays created in this process declared them. */
const cursorOwners = new WeakMap<object, Map<string, string>>();

/**
 * Refuse a second relay on the same outbox store and cursor name with other destinations: the cursor says how far
 * the log has been turned into messages, so the relay that pumps first would move it past events whose messages the
 * other relay never writes (they would be lost without a trace). Relays with the same routes may share a cursor
 * (several workers of one relay). Only relays created in this process are seen: docs/integration.md.
 */
function claimCursor(outbox: object, name: string, routes: readonly { destination: string }[]): void {
  const destinations = [...new Set(routes.map((route) => route.destination))].sort().join(', ');
  let owners = cursorOwners.get(outbox);
  if (!owners) cursorOwners.set(outbox, (owners = new Map()));
  const claimed = owners.get(name);
  if (claimed === undefined) owners.set(name, destinations);
  else if (claimed !== destinations) {
    const message = `the cursor "${name}" of this outbox store already serves a relay for [${claimed}], and this relay is for [${destinations}]: give each set of routes its own name (one relay's pump would move the shared cursor past the other's messages)`;
    throw new ValidationError('Invalid outbox relay options', [{ code: 'cursor_in_use', path: ['name'], message }]);
  }
}

/**
 * The outbox relay (bộ chuyển tin): the event log is the outbox. Each pump
 * reads the log past the relay's cursor (up to the read horizon), turns the
 * events into messages with the routes (pure functions of the events, so a
 * message exists exactly when its event is committed) and writes messages and
 * cursor in one transaction of the outbox store; then it leases due messages
 * and delivers them, at least once: in order per dossier and destination (a
 * failure holds up only that queue), retried with exponential backoff and
 * jitter, aborted after `timeoutMs`, dead after `maxAttempts`. A dead letter
 * keeps holding up its queue until an operator `retry`s or `skip`s it (the
 * later messages would otherwise overtake it: docs/integration.md "Outbox").
 * Receivers deduplicate by `message.id`.
 *
 * @example
 * ```ts
 * const outbox = new InMemoryOutboxStore();
 * const audit: OutboxRoute = { destination: 'audit', messagesFor: (event) => [{ kind: event.type, payload: { streamId: event.streamId } }] };
 * const relay = createOutboxRelay({
 *   log: store,
 *   outbox,
 *   routes: [audit],
 *   transports: { audit: { deliver: async (message) => console.log(message.id, message.kind) } },
 * });
 * const { delivered } = await relay.pump();
 * const { pending, dead, lagMs } = await relay.stats();
 * ```
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  parseInput(settingsSchema, options, 'Invalid outbox relay options');
  const { log, outbox, routes, transports } = options;
  for (const route of routes) {
    if (!transports[route.destination]) throw new OutboxError('OUTBOX_NO_TRANSPORT', `No transport for destination ${route.destination}`, ['transports', route.destination]);
  }
  if (options.retention && !outbox.prune) throw new OutboxError('OUTBOX_PRUNE_UNSUPPORTED', 'This outbox store cannot prune delivered messages: no retention', ['retention']);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 30_000;
  const leaseMs = options.leaseMs ?? timeoutMs * 2;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const batchSize = options.batchSize ?? 1_000;
  const name = options.name ?? 'outbox';
  claimCursor(outbox, name, routes);
  const owner = options.owner ?? v4();
  const clock = options.clock ?? (() => new Date());
  const random = options.random ?? Math.random;
  const pollMs = options.pollMs ?? 1_000;

  /** Materialise everything up to the read horizon; returns the number of messages written. */
  async function materialiseAll(): Promise<number> {
    const head = await log.headPosition();
    let written = 0;
    let from = await outbox.cursor(name);
    while (from < head) {
      let batch: OutboxMessage[] = [];
      let to = from;
      let lost = false;
      for await (const events of log.readBatches({ after: from, to: head, batchSize })) {
        const now = clock().toISOString(); // due at once by this relay's clock (the writer's may differ)
        for (const event of events) for (const message of messagesOf(event, routes)) batch.push({ ...message, nextAttemptAt: now });
        const last = events[events.length - 1];
        if (last === undefined) continue;
        to = last.position;
        if (!(await outbox.materialise(name, from, to, batch))) {
          lost = true; // another relay moved the cursor: start again from where it is
          break;
        }
        written += batch.length;
        from = to;
        batch = [];
      }
      if (lost) {
        from = await outbox.cursor(name);
        continue;
      }
      // no (more) events up to the head: the rest of the range is empty
      if (from < head) {
        if (await outbox.materialise(name, from, head, [])) from = head;
        else from = await outbox.cursor(name);
      }
    }
    return written;
  }

  /** One delivery attempt; returns its outcome (recorded by the caller). */
  async function attempt(message: OutboxMessage): Promise<AttemptOutcome> {
    const transport = transports[message.destination];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    try {
      if (!transport) throw new OutboxError('OUTBOX_NO_TRANSPORT', `No transport for destination ${message.destination}`, ['transports', message.destination]);
      await Promise.race([
        transport.deliver(message, controller.signal),
        new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })),
      ]);
      return { id: message.id, owner, deliveredAt: clock().toISOString() };
    } catch (cause) {
      const attempts = message.attempts + 1;
      const dead = attempts >= policy.maxAttempts;
      const now = clock().getTime();
      return {
        id: message.id,
        owner,
        failure: {
          error: (cause as Error)?.message ?? String(cause),
          status: dead ? 'dead' : 'pending',
          nextAttemptAt: new Date(dead ? now : now + backoffDelay(attempts, policy, random)).toISOString(),
        },
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Record outcomes: in one call when the store can, else one by one. */
  async function settle(outcomes: readonly AttemptOutcome[]): Promise<void> {
    if (outbox.settle) return outbox.settle(outcomes);
    for (const outcome of outcomes) {
      if ('deliveredAt' in outcome) await outbox.delivered(outcome.id, outcome.owner, outcome.deliveredAt);
      else await outbox.fail(outcome.id, outcome.owner, outcome.failure);
    }
  }

  async function deliverDue(result: PumpResult): Promise<void> {
    for (;;) {
      const now = clock();
      const claimed = await outbox.claim({ now: now.toISOString(), limit: concurrency, leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), owner });
      if (claimed.length === 0) return;
      const outcomes = await Promise.all(claimed.map(attempt));
      await settle(outcomes);
      for (const outcome of outcomes) {
        if ('deliveredAt' in outcome) result.delivered++;
        else result.failed++;
      }
    }
  }

  let running: Promise<PumpResult> | undefined;
  let again = false;
  const pumpOnce = async (): Promise<PumpResult> => {
    const result: PumpResult = { materialised: 0, delivered: 0, failed: 0 };
    result.materialised = await materialiseAll();
    await deliverDue(result);
    return result;
  };
  /** One pump at a time in this relay; a pump asked for meanwhile runs once the current one ends. */
  function pump(): Promise<PumpResult> {
    if (running) {
      again = true;
      return running.then(pump, pump); // after the current pump, whether it succeeded or not
    }
    running = pumpOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  let started = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let pruneTimer: ReturnType<typeof setInterval> | undefined;
  let pruning: Promise<unknown> | undefined;
  const retention = options.retention;
  /** The scheduled prune (`retention`): one at a time, its failure told to `onError`. */
  const prunePeriodically = (): void => {
    if (!started || !retention || pruning) return;
    pruning = prune({ olderThan: new Date(clock().getTime() - retention.keepDays * 86_400_000), batch: retention.batch ?? 10_000 })
      .catch((error: unknown) => options.onError?.(error as Error))
      .finally(() => {
        pruning = undefined;
      });
  };
  const background = (): void => {
    if (!started) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    pump()
      .catch((error: unknown) => options.onError?.(error as Error))
      .finally(() => {
        if (again) background();
      });
  };

  async function prune({ olderThan, batch = 10_000 }: { olderThan: Date | string; batch?: number }): Promise<number> {
    if (!outbox.prune) throw new OutboxError('OUTBOX_PRUNE_UNSUPPORTED', 'This outbox store cannot prune delivered messages', []);
    const before = typeof olderThan === 'string' ? new Date(olderThan).toISOString() : olderThan.toISOString();
    let total = 0;
    for (;;) {
      const deleted = await outbox.prune(before, batch);
      total += deleted;
      if (deleted < batch) return total;
    }
  }

  async function deadOrThrow(id: string): Promise<void> {
    const message = await outbox.get(id);
    if (!message) throw new OutboxError('OUTBOX_NOT_FOUND', `No outbox message ${id}`, ['id']);
    throw new OutboxError('OUTBOX_NOT_DEAD', `Outbox message ${id} is ${message.status}, not dead`, ['id']);
  }

  return {
    pump,
    start() {
      if (started) return;
      started = true;
      log.notifications.on('appended', background);
      timer = setInterval(background, pollMs);
      timer.unref?.();
      background();
      if (retention) {
        pruneTimer = setInterval(prunePeriodically, retention.everyMs ?? 6 * 3_600_000);
        pruneTimer.unref?.();
        prunePeriodically();
      }
    },
    async stop() {
      started = false;
      log.notifications.off('appended', background);
      if (timer) clearInterval(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      timer = undefined;
      pruneTimer = undefined;
      while (running) await running.catch(() => undefined);
      while (pruning) await pruning;
    },
    deadLetters: (destination) => outbox.list({ status: 'dead', ...(destination === undefined ? {} : { destination }) }),
    async retry(id) {
      if (!(await outbox.revive(id, clock().toISOString()))) await deadOrThrow(id);
    },
    async skip(id) {
      if (!(await outbox.skip(id))) await deadOrThrow(id);
    },
    prune,
    async stats(): Promise<OutboxStats> {
      const counts = await outbox.counts();
      const lagMs = counts.oldestPendingAt === undefined ? 0 : Math.max(0, clock().getTime() - Date.parse(counts.oldestPendingAt));
      return { ...counts, cursor: await outbox.cursor(name), lagMs };
    },
  };
}
