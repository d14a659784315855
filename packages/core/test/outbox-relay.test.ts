import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, createOutboxRelay, InMemoryEventStore, InMemoryOutboxStore, OutboxError, type OutboxMessage, type OutboxRoute } from '@motcua/core';
import { makeTestEvent } from '@motcua/core/testkit';

const everyEvent: OutboxRoute = { destination: 'portal', messagesFor: (event) => [{ kind: event.type, payload: { streamId: event.streamId } }] };

function setup(deliver: (message: OutboxMessage, signal: AbortSignal) => Promise<void>, extra: Partial<Parameters<typeof createOutboxRelay>[0]> = {}) {
  const log = new InMemoryEventStore();
  const outbox = new InMemoryOutboxStore();
  let now = Date.parse('2026-11-30T08:00:00.000Z');
  const relay = createOutboxRelay({
    log,
    outbox,
    routes: [everyEvent],
    transports: { portal: { deliver } },
    clock: () => new Date(now),
    random: () => 0.5,
    retry: { maxAttempts: 3, baseMs: 1_000, maxMs: 10_000, jitter: 0 },
    ...extra,
  });
  return { log, outbox, relay, advance: (ms: number) => (now += ms), now: () => now };
}

/** An in-memory outbox store without the optional `prune`. */
function outboxWithoutPrune() {
  const inner = new InMemoryOutboxStore();
  const { prune: _prune, ...withoutPrune } = Object.fromEntries(
    (['cursor', 'materialise', 'claim', 'delivered', 'fail', 'get', 'list', 'revive', 'skip', 'counts', 'prune'] as const).map((k) => [k, inner[k].bind(inner)]),
  ) as Required<InMemoryOutboxStore>;
  return withoutPrune;
}

describe('backoffDelay', () => {
  it('without jitter: min(maxMs, baseMs · 2^(attempts − 1)) — 1 s, 2 s, 4 s, … capped', () => {
    const policy = { maxAttempts: 10, baseMs: 1_000, maxMs: 10_000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, policy, Math.random))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('with jitter j the delay lies in [(1 − j) · ceiling, ceiling] and never exceeds maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempts, baseMs, maxMs, jitter, draw) => {
          const ceiling = Math.min(maxMs, baseMs * 2 ** (attempts - 1));
          const delay = backoffDelay(attempts, { maxAttempts: 100, baseMs, maxMs, jitter }, () => draw);
          expect(delay).toBeLessThanOrEqual(Math.round(ceiling));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - jitter)));
        },
      ),
      { seed: 2_611 },
    );
  });
});

