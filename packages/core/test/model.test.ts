/**
 * Model-based property test: random command sequences against a simple,
 * independently written reference model of the lifecycle (domain brief §3).
 * Invariants after every command:
 *  - a refused command appends nothing;
 *  - the dossier's state equals the reference model's;
 *  - replaying the history equals the incrementally evolved state;
 *  - the fast fold equals XState's own interpretation of the same events;
 *  - versions increase by one per event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { v7 as uuidv7 } from 'uuid';
import {
  MotcuaError,
  eventKeyOf,
  evolveDossier,
  foldDossier,
  initialDossierState,
  stateKeyOf,
  toVietnamInstant,
  type CommandInput,
  type Engine,
  type Procedure,
} from '@motcua/core';
import { sampleProcedures } from '@motcua/core/testkit';
import { applicant, newEngine, officer, unit } from './helpers';

interface Model {
  proc: Procedure;
  top: string;
  sub: 'appraisal' | 'consultation';
  legsDone: boolean[];
  apologised: boolean;
  notified: boolean;
  /** Consultations asked and not answered, in request order (they stay open across a pause or a route). */
  openConsultations: string[];
  consultations: number;
  petitions: number;
  openPetitions: string[];
  version: number;
  clock: number;
  /** Clock of the last supplement notice (intake or after acceptance). */
  noticeAt: number;
  /** The dossier is under NĐ 118/2025 (its first event on or after 01/07/2025): one supplement request per stage, closure after 15 days. */
  law2025: boolean;
  intakeRequests: number;
  supplementRequests: number;
  /** An error in the returned result is reported and not yet corrected (Đ23.1). */
  resultErrorOpen: boolean;
  /** The dossier was rated through the kiosk on the one criterion the model's `Rate` answers: a repeat is refused. */
  rated: boolean;
  /** Filed online (`SubmitOnline`, kept by a `ReceiveDossier` with an odd arg): only such a dossier may be amended (NĐ 118/2025 Đ21). */
  online: boolean;
}
interface Real {
  engine: Engine;
  store: ReturnType<typeof newEngine>['store'];
  id: string;
}

type Expect = { ok: true; top: string; events: number; apply?: (m: Model) => void } | { ok: false; code: string };
const deny = (code = 'INVALID_TRANSITION'): Expect => ({ ok: false, code });
const ok = (top: string, apply?: (m: Model) => void, events = 1): Expect => ({ ok: true, top, events, ...(apply ? { apply } : {}) });

const INTAKE = new Set(['SubmitOnline', 'ReceiveDossier', 'HandleInstantly', 'RequestIntakeSupplement', 'RefuseReception']);
const PRE = ['draft', 'submitted', 'intakeSupplement'];

/** The reference model: written from the domain brief, not from the machine. */
/** Local calendar days from the last supplement notice's day to the command's day. */
const daysSinceNotice = (m: Model): number => (Date.parse(toVietnamInstant(m.clock).slice(0, 10)) - Date.parse(toVietnamInstant(m.noticeAt).slice(0, 10))) / 86_400_000;

