/**
 * Issue #10, acceptance at HEAD on a SQLite file (items 21 and 22), with the
 * engine a new user gets (`createEngine({ store, catalog })`: access policy
 * on, the real clock).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEngine, dossierStreamId, MotcuaError, type CommandInput } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { rejection, tempFile } from '../helpers';

const UNIT = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const APPLICANT = { name: 'Nguyễn Văn An', idNumber: '001090000001' };
const reception = { id: 'cb-01', role: 'receivingOfficer', unit: UNIT.code };
const applicant = { id: APPLICANT.idNumber, role: 'applicant' };
const vn = (local: string) => `${local}:00.000+07:00`;
const command = (actor: object, dossierId: string, body: Record<string, unknown>) => ({ actor, commandId: randomUUID(), dossierId, ...body }) as unknown as CommandInput;
const receive = (at?: string) => ({ type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNIT, applicant: APPLICANT, channel: 'direct', ...(at ? { at } : {}) });

const worker = fileURLToPath(new URL('./issue-10-engine-worker.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function runWorker(args: Record<string, unknown>): Promise<{ worker: number; ok: number; failures: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, JSON.stringify(args)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(stdout.trim().split('\n').pop()!)) : reject(new Error(`worker exited with ${code}: ${stderr}`))));
  });
}

describe('item 21 — 8 OS processes running engines on one SQLite file: conflicts end in a retry, none refused', () => {
  it('8 processes × 15 petitions (no `at`, the real clock) on 2 shared dossiers: 120 land, 0 lost, 0 twice, versions gap-free, time in order', { timeout: 240_000 }, async () => {
    const filename = tempFile();
    const dossiers = [randomUUID(), randomUUID()];
    {
      const store = await createSqliteEventStore({ filename });
      const engine = createEngine({ store, catalog: sampleCatalog() });
      for (const id of dossiers) await engine.execute(command(reception, id, receive()));
      await store.close();
    }
    const workers = 8;
    const commands = 15;
    const outputs = await Promise.all(Array.from({ length: workers }, (_, w) => runWorker({ filename, worker: w, commands, dossiers, applicant: APPLICANT.idNumber })));
    expect(outputs.flatMap((o) => o.failures)).toEqual([]);
    expect(outputs.reduce((n, o) => n + o.ok, 0)).toBe(workers * commands);
    const store = await createSqliteEventStore({ filename });
    try {
      const filed: string[] = [];
      for (const id of dossiers) {
        const { events } = await store.readStream(dossierStreamId(id));
        expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
        for (let i = 1; i < events.length; i++) expect(events[i]!.metadata.occurredAt >= events[i - 1]!.metadata.occurredAt).toBe(true);
        filed.push(...events.filter((e) => e.type === 'PetitionFiled').map((e) => (e.data as { petitionId: string }).petitionId));
      }
      expect(filed).toHaveLength(workers * commands);
      expect(new Set(filed).size).toBe(workers * commands);
    } finally {
      await store.close();
    }
  });
});

describe('item 22 — an event row deleted from the SQLite file: the fold reports INVALID_HISTORY and nothing is appended after the hole', () => {
  it('versions 1, 2, 4 → engine.get and engine.execute answer INVALID_HISTORY; the stream stays 1, 2, 4', async () => {
    const filename = tempFile();
    const id = randomUUID();
    const stream = dossierStreamId(id);
    {
      const store = await createSqliteEventStore({ filename });
      const engine = createEngine({ store, catalog: sampleCatalog() });
      await engine.execute(command(reception, id, receive(vn('2024-03-04T09:00'))));
      await engine.execute(command(reception, id, { type: 'TransferDossier', at: vn('2024-03-04T10:00') }));
      await engine.execute(command(applicant, id, { type: 'FilePetition', petitionId: 'p1', content: 'Hỏi', channel: 'portal', at: vn('2024-03-04T11:00') }));
      await engine.execute(command(applicant, id, { type: 'FilePetition', petitionId: 'p2', content: 'Hỏi', channel: 'portal', at: vn('2024-03-04T12:00') }));
      await store.close();
    }
    // Damage the file by hand, as the issue did (the append-only trigger has to go first).
    const db = new Database(filename);
    db.exec('DROP TRIGGER motcua_events_no_delete');
    expect(db.prepare('DELETE FROM motcua_events WHERE stream_id = (SELECT id FROM motcua_streams WHERE name = ?) AND version = 3').run(stream).changes).toBe(1);
    db.close();
    const store = await createSqliteEventStore({ filename });
    try {
      expect((await store.readStream(stream)).events.map((e) => e.version)).toEqual([1, 2, 4]);
      const engine = createEngine({ store, catalog: sampleCatalog() });
      const read = await rejection(engine.get(id));
      expect(read).toBeInstanceOf(MotcuaError);
      expect(read.code).toBe('INVALID_HISTORY');
      const write = await rejection(
        engine.execute(command(applicant, id, { type: 'FilePetition', petitionId: 'p3', content: 'Hỏi', channel: 'portal', at: vn('2024-03-04T13:00') })),
      );
      expect(write.code).toBe('INVALID_HISTORY');
      expect((await store.readStream(stream)).events.map((e) => e.version)).toEqual([1, 2, 4]);
    } finally {
      await store.close();
    }
  });
});

describe('item 26 — headPosition is the read horizon; a writer can wait for its own write to become readable (SQLite, two connections)', () => {
  it('after an acknowledged command on connection A, connection B: waitUntilReadable(position) ≥ position, headPosition ≥ position, readAll holds the event', async () => {
    const filename = tempFile();
    const a = await createSqliteEventStore({ filename });
    const b = await createSqliteEventStore({ filename });
    try {
      const engine = createEngine({ store: a, catalog: sampleCatalog() });
      const id = randomUUID();
      const r = await engine.execute(command(reception, id, receive(vn('2024-03-04T09:00'))));
      const position = r.events.at(-1)!.position;
      expect(await b.waitUntilReadable(position)).toBeGreaterThanOrEqual(position);
      expect(await b.headPosition()).toBeGreaterThanOrEqual(position);
      const seen: string[] = [];
      for await (const e of b.readAll()) seen.push(e.metadata.eventId);
      expect(seen).toContain(r.events.at(-1)!.metadata.eventId);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
