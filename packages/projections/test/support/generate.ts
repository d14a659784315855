/**
 * Random dossier histories through the real engine (fast-check). Commands the
 * machine or the rules refuse are skipped, like a clerk retrying something else.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  createCatalog,
  createEngine,
  defineProcedure,
  InMemoryEventStore,
  MotcuaError,
  toVietnamInstant,
  type Catalog,
  type CommandBody,
  type Engine,
  type EventStore,
  type StoredEvent,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { vietnamCalendar } from '@motcua/calendar';

export const UNITS = [
  { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' },
  { code: '000.00.07.H56', name: 'Bộ phận Một cửa xã Kim Chung' },
];
export const OFFICERS = ['cv-01', 'cv-02', 'cv-03'];
export const LEVELS = ['Rất hài lòng', 'Hài lòng', 'Không hài lòng'];
export const CRITERIA = ['thoiGian', 'thaiDo', 'chiPhi'];
/**
 * A procedure with a limit in working hours (4 h) and parallel legs in hours,
 * for the minute-precise default of hour limits (issue #10 item 4). Illustrative code.
 */
export const hourProcedure = defineProcedure({
  code: '9.000004',
  name: { vi: 'Thủ tục giải quyết trong 4 giờ làm việc (thử nghiệm)', en: 'Four-working-hour procedure (test)' },
  field: { code: 'HT', name: 'Hộ tịch' },
  level: 'commune',
  agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' },
  timeLimit: { statutory: { unit: 'workingHours', value: 4 } },
  route: {
    mode: 'parallel',
    legs: [
      { agency: { code: 'UBND-XA', name: 'Ủy ban nhân dân cấp xã' }, role: 'lead', budget: { unit: 'workingHours', value: 3 } },
      { agency: { code: 'CA', name: 'Công an xã' }, role: 'participant', budget: { unit: 'workingHours', value: 2 } },
    ],
  },
  onlineLevel: 'full',
  validFrom: '2016-01-01',
});

/** The catalog the test engine runs on: the sample procedures plus {@link hourProcedure}. */
export function testCatalog(): Catalog {
  return createCatalog({ procedures: [...Object.values(sampleProcedures), hourProcedure] });
}

const PROCEDURES = ['1.001193', '2.000815', '2.002030', '1.003003', '1.009994', '9.000004'];
const BASE_MS = Date.parse('2024-03-01T08:00:00+07:00');

/** Commands a step may issue (the allowed ones are picked from at run time). */
const KINDS: Record<string, string> = {
  TransferDossier: 'transfer',
  AssignOfficer: 'assign',
  RecordVerification: 'verify',
  RequestSupplement: 'supplement',
  ProvideSupplement: 'provide',
  RequestFee: 'fee',
  RecordFeePayment: 'pay',
  StartInterAgency: 'route',
  CompleteLeg: 'leg',
  IssueApology: 'apology',
  RequestWithdrawal: 'withdraw',
  StopProcessing: 'stop',
  Resolve: 'resolve',
  RefuseResolution: 'refuse',
  NotifyEarlyReturn: 'notify',
  ReturnResult: 'return',
  Rate: 'rate',
  FilePetition: 'petition',
  AnswerPetition: 'answerPetition',
  RecordPortalSync: 'sync',
  RequestConsultation: 'consult',
  AnswerConsultation: 'answerConsult',
  ProvideIntakeSupplement: 'provideIntake',
  ReceiveDossier: 'receive',
  RefuseReception: 'refuseReception',
  RequestIntakeSupplement: 'requestIntake',
};
const RARE = new Set(['FilePetition', 'AnswerPetition', 'RecordPortalSync', 'IssueApology', 'RequestWithdrawal', 'StopProcessing', 'RefuseResolution', 'NotifyEarlyReturn']);
type StepKind =
  | 'refuseReception'
  | 'requestIntake'
  | 'transfer'
  | 'assign'
  | 'verify'
  | 'supplement'
  | 'provide'
  | 'fee'
  | 'pay'
  | 'route'
  | 'leg'
  | 'apology'
  | 'withdraw'
  | 'stop'
  | 'resolve'
  | 'refuse'
  | 'notify'
  | 'return'
  | 'rate'
  | 'petition'
  | 'answerPetition'
  | 'sync'
  | 'consult'
  | 'answerConsult'
  | 'provideIntake'
  | 'receive';

export interface Step {
  /** Which of the allowed commands to issue. */
  choice: number;
  gapMinutes: number;
  arg: number;
}
export interface DossierScript {
  procedure: string;
  unit: number;
  channel: 'direct' | 'online' | 'postal';
  /** `submit`: online submission only; reception (accept, refuse, intake supplement) happens in the steps, for the reception SLA. */
  intake: 'receive' | 'submitThenReceive' | 'instant' | 'refuse' | 'intakeSupplement' | 'submit';
  startMinutes: number;
  components: { digitised: boolean; reused: boolean; fromCitizenStore: boolean }[];
  usesPopulationData: boolean;
  steps: Step[];
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  choice: fc.nat(10_000),
  gapMinutes: fc.oneof(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 240, max: 6 * 1440 })),
  arg: fc.nat(1000),
});