describe('outbox relay', () => {
  it('a failed attempt waits for its backoff; after maxAttempts the message is dead and holds up its dossier only', async () => {
    const seen: string[] = [];
    const { log, relay, advance } = setup(async (message) => {
      if (message.streamId === 'hs-bad') throw new Error('HTTP 503');
      seen.push(message.id);
    });
    const bad = await log.append('hs-bad', [makeTestEvent('A'), makeTestEvent('B')]);
    const good = await log.append('hs-good', [makeTestEvent('A')]);
    expect(await relay.pump()).toEqual({ materialised: 3, delivered: 1, failed: 1 });
    expect(seen).toEqual([`portal/${good.events[0]!.metadata.eventId}/0`]);
    expect(await relay.pump()).toEqual({ materialised: 0, delivered: 0, failed: 0 }); // waits 1 s
    advance(999);
    expect((await relay.pump()).failed).toBe(0);
    advance(1);
    expect((await relay.pump()).failed).toBe(1); // 2nd attempt at +1 s
    advance(2_000);
    expect((await relay.pump()).failed).toBe(1); // 3rd at +2 s more: dead
    const [dead] = await relay.deadLetters();
    expect(dead).toMatchObject({ id: `portal/${bad.events[0]!.metadata.eventId}/0`, status: 'dead', attempts: 3, lastError: 'HTTP 503' });
    expect(await relay.deadLetters('citizen')).toEqual([]);
    advance(3_600_000);
    expect(await relay.pump()).toEqual({ materialised: 0, delivered: 0, failed: 0 }); // B waits behind the dead A
    const stats = await relay.stats();
    expect(stats).toMatchObject({ pending: 1, dead: 1, delivered: 1, skipped: 0, cursor: 3 });
  });

  it('retry(id) gives a dead letter its attempts back; skip(id) lets the later messages go', async () => {
    let failing = true;
    const seen: string[] = [];
    const { log, relay } = setup(
      async (message) => {
        if (failing) throw new Error('down');
        seen.push(message.eventType);
      },
      { retry: { maxAttempts: 1 } },
    );
    await log.append('hs-1', [makeTestEvent('A'), makeTestEvent('B')]);
    await relay.pump();
    const [deadA] = await relay.deadLetters();
    failing = false;
    await relay.retry(deadA!.id);
    await relay.pump();
    expect(seen).toEqual(['A', 'B']); // in order, A first
    failing = true;
    await log.append('hs-1', [makeTestEvent('C'), makeTestEvent('D')]);
    await relay.pump();
    const [deadC] = await relay.deadLetters();
    expect(deadC?.eventType).toBe('C');
    failing = false;
    await relay.skip(deadC!.id);
    await relay.pump();
    expect(seen).toEqual(['A', 'B', 'D']);
    expect(await relay.stats()).toMatchObject({ pending: 0, dead: 0, delivered: 3, skipped: 1 });
  });

  it('retry and skip of an unknown or a live message are typed errors', async () => {
    const { log, relay } = setup(async () => undefined);
    await log.append('hs-1', [makeTestEvent('A')]);
    await relay.pump();
    const error = await relay.retry('portal/none/0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect(error).toMatchObject({ code: 'OUTBOX_NOT_FOUND', httpStatus: 404 });
    const id = `portal/${(await log.readStream('hs-1')).events[0]!.metadata.eventId}/0`;
    expect(await relay.stats()).toMatchObject({ delivered: 1 });
    await expect(relay.skip(id)).rejects.toMatchObject({ code: 'OUTBOX_NOT_DEAD' });
  });

  it('prune on an outbox store without prune is OUTBOX_PRUNE_UNSUPPORTED, and deletes nothing', async () => {
    const log = new InMemoryEventStore();
    const withoutPrune = outboxWithoutPrune();
    const relay = createOutboxRelay({
      log,
      outbox: withoutPrune,
      routes: [{ destination: 'portal', messagesFor: () => [{ kind: 'k', payload: 1 }] }],
      transports: { portal: { deliver: async () => undefined } },
    });
    await log.append('hs-1', [makeTestEvent('A')]);
    await relay.pump();
    const error = await relay.prune({ olderThan: '2999-01-01T00:00:00Z' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxError);
    expect(error).toMatchObject({ code: 'OUTBOX_PRUNE_UNSUPPORTED' });
    expect(await relay.stats()).toMatchObject({ delivered: 1 });
  });

  it('a transport that never answers is aborted after timeoutMs and counted as a failed attempt', async () => {
    let aborted = 0;
    const { log, relay } = setup(
      (_message, signal) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener('abort', () => {
            aborted++;
            reject(signal.reason);
          });
        }),
      { timeoutMs: 5 },
    );
    await log.append('hs-1', [makeTestEvent('A')]);
    expect((await relay.pump()).failed).toBe(1);
    expect(aborted).toBe(1);
    expect(await relay.stats()).toMatchObject({ pending: 1, dead: 0 }); // 1 of 3 attempts: still pending
  });

  it('a route without a transport, or a route that throws, is a typed error (nothing skipped silently)', async () => {
    const log = new InMemoryEventStore();
    const outbox = new InMemoryOutboxStore();
    expect(() => createOutboxRelay({ log, outbox, routes: [everyEvent], transports: {} })).toThrow(expect.objectContaining({ code: 'OUTBOX_NO_TRANSPORT' }));
    const broken: OutboxRoute = {
      destination: 'portal',
      messagesFor: () => {
        throw new Error('bug');
      },
    };
    const relay = createOutboxRelay({ log, outbox, routes: [broken], transports: { portal: { deliver: async () => undefined } } });
    await log.append('hs-1', [makeTestEvent('A')]);
    await expect(relay.pump()).rejects.toMatchObject({ code: 'OUTBOX_ROUTE_FAILED' });
    expect(await outbox.cursor('outbox')).toBe(0); // the event is not passed over
  });

  it('bad settings are a VALIDATION_FAILED naming the field', () => {
    const base = { log: new InMemoryEventStore(), outbox: new InMemoryOutboxStore(), routes: [], transports: {} };
    expect(() => createOutboxRelay({ ...base, retry: { jitter: 2 } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    const error = (() => {
      try {
        createOutboxRelay({ ...base, concurrency: 0, timeoutMs: -1 });
      } catch (e) {
        return e as { issues: { path: (string | number)[] }[] };
      }
    })();
    expect(error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['concurrency', 'timeoutMs']);
  });

  it('stats: lagMs is now minus the oldest pending message’s createdAt (the event’s recordedAt)', async () => {
    const { log, relay } = setup(async () => {
      throw new Error('down');
    });
    const recordedAt = '2026-11-30T07:59:00.000Z';
    await log.append('hs-1', [makeTestEvent('A', {}, { recordedAt })]);
    await relay.pump();
    expect((await relay.stats()).lagMs).toBe(Date.parse('2026-11-30T08:00:00.000Z') - Date.parse(recordedAt));
  });

  it('pump() called while a pump runs waits for it, then runs again: nothing is delivered twice, a failed pump does not stop the next', async () => {
    let calls = 0;
    let failRoute = true;
    const log = new InMemoryEventStore();
    const seen: string[] = [];
    const route: OutboxRoute = {
      destination: 'portal',
      messagesFor: (event) => {
        if (event.type === 'Poison' && failRoute) throw new Error('bug');
        return [{ kind: event.type, payload: {} }];
      },
    };
    const relay = createOutboxRelay({
      log,
      outbox: new InMemoryOutboxStore(),
      routes: [route],
      transports: {
        portal: {
          deliver: async (message) => {
            calls++;
            await new Promise((resolve) => setTimeout(resolve, 1));
            seen.push(message.eventType);
          },
        },
      },
    });
    await log.append('hs-1', [makeTestEvent('A'), makeTestEvent('B')]);
    const results = await Promise.all([relay.pump(), relay.pump(), relay.pump()]);
    expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(2);
    expect(seen).toEqual(['A', 'B']);
    await log.append('hs-1', [makeTestEvent('Poison')]);
    const first = relay.pump();
    const second = relay.pump();
    await expect(first).rejects.toMatchObject({ code: 'OUTBOX_ROUTE_FAILED' });
    await expect(second).rejects.toMatchObject({ code: 'OUTBOX_ROUTE_FAILED' }); // ran again after the failure, failed again
    failRoute = false;
    expect((await relay.pump()).delivered).toBe(1);
    expect(calls).toBe(3);
  });

  it('started, the relay delivers what is appended later (notice-driven), and stop() waits for it', async () => {
    const seen: string[] = [];
    let resolveSeen: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => (resolveSeen = resolve));
    const log = new InMemoryEventStore();
    const relay = createOutboxRelay({
      log,
      outbox: new InMemoryOutboxStore(),
      routes: [everyEvent],
      transports: {
        portal: {
          deliver: async (message) => {
            seen.push(message.eventType);
            if (seen.length === 2) resolveSeen();
          },
        },
      },
    });
    relay.start();
    await log.append('hs-1', [makeTestEvent('A')]);
    await log.append('hs-2', [makeTestEvent('B')]);
    await arrived;
    await relay.stop();
    expect(seen.sort()).toEqual(['A', 'B']);
  });

  describe('retention (scheduled prune)', () => {
    /** Resolve once `check` holds, polling (the relay's timers run in real time; no duration is asserted). */
    const until = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 2_000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 5));
      expect(await check()).toBe(true);
    };

    it('while started: prunes at start and again every everyMs, only messages finished more than keepDays ago by the relay clock; pending and dead stay', async () => {
      const { log, outbox, relay, advance } = setup(
        async (message) => {
          if (message.streamId === 'hs-dead') throw new Error('HTTP 503');
        },
        { retention: { keepDays: 2, everyMs: 10, batch: 2 }, retry: { maxAttempts: 1, baseMs: 1_000, maxMs: 1_000, jitter: 0 } },
      );
      await log.append('hs-old', [makeTestEvent('A'), makeTestEvent('B'), makeTestEvent('C')]);
      await log.append('hs-dead', [makeTestEvent('A')]);
      expect(await relay.pump()).toMatchObject({ delivered: 3, failed: 1 });
      advance(3 * 86_400_000); // the three delivered messages are now 3 days old
      await log.append('hs-new', [makeTestEvent('A')]);
      const deliveredStreams = async () => (await outbox.list({ status: 'delivered' })).map((m) => m.streamId).join(',');
      relay.start();
      // The pump (hs-new delivered) and the prune (in rounds of 2) run side by side: wait for the state both leave.
      await until(async () => (await deliveredStreams()) === 'hs-new');
      expect(await relay.stats()).toMatchObject({ delivered: 1, dead: 1, pending: 0 });
      // A day later the new one is 1 day old: kept; two more days: pruned by a later round of the schedule.
      advance(86_400_000);
      await new Promise((r) => setTimeout(r, 50));
      expect(await relay.stats()).toMatchObject({ delivered: 1, dead: 1 });
      advance(2 * 86_400_000);
      await until(async () => (await outbox.counts()).delivered === 0);
      expect(await relay.stats()).toMatchObject({ dead: 1 });
      await relay.stop();
      // Stopped: nothing more is pruned.
      await log.append('hs-later', [makeTestEvent('A')]);
      await relay.pump();
      advance(10 * 86_400_000);
      await new Promise((r) => setTimeout(r, 50));
      expect(await relay.stats()).toMatchObject({ delivered: 1, dead: 1 });
    });

    it('a failing prune is told to onError and the schedule goes on; stop waits for the prune in flight', async () => {
      const errors: Error[] = [];
      const inner = new InMemoryOutboxStore();
      let calls = 0;
      const outbox = Object.assign(Object.create(inner) as InMemoryOutboxStore, {
        prune: async (before: string, limit: number) => {
          calls++;
          if (calls === 1) throw new Error('disk full');
          return inner.prune(before, limit);
        },
      });
      const log = new InMemoryEventStore();
      const relay = createOutboxRelay({
        log,
        outbox,
        routes: [everyEvent],
        transports: { portal: { deliver: async () => undefined } },
        retention: { keepDays: 0, everyMs: 5 },
        onError: (error) => errors.push(error),
      });
      await log.append('hs-1', [makeTestEvent('A')]);
      relay.start();
      await until(async () => calls >= 2 && (await inner.counts()).delivered === 0 && (await inner.counts()).pending === 0);
      await relay.stop();
      expect(errors.map((e) => e.message)).toContain('disk full');
    });

    it('bad retention settings are VALIDATION_FAILED with the path; an outbox store without prune is OUTBOX_PRUNE_UNSUPPORTED at creation', () => {
      for (const [retention, path] of [
        [{ keepDays: -1 }, ['retention', 'keepDays']],
        [{ keepDays: 1, everyMs: 0 }, ['retention', 'everyMs']],
        [{ keepDays: 1, batch: 0.5 }, ['retention', 'batch']],
      ] as const) {
        let caught: unknown;
        try {
          setup(async () => undefined, { retention: retention as never });
        } catch (error) {
          caught = error;
        }
        expect(caught).toMatchObject({ code: 'VALIDATION_FAILED', issues: [expect.objectContaining({ path })] });
      }
      const withoutPrune = outboxWithoutPrune();
      expect(() =>
        createOutboxRelay({
          log: new InMemoryEventStore(),
          outbox: withoutPrune,
          routes: [everyEvent],
          transports: { portal: { deliver: async () => undefined } },
          retention: { keepDays: 30 },
        }),
      ).toThrow(expect.objectContaining({ code: 'OUTBOX_PRUNE_UNSUPPORTED' }));
    });
  });
});