function expected(m: Model, type: string, arg: number): Expect {
  const t = m.top;
  if (m.version === 0 && !INTAKE.has(type)) return deny('NOT_FOUND');
  // The rule pack is pinned by the local day of the dossier's first event.
  if (m.version === 0) m.law2025 = toVietnamInstant(m.clock).slice(0, 10) >= '2025-07-01';
  const route = m.proc.route;
  switch (type) {
    case 'SubmitOnline':
      return t === 'draft' ? ok('submitted', (x) => (x.online = true)) : deny();
    case 'ReceiveDossier':
      // The builder gives the channel: `online` when the dossier was submitted online and the arg is odd, else `direct`.
      return PRE.includes(t) ? ok('received', (x) => (x.online = x.online && arg % 2 === 1)) : deny();
    case 'HandleInstantly':
      // A procedure that is not instant: NOT_INSTANT_PROCEDURE (a rule), where the machine would take an intake command.
      return m.proc.instant && PRE.includes(t) ? ok('returned', undefined, 3) : !m.proc.instant && PRE.includes(t) ? deny('RULE_VIOLATION') : deny();
    case 'RequestIntakeSupplement':
      if (t !== 'draft' && t !== 'submitted') return deny();
      // NĐ 118/2025 Đ16.3, Đ17.2a: one request at intake.
      if (m.law2025 && m.intakeRequests >= 1) return deny('RULE_VIOLATION');
      return ok('intakeSupplement', (x) => {
        x.noticeAt = x.clock;
        x.intakeRequests++;
      });
    case 'ProvideIntakeSupplement':
      return t === 'intakeSupplement' ? ok('submitted') : deny();
    case 'RefuseReception':
      return PRE.includes(t) ? ok('refusedAtIntake') : deny();
    case 'TransferDossier':
      return t === 'received' ? ok('processing', (x) => (x.sub = 'appraisal')) : deny();
    case 'AssignOfficer':
    case 'RecordVerification':
      return t === 'processing' ? ok('processing') : deny();
    case 'RequestConsultation':
      return t === 'processing' && m.sub === 'appraisal'
        ? ok('processing', (x) => {
            x.sub = 'consultation';
            x.openConsultations = [...x.openConsultations, `c${x.consultations + 1}`];
            x.consultations++;
          })
        : deny();
    case 'AnswerConsultation':
      // NĐ 61/2018 Đ19.5, NĐ 118/2025 Đ19.4c: an open consultation is answered wherever the dossier is still processed —
      // also paused (supplement, fee) or on its route; with none open the answer names nothing (like a petition's).
      if (!['processing', 'interAgency', 'supplementRequested', 'feeRequested'].includes(t)) return deny();
      if (m.openConsultations.length === 0) return deny('RULE_VIOLATION');
      return ok(t, (x) => {
        if (t === 'processing') x.sub = 'appraisal';
        x.openConsultations = x.openConsultations.slice(1);
      });
    case 'RequestSupplement':
      if (t !== 'processing') return deny();
      // NĐ 118/2025 Đ11.2c, Đ19.5: one request after appraisal.
      if (m.law2025 && m.supplementRequests >= 1) return deny('RULE_VIOLATION');
      return ok('supplementRequested', (x) => {
        x.noticeAt = x.clock;
        x.supplementRequests++;
      });
    case 'ProvideSupplement':
      return t === 'supplementRequested' ? ok('processing', (x) => (x.sub = 'appraisal')) : deny();
    case 'RequestFee':
      return t === 'processing' ? ok('feeRequested') : deny();
    case 'RecordFeePayment':
      return t === 'feeRequested' ? ok('processing', (x) => (x.sub = 'appraisal')) : deny();
    case 'StartInterAgency':
      return t === 'processing' && route ? ok('interAgency', (x) => (x.legsDone = route.legs.map(() => false))) : deny();
    case 'CompleteLeg': {
      if (t !== 'interAgency' || !route) return deny();
      const i = arg % (route.legs.length + 1); // sometimes a leg that does not exist
      const active = route.mode === 'parallel' ? i < route.legs.length && !m.legsDone[i] : i === m.legsDone.indexOf(false);
      if (!active) return deny();
      const done = m.legsDone.map((d, j) => d || j === i);
      return ok(done.every(Boolean) ? 'processing' : 'interAgency', (x) => {
        x.legsDone = done;
        x.sub = 'appraisal';
      });
    }
    case 'IssueApology':
      if (!['received', 'processing', 'interAgency', 'feeRequested'].includes(t)) return deny();
      return m.apologised ? deny('RULE_VIOLATION') : ok(t, (x) => (x.apologised = true));
    case 'AmendDossier':
      // NĐ 118/2025 Đ21: the applicant amends an online dossier until a decision; the status stays. NĐ 61/2018 has no such rule.
      if (!['submitted', 'intakeSupplement', 'received', 'processing', 'interAgency', 'supplementRequested', 'feeRequested'].includes(t)) return deny();
      return m.law2025 && m.online ? ok(t) : deny('RULE_VIOLATION');
    case 'RequestWithdrawal':
      return ['received', 'processing', 'interAgency', 'supplementRequested', 'feeRequested'].includes(t) ? ok('withdrawalRequested') : deny();
    case 'StopProcessing': {
      if (!['withdrawalRequested', 'supplementRequested', 'feeRequested'].includes(t)) return deny();
      // NĐ 118/2025 Đ19.5: a stop with no cause while waiting for a supplement is one for the missing supplement, and
      // waits, as a closure does, for the applicant's 15 days (local calendar days) from the notice.
      if (t === 'supplementRequested' && m.law2025 && daysSinceNotice(m) <= 15) return deny('RULE_VIOLATION');
      return ok('stopped');
    }
    case 'CloseDossier': {
      // NĐ 118/2025 Đ19.5: after 15 days (local calendar days) from the supplement notice, at intake or after acceptance.
      if (t !== 'supplementRequested' && t !== 'intakeSupplement') return deny();
      if (!m.law2025) return deny('RULE_VIOLATION'); // NĐ 61/2018 has no closure
      return daysSinceNotice(m) > 15 ? ok('closed') : deny('RULE_VIOLATION');
    }
    case 'Resolve':
      return t === 'processing' || (t === 'received' && m.proc.instant) ? ok('resolved') : deny();
    case 'RefuseResolution':
      return t === 'processing' || t === 'interAgency' ? ok('refused') : deny();
    case 'NotifyEarlyReturn':
      return t === 'resolved' && !m.notified ? ok('resolved', (x) => (x.notified = true)) : deny();
    case 'ReturnResult':
      return t === 'resolved' || t === 'refused' ? ok('returned') : deny();
    case 'Rate':
      if (!['returned', 'stopped', 'closed', 'refusedAtIntake'].includes(t)) return deny();
      return m.rated ? deny('RULE_VIOLATION') : ok(t, (x) => void (x.rated = true));
    case 'FilePetition':
      return t !== 'draft'
        ? ok(t, (x) => {
            x.petitions++;
            x.openPetitions.push(`p${x.petitions}`);
          })
        : deny();
    case 'AnswerPetition':
      if (t === 'draft') return deny();
      return m.openPetitions.length
        ? ok(t, (x) => {
            x.openPetitions.shift();
          })
        : deny('RULE_VIOLATION');
    case 'RecordPortalSync':
      return t !== 'draft' ? ok(t) : deny();
    case 'ReportResultError':
      if (t !== 'returned') return deny();
      return m.resultErrorOpen ? deny('RULE_VIOLATION') : ok('returned', (x) => (x.resultErrorOpen = true));
    case 'CorrectResult':
      if (t !== 'returned') return deny();
      return m.resultErrorOpen ? ok('returned', (x) => (x.resultErrorOpen = false)) : deny('RULE_VIOLATION');
  }
  throw new Error(`model has no rule for ${type}`);
}

