/**
 * A pause does not lose an open consultation (audit, session 19).
 *
 * NĐ 61/2018 Đ19.5 (NĐ 118/2025 Đ19.4c): a consultation is requested with a deadline and its answer is logged
 * (system or Form 05); a late answer is reported to the head of the one-stop unit. A fee wait (Đ22 / NĐ 118 Đ24,
 * status 6) or a supplement wait (Đ19.4, status 5) pauses the dossier and the answer to it returns it to processing
 * (docs/lifecycle.md: "the answer returns it to that same step"). Nothing in either rule withdraws a consultation
 * already sent: the consulted agency still answers, and the answer must be recordable once the dossier is back in
 * processing. Before this fix a consultation open when the fee (or supplement) was requested could never be answered
 * (`AnswerConsultation` was `INVALID_TRANSITION` in `processing.appraisal`), so the dossier stayed "waiting for a
 * consultation" for ever and never showed as awaiting the signature.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { type CommandBody, type CommandInput, type Catalog, InMemoryEventStore, createEngine, dossierListRow } from '@motcua/core';
import { approvalSampleCatalog, approvalSampleProcedures, sampleCatalog, sampleProcedures } from '@motcua/core/testkit';
import { applicant, unit } from './helpers';

const officer = { id: 'cb-01', role: 'officer', unit: unit.code };
const vn = (local: string) => `${local}:00.000+07:00`;
const agency = { code: 'STP', name: 'Sở Tư pháp' };

/** Both kinds of procedure: without an internal approval route (2.002030) and with one (2.000591, steps draft → review → sign). */
const KINDS = [
  { name: 'no approval route', catalog: () => sampleCatalog() as Catalog, code: sampleProcedures.businessRegistration.code },
  { name: 'approval route', catalog: () => approvalSampleCatalog() as Catalog, code: approvalSampleProcedures.foodSafetyCertificate.code },
] as const;

function setup(catalog: Catalog) {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, policy: 'none', clock: () => new Date('2030-01-01T00:00:00Z') });
  const id = uuidv7();
  const run = (body: CommandBody) => engine.execute({ ...body, actor: officer, commandId: uuidv7(), dossierId: id } as CommandInput);
  return { engine, id, run };
}

const PAUSES: Record<'fee' | 'supplement', [CommandBody, CommandBody]> = {
  fee: [
    { type: 'RequestFee', items: [{ name: 'Lệ phí', amountVnd: 100_000 }] },
    { type: 'RecordFeePayment', amountVnd: 100_000, method: 'counter' },
  ],
  supplement: [{ type: 'RequestSupplement', items: [{ name: 'Bản sao giấy phép' }], reason: 'thiếu' }, { type: 'ProvideSupplement' }],
};

describe('a consultation open when the dossier is paused can be answered after the pause', () => {
  for (const kind of KINDS)
    for (const pause of ['fee', 'supplement'] as const)
      it(`${kind.name}, ${pause}: consultation Mon 06/10/2025 (deadline Fri 10/10), pause and answer to it, consultation answered Wed 08/10 on time`, async () => {
        const { engine, id, run } = setup(kind.catalog());
        await run({ type: 'ReceiveDossier', procedureCode: kind.code, unit, applicant, channel: 'direct', at: vn('2025-10-06T08:00') } as CommandBody);
        await run({ type: 'TransferDossier', at: vn('2025-10-06T08:30') } as CommandBody);
        await run({
          type: 'RequestConsultation',
          consultationId: 'c1',
          agency,
          content: 'Ý kiến về tính hợp pháp',
          deadline: '2025-10-10',
          at: vn('2025-10-06T09:00'),
        } as CommandBody);
        const [request, answer] = PAUSES[pause];
        const paused = await run({ ...request, at: vn('2025-10-06T14:00') } as CommandBody);
        expect(paused.state.nationalStatus).toBe(pause === 'fee' ? 6 : 5);
        const back = await run({ ...answer, at: vn('2025-10-07T09:00') } as CommandBody);
        expect(back.state.nationalStatus).toBe(4);
        expect(back.state.consultations.map((c) => [c.id, c.answeredAt])).toEqual([['c1', undefined]]);

        const answered = await run({ type: 'AnswerConsultation', consultationId: 'c1', answer: 'Đủ điều kiện', at: vn('2025-10-08T10:00') } as CommandBody);
        expect(answered.events.map((e) => [e.type, (e.data as { late: boolean }).late])).toEqual([['ConsultationAnswered', false]]); // Wed 08/10 ≤ Fri 10/10
        expect(answered.state.consultations[0]!.answeredAt).toBe(vn('2025-10-08T10:00'));
        expect(answered.state.nationalStatus).toBe(4);
        expect(answered.state.topLevel).toBe('processing');
        // Answered once: a second answer to the same consultation is refused with nothing appended.
        const version = answered.state.version;
        await expect(run({ type: 'AnswerConsultation', consultationId: 'c1', answer: 'lại', at: vn('2025-10-08T11:00') } as CommandBody)).rejects.toMatchObject({
          rule: 'UNKNOWN_CONSULTATION',
        });
        expect((await engine.get(id)).version).toBe(version);
        // Without a route the next act is the signature; with one the route goes on from its first step.
        if (kind.name === 'no approval route') expect(dossierListRow(answered.state).awaitingSignature).toBe(true);
        else {
          await run({ type: 'ForwardStep', at: vn('2025-10-08T14:00') } as CommandBody);
          await run({ type: 'ForwardStep', at: vn('2025-10-08T15:00') } as CommandBody);
          await run({ type: 'ForwardStep', at: vn('2025-10-08T16:00') } as CommandBody);
        }
        expect((await run({ type: 'Resolve', at: vn('2025-10-09T09:00') } as CommandBody)).state.topLevel).toBe('resolved');
      });
});

