/**
 * The national status mapping, one test per row of domain §3.2 (codes and
 * events copied from the table, not from the code under test): the real
 * engine drives a dossier to the row's event; the update sent for that event
 * and the state's portal view must both carry the row's code.
 */
import { DOSSIER_EVENT_TYPES, type CommandBody } from '@motcua/core';
import { describe, expect, it } from 'vitest';
import { PORTAL_EFFECTS, portalStatusOf, portalUpdateOf } from '../src';
import { INTAKE, runDossier } from './support/engine';

const receive: CommandBody = { type: 'ReceiveDossier', ...INTAKE } as CommandBody;
const transfer: CommandBody = { type: 'TransferDossier', mode: 'electronic' } as CommandBody;
const supplement: CommandBody = { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
const fee: CommandBody = { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] } as CommandBody;
const resolve: CommandBody = { type: 'Resolve', electronicResult: true } as CommandBody;

// Domain §3.2: code, status, event — and a path of commands that ends with that event.
const ROWS: { code: number; status: string; event: string; path: CommandBody[] }[] = [
  { code: 1, status: 'Mới đăng ký', event: 'DossierSubmitted', path: [{ type: 'SubmitOnline', ...INTAKE, channel: 'online' } as CommandBody] },
  { code: 2, status: 'Được tiếp nhận', event: 'DossierAccepted', path: [receive] },
  { code: 3, status: 'Không được tiếp nhận', event: 'ReceptionRefused', path: [{ type: 'RefuseReception', reason: 'Không thuộc thẩm quyền', intake: INTAKE } as CommandBody] },
  { code: 4, status: 'Đang xử lý', event: 'DossierTransferred', path: [receive, transfer] },
  { code: 5, status: 'Yêu cầu bổ sung giấy tờ', event: 'SupplementRequested', path: [receive, transfer, supplement] },
  { code: 6, status: 'Yêu cầu thực hiện nghĩa vụ tài chính', event: 'FeeRequested', path: [receive, transfer, fee] },
  { code: 7, status: 'Công dân yêu cầu rút hồ sơ', event: 'WithdrawalRequested', path: [receive, { type: 'RequestWithdrawal', reason: 'Công dân rút' } as CommandBody] },
  { code: 8, status: 'Dừng xử lý', event: 'ProcessingStopped', path: [receive, transfer, supplement, { type: 'StopProcessing', reason: 'Dừng' } as CommandBody] },
  { code: 9, status: 'Đã xử lý xong', event: 'DossierResolved', path: [receive, transfer, resolve] },
  {
    code: 9,
    status: 'Đã xử lý xong (từ chối giải quyết)',
    event: 'ResolutionRefused',
    path: [receive, transfer, { type: 'RefuseResolution', reason: 'Không đủ điều kiện' } as CommandBody],
  },
  { code: 10, status: 'Đã trả kết quả', event: 'ResultReturned', path: [receive, transfer, resolve, { type: 'ReturnResult', method: 'counter' } as CommandBody] },
];

describe('national status codes (domain §3.2), one row each', () => {
  for (const row of ROWS) {
    it(`${row.code} ${row.status}: ${row.event}`, async () => {
      const { events, states } = await runDossier(row.path);
      const last = events[events.length - 1]!;
      expect(last.type).toBe(row.event);
      expect(portalUpdateOf(last)?.status).toBe(row.code);
      expect(portalStatusOf(states[states.length - 1]!).status).toBe(row.code);
    });
  }
});

