import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { CommandBody, CommandInput } from '../commands/schemas';
import { createEngine } from '../engine/engine';
import { InvalidTransitionError } from '../errors';
import type { EventStore } from '../store/types';
import { sampleCatalog } from '../samples';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa' };
const applicant = { name: 'Nguyễn Thị Hoa' };
const actor = { id: 'cb-01', role: 'officer' };
const vn = (s: string) => `${s}:00.000+07:00`;
const cmd = (dossierId: string, body: CommandBody): CommandInput => ({ actor, ...body, commandId: uuidv7(), dossierId }) as CommandInput;

/**
 * Engine-level contract: the engine behaves the same on every store adapter
 * (full lifecycle, idempotency across engines, racing engines, dossier-code
 * sequences under concurrency, refused commands append nothing).
 *
 * @example
 * ```ts
 * engineContract('sqlite', async () => ({ store: await createSqliteEventStore({ filename }) }));
 * ```
 */
export function engineContract(name: string, factory: () => Promise<{ store: EventStore; teardown?: () => Promise<void> }>): void {
  describe(`engine on ${name}`, () => {
    const withStore = async (fn: (store: EventStore) => Promise<void>) => {
      const { store, teardown } = await factory();
      try {
        await fn(store);
      } finally {
        await store.close();
        await teardown?.();
      }
    };

    it('runs a dossier through its lifecycle; replay, as-of and history agree', () =>
      withStore(async (store) => {
        const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const id = uuidv7();
        await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'online', at: vn('2023-10-27T09:32') }));
        await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2023-10-27T10:00') }));
        await engine.execute(cmd(id, { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }], at: vn('2023-10-30T10:00') }));
        await engine.execute(cmd(id, { type: 'RecordFeePayment', amountVnd: 50000, method: 'online', at: vn('2023-10-30T11:00') }));
        await engine.execute(cmd(id, { type: 'Resolve', electronicResult: true, at: vn('2023-10-31T15:00') }));
        const last = await engine.execute(cmd(id, { type: 'ReturnResult', method: 'online', at: vn('2023-11-01T08:00') }));
        expect(last.state.state).toBe('returned');
        expect(last.state.due?.legal.date).toBe('2023-11-01');
        const fresh = createEngine({ store, catalog: sampleCatalog(), cacheSize: 0, policy: 'none' });
        expect(await fresh.get(id)).toEqual(last.state);
        expect((await fresh.history(id)).map((e) => e.version)).toEqual([1, 2, 3, 4, 5, 6]);
        expect((await fresh.stateAt(id, vn('2023-10-30T10:30'))).state).toBe('feeRequested');
      }));

    it('is idempotent by command id across engines, and refused commands append nothing', () =>
      withStore(async (store) => {
        const engineA = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const engineB = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const id = uuidv7();
        const command = cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') });
        const first = await engineA.execute(command);
        const again = await engineB.execute(command);
        expect(again.duplicate).toBe(true);
        expect(again.events.map((e) => e.metadata.eventId)).toEqual(first.events.map((e) => e.metadata.eventId));
        await store.waitUntilReadable(); // the horizon may still rise to the earlier appends (PostgreSQL)
        const head = await store.headPosition();
        await expect(engineB.execute(cmd(id, { type: 'ReturnResult', method: 'counter', at: vn('2024-03-04T10:00') }))).rejects.toBeInstanceOf(InvalidTransitionError);
        expect(await store.headPosition()).toBe(head);
      }));

    it('two engines racing on one dossier: every command lands once, versions gap-free', () =>
      withStore(async (store) => {
        const engines = [createEngine({ store, catalog: sampleCatalog(), policy: 'none' }), createEngine({ store, catalog: sampleCatalog(), policy: 'none' })];
        const id = uuidv7();
        await engines[0]!.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2024-03-04T09:00') }));
        await Promise.all(engines.map((e) => e.get(id)));
        const petitions = 8;
        await Promise.all(
          Array.from({ length: petitions }, (_, index) =>
            engines[index % 2]!.execute(cmd(id, { type: 'FilePetition', petitionId: `p${index}`, content: 'Hỏi tiến độ', channel: 'hotline', at: vn('2024-03-04T10:00') })),
          ),
        );
        const state = await engines[1]!.get(id);
        expect(state.version).toBe(petitions + 1);
        expect(state.petitions.map((p) => p.id).sort()).toEqual(Array.from({ length: petitions }, (_, i) => `p${i}`).sort());
      }));

    it('dossier codes stay unique per unit per day under concurrent receipts', () =>
      withStore(async (store) => {
        const engines = [createEngine({ store, catalog: sampleCatalog(), policy: 'none' }), createEngine({ store, catalog: sampleCatalog(), policy: 'none' })];
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, index) =>
            engines[index % 2]!.execute(cmd(uuidv7(), { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct', at: vn('2024-03-05T09:00') })),
          ),
        );
        const seqs = results.map((r) => Number(r.state.dossierCode!.slice(-4))).sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      }));
  });
}
