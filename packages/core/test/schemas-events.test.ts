/**
 * The published JSON Schemas (schemas/, `pnpm schemas`) hold for the real
 * thing: every event a real engine stores while random walks of allowed
 * commands run over the sample catalog validates against
 * schemas/events/<type>.schema.json (its data) and
 * schemas/events/StoredEvent.schema.json (the whole event), and every command
 * the engine accepted validates against schemas/commands/<type>.schema.json.
 * The walks must produce every event type of the live registry, so a new
 * event type without a way here to reach it fails this test. The schemas are
 * read with ajv (draft 2020-12), not with zod: what a Java or .NET consumer
 * would do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  DOSSIER_EVENT_TYPES,
  INTAKE_COMMANDS,
  InMemoryEventStore,
  MotcuaError,
  commandSchemas,
  type CommandBody,
  type CommandInput,
  type CommandType,
  type DossierState,
  type StoredEvent,
} from '@motcua/core';
import { approvalSampleCatalog as sampleCatalog, approvalSampleProcedures, sampleProcedures as plainSamples } from '@motcua/core/testkit';

// The walks cover the procedures with an internal approval route too (their steps' events).
const sampleProcedures = { ...plainSamples, ...approvalSampleProcedures };
import { applicant, officer, unit } from './helpers';

const dir = join(import.meta.dirname, '..', '..', '..', 'schemas');
const read = (path: string) => JSON.parse(readFileSync(join(dir, path), 'utf8')) as Record<string, unknown>;

function newAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addKeyword('x-schema-version');
  return ajv;
}
const ajv = newAjv();
const compiled = new Map<string, ValidateFunction>();
const validator = (path: string) => {
  let v = compiled.get(path);
  if (!v) compiled.set(path, (v = ajv.compile(read(path))));
  return v;
};
const errorsOf = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: '\n' });

/** A seeded PRNG (mulberry32): the walks are the same on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const intake = (code: string) => ({
  procedureCode: code,
  unit,
  applicant,
  channel: 'direct' as const,
  components: [{ code: 'TK', name: 'Tờ khai', form: 'original' as const, digitised: true }],
});

/** A body for each command, from the dossier's state; a command without a body here is never run (and its events then fail the coverage check). */
const BODIES: Partial<Record<CommandType, (s: DossierState | undefined, code: string, at: string, n: number) => CommandBody | undefined>> = {
  SubmitOnline: (_s, code) => ({ type: 'SubmitOnline', ...intake(code), channel: 'online' }),
  RequestIntakeSupplement: (s, code) => ({ type: 'RequestIntakeSupplement', items: [{ name: 'CCCD' }], reason: 'Thiếu giấy tờ', ...(s ? {} : { intake: intake(code) }) }),
  ProvideIntakeSupplement: () => ({ type: 'ProvideIntakeSupplement' }),
  RefuseReception: (s, code) => ({ type: 'RefuseReception', reason: 'Sai thẩm quyền', ...(s ? {} : { intake: intake(code) }) }),
  ReceiveDossier: (s, code) => (s ? { type: 'ReceiveDossier' } : { type: 'ReceiveDossier', ...intake(code) }),
  HandleInstantly: (_s, code) => ({ type: 'HandleInstantly', ...intake(code) }),
  TransferDossier: () => ({ type: 'TransferDossier' }),
  AssignOfficer: () => ({ type: 'AssignOfficer', officer: { id: 'cv-01', name: 'Phạm Minh Đức' } }),
  ForwardStep: () => ({ type: 'ForwardStep', note: 'Trình xem xét' }),
  ReturnForRework: () => ({ type: 'ReturnForRework', reason: 'Dự thảo chưa đúng mẫu' }),
  RecordVerification: () => ({ type: 'RecordVerification', place: 'Thửa đất 112', participants: ['Phạm Minh Đức'], content: 'Xác minh' }),
  RequestConsultation: (_s, _c, at, n) => ({
    type: 'RequestConsultation',
    consultationId: `c${n}`,
    agency: { code: 'STP', name: 'Sở Tư pháp' },
    content: 'Xin ý kiến',
    deadline: at.slice(0, 10),
  }),
  AnswerConsultation: (s) => {
    const open = s?.consultations.find((c) => !c.answeredAt);
    return open ? { type: 'AnswerConsultation', consultationId: open.id, answer: 'Đồng ý' } : undefined;
  },
  RequestSupplement: () => ({ type: 'RequestSupplement', items: [{ name: 'Sơ đồ thửa đất' }], reason: 'Thiếu sơ đồ' }),
  ProvideSupplement: () => ({ type: 'ProvideSupplement' }),
  RequestFee: () => ({ type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] }),
  RecordFeePayment: () => ({ type: 'RecordFeePayment', amountVnd: 50_000, method: 'online', gateway: 'dvcqg' }),
  StartInterAgency: () => ({ type: 'StartInterAgency' }),
  CompleteLeg: (s) => {
    const i = s?.route?.legs.findIndex((l) => !l.completedAt) ?? -1;
    return i >= 0 ? { type: 'CompleteLeg', legIndex: i, result: 'Xong' } : undefined;
  },
  IssueApology: (s) => {
    const due = s?.due?.legal.date;
    if (!due) return undefined;
    const later = new Date(Date.parse(`${due}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    return { type: 'IssueApology', reason: 'Chờ ý kiến', lateUnit: 'Phòng Tài nguyên và Môi trường', newDueDate: later };
  },
  // NĐ 118/2025 Đ21: run only on a dossier filed online (submitted online, received as it was), see the walk.
  AmendDossier: () => ({ type: 'AmendDossier', description: 'Thay tờ khai đã ký', components: [{ code: 'TK', name: 'Tờ khai (đã ký)', form: 'electronic' }] }),
  RequestWithdrawal: () => ({ type: 'RequestWithdrawal', reason: 'Không có nhu cầu' }),
  StopProcessing: () => ({ type: 'StopProcessing', reason: 'Dừng', cause: 'other' }),
  CloseDossier: () => ({ type: 'CloseDossier', reason: 'Không bổ sung trong 15 ngày' }),
  Resolve: () => ({ type: 'Resolve', electronicResult: true, resultFiles: ['kq.pdf'] }),
  RefuseResolution: () => ({ type: 'RefuseResolution', reason: 'Không đủ điều kiện' }),
  NotifyEarlyReturn: () => ({ type: 'NotifyEarlyReturn', channel: 'sms' }),
  ReturnResult: () => ({ type: 'ReturnResult', method: 'counter', receiver: 'Nguyễn Văn An' }),
  Rate: () => ({ type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thai-do', level: 'satisfied' }], like: true }),
  FilePetition: (_s, _c, _at, n) => ({ type: 'FilePetition', petitionId: `p${n}`, content: 'Chậm trả', channel: 'hotline' }),
  AnswerPetition: (s) => {
    const open = s?.petitions.find((p) => !p.answeredAt);
    return open ? { type: 'AnswerPetition', petitionId: open.id, outcome: 'resolved' } : undefined;
  },
  RecordPortalSync: () => ({ type: 'RecordPortalSync' }),
  ReportResultError: () => ({ type: 'ReportResultError', description: 'Sai tên trong kết quả', reportedBy: 'applicant' }),
  CorrectResult: () => ({ type: 'CorrectResult', note: 'Đã đính chính' }),
  CorrectEvent: (s) => {
    // The return, entered a minute early. A correction keeps its target between the events around it in the stream:
    // every command of this walk comes an hour or more after the one before, so a minute later is within them (moving
    // the resolution back to the reception, as this did, is CORRECTION_OUT_OF_ORDER: the transfer lies between them).
    const returned = s?.returned;
    if (!returned) return undefined;
    return { type: 'CorrectEvent', target: { type: 'ResultReturned' }, field: 'occurredAt', value: vnInstant(Date.parse(returned.at) + 60_000), reason: 'Nhập nhầm thời điểm' };
  },
};

const DAY = 86_400_000;
const vnInstant = (ms: number) => `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;

/** Random walks of allowed commands over every sample procedure; returns every stored event and every accepted command. */
async function walk(seed: number, dossiersPerProcedure: number) {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const amendRandom = prng(seed + 1);
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), clock: () => new Date('2030-01-01T00:00:00Z'), policy: 'none' });
  const accepted: CommandInput[] = [];
  for (const proc of Object.values(sampleProcedures)) {
    for (let d = 0; d < dossiersPerProcedure; d++) {
      const id = uuidv7();
      const start = Date.parse(`${proc.validTo && proc.validTo < '2025-09-01' ? '2025-03-03' : proc.validFrom > '2025-09-01' ? proc.validFrom : '2025-09-01'}T02:00:00Z`);
      let t = start + Math.floor(random() * 20) * DAY;
      let s: DossierState | undefined;
      for (let n = 0; n < 30; n++) {
        const allowed: readonly CommandType[] = s ? await engine.allowedCommands(id) : INTAKE_COMMANDS;
        const extra: CommandType[] = s ? ['Rate', 'FilePetition', 'AnswerPetition', 'RecordPortalSync', 'IssueApology', 'CloseDossier', 'ReportResultError', 'CorrectResult'] : [];
        // A correction once the result is returned (CorrectEvent is allowed in every state; earlier it would only dilute the walk).
        // AmendDossier is drawn apart (below), so the walk's other draws stay what they were before it existed.
        const choices = [...new Set([...allowed, ...extra])].filter((c) => BODIES[c] && c !== 'AmendDossier' && (c !== 'CorrectEvent' || s?.returned));
        if (choices.length === 0) break;
        // Mostly working hours a few days apart; sometimes three weeks (a supplement left unanswered long enough to close).
        t += random() < 0.1 ? 21 * DAY : Math.floor(random() * 3 * DAY) + 3_600_000;
        const at = vnInstant(t);
        // Follow-ups (an answer to an open consultation or petition, the next leg) are picked more often, or some walks never see them.
        const followUps = choices.filter((c) => c === 'AnswerConsultation' || c === 'AnswerPetition' || c === 'CompleteLeg');
        const body = BODIES[followUps.length && random() < 0.3 ? pick(followUps) : pick(choices)]!(s, proc.code, at, n);
        if (!body) continue;
        // NĐ 118/2025 Đ21: sometimes the applicant amends an online dossier first, at the same instant, from its own draws.
        if (s?.channel === 'online' && s.rulePack === 'nd118-2025' && allowed.includes('AmendDossier') && amendRandom() < 0.3) {
          const amendment = { ...BODIES.AmendDossier!(s, proc.code, at, n)!, commandId: uuidv7(), dossierId: id, actor: officer, at } as CommandInput;
          s = (await engine.execute(amendment)).state;
          accepted.push(amendment);
        }
        const command = { ...body, commandId: uuidv7(), dossierId: id, actor: officer, at } as CommandInput;
        try {
          s = (await engine.execute(command)).state;
          accepted.push(command);
        } catch (e) {
          if (!(e instanceof MotcuaError)) throw e;
          if (e.code === 'VALIDATION_FAILED') throw e; // a body above is wrong: not what this test is about
        }
      }
    }
  }
  const events: StoredEvent[] = [];
  for await (const e of store.readAll()) events.push(e);
  return { events, accepted };
}