type Op = { kind: 'consult' } | { kind: 'answer'; which: number } | { kind: 'fee' } | { kind: 'supplement' } | { kind: 'forward' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.constant<Op>({ kind: 'consult' }),
  fc.integer({ min: 0, max: 3 }).map<Op>((which) => ({ kind: 'answer', which })),
  fc.constant<Op>({ kind: 'fee' }),
  fc.constant<Op>({ kind: 'supplement' }),
  fc.constant<Op>({ kind: 'forward' }),
);

describe('property: every consultation the engine accepted can be answered exactly once while the dossier is processing', () => {
  it('random consultations, fee and supplement pauses (and steps on a route): an answer is accepted iff its consultation is open', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KINDS), fc.array(opArb, { maxLength: 14 }), async (kind, ops) => {
        const { engine, id, run } = setup(kind.catalog());
        let t = Date.parse('2025-10-06T01:00:00Z'); // Mon 06/10/2025 08:00 local
        const at = () => new Date((t += 600_000) + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
        await run({ type: 'ReceiveDossier', procedureCode: kind.code, unit, applicant, channel: 'direct', at: at() } as CommandBody);
        await run({ type: 'TransferDossier', at: at() } as CommandBody);
        const requested: string[] = [];
        const open = new Set<string>();
        let supplemented = false; // NĐ 118/2025 Đ11.2c: one supplement request after appraisal
        for (const op of ops) {
          if (op.kind === 'consult') {
            const cid = `c${requested.length}`;
            const ok = await run({ type: 'RequestConsultation', consultationId: cid, agency, content: 'ý kiến', deadline: '2025-12-31', at: at() } as CommandBody).then(
              () => true,
              () => false,
            );
            if (ok) {
              requested.push(cid);
              open.add(cid);
            }
          } else if (op.kind === 'answer') {
            const cid = requested[op.which] ?? `c${op.which}`;
            const before = (await engine.get(id)).version;
            const outcome = await run({ type: 'AnswerConsultation', consultationId: cid, answer: 'ok', at: at() } as CommandBody).then(
              () => 'accepted',
              (e: { code: string; rule?: string }) => e.rule ?? e.code,
            );
            // The rule: the answer to a consultation that is open is logged; any other is refused, nothing appended.
            if (open.has(cid)) expect(outcome, `${cid} is open`).toBe('accepted');
            else expect(outcome, `${cid} is not open`).not.toBe('accepted');
            if (outcome === 'accepted') open.delete(cid);
            else expect((await engine.get(id)).version).toBe(before);
          } else if (op.kind === 'fee') {
            await run({ ...PAUSES.fee[0], at: at() } as CommandBody);
            await run({ ...PAUSES.fee[1], at: at() } as CommandBody);
          } else if (op.kind === 'supplement' && !supplemented) {
            supplemented = true;
            await run({ ...PAUSES.supplement[0], at: at() } as CommandBody);
            await run({ ...PAUSES.supplement[1], at: at() } as CommandBody);
          } else if (op.kind === 'forward' && kind.name === 'approval route') {
            await run({ type: 'ForwardStep', at: at() } as CommandBody).catch(() => undefined); // after the signature: refused, nothing to check here
          }
          const s = await engine.get(id);
          expect(s.nationalStatus).toBe(4);
          expect(s.consultations.filter((c) => c.answeredAt === undefined).map((c) => c.id)).toEqual([...open]);
        }
      }),
      {
        numRuns: 60,
        // The defect's case is certain to occur: a consultation, a fee pause, then its answer.
        examples: [
          [KINDS[0], [{ kind: 'consult' }, { kind: 'fee' }, { kind: 'answer', which: 0 }]],
          [KINDS[1], [{ kind: 'consult' }, { kind: 'supplement' }, { kind: 'answer', which: 0 }]],
        ],
      },
    );
  });
});