export const dossierArb: fc.Arbitrary<DossierScript> = fc.record({
  procedure: fc.constantFrom(...PROCEDURES),
  unit: fc.nat(UNITS.length - 1),
  channel: fc.constantFrom('direct', 'online', 'postal'),
  intake: fc.constantFrom('receive', 'receive', 'receive', 'submitThenReceive', 'instant', 'refuse', 'intakeSupplement', 'submit'),
  startMinutes: fc.integer({ min: 0, max: 30 * 1440 }),
  components: fc.array(fc.record({ digitised: fc.boolean(), reused: fc.boolean(), fromCitizenStore: fc.boolean() }), { maxLength: 3 }),
  usesPopulationData: fc.boolean(),
  steps: fc.array(stepArb, { minLength: 0, maxLength: 20 }),
});

export const historyArb = fc.array(dossierArb, { minLength: 1, maxLength: 10 });

interface Live {
  id: string;
  script: DossierScript;
  petitions: string[];
  consultation?: string;
  n: number;
}

function bodyFor(l: Live, kind: StepKind, step: Step, engineState: Awaited<ReturnType<Engine['get']>> | undefined): CommandBody | undefined {
  const a = step.arg;
  switch (kind) {
    case 'receive':
      return { type: 'ReceiveDossier' };
    case 'refuseReception':
      return { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền' };
    case 'requestIntake':
      return { type: 'RequestIntakeSupplement', items: [{ name: 'Tờ khai' }], reason: 'Thiếu' };
    case 'provideIntake':
      return { type: 'ProvideIntakeSupplement' };
    case 'transfer':
      return { type: 'TransferDossier', mode: a % 2 ? 'paper' : 'electronic' };
    case 'assign':
      return { type: 'AssignOfficer', officer: { id: OFFICERS[a % OFFICERS.length]! } };
    case 'verify':
      return { type: 'RecordVerification', place: 'Thực địa', participants: ['cv-01'], content: 'Xác minh' };
    case 'supplement':
      return { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' };
    case 'provide':
      return { type: 'ProvideSupplement' };
    case 'fee':
      return { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] };
    case 'pay':
      return a % 3 === 0
        ? { type: 'RecordFeePayment', amountVnd: 50000, method: 'counter' }
        : { type: 'RecordFeePayment', amountVnd: 50000, method: 'online', gateway: a % 2 ? 'dvcqg' : 'local' };
    case 'route':
      return { type: 'StartInterAgency' };
    case 'leg':
      return { type: 'CompleteLeg', legIndex: a % 3 };
    case 'apology': {
      const due = engineState?.due?.legal.date;
      if (!due) return undefined;
      return { type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate: vietnamCalendar().addWorkingDays(due, 1 + (a % 4)) };
    }
    case 'withdraw':
      return { type: 'RequestWithdrawal', reason: 'Công dân rút' };
    case 'stop':
      return { type: 'StopProcessing', reason: 'Dừng' };
    case 'resolve':
      return { type: 'Resolve', electronicResult: a % 2 === 0 };
    case 'refuse':
      return { type: 'RefuseResolution', reason: 'Không đủ điều kiện' };
    case 'notify':
      return { type: 'NotifyEarlyReturn', channel: 'sms' };
    case 'return':
      return { type: 'ReturnResult', method: a % 3 === 0 ? 'online' : 'counter' };
    case 'rate': {
      const ratings = CRITERIA.slice(0, 1 + (a % 3)).map((criterion, i) => ({ criterion, level: LEVELS[(a + i) % LEVELS.length]! }));
      return { type: 'Rate', channel: a % 2 ? 'online' : 'kiosk', ratings, ...(a % 5 === 0 ? {} : { like: a % 5 !== 1 }) };
    }
    case 'petition': {
      const id = `p${l.petitions.length + 1}`;
      return { type: 'FilePetition', petitionId: id, content: 'Phản ánh', channel: 'portal' };
    }
    case 'answerPetition': {
      const id = l.petitions[a % Math.max(1, l.petitions.length)];
      return id ? { type: 'AnswerPetition', petitionId: id, outcome: 'resolved' } : undefined;
    }
    case 'sync':
      return { type: 'RecordPortalSync' };
    case 'consult':
      return {
        type: 'RequestConsultation',
        consultationId: `c${l.n}`,
        agency: { code: 'SXD', name: 'Sở Xây dựng' },
        content: 'Xin ý kiến',
        deadline: toVietnamInstant(BASE_MS + (l.script.startMinutes + 10 * 1440) * 60_000).slice(0, 10),
      };
    case 'answerConsult':
      return l.consultation ? { type: 'AnswerConsultation', consultationId: l.consultation, answer: 'Đồng ý' } : undefined;
  }
}

/** Run scripts through a fresh engine on `store`; commands are interleaved by business time. Returns the log. */
export async function runHistory<S extends EventStore = InMemoryEventStore>(
  scripts: readonly DossierScript[],
  store: S = new InMemoryEventStore() as unknown as S,
): Promise<{ events: StoredEvent[]; engine: Engine; store: S }> {
  const engine = createEngine({ store, catalog: testCatalog(), cacheSize: 0, policy: 'none' });
  type Item = { at: number; l: Live; step: Step | null; seq: number };
  const items: Item[] = [];
  let seq = 0;
  for (const script of scripts) {
    const l: Live = { id: randomUUID(), script, petitions: [], n: 0 };
    let t = BASE_MS + script.startMinutes * 60_000;
    items.push({ at: t, l, step: null, seq: seq++ });
    for (const step of script.steps) {
      t += step.gapMinutes * 60_000;
      items.push({ at: t, l, step, seq: seq++ });
    }
  }
  items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  const actor = (l: Live, i: number) => ({ id: OFFICERS[i % OFFICERS.length]!, role: 'officer', unit: UNITS[l.script.unit]!.code });
  const exec = async (l: Live, body: CommandBody, at: number) => {
    try {
      await engine.execute({ ...body, actor: actor(l, l.n), commandId: randomUUID(), dossierId: l.id, at: toVietnamInstant(at) } as never);
      return true;
    } catch (e) {
      if (e instanceof MotcuaError) return false;
      throw e;
    }
  };
  for (const { at, l, step } of items) {
    l.n++;
    const s = l.script;
    if (step === null) {
      const intake = {
        procedureCode: s.procedure,
        unit: UNITS[s.unit]!,
        applicant: { name: 'Nguyễn Văn An' },
        channel: s.channel,
        components: s.components.map((c, i) => ({ code: `TP${i}`, ...c })),
        usesPopulationData: s.usesPopulationData,
      };
      if (s.intake === 'instant') {
        if (!(await exec(l, { type: 'HandleInstantly', ...intake, electronicResult: s.startMinutes % 2 === 0 }, at))) await exec(l, { type: 'ReceiveDossier', ...intake }, at);
      } else if (s.intake === 'receive') await exec(l, { type: 'ReceiveDossier', ...intake }, at);
      else if (s.intake === 'refuse') await exec(l, { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền', intake }, at);
      else if (s.intake === 'intakeSupplement') await exec(l, { type: 'RequestIntakeSupplement', items: [{ name: 'Tờ khai' }], reason: 'Thiếu', intake }, at);
      else if (s.intake === 'submit') await exec(l, { type: 'SubmitOnline', ...intake, channel: 'online' }, at);
      else {
        await exec(l, { type: 'SubmitOnline', ...intake, channel: 'online' }, at);
        await exec(l, { type: 'ReceiveDossier' }, at + 30 * 60_000);
      }
      continue;
    }
    let state;
    try {
      state = await engine.get(l.id);
    } catch {
      state = undefined;
    }
    if (!state) continue;
    let allowed: string[] = (await engine.allowedCommands(l.id)).filter((c) => KINDS[c] !== undefined);
    // Three steps in four move the dossier forward; annotations, apologies and withdrawals are rarer.
    const progress = allowed.filter((c) => !RARE.has(c));
    if (step.arg % 4 !== 0 && progress.length > 0) allowed = progress;
    if (allowed.length === 0) continue;
    // Supplement paths (restart, pause, >1 request, ending while waiting) get extra weight.
    let pick = allowed[step.choice % allowed.length]!;
    if (allowed.includes('RequestSupplement') && step.arg % 4 === 1) pick = 'RequestSupplement';
    if (allowed.includes('ProvideSupplement') && step.arg % 6 === 2) pick = step.choice % 2 ? 'StopProcessing' : 'RequestWithdrawal';
    const kind = KINDS[pick] as StepKind;
    const lastMs = state.lastEventAt ? Date.parse(state.lastEventAt) : 0;
    const when = Math.max(at, lastMs + 60_000);
    const body = bodyFor(l, kind, step, state);
    if (!body) continue;
    const ok = await exec(l, body, when);
    if (ok && body.type === 'FilePetition') l.petitions.push(body.petitionId);
    if (ok && body.type === 'RequestConsultation') l.consultation = body.consultationId;
    if (ok && body.type === 'AnswerConsultation') delete l.consultation;
  }
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { events, engine, store };
}
