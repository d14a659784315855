/**
 * Reads detect gaps (issue #10, item 22): an event deleted from the file makes
 * the stream's versions skip. The engine must refuse to fold it — INVALID_HISTORY
 * — and must not append the "next" number after the hole.
 */
import Database from 'better-sqlite3';
import { randomUUID as uuidv7 } from 'node:crypto';
import { expect, it } from 'vitest';
import { createEngine, dossierStreamId, MotcuaError, type CommandInput } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { rejection, tempFile } from './helpers';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const actor = { id: 'cb-01', role: 'officer', unit: unit.code };
const at = (local: string) => `${local}:00.000+07:00`;
const cmd = (dossierId: string, body: Record<string, unknown>) => ({ actor, ...body, commandId: uuidv7(), dossierId }) as unknown as CommandInput;

it('a stream with an event deleted from the file reads as INVALID_HISTORY and takes no further append', async () => {
  const filename = tempFile();
  const id = uuidv7();
  const stream = dossierStreamId(id);
  {
    const store = await createSqliteEventStore({ filename });
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct', at: at('2023-10-27T09:32') }));
    await engine.execute(cmd(id, { type: 'TransferDossier', at: at('2023-10-27T10:00') }));
    await engine.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: at('2023-10-27T10:05') }));
    await engine.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-08' }, at: at('2023-10-27T10:06') }));
    await store.close();
  }
  // Damage the file by hand: delete version 3 (the first assignment: the rest is still a valid path through the machine) (the append-only trigger has to go first).
  const db = new Database(filename);
  db.exec('DROP TRIGGER motcua_events_no_delete');
  expect(db.prepare('DELETE FROM motcua_events WHERE stream_id = (SELECT id FROM motcua_streams WHERE name = ?) AND version = 3').run(stream).changes).toBe(1);
  db.close();

  const store = await createSqliteEventStore({ filename });
  try {
    expect((await store.readStream(stream)).events.map((e) => e.version)).toEqual([1, 2, 4]);
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const read = await rejection(engine.get(id));
    expect(read).toBeInstanceOf(MotcuaError);
    expect(read.code).toBe('INVALID_HISTORY');
    const write = await rejection(engine.execute(cmd(id, { type: 'Resolve', electronicResult: true, at: at('2023-10-31T16:00') })));
    expect(write.code).toBe('INVALID_HISTORY');
    expect((await store.readStream(stream)).events.map((e) => e.version)).toEqual([1, 2, 4]); // nothing appended after the hole
  } finally {
    await store.close();
  }
});
