/**
 * Audit (session 18): whole dossiers through the real engine, and the status
 * the portal is told after each command, written from domain §3.2–§3.4,
 * §12.4 and §13 (never read from the code under test). `–` marks a command
 * that tells the portal nothing (the status it holds stays).
 */
import { randomUUID } from 'node:crypto';
import { createEngine, dossierStreamId, InMemoryEventStore, type CommandBody, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { describe, expect, it } from 'vitest';
import { expectedPortalRecords, portalUpdateOf } from '../src';
import { INTAKE, UNIT } from './support/engine';

type Step = [at: string, body: CommandBody, told: number | '–'];

/** Runs the steps; returns, per step, the status its events told the portal (the last one), or '–'. */
async function told(steps: readonly Step[]): Promise<{ told: (number | '–')[]; events: StoredEvent[] }> {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  const dossierId = randomUUID();
  const out: (number | '–')[] = [];
  for (const [at, body] of steps) {
    const result = await engine.execute({
      ...body,
      dossierId,
      commandId: randomUUID(),
      actor: { id: 'cv-01', role: 'officer', unit: UNIT.code },
      at: `${at}:00.000+07:00`,
    } as never);
    const statuses = (result.events as StoredEvent[]).map((event) => portalUpdateOf(event)?.status).filter((status) => status !== undefined);
    out.push(statuses.length ? statuses.at(-1)! : '–');
  }
  return { told: out, events: (await store.readStream(dossierStreamId(dossierId))).events as StoredEvent[] };
}

const receive = { type: 'ReceiveDossier', ...INTAKE } as CommandBody;
const transfer = { type: 'TransferDossier', mode: 'electronic' } as CommandBody;
const supplement = { type: 'RequestSupplement', items: [{ name: 'Bản sao giấy tờ' }], reason: 'Thiếu giấy tờ' } as CommandBody;
const resolve = { type: 'Resolve', electronicResult: true } as CommandBody;
const giveBack = { type: 'ReturnResult', method: 'counter' } as CommandBody;

async function check(steps: readonly Step[]): Promise<void> {
  const { told: got, events } = await told(steps);
  expect(got).toEqual(steps.map((step) => step[2]));
  // What the portal holds at the end: the last code told.
  const last = steps
    .map((step) => step[2])
    .filter((code) => code !== '–')
    .at(-1);
  expect([...expectedPortalRecords(events).values()][0]?.status).toBe(last);
}

describe('the status told at each step (domain §3.2–§3.4, §12.4)', () => {
  it('online: submitted 1, intake supplement (Form 02, not accepted) still 1, provided 1, accepted 2', () =>
    check([
      ['2025-07-07T09:00', { type: 'SubmitOnline', ...INTAKE, channel: 'online' } as CommandBody, 1],
      ['2025-07-07T10:00', { type: 'RequestIntakeSupplement', items: [{ name: 'Tờ khai' }], reason: 'Thiếu' } as CommandBody, 1],
      ['2025-07-08T09:00', { type: 'ProvideIntakeSupplement' } as CommandBody, 1],
      ['2025-07-08T10:00', { type: 'ReceiveDossier' } as CommandBody, 2],
    ]));

  it('refused at intake: 3 (never accepted); refused after appraisal: 9, then returned 10', async () => {
    await check([['2025-07-07T09:00', { type: 'RefuseReception', reason: 'Không thuộc thẩm quyền', intake: INTAKE } as CommandBody, 3]]);
    await check([
      ['2025-07-07T09:00', receive, 2],
      ['2025-07-07T10:00', transfer, 4],
      ['2025-07-08T09:00', { type: 'RefuseResolution', reason: 'Không đủ điều kiện' } as CommandBody, 9],
      ['2025-07-08T10:00', giveBack, 10],
    ]);
  });

  it('paused for a supplement: 5 (never 9); withdrawal requested while waiting: 7; stopped: 8', () =>
    check([
      ['2025-07-07T09:00', receive, 2],
      ['2025-07-07T10:00', transfer, 4],
      ['2025-07-07T11:00', supplement, 5],
      ['2025-07-08T09:00', { type: 'RequestWithdrawal', reason: 'Công dân rút' } as CommandBody, 7],
      ['2025-07-08T10:00', { type: 'StopProcessing', reason: 'Công dân rút hồ sơ', cause: 'withdrawal' } as CommandBody, 8],
    ]));

  it('fee: 6 while waiting, 4 once paid, then 9 and 10; Form 04 while waiting tells no status', () =>
    check([
      ['2025-07-07T09:00', receive, 2],
      ['2025-07-07T10:00', transfer, 4],
      ['2025-07-07T11:00', { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50000 }] } as CommandBody, 6],
      ['2025-07-08T09:00', { type: 'IssueApology', reason: 'Chờ nộp phí', lateUnit: 'Phòng chuyên môn', newDueDate: '2025-07-15' } as CommandBody, '–'],
      ['2025-07-08T10:00', { type: 'RecordFeePayment', amountVnd: 50000, method: 'counter' } as CommandBody, 4],
      ['2025-07-09T09:00', resolve, 9],
      ['2025-07-09T10:00', giveBack, 10],
    ]));

  it('a supplement provided resumes 4; an error in the returned result and its correction keep 10 (nothing sent)', () =>
    check([
      ['2025-07-07T09:00', receive, 2],
      ['2025-07-07T10:00', transfer, 4],
      ['2025-07-07T11:00', supplement, 5],
      ['2025-07-08T09:00', { type: 'ProvideSupplement' } as CommandBody, 4],
      ['2025-07-09T09:00', resolve, 9],
      ['2025-07-09T10:00', giveBack, 10],
      ['2025-07-10T09:00', { type: 'ReportResultError', description: 'Sai ngày sinh' } as CommandBody, '–'],
      ['2025-07-11T09:00', { type: 'CorrectResult' } as CommandBody, '–'],
    ]));

  it('withdrawal of an accepted dossier before transfer: 2 → 7 → 8', () =>
    check([
      ['2025-07-07T09:00', receive, 2],
      ['2025-07-07T10:00', { type: 'RequestWithdrawal', reason: 'Công dân rút' } as CommandBody, 7],
      ['2025-07-07T11:00', { type: 'StopProcessing', reason: 'Rút hồ sơ' } as CommandBody, 8],
    ]));

  it('not completed within 15 days of the supplement notice (NĐ 118/2025 Đ19.5): closed, 8', () =>
    // Notice Mon 07/07/2025; 15 days end Tue 22/07; the dossier can be closed from Wed 23/07.
    check([
      ['2025-07-07T08:00', receive, 2],
      ['2025-07-07T08:30', transfer, 4],
      ['2025-07-07T09:00', supplement, 5],
      ['2025-07-23T09:00', { type: 'CloseDossier', reason: 'Quá 15 ngày không bổ sung' } as CommandBody, 8],
    ]));
});
