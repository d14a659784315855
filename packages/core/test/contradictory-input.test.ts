/**
 * Input the engine used to accept although the rules make it impossible or self-contradictory; each is now refused
 * with a stable code naming the field, appends nothing and, for a command that accepts a dossier, takes no dossier
 * code (TT 01/2018 Đ19: a sequence per unit per day, never reused — a refused command must not leave a gap):
 * - an acceptance (`ReceiveDossier`, `HandleInstantly`) timed before the dossier's last event (the online submission
 *   it accepts) was refused only after its code was taken: `TIME_BEFORE_LAST_EVENT`, now before the code;
 * - a postal hand-over time (`handedOverAt`, domain §11: hand-over and acceptance both recorded, the clock starts at
 *   acceptance) after the acceptance itself (`HANDOVER_AFTER_RECEIPT`), or on a dossier that did not come by post
 *   (`HANDOVER_NOT_POSTAL`);
 * - a stop whose stated `cause` is not what the dossier waits for (status 7 → 8 only after a withdrawal request,
 *   domain §3.4; "fee not paid" only while a fee is requested; "supplement not provided" only while one is):
 *   `STOP_CAUSE_MISMATCH`;
 * - a payment `gateway` on a payment not made online, a return `place` on a return not made at the counter (both
 *   were dropped without a word): `VALIDATION_FAILED`;
 * - one rating that answers the same criterion (and content) twice (one form, one answer per criterion; each answer
 *   is a count in the satisfaction reports): `VALIDATION_FAILED` on the repeated criterion.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, type CommandBody, type MotcuaError, type RuleViolationError } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit, vn } from './helpers';

const BUSINESS = '2.002030';
const COPY = '2.000815'; // instant
const NOW = new Date('2025-10-10T03:00:00Z');

function setup(now = NOW) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none', clock: () => now });
  const run = (id: string, body: CommandBody) => engine.execute(cmd(id, body));
  const refused = async (id: string, body: CommandBody) => {
    const head = await store.headPosition();
    const error = (await run(id, body).then(
      () => undefined,
      (e: MotcuaError) => e,
    )) as RuleViolationError | undefined;
    expect(await store.headPosition()).toBe(head);
    return [error?.code, error?.rule, error?.issues.map((i) => i.path.join('.'))];
  };
  /** The code the unit's next dossier of 06/10/2025 gets: shows whether a refusal took one. */
  const nextCode = async () =>
    (await run(uuidv7(), { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-10-06T16:00') } as CommandBody)).state.dossierCode;
  return { store, engine, run, refused, nextCode };
}
const receive = (extra: object = {}) =>
  ({ type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00'), ...extra }) as CommandBody;

describe('acceptance timed before the submission it accepts', () => {
  it.each([
    ['ReceiveDossier', BUSINESS, { type: 'ReceiveDossier' }],
    ['HandleInstantly', COPY, { type: 'HandleInstantly', procedureCode: COPY, unit, applicant, channel: 'online' }],
  ])('%s: TIME_BEFORE_LAST_EVENT on at, and no dossier code taken', async (_name, procedureCode, body) => {
    const s = setup();
    const id = uuidv7();
    await s.run(id, { type: 'SubmitOnline', procedureCode, unit, applicant, at: vn('2025-10-06T10:00') } as CommandBody);
    expect(await s.refused(id, { ...body, at: vn('2025-10-06T09:00') } as CommandBody)).toEqual(['RULE_VIOLATION', 'TIME_BEFORE_LAST_EVENT', ['at']]);
    expect(await s.nextCode()).toBe('000.00.06.H56-251006-0001');
  });
});

describe('postal hand-over time (handedOverAt)', () => {
  it('after the acceptance: HANDOVER_AFTER_RECEIPT, no code taken; before it: recorded', async () => {
    const s = setup();
    expect(await s.refused(uuidv7(), receive({ channel: 'postal', handedOverAt: vn('2025-10-06T09:30') }))).toEqual(['RULE_VIOLATION', 'HANDOVER_AFTER_RECEIPT', ['handedOverAt']]);
    expect(await s.nextCode()).toBe('000.00.06.H56-251006-0001');
    const ok = await s.run(uuidv7(), receive({ channel: 'postal', handedOverAt: vn('2025-10-03T15:00') }));
    expect(ok.state.handedOverAt).toBe(vn('2025-10-03T15:00'));
    const same = await s.run(uuidv7(), receive({ channel: 'postal', handedOverAt: vn('2025-10-06T09:00'), at: vn('2025-10-06T09:00') }));
    expect(same.state.handedOverAt).toBe(vn('2025-10-06T09:00'));
  });

  it('on a dossier received at the counter, or submitted online: HANDOVER_NOT_POSTAL, no code taken', async () => {
    const s = setup();
    expect(await s.refused(uuidv7(), receive({ handedOverAt: vn('2025-10-03T15:00') }))).toEqual(['RULE_VIOLATION', 'HANDOVER_NOT_POSTAL', ['handedOverAt']]);
    const online = uuidv7();
    await s.run(online, { type: 'SubmitOnline', procedureCode: BUSINESS, unit, applicant, at: vn('2025-10-06T08:00') } as CommandBody);
    expect(await s.refused(online, { type: 'ReceiveDossier', handedOverAt: vn('2025-10-03T15:00'), at: vn('2025-10-06T09:00') } as CommandBody)).toEqual([
      'RULE_VIOLATION',
      'HANDOVER_NOT_POSTAL',
      ['handedOverAt'],
    ]);
    expect(await s.nextCode()).toBe('000.00.06.H56-251006-0001');
  });
});

describe('the cause of a stop (StopProcessing.cause)', () => {
  async function waiting(s: ReturnType<typeof setup>, what: 'fee' | 'supplement' | 'withdrawal') {
    const id = uuidv7();
    await s.run(id, receive());
    await s.run(id, { type: 'TransferDossier', at: vn('2025-10-06T10:00') } as CommandBody);
    const body =
      what === 'fee'
        ? { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] }
        : what === 'supplement'
          ? { type: 'RequestSupplement', items: [{ name: 'Điều lệ' }], reason: 'Thiếu' }
          : { type: 'RequestWithdrawal', reason: 'Không còn nhu cầu' };
    await s.run(id, { ...body, at: vn('2025-10-06T11:00') } as CommandBody);
    return id;
  }
  const stop = (cause: string) => ({ type: 'StopProcessing', reason: 'Dừng xử lý', cause, at: vn('2025-10-07T09:00') }) as CommandBody;

  it.each([
    ['fee', 'withdrawal'],
    ['fee', 'supplementNotProvided'],
    ['supplement', 'feeNotPaid'],
    ['supplement', 'withdrawal'],
    ['withdrawal', 'feeNotPaid'],
    ['withdrawal', 'supplementNotProvided'],
  ] as const)('waiting for a %s, a stop "because of %s" is STOP_CAUSE_MISMATCH on cause', async (what, cause) => {
    const s = setup();
    expect(await s.refused(await waiting(s, what), stop(cause))).toEqual(['RULE_VIOLATION', 'STOP_CAUSE_MISMATCH', ['cause']]);
  });

  it.each([
    ['fee', 'feeNotPaid'],
    ['supplement', 'supplementNotProvided'],
    ['withdrawal', 'withdrawal'],
    ['fee', 'other'],
    ['withdrawal', 'other'],
  ] as const)('waiting for a %s, a stop "because of %s" is recorded', async (what, cause) => {
    // NĐ 118/2025 Đ19.5: a stop for the missing supplement waits for the applicant's 15 days (notice Mon 06/10/2025 → from Wed 22/10).
    const late = cause === 'supplementNotProvided';
    const s = setup(late ? new Date('2025-10-22T03:00:00Z') : NOW);
    const at = late ? vn('2025-10-22T09:00') : vn('2025-10-07T09:00');
    const r = await s.run(await waiting(s, what), { ...stop(cause), at } as CommandBody);
    expect(r.state.stopped).toMatchObject({ cause });
  });
});

describe('fields that only mean something with another value', () => {
  it('a gateway on a payment at the counter or by post is VALIDATION_FAILED on gateway; online it is kept', async () => {
    const s = setup();
    const id = uuidv7();
    await s.run(id, receive());
    await s.run(id, { type: 'TransferDossier', at: vn('2025-10-06T10:00') } as CommandBody);
    await s.run(id, { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }], at: vn('2025-10-06T11:00') } as CommandBody);
    for (const method of ['counter', 'postal'])
      expect(await s.refused(id, { type: 'RecordFeePayment', amountVnd: 50_000, method, gateway: 'local', at: vn('2025-10-07T09:00') } as CommandBody)).toEqual([
        'VALIDATION_FAILED',
        undefined,
        ['gateway'],
      ]);
    const paid = await s.run(id, { type: 'RecordFeePayment', amountVnd: 50_000, method: 'online', gateway: 'local', at: vn('2025-10-07T09:00') } as CommandBody);
    expect(paid.state.fees.paid).toMatchObject([{ method: 'online', gateway: 'local' }]);
  });

  it('a place on a return that is not at the counter is VALIDATION_FAILED on place', async () => {
    const s = setup();
    const id = uuidv7();
    await s.run(id, receive());
    await s.run(id, { type: 'TransferDossier', at: vn('2025-10-06T10:00') } as CommandBody);
    await s.run(id, { type: 'Resolve', at: vn('2025-10-07T09:00') } as CommandBody);
    for (const method of ['online', 'postal'])
      expect(await s.refused(id, { type: 'ReturnResult', method, place: unit, at: vn('2025-10-09T09:00') } as CommandBody)).toEqual(['VALIDATION_FAILED', undefined, ['place']]);
    const r = await s.run(id, { type: 'ReturnResult', method: 'counter', place: unit, at: vn('2025-10-09T09:00') } as CommandBody);
    expect(r.state.returned).toMatchObject({ method: 'counter' });
  });

  it('one rating answering a criterion twice is VALIDATION_FAILED on the repeated answer; the same criterion for two contents is fine', async () => {
    const s = setup();
    const id = uuidv7();
    await s.run(id, { type: 'HandleInstantly', procedureCode: COPY, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') } as CommandBody);
    const rate = (ratings: object[]) => ({ type: 'Rate', channel: 'kiosk', ratings, at: vn('2025-10-06T09:10') }) as CommandBody;
    expect(
      await s.refused(
        id,
        rate([
          { criterion: 'thai-do', level: 'satisfied' },
          { criterion: 'thoi-gian', level: 'satisfied' },
          { criterion: 'thai-do', level: 'dissatisfied' },
        ]),
      ),
    ).toEqual(['VALIDATION_FAILED', undefined, ['ratings.2.criterion']]);
    const r = await s.run(
      id,
      rate([
        { criterion: 'chung', level: 'satisfied', content: 'a' },
        { criterion: 'chung', level: 'dissatisfied', content: 'b' },
      ]),
    );
    expect(r.events[0]!.type).toBe('DossierRated');
  });
});

describe('a dossier is rated once per channel (a repeat would count twice in the satisfaction report)', () => {
  it('the same criterion again through the same channel, or a second like, is ALREADY_RATED naming the answer; other channels and criteria are fine', async () => {
    const s = setup();
    const id = uuidv7();
    await s.run(id, { type: 'HandleInstantly', procedureCode: COPY, unit, applicant, channel: 'direct', at: vn('2025-10-06T09:00') } as CommandBody);
    const rate = (channel: string, ratings: object[], like?: boolean) =>
      ({ type: 'Rate', channel, ratings, ...(like === undefined ? {} : { like }), at: vn('2025-10-06T09:10') }) as CommandBody;
    await s.run(id, rate('kiosk', [{ criterion: 'thai-do', level: 'satisfied' }], true));
    expect(
      await s.refused(
        id,
        rate('kiosk', [
          { criterion: 'thoi-gian', level: 'satisfied' },
          { criterion: 'thai-do', level: 'dissatisfied' },
        ]),
      ),
    ).toEqual(['RULE_VIOLATION', 'ALREADY_RATED', ['ratings.1.criterion']]);
    expect(await s.refused(id, rate('kiosk', [{ criterion: 'thoi-gian', level: 'satisfied' }], false))).toEqual(['RULE_VIOLATION', 'ALREADY_RATED', ['like']]);
    await s.run(id, rate('kiosk', [{ criterion: 'thoi-gian', level: 'satisfied' }]));
    await s.run(id, rate('kiosk', [{ criterion: 'thai-do', level: 'satisfied', content: 'a' }]));
    const online = await s.run(id, rate('online', [{ criterion: 'thai-do', level: 'dissatisfied' }], false));
    expect(online.state.ratings.map((r) => [r.channel, r.ratings.map((x) => x.criterion).join(), r.like])).toEqual([
      ['kiosk', 'thai-do', true],
      ['kiosk', 'thoi-gian', undefined],
      ['kiosk', 'thai-do', undefined],
      ['online', 'thai-do', false],
    ]);
  });
});
