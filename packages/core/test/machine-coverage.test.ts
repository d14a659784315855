/**
 * Every state of every sample procedure machine is reached through public
 * commands: xstate/graph gives the shortest event path to each state; each
 * event is mapped to the command that produces it and run on the engine.
 */
import { describe, expect, it } from 'vitest';
import { getShortestPaths } from 'xstate/graph';
import type { AnyStateMachine } from 'xstate';
import { v7 as uuidv7 } from 'uuid';
import {
  DOSSIER_EVENT_TYPES,
  TOP_LEVEL_STATES,
  compileMachine,
  createProcedureMachine,
  machineEventKeys,
  stateKeyOf,
  toVietnamInstant,
  type CommandBody,
  type CommandInput,
} from '@motcua/core';
import { approvalSampleProcedures, sampleProcedures as plainSamples } from '@motcua/core/testkit';

// The procedures with an internal approval route (steps inside `processing`) are covered the same way.
const sampleProcedures = { ...plainSamples, ...approvalSampleProcedures };
/** The step ids of the default approval route, by index (both approval samples use it). */
const DEFAULT_STEPS = ['draft', 'review', 'sign'];
import { InMemoryEventStore, createEngine } from '@motcua/core';
import { approvalSampleCatalog } from '@motcua/core/testkit';
import { applicant, officer, unit } from './helpers';

const newEngine = () => ({ engine: createEngine({ store: new InMemoryEventStore(), catalog: approvalSampleCatalog(), policy: 'none' }) });

function commandFor(key: string, code: string, dossierId: string, at: string, n: number): CommandInput {
  const base = { commandId: uuidv7(), dossierId, actor: officer, at };
  const intake = { procedureCode: code, unit, applicant, channel: 'direct' as const };
  if (key.startsWith('ReturnedForRework.')) return { ...base, type: 'ReturnForRework', toStep: DEFAULT_STEPS[Number(key.split('.')[1])]!, reason: 'làm lại' };
  if (key.startsWith('LegCompleted.')) return { ...base, type: 'CompleteLeg', legIndex: Number(key.split('.')[1]) };
  // The route's start is keyed by the mode (eventKeyOf); the medium picks it on a `byMedium` route.
  if (key.startsWith('InterAgencyStarted.')) return { ...base, type: 'StartInterAgency', medium: key.endsWith('.parallel') ? 'electronic' : 'paper' };
  const map: Record<string, CommandBody> = {
    DossierSubmitted: { type: 'SubmitOnline', ...intake, channel: 'online' },
    DossierAccepted: { type: 'ReceiveDossier', ...intake },
    IntakeSupplementRequested: { type: 'RequestIntakeSupplement', items: [{ name: 'CCCD' }], reason: 'Thiếu', intake },
    IntakeSupplementProvided: { type: 'ProvideIntakeSupplement' },
    ReceptionRefused: { type: 'RefuseReception', reason: 'Sai thẩm quyền', intake },
    DossierTransferred: { type: 'TransferDossier' },
    OfficerAssigned: { type: 'AssignOfficer', officer: { id: 'cv' } },
    StepAssigned: { type: 'AssignOfficer', officer: { id: 'cv' } },
    StepForwarded: { type: 'ForwardStep' },
    VerificationRecorded: { type: 'RecordVerification', place: 'x', participants: ['a'], content: 'c' },
    ConsultationRequested: { type: 'RequestConsultation', consultationId: `c${n}`, agency: { code: 'STP', name: 'Sở Tư pháp' }, content: 'ý kiến', deadline: at.slice(0, 10) },
    ConsultationAnswered: { type: 'AnswerConsultation', consultationId: `c${n - 1}`, answer: 'ok' },
    SupplementRequested: { type: 'RequestSupplement', items: [{ name: 'x' }], reason: 'thiếu' },
    SupplementProvided: { type: 'ProvideSupplement' },
    FeeRequested: { type: 'RequestFee', items: [{ name: 'phí', amountVnd: 1000 }] },
    FeePaid: { type: 'RecordFeePayment', amountVnd: 1000, method: 'online' },
    InterAgencyStarted: { type: 'StartInterAgency' },
    WithdrawalRequested: { type: 'RequestWithdrawal' },
    ProcessingStopped: { type: 'StopProcessing', reason: 'dừng' },
    DossierClosed: { type: 'CloseDossier', reason: 'không bổ sung trong 15 ngày' },
    DossierResolved: { type: 'Resolve' },
    ResolutionRefused: { type: 'RefuseResolution', reason: 'không đủ điều kiện' },
    EarlyReturnNotified: { type: 'NotifyEarlyReturn', channel: 'sms' },
    ResultReturned: { type: 'ReturnResult', method: 'counter' },
    ResultErrorReported: { type: 'ReportResultError', description: 'Sai tên trong kết quả' },
    ResultCorrected: { type: 'CorrectResult' },
  };
  const body = map[key];
  if (!body) throw new Error(`no command for ${key}`);
  return { ...base, ...body } as CommandInput;
}

