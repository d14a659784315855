/**
 * The outbox kill test on PostgreSQL (the SQLite one is in store-sqlite): TWO
 * relays run at once in child processes (claims with FOR UPDATE SKIP LOCKED),
 * one of them is SIGKILLed mid-delivery or at a seeded moment each round.
 * Otherwise as on SQLite: the relay runs in a child process over PostgreSQL
 * and posts to a real HTTP receiver in this process, which fails by a seeded
 * plan (500 before recording; recorded but 500 — a lost acknowledgement;
 * recorded and the connection dropped). The child is killed with SIGKILL in
 * the middle of a delivery (from inside the receiver's handler, while the
 * child waits for the answer) or at a seeded moment, several rounds; new
 * events are written between rounds; a last child finishes. The receiver,
 * deduplicating by message id, must hold exactly the messages the routes
 * define for the log, in log order per dossier and destination. No timing
 * assertion: when a kill lands changes nothing that is checked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect, inject, it } from 'vitest';
import type { OutboxMessage, StoredEvent } from '@motcua/core';
import { makeTestEvent, seededRandom } from '@motcua/core/testkit';
import { createPostgresEventStore } from '@motcua/store-postgres';
import { makePool, uniqueSchema } from './helpers';

const worker = fileURLToPath(new URL('./fixtures/outbox-relay-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const pgUrl = inject('pgUrl');
const pool = makePool(pgUrl, 10);
afterAll(() => pool.end());

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** The oracle: the messages the worker's routes define for an event, written out again here. */
function expectedFor(event: StoredEvent): { id: string; destination: string }[] {
  const out: { id: string; destination: string }[] = [];
  const dvcqg = event.type === 'Twice' ? 2 : 1;
  for (let i = 0; i < dvcqg; i++) out.push({ id: `dvcqg/${event.metadata.eventId}/${i}`, destination: 'dvcqg' });
  if (event.type !== 'Quiet') out.push({ id: `citizen/${event.metadata.eventId}/0`, destination: 'citizen' });
  return out;
}

function startChild(args: Record<string, unknown>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

async function run(seed: number, rounds: number): Promise<{ kills: number; duplicates: number; received: number; expected: number }> {
  const random = seededRandom(seed);
  const schema = uniqueSchema('outbox_kill');
  const store = await createPostgresEventStore({ pool, schema });
  closers.push(async () => {
    await store.close();
    await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
  });
  const streams = Array.from({ length: 6 }, (_, i) => `hs-${seed}-${i}`);
  const writeSome = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const draw = random();
      const type = draw < 0.2 ? 'Twice' : draw < 0.4 ? 'Quiet' : 'Loud';
      await store.append(streams[Math.floor(random() * streams.length)]!, [makeTestEvent(type, { i })]);
    }
  };

  // the receiver
  const received: OutboxMessage[] = [];
  let running: ChildProcess[] = [];
  let killAt = Number.POSITIVE_INFINITY;
  let kills = 0;
  closers.push(() => {
    for (const child of running) child.kill('SIGKILL'); // never leave a relay behind (a failing or timed-out run)
  });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const draw = random();
      if (draw < 0.15) return void response.writeHead(500).end('planned failure');
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OutboxMessage);
      const victim = running.find((child) => child.exitCode === null && child.signalCode === null);
      if (received.length >= killAt && victim) {
        killAt = Number.POSITIVE_INFINITY;
        victim.kill('SIGKILL'); // mid-delivery (of this or of the other relay): a relay waiting for an answer dies
        kills++;
      }
      if (draw < 0.25) return void response.writeHead(500).end('recorded, acknowledgement lost');
      if (draw < 0.3) return void request.socket.destroy();
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbox`;

  await writeSome(40);
  for (let round = 0; round < rounds; round++) {
    await writeSome(15);
    const children = [0, 1].map((k) => startChild({ pgUrl, schema, url, seed: seed * 100 + round * 2 + k }));
    running = children.map((c) => c.child);
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (round % 2 === 0) killAt = received.length + 1 + Math.floor(random() * 12);
    else
      timer = setTimeout(
        () => {
          const victim = running[Math.floor(random() * 2)]!;
          if (victim.exitCode === null && victim.signalCode === null) {
            victim.kill('SIGKILL'); // at a seeded moment: reading the log, materialising, claiming or delivering
            kills++;
          }
        },
        150 + Math.floor(random() * 1_200),
      );
    const outcomes = await Promise.all(children.map((c) => c.exited));
    if (timer) clearTimeout(timer);
    killAt = Number.POSITIVE_INFINITY;
    for (const outcome of outcomes) if (outcome.signal !== 'SIGKILL') expect(outcome, outcome.stderr).toMatchObject({ code: 0 });
  }
  // two last relays finish the work
  await writeSome(10);
  const last = [0, 1].map((k) => startChild({ pgUrl, schema, url, seed: seed * 100 + rounds * 2 + k }));
  running = last.map((c) => c.child);
  for (const outcome of await Promise.all(last.map((c) => c.exited))) expect(outcome.stdout, outcome.stderr).toContain('done');

  // the oracle, from the log
  const expected: { id: string; destination: string; streamId: string }[] = [];
  for await (const event of store.readAll()) for (const message of expectedFor(event)) expected.push({ ...message, streamId: event.streamId });
  const firstSeen = new Map<string, OutboxMessage>();
  for (const message of received) {
    const seen = firstSeen.get(message.id);
    if (seen)
      expect(message.payload).toEqual(seen.payload); // a duplicate is a re-delivery of the same message
    else firstSeen.set(message.id, message);
  }
  expect([...firstSeen.keys()].sort()).toEqual(expected.map((e) => e.id).sort()); // nothing lost, nothing extra
  for (const stream of streams) {
    for (const destination of ['dvcqg', 'citizen']) {
      const inLogOrder = expected.filter((e) => e.streamId === stream && e.destination === destination).map((e) => e.id);
      const inArrivalOrder = [...firstSeen.values()].filter((m) => m.streamId === stream && m.destination === destination).map((m) => m.id);
      expect(inArrivalOrder).toEqual(inLogOrder); // in order per dossier and destination
    }
  }
  return { kills, duplicates: received.length - firstSeen.size, received: received.length, expected: expected.length };
}

it('two relays at once on PostgreSQL, one SIGKILLed each round, deliver every message once at a deduplicating receiver, in order per dossier', { timeout: 300_000 }, async () => {
  const outcomes = [];
  for (const seed of [27]) outcomes.push(await run(seed, 6));
  // the runs did kill relays mid-work (at least the kills made from inside the receiver's handler)
  for (const outcome of outcomes) expect(outcome.kills).toBeGreaterThanOrEqual(3);
  console.log('outbox kill test (postgres):', JSON.stringify(outcomes));
});