describe('paused, resumed, rescheduled', () => {
  it('a supplement provided resumes processing (4) and sends the restarted legal due date', async () => {
    const { events } = await runDossier([receive, transfer, supplement, { type: 'ProvideSupplement' } as CommandBody]);
    const provided = events[events.length - 1]!;
    expect(provided.type).toBe('SupplementProvided');
    const update = portalUpdateOf(provided)!;
    expect(update.status).toBe(4);
    expect(update.legalDue).toBe((provided.data as { due: { at: string } }).due.at);
  });

  it('a fee paid resumes processing (4)', async () => {
    const { events } = await runDossier([receive, transfer, fee, { type: 'RecordFeePayment', amountVnd: 50000, method: 'counter' } as CommandBody]);
    expect(events.at(-1)!.type).toBe('FeePaid');
    expect(portalUpdateOf(events.at(-1)!)?.status).toBe(4);
  });

  it('acceptance carries the dossier code, procedure, unit, channel (1 direct) and the legal due date', async () => {
    const { events } = await runDossier([receive]);
    const accepted = events[0]!;
    const data = accepted.data as { dossierCode: string; due: { at: string } };
    expect(portalUpdateOf(accepted)).toMatchObject({
      status: 2,
      dossierCode: data.dossierCode,
      procedureCode: '2.002030',
      unitCode: INTAKE.unit.code,
      channel: 1,
      legalDue: data.due.at,
      version: 1,
    });
  });

  it('an apology (Form 04) sends the new due date and no status', async () => {
    const { events, states } = await runDossier([receive, transfer]);
    const due = states.at(-1)!.due!.legal.date;
    const more = await runDossier([receive, transfer, { type: 'IssueApology', reason: 'Chậm thẩm định', lateUnit: 'Phòng chuyên môn', newDueDate: nextDay(due) } as CommandBody]);
    const apology = more.events.at(-1)!;
    expect(events.length).toBe(2);
    expect(apology.type).toBe('ApologyIssued');
    const update = portalUpdateOf(apology)!;
    expect(update.status).toBeUndefined();
    expect(update.rescheduledDue).toBe((apology.data as { newDue: { at: string } }).newDue.at);
    expect(portalStatusOf(more.states.at(-1)!).dueAt).toBe(update.rescheduledDue);
  });
});

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 7);
  return next.toISOString().slice(0, 10);
}

describe('every event type is classified', () => {
  it('PORTAL_EFFECTS names every dossier event type of core (a new event must be placed in the mapping)', () => {
    const missing = DOSSIER_EVENT_TYPES.filter((type) => PORTAL_EFFECTS[type] === undefined);
    expect(missing).toEqual([]);
  });
});

describe('internal approval steps (domain §12.2: the national status stays 4)', () => {
  const approval = { ...INTAKE, procedureCode: '2.000720' };
  const forward = { type: 'ForwardStep' } as CommandBody;

  it('every step — transfer into the first step, assignment, forward, return for rework, signature — is told as 4 with its step; then 9', async () => {
    const { events, states } = await runDossier([
      { type: 'ReceiveDossier', ...approval } as CommandBody,
      transfer,
      { type: 'AssignOfficer', officer: { id: 'cv-02' } } as CommandBody,
      forward,
      { type: 'ReturnForRework', reason: 'Dự thảo chưa đúng mẫu' } as CommandBody,
      forward,
      forward,
      forward,
      resolve,
    ]);
    const types = events.map((event) => event.type);
    expect(types).toContain('StepForwarded');
    expect(types).toContain('ReturnedForRework');
    for (let i = 1; i < events.length - 1; i++) {
      const update = portalUpdateOf(events[i]!);
      expect(update?.status).toBe(4);
      expect(update?.step).toBeTypeOf('string');
    }
    expect(events.at(-1)!.type).toBe('DossierResolved');
    expect(portalUpdateOf(events.at(-1)!)?.status).toBe(9);
    // The state view agrees at every step before the resolution.
    for (const state of states.slice(1, -1)) expect(portalStatusOf(state).status).toBe(4);
    const returned = events.find((event) => event.type === 'ReturnedForRework')!;
    expect(portalUpdateOf(returned)?.step).toBe((returned.data as { to: { stepId: string } }).to.stepId);
  });

  it('a supplement requested at a step pauses (5), the supplement provided resumes (4)', async () => {
    const { events } = await runDossier([{ type: 'ReceiveDossier', ...approval } as CommandBody, transfer, forward, supplement, { type: 'ProvideSupplement' } as CommandBody]);
    expect(events.slice(-2).map((event) => [event.type, portalUpdateOf(event)?.status])).toEqual([
      ['SupplementRequested', 5],
      ['SupplementProvided', 4],
    ]);
  });
});
