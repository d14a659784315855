import { v7 as uuidv7 } from 'uuid';
import { expect, it } from 'vitest';
import {
  citizenRoute,
  createCitizenTransport,
  createEngine,
  createOutboxRelay,
  dossierStreamId,
  InMemoryEventStore,
  InMemoryKeyStore,
  InMemoryOutboxStore,
  protectPersonalData,
  smsChannel,
  type CommandBody,
  type CommandInput,
} from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, officer, unit } from './helpers';

/*
 * The notification route on events the engine really writes (not hand-made):
 * a dossier received at the counter gives one SMS whose dossier code and
 * appointment day are the ones the receipt event recorded, written dd/MM/yyyy
 * here by splitting the ISO date (an independent formatting).
 */
it('a dossier received by the engine sends one SMS with its code and appointment day, through the privacy layer', async () => {
  const store = protectPersonalData(new InMemoryEventStore(), { keys: new InMemoryKeyStore() });
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', clock: () => new Date('2024-10-28T02:00:00Z') });
  const dossierId = uuidv7();
  const run = (body: CommandBody) => engine.execute({ actor: officer, ...body, commandId: uuidv7(), dossierId } as CommandInput);
  const procedureCode = sampleCatalog().list()[0]!.code;
  await run({ type: 'ReceiveDossier', procedureCode, unit, applicant, channel: 'direct' } as CommandBody);
  const sent: { to: string; text: string }[] = [];
  const relay = createOutboxRelay({
    log: store,
    outbox: new InMemoryOutboxStore(),
    routes: [citizenRoute()],
    transports: { citizen: createCitizenTransport({ log: store, channels: [smsChannel({ send: async (to, text) => void sent.push({ to, text }) })] }) },
  });
  await relay.pump();
  const { events } = await store.readStream(dossierStreamId(dossierId));
  const accepted = events.find((e) => e.type === 'DossierAccepted')!.data as { dossierCode: string; due: { date: string } };
  const [year, month, day] = accepted.due.date.split('-');
  expect(sent).toHaveLength(1);
  expect(sent[0]!.to).toBe(applicant.phone);
  expect(sent[0]!.text).toContain(`Kính gửi ông/bà ${applicant.name}:`);
  expect(sent[0]!.text).toContain(`hồ sơ ${accepted.dossierCode} ngày 28/10/2024`);
  expect(sent[0]!.text).toContain(`Ngày hẹn trả kết quả: ${day}/${month}/${year}.`);
});
