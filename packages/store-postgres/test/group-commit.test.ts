/**
 * Group commit on PostgreSQL (issue #16.1/#16.2): the shared contract on a
 * plain and on a month-partitioned events table (per-request checks in one
 * `append_batch` call, 1,000 concurrent commands in seeded rounds, a follower
 * skipping nothing), and a batch whose connection is terminated
 * (`pg_terminate_backend`) before its COMMIT: every caller gets an error,
 * none of the batch is visible, the store goes on.
 */
import { expect, it } from 'vitest';
import { randomUUID as uuidv7 } from 'node:crypto';
import { createEngine, type CommandInput, type StoredEvent, verifyHistory } from '@motcua/core';
import { groupCommitContract, makeTestEvent, sampleCatalog } from '@motcua/core/testkit';
import { collect, ownTestServer, uniqueSchema } from './helpers';

// Its own server: the crash test holds the append lock, and the contract's readers wait on the cluster-wide horizon.
const own = ownTestServer(20);

groupCommitContract('postgres', async () => ({ store: await own.open(uniqueSchema('group')) }), { rounds: 2 });
groupCommitContract('postgres, events partitioned by month', async () => ({ store: await own.open(uniqueSchema('group_part'), { partitioning: 'monthly' }) }), {
  rounds: 1,
  commands: 500,
});

/** The append lock's class id: FNV-1a (32-bit, signed) of `motcua-append:<schema>`, as the store computes it. */
function appendLockClass(schema: string): number {
  let hash = 0x811c9dc5;
  const text = `motcua-append:${schema}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

const actor = { id: 'cb-01', role: 'officer' };
const petition = (dossierId: string, n: number) =>
  ({ type: 'FilePetition', commandId: uuidv7(), dossierId, actor, petitionId: `p${n}`, content: 'x', channel: 'hotline' }) as CommandInput;

it('a batch whose connection is terminated before COMMIT: every caller gets an error, nothing of it is visible, the store goes on', { timeout: 120_000 }, async () => {
  const schema = uniqueSchema('crash');
  const store = await own.open(schema);
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  const ids = Array.from({ length: 30 }, () => uuidv7());
  for (const id of ids)
    await engine.execute({
      type: 'ReceiveDossier',
      commandId: uuidv7(),
      dossierId: id,
      actor,
      procedureCode: '2.002030',
      unit: { code: '000.00.06.H56', name: 'Một cửa' },
      applicant: { name: 'A' },
      channel: 'direct',
    } as CommandInput);
  const before = await collect(store.readAll());
  const locker = await own.pool.connect();
  try {
    await locker.query('SELECT pg_advisory_lock($1::int, 0)', [appendLockClass(schema)]);
    const commands = ids.map((id, i) => petition(id, i));
    const pending = commands.map((c) =>
      engine.execute(c).then(
        () => 'ok',
        (error: { code?: string }) => error.code ?? 'error',
      ),
    );
    // The batch is inside append_batch, waiting for the append lock (its stream locks taken, its checks done).
    let pid: number | undefined;
    for (let waited = 0; pid === undefined; waited += 10) {
      const { rows } = await own.pool.query(
        `SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%"${schema}".append_batch(%'`,
      );
      pid = rows[0]?.pid;
      if (waited > 30_000) throw new Error('the batch never reached the append lock');
      if (pid === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    await own.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    const outcomes = await Promise.all(pending);
    expect(outcomes).toEqual(commands.map(() => 'STORE_CONNECTION')); // every caller got an error, nobody an acknowledgement
  } finally {
    await locker.query('SELECT pg_advisory_unlock_all()');
    locker.release();
  }
  await store.waitUntilReadable();
  const after = await collect(store.readAll());
  expect(after).toEqual(before); // none of the batch is visible
  // The store and the engine go on: the same dossiers take new commands, in one batch again.
  const retried = await Promise.all(ids.map((id, i) => engine.execute(petition(id, 100 + i))));
  expect(retried.every((r) => r.events.length > 0)).toBe(true);
  await store.waitUntilReadable();
  const log: StoredEvent[] = await collect(store.readAll());
  expect(log.length).toBe(before.length + retried.reduce((n, r) => n + r.events.length, 0));
  expect((await verifyHistory(store, { requireHashes: true })).ok).toBe(true);
});

it("notify: 'in-transaction': append_batch notifies each appended request with its positions (heard by another store), none for a refused one", { timeout: 60_000 }, async () => {
  const schema = uniqueSchema('notify_tx');
  const writer = await own.open(schema, { notify: 'in-transaction', pollIntervalMs: 0 });
  const reader = await own.open(schema, { pollIntervalMs: 0 });
  const heard: { streamId: string; firstPosition: number; lastPosition: number }[] = [];
  reader.notifications.on('appended', (notice) => heard.push(notice));
  const outcomes = await writer.appendMany!([
    { streamId: 'n-1', events: [makeTestEvent('A'), makeTestEvent('B')] },
    { streamId: 'n-2', events: [makeTestEvent('C')], options: { expectedVersion: 5 } }, // refused: no notice
    { streamId: 'n-3', events: [makeTestEvent('D')] },
  ]);
  expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
  const expected = outcomes.flatMap((o) => (o.ok ? [{ streamId: o.result.streamId, firstPosition: o.result.events[0]!.position, lastPosition: o.result.lastPosition }] : []));
  const covered = () => expected.every((e) => heard.some((n) => n.streamId === e.streamId && n.firstPosition === e.firstPosition && n.lastPosition === e.lastPosition));
  for (let waited = 0; !covered() && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  expect(covered()).toBe(true); // notices are hints and may repeat (the reader's chase announces again): each appended request at least once, exactly its range
  expect(heard.some((n) => n.streamId === 'n-2')).toBe(false);
});
