/**
 * A small engine world for hand-worked report examples: the test catalog on an in-memory store, an officer of one
 * unit, commands timed in Hà Nội local time, and the log read back in order.
 */
import { randomUUID } from 'node:crypto';
import { createEngine, InMemoryEventStore, type StoredEvent } from '@motcua/core';
import { testCatalog } from './generate';

export const catalog = testCatalog();
export const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' };
export const officer = { id: 'cv-01', role: 'officer', unit: unit.code };

/** The intake part of a `ReceiveDossier` / `SubmitOnline` for `procedureCode` at {@link unit}. */
export const intake = (procedureCode: string, channel: 'online' | 'direct') => ({
  procedureCode,
  unit,
  applicant: { name: 'Nguyễn Văn An' },
  channel,
  components: [],
  usesPopulationData: false,
});

/** A petition filed through the portal, and its answer. */
export const petition = (petitionId: string) => ({ type: 'FilePetition', petitionId, content: 'Phản ánh', channel: 'portal' });
export const answer = (petitionId: string) => ({ type: 'AnswerPetition', petitionId, outcome: 'resolved' });

/** An engine (no policy, no cache) on a fresh in-memory store; `run(id, body, 'YYYY-MM-DDTHH:mm')`; `events()` reads the log. */
export function world() {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, cacheSize: 0, policy: 'none' });
  const run = (id: string, body: object, at: string) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id, at: `${at}:00.000+07:00` } as never);
  const events = async () => {
    const all: StoredEvent[] = [];
    for await (const event of store.readAll()) all.push(event);
    return all;
  };
  return { store, engine, run, events };
}
