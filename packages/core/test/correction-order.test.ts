import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type CommandBody,
  type CommandInput,
  type CommandType,
  type DossierState,
  type StoredEvent,
  InMemoryEventStore,
  MotcuaError,
  RULE_PACK_2025,
  RuleViolationError,
  applyCorrections,
  commandSchema,
  createEngine,
  decide,
} from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import { sampleCatalog } from '@motcua/core/samples';
import { applicant, unit, vn } from './helpers';

/*
 * A correction keeps its target in its place in the dossier's history
 * (docs/security.md, "Corrections as events"): the corrected time of a
 * resolution, refusal or return lies not before the event just before the
 * target in the stream and not after the event just after it, whatever their
 * types, at their corrected times (equal instants allowed, as the engine
 * allows two events at the same instant), and not after the correction.
 *
 * The reproductions: procedure 2.002030 (3 working days), received Mon
 * 07/07/2025, resolved 21/07 (late). The three corrections (a)–(c) were
 * accepted before this rule; with (a) or (b) report 06a counted the late
 * dossier as early.
 */

const BUSINESS = '2.002030';
const officer: Actor = { id: 'cb-01', role: 'receivingOfficer', unit: unit.code };
const leader: Actor = { id: 'ld-01', role: 'leader', unit: 'SKHDT', name: 'Lê Văn C' };
const intake = { procedureCode: BUSINESS, unit, applicant, channel: 'direct' as const };

type Step = [at: string, body: CommandBody, actor?: Actor];

async function dossier(steps: Step[]) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
  const id = uuidv7();
  const run = (actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
  for (const [at, body, actor] of steps) await run(actor ?? officer, { ...body, at: vn(at) } as CommandBody);
  return { store, engine, id, run };
}

const correct = (type: 'DossierResolved' | 'ResolutionRefused' | 'ResultReturned', value: string, at: string): CommandBody =>
  ({ type: 'CorrectEvent', target: { type }, field: 'occurredAt', value: vn(value), reason: 'Nhập nhầm thời điểm', at: vn(at) }) as CommandBody;

/** Received 07/07, transferred, supplement 08/07 → 14/07, resolved 21/07 (late), returned 22/07. */
const withSupplement: Step[] = [
  ['2025-07-07T09:00', { type: 'ReceiveDossier', ...intake } as CommandBody],
  ['2025-07-07T10:00', { type: 'TransferDossier' }],
  ['2025-07-08T10:00', { type: 'RequestSupplement', items: [{ name: 'Giấy đề nghị' }], reason: 'Thiếu chữ ký' } as CommandBody],
  ['2025-07-14T09:00', { type: 'ProvideSupplement' } as CommandBody],
  ['2025-07-21T09:00', { type: 'Resolve' } as CommandBody],
  ['2025-07-22T09:00', { type: 'ReturnResult', method: 'counter' } as CommandBody],
];
/** Received 07/07, transferred 08/07 10:00, resolved 21/07, returned 22/07, an error in the result reported 23/07. */
const withErrorReport: Step[] = [
  ['2025-07-07T09:00', { type: 'ReceiveDossier', ...intake } as CommandBody],
  ['2025-07-08T10:00', { type: 'TransferDossier' }],
  ['2025-07-21T09:00', { type: 'Resolve' } as CommandBody],
  ['2025-07-22T09:00', { type: 'ReturnResult', method: 'counter' } as CommandBody],
  ['2025-07-23T09:00', { type: 'ReportResultError', description: 'Sai tên doanh nghiệp' } as CommandBody],
];

/** The command is refused with `CORRECTION_OUT_OF_ORDER` on `value`, naming `neighbour`, and nothing is appended. */
async function outOfOrder(d: Awaited<ReturnType<typeof dossier>>, body: CommandBody, neighbour: string, neighbourAt: string) {
  const head = await d.store.headPosition();
  const before = await d.engine.history(d.id);
  const e = await d.run(leader, body).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(RuleViolationError);
  expect((e as RuleViolationError).rule).toBe('CORRECTION_OUT_OF_ORDER');
  expect((e as RuleViolationError).issues).toMatchObject([{ code: 'CORRECTION_OUT_OF_ORDER', path: ['value'] }]);
  expect((e as Error).message).toContain(neighbour);
  expect((e as Error).message).toContain(vn(neighbourAt));
  expect(await d.store.headPosition()).toBe(head);
  expect(await d.engine.history(d.id)).toEqual(before);
}

