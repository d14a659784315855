import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { CommandBody, CommandInput } from '../commands/schemas';
import { createEngine } from '../engine/engine';
import { verifyHistory } from '../integrity/verify';
import type { AppendManyOutcome, AppendRequest, EventStore, StoredEvent } from '../store/types';
import { sampleCatalog } from '../samples';
import { seededRandom } from './outbox-contract';
import { makeTestEvent } from './store-contract/support';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const actor = { id: 'cb-01', role: 'officer' };
const cmd = (dossierId: string, body: CommandBody): CommandInput => ({ actor, ...body, commandId: uuidv7(), dossierId }) as CommandInput;
const receive = (dossierId: string) => cmd(dossierId, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant: { name: 'Nguyễn Thị Hoa' }, channel: 'direct' });
const petition = (dossierId: string, n: number) => cmd(dossierId, { type: 'FilePetition', petitionId: `p${n}`, content: 'Hỏi tiến độ', channel: 'hotline' });

/** A store whose `appendMany` calls are recorded (requests per call, outcomes). */
function spied(store: EventStore): { store: EventStore; calls: { requests: AppendRequest[]; outcomes: AppendManyOutcome[] }[] } {
  const calls: { requests: AppendRequest[]; outcomes: AppendManyOutcome[] }[] = [];
  const appendMany = store.appendMany!.bind(store);
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'appendMany')
        return async (requests: readonly AppendRequest[]) => {
          const outcomes = await appendMany(requests);
          calls.push({ requests: [...requests], outcomes });
          return outcomes;
        };
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: wrapped, calls };
}

/** Everything in the global log, in position order. */
async function wholeLog(store: EventStore): Promise<StoredEvent[]> {
  await store.waitUntilReadable();
  const out: StoredEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
}

/** The log's invariants: positions strictly increasing, each event id once, every stream's versions 1..n, the hash chain right (recomputed by `verifyHistory`). */
async function expectSoundLog(store: EventStore, log: readonly StoredEvent[]): Promise<void> {
  const positions = log.map((e) => e.position);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(new Set(positions).size).toBe(positions.length);
  expect(new Set(log.map((e) => e.metadata.eventId)).size).toBe(log.length);
  const versions = new Map<string, number[]>();
  for (const e of log) versions.set(e.streamId, [...(versions.get(e.streamId) ?? []), e.version]);
  for (const [, list] of versions) expect(list).toEqual(list.map((_, i) => i + 1));
  const verified = await verifyHistory(store, { requireHashes: true });
  expect(verified.message).toBeUndefined();
  expect(verified.ok).toBe(true);
}

/**
 * Group commit contract (issue #16.1) for a store with `appendMany`:
 * per-request savepoints (a conflict, a retry, a duplicate id fail or
 * succeed alone), the hash chain inside a batch, and the engine's automatic
 * group commit under 1,000 concurrent commands in seeded rounds — nothing
 * lost, nothing duplicated, refusals append nothing, a follower driven by
 * notifications alone reaches every event.
 *
 * @example
 * ```ts
 * groupCommitContract('sqlite', async () => ({ store: await createSqliteEventStore({ filename }) }));
 * ```
 */