async function build(type: string, arg: number, m: Model, r: Real, at: string): Promise<CommandInput> {
  const base = { commandId: uuidv7(), dossierId: r.id, actor: officer, at };
  const intake = { procedureCode: m.proc.code, unit, applicant, channel: 'direct' as const };
  switch (type) {
    case 'SubmitOnline':
      return { ...base, type, ...intake, channel: 'online' };
    case 'ReceiveDossier':
      return { ...base, type, ...intake, ...(m.online && arg % 2 === 1 ? { channel: 'online' as const } : {}) };
    case 'HandleInstantly':
      return { ...base, type, ...intake };
    case 'RequestIntakeSupplement':
      return { ...base, type, items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ', intake };
    case 'ProvideIntakeSupplement':
      return { ...base, type };
    case 'RefuseReception':
      return { ...base, type, reason: 'Không thuộc thẩm quyền', intake };
    case 'TransferDossier':
      return { ...base, type, mode: arg % 2 ? 'paper' : 'electronic' };
    case 'AssignOfficer':
      return { ...base, type, officer: { id: `cv-${arg % 5}` } };
    case 'RecordVerification':
      return { ...base, type, place: 'Thực địa', participants: ['cv-1', 'Chủ hộ'], content: 'Đo đạc' };
    case 'RequestConsultation':
      return { ...base, type, consultationId: `c${m.consultations + 1}`, agency: { code: 'STP', name: 'Sở Tư pháp' }, content: 'Xin ý kiến', deadline: at.slice(0, 10) };
    case 'AnswerConsultation':
      return { ...base, type, consultationId: m.openConsultations[0] ?? 'none', answer: 'Đồng ý' };
    case 'RequestSupplement':
      return { ...base, type, items: [{ name: 'Sơ đồ thửa đất' }], reason: 'Thiếu sơ đồ' };
    case 'ProvideSupplement':
      return { ...base, type };
    case 'RequestFee':
      return { ...base, type, items: [{ name: 'Lệ phí', amountVnd: 50000 + arg }] };
    case 'RecordFeePayment':
      // The fee notified is 50,000 + its arg VND; a payment settles it when it is at least that (FEE_UNDERPAID otherwise: fee-payment.test.ts).
      return { ...base, type, amountVnd: 50000 + 10_000, method: arg % 2 ? 'online' : 'counter' };
    case 'StartInterAgency':
      return { ...base, type };
    case 'CompleteLeg':
      return { ...base, type, legIndex: arg % ((m.proc.route?.legs.length ?? 0) + 1) };
    case 'IssueApology': {
      const s = await r.engine.get(r.id).catch(() => undefined);
      // A date the applicant can still be given: after the due date and, for a late reschedule, after its own day (RESCHEDULE_IN_PAST).
      const due = s?.due?.legal.date ?? at.slice(0, 10);
      const from = due > at.slice(0, 10) ? due : at.slice(0, 10);
      return { ...base, type, reason: 'Chờ ý kiến', lateUnit: 'Sở TN&MT', newDueDate: r.engine.calendar.addWorkingDays(from, 1 + (arg % 5)) };
    }
    case 'AmendDossier':
      return { ...base, type, description: 'Sửa giấy đề nghị', ...(arg % 2 ? { components: [{ code: `TP${arg}` }] } : {}) };
    case 'RequestWithdrawal':
      return { ...base, type, reason: 'Công dân rút' };
    case 'StopProcessing':
      return { ...base, type, reason: 'Dừng' };
    case 'CloseDossier':
      return { ...base, type, reason: 'Quá 15 ngày không bổ sung' };
    case 'Resolve':
      return { ...base, type, electronicResult: arg % 2 === 0 };
    case 'RefuseResolution':
      return { ...base, type, reason: 'Không đủ điều kiện' };
    case 'NotifyEarlyReturn':
      return { ...base, type, channel: 'sms' };
    case 'ReturnResult':
      return { ...base, type, method: 'counter' };
    case 'Rate':
      return { ...base, type, channel: 'kiosk', ratings: [{ criterion: 'thai-do', level: 'rat-hai-long' }] };
    case 'FilePetition':
      return { ...base, type, petitionId: `p${m.petitions + 1}`, content: 'Hỏi tiến độ', channel: 'hotline' };
    case 'AnswerPetition':
      return { ...base, type, petitionId: m.openPetitions[0] ?? 'none', outcome: 'resolved' };
    case 'RecordPortalSync':
      return { ...base, type };
    case 'ReportResultError':
      return { ...base, type, description: 'Sai ngày sinh trong kết quả' };
    case 'CorrectResult':
      return { ...base, type };
  }
  throw new Error(type);
}

const TYPES = [
  'SubmitOnline',
  'ReceiveDossier',
  'HandleInstantly',
  'RequestIntakeSupplement',
  'ProvideIntakeSupplement',
  'RefuseReception',
  'TransferDossier',
  'AssignOfficer',
  'RecordVerification',
  'RequestConsultation',
  'AnswerConsultation',
  'RequestSupplement',
  'ProvideSupplement',
  'RequestFee',
  'RecordFeePayment',
  'StartInterAgency',
  'CompleteLeg',
  'IssueApology',
  'AmendDossier',
  'RequestWithdrawal',
  'StopProcessing',
  'CloseDossier',
  'Resolve',
  'RefuseResolution',
  'NotifyEarlyReturn',
  'ReturnResult',
  'Rate',
  'FilePetition',
  'AnswerPetition',
  'RecordPortalSync',
  'ReportResultError',
  'CorrectResult',
] as const;

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type: string,
    readonly arg: number,
    readonly minutes: number,
  ) {}
  check() {
    return true;
  }
  async run(m: Model, r: Real) {
    m.clock += this.minutes * 60_000;
    const at = toVietnamInstant(m.clock);
    const want = expected(m, this.type, this.arg);
    const before = await r.store.headPosition();
    const command = await build(this.type, this.arg, m, r, at);
    let got: { top: string; version: number } | MotcuaError;
    try {
      const res = await r.engine.execute(command);
      got = { top: res.state.topLevel, version: res.state.version };
    } catch (e) {
      if (!(e instanceof MotcuaError)) throw e;
      got = e;
    }
    if (want.ok) {
      expect(got, `${this.type} in ${m.top}`).not.toBeInstanceOf(MotcuaError);
      const g = got as { top: string; version: number };
      expect(g.top).toBe(want.top);
      expect(g.version).toBe(m.version + want.events);
      m.top = want.top;
      m.version += want.events;
      want.apply?.(m);
    } else {
      expect(got, `${this.type} in ${m.top} should fail`).toBeInstanceOf(MotcuaError);
      expect((got as MotcuaError).code).toBe(want.code);
      expect(await r.store.headPosition()).toBe(before);
    }
    if (m.version > 0) await checkInvariants(r);
  }
  toString() {
    return `${this.type}(${this.arg})+${this.minutes}m`;
  }
}

