/**
 * Internal approval steps add no lateness to the reports (issue #15 item 2):
 * the legal clock is the procedure's, not the steps'. The same dossiers run
 * twice — on a procedure without an approval route and on the same procedure
 * (same code and version) with one, whose steps are forwarded (often after
 * their own deadlines) just before the same result time — and report 06a
 * and Decision 766 must be equal.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vietnamCalendar } from '@motcua/calendar';
import {
  type Catalog,
  type CommandBody,
  type CommandInput,
  type StoredEvent,
  createCatalog,
  createEngine,
  defaultApprovalRoute,
  defineProcedure,
  InMemoryEventStore,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/samples';
import { decision766, foldProjection, report06a, timelinessProjection } from '@motcua/projections';

const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const applicant = { name: 'Nguyễn Văn An', idNumber: '001090000001' };
const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
const plain = defineProcedure({ ...sampleProcedures.businessRegistration }); // 3 working days
const routed = defineProcedure({
  ...sampleProcedures.businessRegistration,
  approvalRoute: defaultApprovalRoute({ draft: { unit: 'workingHours', value: 8 }, review: { unit: 'workingHours', value: 4 }, sign: { unit: 'workingHours', value: 2 } }),
});

/** One dossier: received at a working hour of March 2024, resolved some hours later, maybe after a supplement. */
const dossierArb = fc.record({
  receivedDay: fc.integer({ min: 0, max: 20 }),
  receivedHour: fc.integer({ min: 8, max: 16 }),
  resolveAfterHours: fc.integer({ min: 2, max: 24 * 12 }),
  supplement: fc.boolean(),
  refuse: fc.boolean(),
  returned: fc.boolean(),
});

type Dossier = typeof dossierArb extends fc.Arbitrary<infer T> ? T : never;
const vn = (ms: number) => `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}.000+07:00`;

async function run(catalog: Catalog, dossiers: Dossier[], steps: boolean): Promise<StoredEvent[]> {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
  for (const [index, d] of dossiers.entries()) {
    const id = `0193c7a0-0000-7000-8000-${String(index).padStart(12, '0')}`;
    const exec = (body: CommandBody, at: number) => engine.execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id, at: vn(at) } as CommandInput);
    const received = Date.UTC(2024, 2, 4 + d.receivedDay, d.receivedHour - 7);
    const resolved = received + d.resolveAfterHours * 3_600_000;
    await exec({ type: 'ReceiveDossier', procedureCode: plain.code, unit, applicant, channel: 'direct' }, received);
    await exec({ type: 'TransferDossier' }, received + 60_000);
    if (d.supplement) {
      await exec({ type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'thiếu' }, received + 120_000);
      await exec({ type: 'ProvideSupplement' }, received + 180_000);
    }
    // With a route: the three steps forwarded in the minutes before the result (the signature last).
    if (steps) for (const before of [3, 2, 1]) await exec({ type: 'ForwardStep' }, resolved - before * 60_000);
    await exec(d.refuse ? { type: 'RefuseResolution', reason: 'không đủ điều kiện' } : { type: 'Resolve' }, resolved);
    if (d.returned) await exec({ type: 'ReturnResult', method: 'counter' }, resolved + 3_600_000);
  }
  const events: StoredEvent[] = [];
  for await (const event of store.readAll()) events.push(event);
  return events;
}

describe('a route adds no lateness to the reports', () => {
  it('06a and Decision 766 of the same dossiers are equal with and without internal steps', async () => {
    const cal = vietnamCalendar();
    const projection = timelinessProjection({ calendar: cal, lateEventWindowDays: 100_000 });
    let lateSteps = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(dossierArb, { minLength: 1, maxLength: 8 }), async (dossiers) => {
        const without = await run(createCatalog({ procedures: [plain] }), dossiers, false);
        const withSteps = await run(createCatalog({ procedures: [routed] }), dossiers, true);
        lateSteps += withSteps.filter((e) => e.type === 'StepForwarded' && (e.data as { late: boolean }).late).length;
        const a = foldProjection(projection, without);
        const b = foldProjection(projection, withSteps);
        const query = { projection, from: '2024-03-01', to: '2024-05-31', groupBy: ['procedure' as const] };
        const catalogA = createCatalog({ procedures: [plain] });
        const catalogB = createCatalog({ procedures: [routed] });
        const rowsA = report06a(a, { ...query, catalog: catalogA });
        expect(rowsA.length).toBeGreaterThan(0);
        expect(report06a(b, { ...query, catalog: catalogB })).toEqual(rowsA);
        expect(decision766(b, { ...query, catalog: catalogB })).toEqual(decision766(a, { ...query, catalog: catalogA }));
      }),
      { numRuns: 25 },
    );
    expect(lateSteps).toBeGreaterThan(0); // steps past their own deadlines were among the runs: they did not count
  }, 120_000);
});