/** The business times of the corrected view, in stream order, never go backwards. */
function ordered(events: readonly StoredEvent[]): boolean {
  const times = applyCorrections(events).map((e) => Date.parse(e.metadata.occurredAt));
  return times.every((t, i) => i === 0 || times[i - 1]! <= t);
}

describe('a correction keeps the event in its place in the dossier', () => {
  it('(a) a resolution moved into the supplement pause (after the request, before the answer) is CORRECTION_OUT_OF_ORDER', async () => {
    const d = await dossier(withSupplement);
    await outOfOrder(d, correct('DossierResolved', '2025-07-09T09:00', '2025-07-23T09:00'), 'SupplementProvided', '2025-07-14T09:00');
  });

  it('(b) a resolution moved before the transfer (still after the reception) is CORRECTION_OUT_OF_ORDER', async () => {
    const d = await dossier(withErrorReport);
    await outOfOrder(d, correct('DossierResolved', '2025-07-07T09:30', '2025-07-24T09:00'), 'DossierTransferred', '2025-07-08T10:00');
  });

  it('(c) a return moved after the report of an error in that result is CORRECTION_OUT_OF_ORDER', async () => {
    const d = await dossier(withErrorReport);
    await outOfOrder(d, correct('ResultReturned', '2025-07-24T09:30', '2025-07-24T10:00'), 'ResultErrorReported', '2025-07-23T09:00');
  });

  it('the old bounds still hold: a resolution before the reception or after the return, a return before the resolution', async () => {
    const d = await dossier(withSupplement);
    await outOfOrder(d, correct('DossierResolved', '2025-07-07T08:00', '2025-07-23T09:00'), 'SupplementProvided', '2025-07-14T09:00');
    await outOfOrder(d, correct('DossierResolved', '2025-07-22T10:00', '2025-07-23T09:00'), 'ResultReturned', '2025-07-22T09:00');
    await outOfOrder(d, correct('ResultReturned', '2025-07-21T08:00', '2025-07-23T09:00'), 'DossierResolved', '2025-07-21T09:00');
  });

  it('an annotation bounds the correction too: a resolution is not moved after the portal sync that followed it', async () => {
    const d = await dossier([...withSupplement.slice(0, 5), ['2025-07-21T10:00', { type: 'RecordPortalSync' } as CommandBody], withSupplement[5]!]);
    await outOfOrder(d, correct('DossierResolved', '2025-07-21T11:00', '2025-07-23T09:00'), 'PortalSynced', '2025-07-21T10:00');
    // Before it (and after the supplement was provided) is fine.
    await expect(d.run(leader, correct('DossierResolved', '2025-07-21T09:30', '2025-07-23T09:00'))).resolves.toMatchObject({ duplicate: false });
  });

  it('an earlier correction is a neighbour too: a return is not moved before a correction recorded before it', async () => {
    const d = await dossier(withSupplement.slice(0, 5));
    // The resolution corrected on 21/07 12:00, before the result was returned (22/07 09:00).
    await d.run(leader, correct('DossierResolved', '2025-07-21T08:00', '2025-07-21T12:00'));
    await d.run(officer, { type: 'ReturnResult', method: 'counter', at: vn('2025-07-22T09:00') } as CommandBody);
    await outOfOrder(d, correct('ResultReturned', '2025-07-21T10:00', '2025-07-23T09:00'), 'EventCorrected', '2025-07-21T12:00');
    await expect(d.run(leader, correct('ResultReturned', '2025-07-21T12:00', '2025-07-23T09:00'))).resolves.toMatchObject({ duplicate: false });
  });

  it('a resolution entered late by mistake, moved back but after the event before it, is accepted; equal instants are allowed', async () => {
    const d = await dossier(withSupplement);
    const r = await d.run(leader, correct('DossierResolved', '2025-07-15T10:00', '2025-07-23T09:00'));
    expect(r.events).toMatchObject([{ type: 'EventCorrected', data: { from: vn('2025-07-21T09:00'), to: vn('2025-07-15T10:00') } }]);
    expect(r.state.resolution?.at).toBe(vn('2025-07-15T10:00'));
    // The same instant as the supplement provided (the event just before it): allowed, as the engine allows it for a resolution entered right.
    await expect(d.run(leader, correct('DossierResolved', '2025-07-14T09:00', '2025-07-23T10:00'))).resolves.toMatchObject({ duplicate: false });
    expect(ordered(await d.engine.history(d.id))).toBe(true);
  });

  it('a return moved within its bounds is accepted, up to the instant of the next event', async () => {
    const d = await dossier(withErrorReport);
    const r = await d.run(leader, correct('ResultReturned', '2025-07-22T15:00', '2025-07-24T09:00'));
    expect(r.state.returned?.at).toBe(vn('2025-07-22T15:00'));
    await expect(d.run(leader, correct('ResultReturned', '2025-07-23T09:00', '2025-07-24T10:00'))).resolves.toMatchObject({ duplicate: false });
    await expect(d.run(leader, correct('ResultReturned', '2025-07-21T09:00', '2025-07-24T11:00'))).resolves.toMatchObject({ duplicate: false });
    expect(ordered(await d.engine.history(d.id))).toBe(true);
  });

  it('corrections compose: the bounds are the neighbours at their corrected times', async () => {
    const d = await dossier(withSupplement);
    await d.run(leader, correct('DossierResolved', '2025-07-15T10:00', '2025-07-23T09:00'));
    // The return may now move back to just after the corrected resolution, not before it.
    await outOfOrder(d, correct('ResultReturned', '2025-07-15T09:00', '2025-07-23T09:30'), 'DossierResolved', '2025-07-15T10:00');
    await d.run(leader, correct('ResultReturned', '2025-07-15T11:00', '2025-07-23T10:00'));
    // And the resolution may no longer move after the corrected return.
    await outOfOrder(d, correct('DossierResolved', '2025-07-16T09:00', '2025-07-23T11:00'), 'ResultReturned', '2025-07-15T11:00');
    expect(ordered(await d.engine.history(d.id))).toBe(true);
  });

  it('a correction stored out of order before this rule was enforced can be put back in place by another correction', async () => {
    const d = await dossier(withSupplement);
    const streamId = (await d.engine.history(d.id))[0]!.streamId;
    // What the old rule accepted: the resolution moved into the supplement pause (written here straight to the store).
    const data = { target: { type: 'DossierResolved' }, field: 'occurredAt', from: vn('2025-07-21T09:00'), to: vn('2025-07-09T09:00'), reason: 'Nhập nhầm' };
    const metadata = { eventId: uuidv7(), schemaVersion: 1, occurredAt: vn('2025-07-23T09:00'), recordedAt: new Date().toISOString(), actor: leader };
    await d.store.append(streamId, [{ type: 'EventCorrected', data, metadata }], { expectedVersion: 6 });
    expect(ordered(await d.engine.history(d.id))).toBe(false);
    // Still out of place (before the supplement was provided): refused. Back in place: accepted, and the history is in order again.
    await outOfOrder(d, correct('DossierResolved', '2025-07-10T09:00', '2025-07-24T09:00'), 'SupplementProvided', '2025-07-14T09:00');
    await d.run(leader, correct('DossierResolved', '2025-07-18T09:00', '2025-07-24T09:00'));
    expect(ordered(await d.engine.history(d.id))).toBe(true);
  });

  it('the engine decides on the history of the state it read: an event appended meanwhile loses nothing, the command is decided again', async () => {
    const inner = new InMemoryEventStore();
    let race: (() => Promise<unknown>) | undefined;
    // A store whose first read of a whole stream (the history, after the state was loaded from a version on) is overtaken by another writer's append.
    const store = new Proxy(inner, {
      get(target, key) {
        if (key === 'readStream')
          return async (streamId: string, options?: { fromVersion?: number; toVersion?: number }) => {
            const overtake = options?.fromVersion === undefined ? race : undefined;
            if (overtake) {
              race = undefined;
              await overtake();
            }
            return target.readStream(streamId, options);
          };
        const member = Reflect.get(target, key, target);
        return typeof member === 'function' ? member.bind(target) : member;
      },
    });
    const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
    const id = uuidv7();
    const run = (actor: Actor, body: CommandBody) => engine.execute({ ...body, actor, commandId: uuidv7(), dossierId: id } as CommandInput);
    for (const [at, body] of withErrorReport) await run(officer, { ...body, at: vn(at) } as CommandBody);
    const streamId = (await engine.history(id))[0]!.streamId;
    const metadata = { eventId: uuidv7(), schemaVersion: 1, occurredAt: vn('2025-07-23T10:00'), recordedAt: new Date().toISOString(), actor: officer };
    race = () => inner.append(streamId, [{ type: 'PortalSynced', data: { portal: 'dvcqg', nationalStatus: 10 }, metadata }], { expectedVersion: 5 });
    const r = await run(leader, correct('ResultReturned', '2025-07-22T15:00', '2025-07-24T09:00'));
    expect(r.events).toMatchObject([{ type: 'EventCorrected', version: 7 }]);
    expect(ordered(await engine.history(id))).toBe(true);
  });

  it('decide (pure) reads the neighbours from env.history, and will not decide a correction without it', async () => {
    const d = await dossier(withSupplement);
    const state = await d.engine.get(d.id);
    const history = await d.engine.history(d.id);
    const env = {
      procedure: sampleCatalog().get(BUSINESS, '1')!,
      table: d.engine.tableFor(state.procedure!),
      rulePack: RULE_PACK_2025,
      calendar: vietnamCalendar(),
      at: vn('2025-07-23T09:00'),
    };
    const command = commandSchema.parse({ ...correct('DossierResolved', '2025-07-09T09:00', '2025-07-23T09:00'), actor: leader, commandId: uuidv7(), dossierId: d.id });
    expect(() => decide(command, state, { ...env, history })).toThrow(expect.objectContaining({ rule: 'CORRECTION_OUT_OF_ORDER' }));
    expect(() => decide(command, state, env)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    // A history that is not the state's (one event short) is not trusted either.
    expect(() => decide(command, state, { ...env, history: history.slice(0, -1) })).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    const fine = commandSchema.parse({ ...correct('DossierResolved', '2025-07-15T10:00', '2025-07-23T09:00'), actor: leader, commandId: uuidv7(), dossierId: d.id });
    expect(decide(fine, state, { ...env, history })).toMatchObject([{ type: 'EventCorrected', data: { to: vn('2025-07-15T10:00') } }]);
  });
});

/*
 * Property: random walks of commands through the real engine (any allowed
 * command, sometimes several at the same instant), with correction attempts
 * of random targets to random times (often exactly at, or a minute around,
 * the time of an event of the dossier). The oracle does not look for
 * neighbours: a correction is acceptable when its target happened, its value
 * changes, is not after the correction, and the history with the target at
 * that time and the correction appended is sorted by business time. Every
 * accepted correction appends one EventCorrected and leaves
 * `applyCorrections(history)` sorted; every refused one appends nothing.
 */

const ITEMS = [{ name: 'Giấy đề nghị' }];
const BODIES: Partial<Record<CommandType, (s: DossierState, n: number) => CommandBody | undefined>> = {
  TransferDossier: () => ({ type: 'TransferDossier' }),
  AssignOfficer: () => ({ type: 'AssignOfficer', officer: { id: 'cv-01' } }),
  RecordVerification: () => ({ type: 'RecordVerification', place: 'Trụ sở', participants: ['cv-01'], content: 'Xác minh' }),
  RequestConsultation: (_s, n) => ({
    type: 'RequestConsultation',
    consultationId: `c${n}`,
    agency: { code: 'STP', name: 'Sở Tư pháp' },
    content: 'Xin ý kiến',
    deadline: '2025-12-31',
  }),
  AnswerConsultation: (s) => {
    const open = s.consultations.find((c) => !c.answeredAt);
    return open ? { type: 'AnswerConsultation', consultationId: open.id, answer: 'Đồng ý' } : undefined;
  },
  RequestSupplement: () => ({ type: 'RequestSupplement', items: ITEMS, reason: 'Thiếu' }),
  ProvideSupplement: () => ({ type: 'ProvideSupplement' }),
  RequestFee: () => ({ type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 50_000 }] }),
  RecordFeePayment: () => ({ type: 'RecordFeePayment', amountVnd: 50_000, method: 'online', gateway: 'dvcqg' }),
  StartInterAgency: () => ({ type: 'StartInterAgency' }),
  CompleteLeg: (s) => {
    const i = s.route?.legs.findIndex((l) => !l.completedAt) ?? -1;
    return i >= 0 ? { type: 'CompleteLeg', legIndex: i } : undefined;
  },
  Resolve: () => ({ type: 'Resolve' }),
  RefuseResolution: () => ({ type: 'RefuseResolution', reason: 'Không đủ điều kiện' }),
  NotifyEarlyReturn: () => ({ type: 'NotifyEarlyReturn', channel: 'sms' }),
  ReturnResult: () => ({ type: 'ReturnResult', method: 'counter' }),
  Rate: () => ({ type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'thai-do', level: 'satisfied' }] }),
  FilePetition: (_s, n) => ({ type: 'FilePetition', petitionId: `p${n}`, content: 'Chậm', channel: 'hotline' }),
  AnswerPetition: (s) => {
    const open = s.petitions.find((p) => !p.answeredAt);
    return open ? { type: 'AnswerPetition', petitionId: open.id, outcome: 'resolved' } : undefined;
  },
  RecordPortalSync: () => ({ type: 'RecordPortalSync' }),
  ReportResultError: () => ({ type: 'ReportResultError', description: 'Sai tên' }),
  CorrectResult: () => ({ type: 'CorrectResult' }),
};