async function checkInvariants(r: Real) {
  const history = await r.engine.history(r.id);
  expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1));
  const incremental = await r.engine.get(r.id);
  const replayed = foldDossier(r.id, history, r.engine.tableFor);
  expect(replayed).toEqual(incremental);
  // The immer evolution, one event at a time, agrees with both.
  let viaImmer = initialDossierState(r.id);
  for (const e of history) viaImmer = evolveDossier(viaImmer, e, r.engine.tableFor);
  expect(viaImmer).toEqual(incremental);
  // The engine's state (copied on write from the previous one) is frozen with everything it owns.
  expect(Object.isFrozen(incremental)).toBe(true);
  for (const v of Object.values(incremental)) if (typeof v === 'object' && v !== null) expect(Object.isFrozen(v)).toBe(true);
  for (const l of incremental.route?.legs ?? []) expect(Object.isFrozen(l)).toBe(true);
  for (const x of [...incremental.fees.requested, ...incremental.fees.paid, ...incremental.supplements, ...incremental.petitions]) expect(Object.isFrozen(x)).toBe(true);
  const machine = r.engine.machineFor(incremental.procedure!) as unknown as AnyStateMachine;
  let [snap] = initialTransition(machine);
  for (const e of history) [snap] = transition(machine, snap, { type: eventKeyOf(e) });
  expect(stateKeyOf(snap.value)).toBe(incremental.state);
}

