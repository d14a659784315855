/**
 * Audit (session 19): two engines on ONE PostgreSQL schema, each with its own pool and its own
 * `createPostgresEventStore` (two processes in production), under concurrent commands on shared and distinct dossiers,
 * with duplicate command ids sent to both engines. Checked against rules, not against this code's output:
 *
 * - idempotency: a command id has one effect (its events once in the log) and every caller gets the same events;
 * - optimistic concurrency: a lost race is retried by the engine on fresh state (all FilePetitions land), a command
 *   the machine allows once (TransferDossier) lands once per dossier and the others are refused with a typed
 *   `MotcuaError` (`INVALID_TRANSITION`) — never a silent overwrite; versions run 1..n;
 * - dossier codes: one per dossier, never the same number twice for one unit and day (gaps allowed, docs/storage.md);
 * - sequential replay oracle: the accepted commands replayed one by one in their committed order on an in-memory
 *   engine give the same streams (types, data, command ids; the code's number may differ, it is drawn in reservation
 *   order);
 * - the dossier list kept by a follower on a third store equals a row per dossier of its stored state;
 * - `verifyHistory` accepts the log, and still names an edited row.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CommandInput,
  type Engine,
  type ExecuteResult,
  InMemoryEventStore,
  MotcuaError,
  type StoredEvent,
  createEngine,
  dossierListRow,
  dossierStreamId,
  followDossierList,
  verifyHistory,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { createPostgresDossierList, createPostgresEventStore } from '@motcua/store-postgres';
import { collect, makePool, ownTestServer, uniqueSchema } from './helpers';

const own = ownTestServer(10);
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const actor = { id: 'cb-01', role: 'officer' };
// 2024-03-04 is a Monday: receipt at 09:00, every follow-up at 10:00 the same day (the same instant: never "before the last event").
const RECEIVED_AT = '2024-03-04T09:00:00.000+07:00';
const LATER = '2024-03-04T10:00:00.000+07:00';

type Kind = 'petition' | 'transfer';
interface Planned {
  dossier: number;
  kind: Kind;
  /** Sent to engine 0, 1, or to both at once (a duplicate command id). */
  to: 0 | 1 | 'both';
}

const plannedArb = (dossiers: number): fc.Arbitrary<Planned> =>
  fc.record({
    dossier: fc.nat(dossiers - 1),
    kind: fc.constantFrom<Kind>('petition', 'petition', 'transfer'),
    to: fc.constantFrom<0 | 1 | 'both'>(0, 1, 'both'),
  });

const receiveBody = (dossierId: string, commandId: string): CommandInput =>
  ({
    type: 'ReceiveDossier',
    procedureCode: '2.002030',
    unit,
    applicant: { name: 'Nguyễn Thị Hoa' },
    channel: 'direct',
    at: RECEIVED_AT,
    actor,
    commandId,
    dossierId,
  }) as CommandInput;

function followUp(kind: Kind, dossierId: string, commandId: string): CommandInput {
  return (
    kind === 'petition'
      ? { type: 'FilePetition', petitionId: `p-${commandId}`, content: 'Hỏi tiến độ', channel: 'hotline', at: LATER, actor, commandId, dossierId }
      : { type: 'TransferDossier', at: LATER, actor, commandId, dossierId }
  ) as CommandInput;
}

type Settled = { command: CommandInput; results: PromiseSettledResult<ExecuteResult>[] };

/** Send each command to its engine(s), all at once. */
async function sendAll(engines: Engine[], commands: { command: CommandInput; to: 0 | 1 | 'both' }[]): Promise<Settled[]> {
  return Promise.all(
    commands.map(async ({ command, to }) => ({
      command,
      results: await Promise.allSettled(to === 'both' ? [engines[0]!.execute(command), engines[1]!.execute(command)] : [engines[to]!.execute(command)]),
    })),
  );
}