const PROGRESS = new Set<CommandType>([
  'TransferDossier',
  'ProvideSupplement',
  'RecordFeePayment',
  'CompleteLeg',
  'AnswerConsultation',
  'Resolve',
  'RefuseResolution',
  'ReturnResult',
]);
const MINUTE = 60_000;
const vnInstant = (ms: number) => `${new Date(ms + 7 * 3_600_000).toISOString().slice(0, 23)}+07:00`;

const step = fc.record({
  correct: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
  pick: fc.nat(),
  /** Minutes since the last command: often none (the same instant), else up to three days. */
  wait: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 3 * 24 * 60 }), weight: 3 }),
  /** The dossier's outcome (resolution or refusal), its return, or the outcome it does not have. */
  target: fc.constantFrom('outcome', 'outcome', 'return', 'return', 'other'),
  /** The corrected value: the time of the event `anchor` places from the target (or the last event) shifted by `shift` minutes. */
  anchor: fc.integer({ min: -2, max: 2 }),
  shift: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -60, max: 60 }), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 })),
});
const walk = fc.record({
  intake: fc.constantFrom<[string, 'ReceiveDossier' | 'HandleInstantly']>([BUSINESS, 'ReceiveDossier'], ['1.009994', 'ReceiveDossier'], ['2.000815', 'HandleInstantly']),
  steps: fc.array(step, { minLength: 5, maxLength: 30 }),
});

