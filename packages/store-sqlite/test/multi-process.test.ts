/**
 * Several OS processes append to the same SQLite file at once: no SQLITE_BUSY
 * reaches them, every event lands exactly once, versions are gap-free, and the
 * only conflicts are the genuine ones on shared streams.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import type { StoredEvent } from '@motcua/core';
import { tempFile } from './helpers';

const worker = fileURLToPath(new URL('./fixtures/append-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface WorkerOutput {
  worker: number;
  eventIds: string[];
  privateConflicts: number;
  sharedConflicts: number;
  sequences: number[];
}

function runWorker(args: Record<string, unknown>): Promise<WorkerOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`worker ${String(args.worker)} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as WorkerOutput);
    });
  });
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

it('several processes append to one file concurrently', { timeout: 120_000 }, async () => {
  const filename = tempFile();
  const workers = 4;
  const commands = 60;
  const sharedStreams = 2;
  // the workers create the schema themselves, racing each other
  const outputs = await Promise.all(Array.from({ length: workers }, (_, w) => runWorker({ filename, worker: w, commands, sharedStreams })));

  const store = await createSqliteEventStore({ filename });
  closers.push(() => store.close());
  const all: StoredEvent[] = [];
  for await (const e of store.readAll()) all.push(e);

  const written = outputs.flatMap((o) => o.eventIds);
  expect(written).toHaveLength(workers * commands * 4);
  const ids = all.map((e) => e.metadata.eventId);
  expect(new Set(ids).size).toBe(ids.length); // exactly once
  expect(new Set(ids)).toEqual(new Set(written)); // everything present, nothing else
  expect(all.map((e) => e.position)).toEqual(all.map((_, i) => i + 1));

  const byStream = new Map<string, StoredEvent[]>();
  for (const e of all) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  for (const [, events] of byStream) expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));

  for (const o of outputs) {
    expect(o.privateConflicts).toBe(0);
    expect(byStream.get(`private-${o.worker}`)).toHaveLength(commands);
  }
  expect(byStream.get('shared-any')).toHaveLength(workers * commands);
  const sharedTotal = [...byStream].filter(([id]) => /^shared-\d+$/.test(id)).reduce((n, [, evs]) => n + evs.length, 0);
  expect(sharedTotal).toBe(workers * commands * 2);
  // each shared append kept its two events together
  for (const [id, events] of byStream) {
    if (!/^shared-\d+$/.test(id)) continue;
    for (let i = 0; i < events.length; i += 2) {
      expect((events[i]!.data as { part: number }).part).toBe(1);
      expect(events[i + 1]!.data).toEqual({ ...(events[i]!.data as object), part: 2 });
    }
  }
  const sequences = outputs.flatMap((o) => o.sequences).sort((a, b) => a - b);
  expect(sequences).toEqual(Array.from({ length: workers * commands }, (_, i) => i + 1));
  // contention really happened on the shared streams (reported, not required)
  console.log(`multi-process: ${all.length} events, shared-stream conflicts retried: ${outputs.map((o) => o.sharedConflicts).join(', ')}`);
});
