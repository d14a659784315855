/** A real engine on an in-memory store, driving one dossier through commands (policy off: the mapping is under test, not roles). */
import { randomUUID } from 'node:crypto';
import { createEngine, dossierStreamId, InMemoryEventStore, toVietnamInstant, type CommandBody, type DossierState, type StoredEvent } from '@motcua/core';
import { approvalSampleCatalog } from '@motcua/core/testkit';

export const UNIT = { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' };
export const INTAKE = {
  procedureCode: '2.002030',
  unit: UNIT,
  applicant: { name: 'Nguyễn Văn An' },
  channel: 'direct' as const,
  components: [],
};

/** Run the commands on one new dossier, an hour apart from 2024-03-04 08:00 (a Monday); every command must succeed. */
export async function runDossier(commands: readonly CommandBody[]): Promise<{ dossierId: string; events: StoredEvent[]; states: DossierState[]; store: InMemoryEventStore }> {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: approvalSampleCatalog(), policy: 'none' });
  const dossierId = randomUUID();
  const events: StoredEvent[] = [];
  const states: DossierState[] = [];
  let at = Date.parse('2024-03-04T08:00:00+07:00');
  for (const body of commands) {
    const result = await engine.execute({
      ...body,
      dossierId,
      commandId: randomUUID(),
      actor: { id: 'cv-01', role: 'officer', unit: UNIT.code },
      at: toVietnamInstant(at),
    } as never);
    states.push(result.state);
    at += 3_600_000;
  }
  events.push(...(await store.readStream(dossierStreamId(dossierId))).events);
  return { dossierId, events, states, store };
}