/** What a stream says, with the dossier code's number taken out (drawn in reservation order, not commit order). */
const shape = (events: readonly StoredEvent[], code: string | undefined) =>
  events.map((e) => ({
    version: e.version,
    type: e.type,
    commandId: e.metadata.commandId,
    data: JSON.parse(code === undefined ? JSON.stringify(e.data) : JSON.stringify(e.data).replaceAll(code, '<code>')) as unknown,
  }));

describe('two engines, two pools, one PostgreSQL schema', () => {
  it('concurrent and duplicate commands: one effect each, conflicts retried or refused typed, codes unique, replay oracle, dossier list, verifyHistory (property, seeded)', {
    timeout: 300_000,
  }, async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.constantFrom<0 | 1 | 'both'>(0, 1, 'both'), { minLength: 3, maxLength: 3 }),
        fc.array(plannedArb(3), { minLength: 4, maxLength: 16 }),
        async (dossierCount, receiptTargets, plan) => {
          const schema = uniqueSchema(`two_engines_${round++}`);
          const pools = [makePool(own.server.url, 4), makePool(own.server.url, 4), makePool(own.server.url, 2)];
          const stores = await Promise.all(pools.map((pool) => createPostgresEventStore({ pool, schema })));
          try {
            const engines = [0, 1].map((i) => createEngine({ store: stores[i]!, catalog: sampleCatalog(), policy: 'none' }));
            const dossierIds = Array.from({ length: dossierCount }, () => randomUUID());
            // Phase 1: the receipts, at once, some sent to both engines under one command id.
            const receipts = await sendAll(
              engines,
              dossierIds.map((id, i) => ({ command: receiveBody(id, randomUUID()), to: receiptTargets[i]! })),
            );
            for (const { results } of receipts) {
              for (const r of results) expect(r.status, String((r as PromiseRejectedResult).reason)).toBe('fulfilled');
              const answers = results.map((r) => (r as PromiseFulfilledResult<ExecuteResult>).value);
              const ids = answers.map((a) => a.events.map((e) => e.metadata.eventId));
              for (const other of ids) expect(other).toEqual(ids[0]); // the same answer to both callers
              expect(answers.filter((a) => !a.duplicate).length).toBeLessThanOrEqual(1);
            }
            // Phase 2: follow-ups on shared dossiers from both engines, at once (engines' caches go stale: lost races).
            const sent = plan.filter((p) => p.dossier < dossierCount).map((p) => ({ ...p, command: followUp(p.kind, dossierIds[p.dossier]!, randomUUID()) }));
            const settled = await sendAll(engines, sent);

            await stores[0]!.waitUntilReadable();
            const log = await collect(stores[2]!.readAll());
            const byCommand = new Map<string, StoredEvent[]>();
            for (const e of log) byCommand.set(e.metadata.commandId!, [...(byCommand.get(e.metadata.commandId!) ?? []), e]);

            // Idempotency and typed refusals.
            for (const { command, results } of [...receipts, ...settled]) {
              const stored = byCommand.get(command.commandId) ?? [];
              const fulfilled = results.filter((r): r is PromiseFulfilledResult<ExecuteResult> => r.status === 'fulfilled').map((r) => r.value);
              const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
              for (const error of rejected) {
                expect(error).toBeInstanceOf(MotcuaError);
                expect((error as MotcuaError).code, `${command.type}: ${error.message}`).toBe('INVALID_TRANSITION');
                expect(command.type).toBe('TransferDossier');
              }
              if (fulfilled.length === 0) expect(stored).toEqual([]);
              for (const answer of fulfilled) expect(answer.events.map((e) => e.metadata.eventId)).toEqual(stored.map((e) => e.metadata.eventId));
              // a command sent to both engines is accepted by both or refused by both (one decision)
              if (results.length === 2) expect(fulfilled.length === 0 || fulfilled.length === 2).toBe(true);
            }

            // Per dossier: versions 1..n, one receipt, every petition, one transfer when one was sent.
            const codes = new Map<string, string>();
            for (const [i, id] of dossierIds.entries()) {
              const events = log.filter((e) => e.streamId === dossierStreamId(id));
              expect(events.map((e) => e.version)).toEqual(events.map((_, k) => k + 1));
              expect(events.filter((e) => e.type === 'DossierAccepted')).toHaveLength(1);
              const mine = sent.filter((p) => p.dossier === i);
              expect(events.filter((e) => e.type === 'PetitionFiled')).toHaveLength(mine.filter((p) => p.kind === 'petition').length);
              expect(events.filter((e) => e.type === 'DossierTransferred')).toHaveLength(mine.some((p) => p.kind === 'transfer') ? 1 : 0);
              codes.set(id, (events[0]!.data as { dossierCode: string }).dossierCode);
            }
            // Codes: the unit and day of the receipt, never the same number twice.
            const numbers = [...codes.values()].map((code) => {
              expect(code).toMatch(/^000\.00\.06\.H56-240304-\d{4}$/);
              return Number(code.slice(-4));
            });
            expect(new Set(numbers).size).toBe(numbers.length);

            // Sequential replay oracle: the accepted commands, in committed order, one by one on an in-memory engine.
            const oracle = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), policy: 'none' });
            const commandsById = new Map([...receipts, ...settled].map((s) => [s.command.commandId, s.command]));
            const committed = [...byCommand.entries()].sort((a, b) => a[1][0]!.position - b[1][0]!.position);
            for (const [commandId] of committed) await oracle.execute(commandsById.get(commandId)!);
            for (const id of dossierIds) {
              const replayed = await oracle.history(id);
              const stored = log.filter((e) => e.streamId === dossierStreamId(id));
              const replayCode = (replayed[0]!.data as { dossierCode: string }).dossierCode;
              expect(shape(stored, codes.get(id))).toEqual(shape(replayed, replayCode));
            }

            // The dossier list, kept by a follower on the third store, loading through a third engine.
            const reader = createEngine({ store: stores[2]!, catalog: sampleCatalog(), policy: 'none' });
            const table = await createPostgresDossierList({ store: stores[2]!, schema });
            const follower = followDossierList({ store: stores[2]!, table, load: (id) => reader.get(id), calendar: reader.calendar });
            await follower.catchUp();
            const fresh = createEngine({ store: stores[0]!, catalog: sampleCatalog(), policy: 'none', cacheSize: 0 });
            const expected = await Promise.all(dossierIds.map(async (id) => dossierListRow(await fresh.get(id), fresh.calendar)));
            expect(await table.all()).toEqual(expected.sort((a, b) => (a.dossierId < b.dossierId ? -1 : 1)));

            // The hash chain of a log written by two stores at once verifies; an edited row is named.
            const verified = await verifyHistory(stores[1]!);
            expect(verified.ok, verified.message).toBe(true);
            expect(verified.events).toBe(log.length);
            const victim = log[Math.floor(log.length / 2)]!;
            await own.pool.query(`ALTER TABLE "${schema}".events DISABLE TRIGGER events_append_only`);
            await own.pool.query(`UPDATE "${schema}".events SET data = jsonb_set(data, '{tampered}', 'true') WHERE position = $1`, [victim.position]);
            const broken = await verifyHistory(stores[1]!);
            expect(broken.ok).toBe(false);
            expect(broken.firstBroken?.position).toBe(victim.position);
          } finally {
            for (const store of stores) await store.close();
            for (const pool of pools) await pool.end();
            await own.pool.query(`DROP SCHEMA "${schema}" CASCADE`);
          }
        },
      ),
      {
        seed: 190_419,
        numRuns: 6,
        // Certain coverage: both-engine duplicates of receipts and of follow-ups, two transfers racing on one dossier.
        examples: [
          [
            2,
            ['both', 'both', 0],
            [
              { dossier: 0, kind: 'transfer', to: 0 },
              { dossier: 0, kind: 'transfer', to: 1 },
              { dossier: 0, kind: 'petition', to: 'both' },
              { dossier: 1, kind: 'petition', to: 0 },
              { dossier: 1, kind: 'petition', to: 1 },
              { dossier: 1, kind: 'transfer', to: 'both' },
              { dossier: 0, kind: 'petition', to: 1 },
            ],
          ],
        ],
      },
    );
  });
});
