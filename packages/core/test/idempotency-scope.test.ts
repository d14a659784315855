/**
 * What `commandId` idempotency covers (the contract written on `commandSchemas` `commandId` and `Engine.execute`):
 * a command id is looked up in **its dossier's** stream, so a retry is recognised when it repeats the command id
 * **and the dossier id**. A dossier-opening command retried with the same ids is answered with the first result and
 * takes no second dossier code, from any engine on the store. The engine keeps no index of command ids across
 * dossiers (that needs one in every store): the same command id under a fresh dossier id is another command, and it
 * opens another dossier with the next code — so a client keeps the dossier id it generated for an intake across its
 * retries, or derives it from its idempotency key (the desk: a uuid v5 of `Idempotency-Key`).
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, type CommandInput } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, officer, unit, vn } from './helpers';

const receive = (commandId: string, dossierId: string, at = '2025-10-06T09:00'): CommandInput =>
  ({ type: 'ReceiveDossier', commandId, dossierId, actor: officer, procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn(at) }) as CommandInput;

function engines() {
  const store = new InMemoryEventStore();
  const make = () => createEngine({ store, catalog: sampleCatalog(), policy: 'none', clock: () => new Date('2025-10-06T03:00:00Z') });
  return { store, first: make(), second: make() };
}

describe('commandId idempotency: per dossier', () => {
  it('a retried intake with the same command id and dossier id is the first result, with no second code taken — from this engine or another', async () => {
    const { first, second } = engines();
    const [commandId, dossierId] = [uuidv7(), uuidv7()];
    const original = await first.execute(receive(commandId, dossierId));
    expect(original.state.dossierCode).toBe('000.00.06.H56-251006-0001');
    for (const engine of [first, second]) {
      const again = await engine.execute(receive(commandId.toUpperCase(), dossierId));
      expect([again.duplicate, again.state.dossierCode, again.events.map((e) => e.metadata.eventId)]).toEqual([
        true,
        '000.00.06.H56-251006-0001',
        original.events.map((e) => e.metadata.eventId),
      ]);
    }
    // No number was taken by the retries: the next dossier of the day is 0002.
    expect((await second.execute(receive(uuidv7(), uuidv7(), '2025-10-06T09:30'))).state.dossierCode).toBe('000.00.06.H56-251006-0002');
  });

  it('the limit: the same command id under a fresh dossier id is another command — a second dossier, with the next code', async () => {
    const { store, first } = engines();
    const commandId = uuidv7();
    const a = await first.execute(receive(commandId, uuidv7()));
    const b = await first.execute(receive(commandId, uuidv7()));
    expect([a.duplicate, b.duplicate]).toEqual([false, false]);
    expect([a.state.dossierCode, b.state.dossierCode]).toEqual(['000.00.06.H56-251006-0001', '000.00.06.H56-251006-0002']);
    const ids = [];
    for await (const e of store.readAll()) ids.push([e.streamId, e.metadata.commandId]);
    expect(ids).toEqual([
      [a.streamId, commandId],
      [b.streamId, commandId],
    ]);
  });
});
