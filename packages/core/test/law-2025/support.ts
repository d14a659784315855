/**
 * Shared fixtures of the NĐ 118/2025 rule tests (issue #12): the same
 * procedure, received on Mon 30/06/2025 (NĐ 61/2018 in force, Đ40.1 of NĐ 118:
 * the 2018 decree expires on 01/07/2025) and on Tue 01/07/2025 (NĐ 118/2025).
 * Every expected date in these tests is hand-computed from the article and the
 * official 2025 schedule (TB 6150: 30/08–02/09/2025 off, 01–02/09 the national
 * day; Sat/Sun off), never from the code under test.
 */
import { v7 as uuidv7 } from 'uuid';
import {
  RULE_PACK_2018,
  RULE_PACK_2025,
  createCatalog,
  createEngine,
  defineProcedure,
  InMemoryEventStore,
  type CommandBody,
  type CommandInput,
  type Engine,
  type RulePack,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';

/** Business registration (3 working days, electronic result), with the portal's result-type code (Đ22.4). */
export const BUSINESS = '2.002030';
export const RESULT_TYPE = 'GCN.DKDN';
/** A procedure whose sector law gives 30 days to complete a supplement instead of 15 (NĐ 118/2025 Đ19.5 "sector period"). */
export const SECTOR = '2.900001';

export const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
export const applicant = { name: 'Nguyễn Văn An', idNumber: '001090000001', phone: '0912000001' };
export const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
export const intake = { procedureCode: BUSINESS, unit, applicant, channel: 'direct' as const };

/** The last day of NĐ 61/2018 and the first of NĐ 118/2025. */
export const DAY_2018 = '2025-06-30';
export const DAY_2025 = '2025-07-01';

export const vn = (local: string) => `${local}:00.000+07:00`;

export function catalog(rulePacks?: readonly RulePack[]) {
  const { businessRegistration, ...rest } = sampleProcedures;
  const business = defineProcedure({ ...businessRegistration, resultTypeCode: RESULT_TYPE });
  const sector = defineProcedure({ ...businessRegistration, code: SECTOR, name: { vi: 'Thủ tục có thời hạn bổ sung riêng' }, supplementPeriodDays: 30 });
  return createCatalog({ procedures: [...Object.values(rest), business, sector], ...(rulePacks ? { rulePacks } : {}) });
}

/** A fresh engine on an in-memory store (real engine, no mocks); optional rule packs replace the bundled ones. */
export function newEngine(rulePacks?: readonly RulePack[]): { engine: Engine; store: InMemoryEventStore } {
  const store = new InMemoryEventStore();
  return { store, engine: createEngine({ store, catalog: catalog(rulePacks), policy: 'none' }) };
}

/** A command for one dossier with fresh ids. */
export function cmd(dossierId: string, body: CommandBody): CommandInput {
  return { actor: officer, ...body, commandId: uuidv7(), dossierId } as CommandInput;
}

/** The two bundled packs with one field changed (a province's configuration). */
export function packsWith(change: Partial<RulePack>): RulePack[] {
  return [
    { ...RULE_PACK_2018, ...change },
    { ...RULE_PACK_2025, ...change },
  ];
}

/** Run the commands in order; returns the engine's last result. */
export async function run(engine: Engine, id: string, steps: [local: string, body: CommandBody][]) {
  let last: Awaited<ReturnType<Engine['execute']>> | undefined;
  for (const [local, body] of steps) last = await engine.execute(cmd(id, { ...body, at: vn(local) } as CommandBody));
  return last!;
}

/** The refusal a command gets, or undefined if it was accepted. */
export async function refusal(p: Promise<unknown>): Promise<{ code?: string; rule?: string; message: string } | undefined> {
  return p.then(
    () => undefined,
    (e: { code?: string; rule?: string; message: string }) => e,
  );
}

export { uuidv7 };