const stepArb = fc.tuple(fc.constantFrom(...TYPES), fc.nat(20), fc.integer({ min: 1, max: 3 * 24 * 60 })).map(([t, a, min]) => new Step(t, a, min));

// Bias towards the happy path so deep states are reached often.
const happyArb = fc
  .constantFrom(
    'ReceiveDossier',
    'TransferDossier',
    'StartInterAgency',
    'CompleteLeg',
    'CompleteLeg',
    'Resolve',
    'ReturnResult',
    'RequestSupplement',
    'ProvideSupplement',
    'RequestFee',
    'RecordFeePayment',
  )
  .chain((t) => fc.tuple(fc.constant(t), fc.nat(20), fc.integer({ min: 1, max: 600 })))
  .map(([t, a, min]) => new Step(t, a, min));

// CloseDossier after a wait of up to 20 days: both sides of the 15-day rule (NĐ 118/2025 Đ19.5) are reached.
const closeArb = fc.integer({ min: 0, max: 20 * 24 * 60 }).map((min) => new Step('CloseDossier', 0, min));

describe('model-based: random command sequences against the reference model', () => {
  it('every procedure, every command, in every reachable state', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(sampleProcedures)),
        fc.commands([stepArb, happyArb, happyArb, closeArb], { size: '+1' }),
        fc.boolean(),
        async (proc, cmds, in2025) => {
          const { engine, store } = newEngine();
          // Half the runs of a procedure in force on both sides of 01/07/2025 start under NĐ 118/2025 (Mon 07/07/2025).
          const from = in2025 && !proc.validTo && proc.validFrom < '2025-07-07' ? '2025-07-07' : proc.validFrom.slice(0, 4) < '2024' ? '2024-03-04' : proc.validFrom;
          const start = Date.parse(`${from}T01:00:00Z`);
          const validTo = proc.validTo ? Date.parse(`${proc.validTo}T00:00:00Z`) : Infinity;
          const clock = Math.min(start, validTo - 40 * 86_400_000);
          const model: Model = {
            proc,
            top: 'draft',
            sub: 'appraisal',
            openConsultations: [],
            legsDone: [],
            apologised: false,
            notified: false,
            consultations: 0,
            petitions: 0,
            openPetitions: [],
            version: 0,
            clock,
            noticeAt: clock,
            law2025: false,
            intakeRequests: 0,
            supplementRequests: 0,
            resultErrorOpen: false,
            rated: false,
            online: false,
          };
          await fc.asyncModelRun(() => ({ model, real: { engine, store, id: uuidv7() } }), cmds);
        },
      ),
      { numRuns: 150 },
    );
  });
});