describe('JSON Schemas of events and commands hold for a real engine run', async () => {
  const { events, accepted } = await walk(20251, 16);

  it('the walks produce every event type of the registry', () => {
    const seen = new Set(events.map((e) => e.type));
    expect(DOSSIER_EVENT_TYPES.filter((t) => !seen.has(t))).toEqual([]);
  });

  it('every stored event validates: its data against events/<type>.schema.json, the whole event against StoredEvent.schema.json', () => {
    const whole = validator('events/StoredEvent.schema.json');
    const failures: string[] = [];
    for (const e of events) {
      const plain = JSON.parse(JSON.stringify(e));
      const data = validator(`events/${e.type}.schema.json`);
      if (!data(plain.data)) failures.push(`${e.type} data: ${errorsOf(data)}`);
      if (!whole(plain)) failures.push(`${e.type} envelope: ${errorsOf(whole)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(events.length).toBeGreaterThan(300);
  });

  it('every command the engine accepted validates against commands/<type>.schema.json and Command.schema.json', () => {
    const any = validator('commands/Command.schema.json');
    const failures: string[] = [];
    for (const c of accepted) {
      const v = validator(`commands/${c.type}.schema.json`);
      if (!v(c as unknown)) failures.push(`${c.type}: ${errorsOf(v)}`);
      if (!any(c as unknown)) failures.push(`${c.type} (union): ${errorsOf(any)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(new Set(accepted.map((c) => c.type)).size).toBeGreaterThan(20);
  });

  it('the schemas refuse what the engine refuses: an unknown key, a missing required field, a wrong type', () => {
    const receive = accepted.find((c) => c.type === 'ReceiveDossier' && 'unit' in c)!;
    const v = validator('commands/ReceiveDossier.schema.json');
    expect(v({ ...receive, colour: 'red' })).toBe(false); // commands are strict
    expect(v({ ...receive, commandId: 'not-a-uuid' })).toBe(false);
    const { actor: _actor, ...noActor } = receive;
    expect(v(noActor)).toBe(false);
    for (const bad of [{ ...receive, colour: 'red' }, { ...receive, commandId: 'not-a-uuid' }, noActor])
      expect(commandSchemas.ReceiveDossier.safeParse(bad).success, 'zod agrees').toBe(false);

    const accept = JSON.parse(JSON.stringify(events.find((e) => e.type === 'DossierAccepted')!));
    const whole = validator('events/StoredEvent.schema.json');
    expect(whole(accept)).toBe(true);
    expect(whole({ ...accept, type: 'NoSuchEvent' })).toBe(false);
    expect(whole({ ...accept, data: { ...accept.data, unit: 42 } })).toBe(false);
    const { occurredAt: _o, ...noTime } = accept.metadata;
    expect(whole({ ...accept, metadata: noTime })).toBe(false);
  });

  it('every command and event type of the registry has its schema file (the files are fresh: pnpm schemas:check)', () => {
    for (const t of Object.keys(commandSchemas)) expect(read(`commands/${t}.schema.json`).title).toBe(t);
    for (const t of DOSSIER_EVENT_TYPES) expect(read(`events/${t}.schema.json`).title).toBe(`${t} data`);
  });
});