describe('every state of every sample machine is reachable through public commands', () => {
  for (const [name, proc] of Object.entries(sampleProcedures)) {
    it(name, async () => {
      const machine = createProcedureMachine(proc) as unknown as AnyStateMachine;
      const keys = machineEventKeys(machine).filter((k) => !['ApologyIssued', 'PetitionFiled', 'PetitionAnswered', 'PortalSynced', 'DossierRated'].includes(k));
      const paths = getShortestPaths(machine, { events: keys.map((type) => ({ type })) });
      const table = compileMachine(machine);
      const reached = new Set<string>();
      const { engine } = newEngine();
      for (const path of paths) {
        const target = stateKeyOf(path.state.value);
        const id = uuidv7();
        // Closure of an uncompleted dossier exists only in the 2025 rule pack (NĐ 118/2025 Đ19.5): such paths start on Mon 07/07/2025.
        const closes = path.steps.some((s) => s.event.type === 'DossierClosed');
        const under2025 = closes && (!proc.validTo || proc.validTo >= '2025-07-07');
        const startDay = under2025 ? (proc.validFrom > '2025-07-07' ? proc.validFrom : '2025-07-07') : proc.validFrom < '2024-03-04' ? '2024-03-04' : proc.validFrom;
        let t = proc.validTo && !under2025 ? Date.parse(`${proc.validTo}T01:00:00Z`) - 60 * 86_400_000 : Date.parse(`${startDay}T01:00:00Z`);
        let last = 'draft';
        let n = 0;
        for (const step of path.steps) {
          if (step.event.type.startsWith('xstate.')) continue;
          // A dossier may be closed only 15 days after the supplement notice (NĐ 118/2025 Đ19.5).
          t += step.event.type === 'DossierClosed' ? 16 * 86_400_000 : 3_600_000;
          n++;
          const command = commandFor(step.event.type, proc.code, id, toVietnamInstant(t), n);
          if (step.event.type === 'DossierClosed' && !under2025) {
            // A procedure version that ended before NĐ 118/2025: its dossiers are under NĐ 61/2018, which has no closure.
            await expect(engine.execute(command)).rejects.toMatchObject({ code: 'RULE_VIOLATION', rule: 'CLOSURE_NOT_IN_RULE_PACK' });
            last = target;
            continue;
          }
          last = (await engine.execute(command)).state.state;
        }
        expect(last).toBe(target);
        reached.add(target);
      }
      // Every configuration of the compiled table was reached, and the top-level ids are the documented ones.
      expect([...reached].sort()).toEqual([...table.states.keys()].sort());
      const tops = Object.keys(machine.config.states ?? {});
      expect([...tops].sort()).toEqual(TOP_LEVEL_STATES.filter((s) => s !== 'interAgency' || proc.route).sort());
      for (const s of ['received', 'processing', 'returned']) expect(tops).toContain(s);
    });
  }
  it('every event type is reachable in some sample machine', () => {
    const keys = new Set(
      Object.values(sampleProcedures).flatMap((p) =>
        machineEventKeys(createProcedureMachine(p) as unknown as AnyStateMachine).map((k) => k.replace(/\.(\d+|sequential|parallel)$/, '')),
      ),
    );
    expect(DOSSIER_EVENT_TYPES.filter((t) => !keys.has(t))).toEqual([]);
  });
});