export function groupCommitContract(
  name: string,
  factory: () => Promise<{ store: EventStore; teardown?: () => Promise<void> }>,
  options: { rounds?: number; commands?: number } = {},
): void {
  const rounds = options.rounds ?? 3;
  const commands = options.commands ?? 1_000;
  describe(`group commit on ${name}`, () => {
    const withStore = async (fn: (store: EventStore) => Promise<void>) => {
      const { store, teardown } = await factory();
      try {
        expect(typeof store.appendMany).toBe('function');
        await fn(store);
      } finally {
        await store.close();
        await teardown?.();
      }
    };

    it('appendMany: a conflict, a retried batch and a duplicate id in the middle fail or replay alone; the others commit, chained', () =>
      withStore(async (store) => {
        const retryEvents = [makeTestEvent('A'), makeTestEvent('B')];
        await store.append('s-retry', retryEvents);
        await store.append('s-conflict', [makeTestEvent('A')]);
        const taken = makeTestEvent('Taken');
        await store.append('s-taken', [taken]);
        const outcomes = await store.appendMany!([
          { streamId: 's-1', events: [makeTestEvent('One')], options: { expectedVersion: 'no_stream' } },
          { streamId: 's-conflict', events: [makeTestEvent('Late')], options: { expectedVersion: 'no_stream' } },
          { streamId: 's-2', events: [makeTestEvent('Two'), makeTestEvent('Three')] },
          { streamId: 's-retry', events: retryEvents },
          { streamId: 's-dup', events: [taken] },
          { streamId: 's-1', events: [makeTestEvent('OneAgain')], options: { expectedVersion: 1 } },
          { streamId: 's-3', events: [makeTestEvent('Four')], options: { expectedVersion: 'no_stream' } },
        ]);
        expect(outcomes.map((o) => (o.ok ? (o.result.duplicate ? 'duplicate' : 'ok') : (o.error as { code?: string }).code))).toEqual([
          'ok',
          'CONCURRENCY_CONFLICT',
          'ok',
          'duplicate',
          'DUPLICATE_EVENT',
          'ok',
          'ok',
        ]);
        const conflict = outcomes[1]!;
        expect(!conflict.ok && (conflict.error as { actual?: number }).actual).toBe(1);
        const log = await wholeLog(store);
        expect(log.map((e) => `${e.streamId}:${e.version}:${e.type}`)).toEqual([
          's-retry:1:A',
          's-retry:2:B',
          's-conflict:1:A',
          's-taken:1:Taken',
          's-1:1:One',
          's-2:1:Two',
          's-2:2:Three',
          's-1:2:OneAgain',
          's-3:1:Four',
        ]);
        // What each outcome returned is what was stored.
        for (const outcome of outcomes)
          if (outcome.ok && !outcome.result.duplicate) for (const e of outcome.result.events) expect(log.find((l) => l.position === e.position)).toEqual(e);
        await expectSoundLog(store, log);
      }));

    it('engine: a refusal and a conflict among concurrent commands fail (or retry) alone; the others are acknowledged from one batch', () =>
      withStore(async (raw) => {
        const { store, calls } = spied(raw);
        const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const other = createEngine({ store, catalog: sampleCatalog(), policy: 'none', groupCommit: false });
        const ids = Array.from({ length: 12 }, () => uuidv7());
        const received: string[] = [];
        for (const id of ids) received.push((await engine.execute(receive(id))).events[0]!.metadata.commandId!);
        // Another writer moves dossier 5 on: this engine's cached state of it is stale.
        await other.execute(petition(ids[5]!, 900));
        calls.length = 0;
        const settled = await Promise.allSettled(
          ids.map((id, i) =>
            i === 3
              ? engine.execute(cmd(id, { type: 'ReturnResult', method: 'counter' })) // not allowed on a received dossier: refused before any write
              : i === 8
                ? engine.execute({ ...petition(id, i), expectedVersion: 99 } as CommandInput) // the caller's stale version
                : engine.execute(petition(id, i)),
          ),
        );
        expect(settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as { code?: string }).code))).toEqual(
          ids.map((_, i) => (i === 3 ? 'INVALID_TRANSITION' : i === 8 ? 'CONCURRENCY_CONFLICT' : 'ok')),
        );
        // One batch held the ten appends; dossier 5's failed alone on the store's version check, and it went through on retry.
        const first = calls[0]!;
        expect(first.requests.length).toBe(10);
        expect(first.outcomes.filter((o) => !o.ok).map((o) => (o as { error: { code?: string } }).error.code)).toEqual(['CONCURRENCY_CONFLICT']);
        expect(first.requests[first.outcomes.findIndex((o) => !o.ok)]!.streamId).toContain(ids[5]!);
        const log = await wholeLog(raw);
        const commandIds = log.map((e) => e.metadata.commandId);
        for (const [i, s] of settled.entries()) {
          if (s.status === 'fulfilled') for (const e of s.value.events) expect(commandIds.filter((c) => c === e.metadata.commandId).length).toBe(1);
          else expect(log.filter((e) => e.streamId.endsWith(ids[i]!)).every((e) => e.metadata.commandId === received[i])).toBe(true); // the receipt only
        }
        await expectSoundLog(raw, log);
      }));

    it(`engine: ${commands} concurrent commands per round, ${rounds} seeded rounds: 0 lost, 0 duplicated, refusals append nothing, a follower skips nothing`, () =>
      withStore(async (store) => {
        const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const rival = createEngine({ store, catalog: sampleCatalog(), policy: 'none' }); // a second engine (own cache, own committer): real conflicts
        const acked = new Map<string, number>(); // commandId → events
        const existing = Array.from({ length: 100 }, () => uuidv7());
        for (const result of await Promise.all(existing.map((id) => engine.execute(receive(id))))) acked.set(result.events[0]!.metadata.commandId!, result.events.length);
        // A follower driven by notifications alone.
        const seen: StoredEvent[] = [];
        let checkpoint = 0;
        let running: Promise<void> = Promise.resolve();
        const catchUp = async () => {
          const head = await store.headPosition();
          for await (const e of store.readAll({ after: checkpoint, to: head })) {
            seen.push(e);
            checkpoint = e.position;
          }
        };
        store.notifications.on('appended', () => {
          running = running.then(catchUp, catchUp);
        });
        const refused = new Set<string>();
        for (let round = 0; round < rounds; round++) {
          const random = seededRandom(0x5eed + round);
          const batch = Array.from({ length: commands }, (_, n) => {
            const r = random();
            const dossier = existing[Math.floor(random() * existing.length)]!;
            if (r < 0.1) return { by: engine, command: receive(uuidv7()) };
            if (r < 0.15) return { by: engine, command: cmd(dossier, { type: 'ReturnResult', method: 'counter' }) };
            if (r < 0.2) return { by: engine, command: { ...petition(dossier, n), expectedVersion: 10_000 } as CommandInput };
            return { by: r < 0.3 ? rival : engine, command: petition(dossier, round * commands + n) };
          });
          const settled = await Promise.allSettled(batch.map(({ by, command }) => by.execute(command)));
          settled.forEach((s, i) => {
            const commandId = batch[i]!.command.commandId;
            if (s.status === 'fulfilled') acked.set(commandId, s.value.events.length);
            else refused.add(commandId);
          });
        }
        const log = await wholeLog(store);
        const byCommand = new Map<string, number>();
        for (const e of log) byCommand.set(e.metadata.commandId!, (byCommand.get(e.metadata.commandId!) ?? 0) + 1);
        for (const [commandId, events] of acked) expect(byCommand.get(commandId)).toBe(events); // 0 lost, 0 duplicated
        for (const commandId of refused) expect(byCommand.has(commandId)).toBe(false);
        expect(refused.size).toBeGreaterThan(0.05 * rounds * commands); // the refusals happened (≈ 10 % of commands)
        expect(log.length).toBe([...acked.values()].reduce((a, b) => a + b, 0));
        await expectSoundLog(store, log);
        // The follower reaches the last event by notifications alone, each event once, in order.
        const last = log[log.length - 1]!.position;
        for (let waited = 0; checkpoint < last && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
        await running;
        expect(seen.map((e) => e.position)).toEqual(log.map((e) => e.position));
      }));
  });
}
