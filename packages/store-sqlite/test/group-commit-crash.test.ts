/**
 * Group commit and a crash between the batch and its COMMIT (issue #16.1): a
 * child process is killed (SIGKILL) after every insert of a group-committed
 * batch and before the COMMIT. No caller was acknowledged, none of the batch
 * is visible after reopening, the log and its hash chains stay sound, and the
 * file takes new appends.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { verifyHistory, type StoredEvent } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { makeTestEvent } from '@motcua/core/testkit';
import { tempFile } from './helpers';

const child = fileURLToPath(new URL('./fixtures/group-crash-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function runChild(args: Record<string, unknown>): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => resolve({ stdout, stderr, code, signal }));
  });
}

it('a process killed between the batch and its COMMIT: nothing acknowledged, nothing of the batch visible, the file goes on', { timeout: 120_000 }, async () => {
  const filename = tempFile();
  const dossiers = 40;
  const { stdout, stderr, signal } = await runChild({ filename, dossiers });
  expect(signal, `the child was not killed by the trigger: ${stderr}\n${stdout}`).toBe('SIGKILL');
  const lines = stdout.trim().split('\n');
  const ready = lines.find((l) => l.startsWith('ready '))!;
  expect(ready).toBeDefined();
  const [, headBefore, idsJson] = ready.match(/^ready (\d+) (.*)$/)!;
  const batchCommandIds = new Set(JSON.parse(idsJson!) as string[]);
  expect(batchCommandIds.size).toBe(dossiers);
  expect(lines.filter((l) => l.startsWith('ack ') || l === 'survived')).toEqual([]); // nobody acknowledged

  const store = await createSqliteEventStore({ filename });
  try {
    const log: StoredEvent[] = [];
    for await (const e of store.readAll()) log.push(e);
    expect(await store.headPosition()).toBe(Number(headBefore));
    expect(log.filter((e) => batchCommandIds.has(e.metadata.commandId!))).toEqual([]);
    expect((await verifyHistory(store, { requireHashes: true })).ok).toBe(true);
    // The file takes new appends, and group commit works on it.
    const outcomes = await store.appendMany!([
      { streamId: log[0]!.streamId, events: [makeTestEvent('After')], options: { expectedVersion: log.filter((e) => e.streamId === log[0]!.streamId).length } },
      { streamId: 'fresh', events: [makeTestEvent('Fresh')], options: { expectedVersion: 'no_stream' } },
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect((await verifyHistory(store, { requireHashes: true })).ok).toBe(true);
  } finally {
    await store.close();
  }
});