describe('property: corrections through the real engine keep the corrected history in order', () => {
  it('an accepted correction leaves applyCorrections(history) sorted by business time; a refused one appends nothing', async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(walk, async ({ intake: [code, intakeType], steps }) => {
        const store = new InMemoryEventStore();
        const engine = createEngine({ store, catalog: sampleCatalog(), policy: 'none' });
        const id = uuidv7();
        const run = (actor: Actor, body: CommandBody, at: number) => engine.execute({ ...body, actor, at: vnInstant(at), commandId: uuidv7(), dossierId: id } as CommandInput);
        let t = Date.parse('2025-07-07T02:00:00Z');
        let s = (await run(officer, { type: intakeType, procedureCode: code, unit, applicant, channel: 'direct' } as CommandBody, t)).state;
        for (const [n, x] of steps.entries()) {
          t += x.wait * MINUTE;
          const history = await engine.history(id);
          const head = await store.headPosition();
          // A correction once the dossier has an outcome (before, every attempt is only CORRECTION_TARGET_MISSING).
          if (x.correct && s.resolution) {
            const outcome = s.resolution.outcome === 'granted' ? 'DossierResolved' : 'ResolutionRefused';
            const target = x.target === 'return' ? 'ResultReturned' : x.target === 'outcome' ? outcome : outcome === 'DossierResolved' ? 'ResolutionRefused' : 'DossierResolved';
            const view = applyCorrections(history);
            let i = -1;
            view.forEach((e, k) => void (e.type === target && (i = k)));
            const anchor = view[Math.min(Math.max((i < 0 ? view.length - 1 : i) + x.anchor, 0), view.length - 1)]!;
            const to = Date.parse(anchor.metadata.occurredAt) + x.shift * MINUTE;
            const body = { type: 'CorrectEvent', target: { type: target }, field: 'occurredAt', value: vnInstant(to), reason: 'Nhập nhầm' } as CommandBody;
            // The oracle: the history with the correction made (the target at its new time, the correction appended), sorted or not.
            const times = view.map((e) => Date.parse(e.metadata.occurredAt));
            if (i >= 0) times[i] = to;
            times.push(t);
            const sorted = times.every((v, k) => k === 0 || times[k - 1]! <= v);
            const expected =
              i < 0
                ? 'CORRECTION_TARGET_MISSING'
                : to === Date.parse(view[i]!.metadata.occurredAt)
                  ? 'CORRECTION_NO_CHANGE'
                  : to > t
                    ? 'CORRECTION_IN_FUTURE'
                    : sorted
                      ? 'accepted'
                      : 'CORRECTION_OUT_OF_ORDER';
            const result = await run(leader, body, t).then(
              (r) => {
                s = r.state;
                return 'accepted';
              },
              (e: unknown) => (e instanceof RuleViolationError ? e.rule : String(e)),
            );
            expect(result).toBe(expected);
            outcomes[result] = (outcomes[result] ?? 0) + 1;
            const after = await engine.history(id);
            if (result === 'accepted') {
              expect(after.slice(0, history.length)).toEqual(history);
              expect(after.slice(history.length).map((e) => e.type)).toEqual(['EventCorrected']);
              expect(ordered(after)).toBe(true);
            } else {
              expect(after).toEqual(history);
              expect(await store.headPosition()).toBe(head);
            }
            continue;
          }
          // The commands that move the dossier on are picked more often than the annotations, or few walks reach an outcome.
          const allowed = (await engine.allowedCommands(id)).flatMap((c) => (BODIES[c] ? (PROGRESS.has(c) ? [c, c, c] : [c]) : []));
          if (allowed.length === 0) continue;
          const body = BODIES[allowed[x.pick % allowed.length]!]!(s, n);
          if (!body) continue;
          await run(officer, body, t).then(
            (r) => void (s = r.state),
            (e: unknown) => {
              if (!(e instanceof MotcuaError) || e.code === 'VALIDATION_FAILED') throw e;
            },
          );
        }
        // Whatever came after the corrections, the corrected history is still in order.
        expect(ordered(await engine.history(id))).toBe(true);
      }),
      { numRuns: 120 },
    );
    // The walks exercise both sides.
    expect(outcomes.accepted).toBeGreaterThan(25);
    expect(outcomes.CORRECTION_OUT_OF_ORDER).toBeGreaterThan(25);
  }, 120_000);
});
