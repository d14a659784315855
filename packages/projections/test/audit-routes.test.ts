/**
 * Audit (session 19): inter-agency routes in the reports.
 *
 * 1. The late-agency report (docs/metrics.md §6c: "for one dossier core's `lateAgencyAlerts(state, at)` gives the same
 *    list") must follow the route the dossier is on: a route started again after the first one ended replaces it, as
 *    in the dossier's state, the transfer slip and the deadline watcher.
 * 2. TT 01/2018 index 2 (each unit's time vs its limit, domain §7.1: longer → 0): an agency whose leg was still open
 *    after its due day when the dossier was refused took longer than its limit.
 *
 * Procedure 1.009994 (construction permit): parallel route, lead UBND-XA 10 working days, participant SXD 7.
 * July 2025 has no holiday: Tue 01, Wed 02, Thu 03, Fri 04, Mon 07 … Fri 11, Mon 14 … Fri 18, Mon 21.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEngine, InMemoryEventStore, lateAgencyAlerts, type CommandBody, type StoredEvent } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/samples';
import { foldProjection, lateAgencies, lateAgencyProjection, tt01Projection, tt01Report } from '@motcua/projections';

const vn = (local: string) => `${local}:00.000+07:00`;
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa UBND xã Đông Anh' };
const catalog = sampleCatalog();

function world() {
  const store = new InMemoryEventStore();
  const engine = createEngine({ store, catalog, cacheSize: 0, policy: 'none' });
  const run = (id: string, body: object, at: string) =>
    engine.execute({ ...body, actor: { id: 'cb-01', role: 'officer' }, commandId: randomUUID(), dossierId: id, at: vn(at) } as never);
  const events = async () => {
    const out: StoredEvent[] = [];
    for await (const e of store.readAll()) out.push(e);
    return out;
  };
  return { engine, run, events };
}

/** Received Tue 01/07/2025 08:00, transferred 08:30 (same day: on time, 1 point in index 2). */
async function permit(w: ReturnType<typeof world>): Promise<string> {
  const id = randomUUID();
  await w.run(id, { type: 'ReceiveDossier', procedureCode: '1.009994', unit, applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' } as CommandBody, '2025-07-01T08:00');
  await w.run(id, { type: 'TransferDossier', mode: 'electronic' }, '2025-07-01T08:30');
  return id;
}

describe('late agencies: a route started again replaces the first, as in the dossier', () => {
  it('first route Tue 01/07 (done 02–03/07), second Fri 04/07 (lead due Fri 18/07, SXD due Tue 15/07) done Mon 07 and Tue 08/07: nothing late on Mon 21/07', async () => {
    const w = world();
    const id = await permit(w);
    await w.run(id, { type: 'StartInterAgency' }, '2025-07-01T09:00');
    await w.run(id, { type: 'CompleteLeg', legIndex: 1 }, '2025-07-02T09:00');
    await w.run(id, { type: 'CompleteLeg', legIndex: 0 }, '2025-07-03T09:00');
    // Second start: lead 10 working days from Fri 04/07 → 07,08,09,10,11,14,15,16,17,18 → Fri 18/07; SXD 7 → … → Tue 15/07.
    const started = await w.run(id, { type: 'StartInterAgency' }, '2025-07-04T09:00');
    expect((started.events[0]!.data as { legs: { due: { date: string } }[] }).legs.map((l) => l.due.date)).toEqual(['2025-07-18', '2025-07-15']);
    await w.run(id, { type: 'CompleteLeg', legIndex: 0 }, '2025-07-07T09:00');
    const done = await w.run(id, { type: 'CompleteLeg', legIndex: 1 }, '2025-07-08T09:00');
    const at = vn('2025-07-21T08:00');
    expect(lateAgencyAlerts(done.state, at)).toEqual([]);
    expect(lateAgencies(foldProjection(lateAgencyProjection(), await w.events()), { at })).toEqual([]);
  });

  it('property: for a dossier in processing the report lists what core lateAgencyAlerts lists', async () => {
    type Step = { kind: 'start' } | { kind: 'leg'; index: number } | { kind: 'consult'; deadlineDays: number } | { kind: 'answer' } | { kind: 'wait'; days: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant({ kind: 'start' as const }),
      fc.record({ kind: fc.constant('leg' as const), index: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant('consult' as const), deadlineDays: fc.integer({ min: 0, max: 6 }) }),
      fc.constant({ kind: 'answer' as const }),
      fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 9 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 30 }), async (steps, lookDays) => {
        const w = world();
        const id = await permit(w);
        let day = Date.parse('2025-07-01T00:00:00Z');
        let hour = 9;
        let consultations = 0;
        const local = () => new Date(day).toISOString().slice(0, 10);
        const at = () => `${local()}T${String(hour++).padStart(2, '0')}:00`;
        for (const s of steps) {
          if (hour > 16) {
            day += 86_400_000;
            hour = 8;
          }
          try {
            if (s.kind === 'wait') {
              day += s.days * 86_400_000;
              hour = 8;
            } else if (s.kind === 'start') await w.run(id, { type: 'StartInterAgency' }, at());
            else if (s.kind === 'leg') await w.run(id, { type: 'CompleteLeg', legIndex: s.index }, at());
            else if (s.kind === 'consult') {
              const deadline = new Date(day + s.deadlineDays * 86_400_000).toISOString().slice(0, 10);
              await w.run(id, { type: 'RequestConsultation', consultationId: `c${++consultations}`, agency: { code: 'CA', name: 'Công an' }, content: 'Ý kiến', deadline }, at());
            } else {
              const open = (await w.engine.get(id)).consultations.find((x) => !x.answeredAt);
              if (open) await w.run(id, { type: 'AnswerConsultation', consultationId: open.id, answer: 'Đồng ý' }, at());
            }
          } catch (error) {
            expect((error as { code?: string }).code).toBe('INVALID_TRANSITION');
          }
        }
        const look = vn(`${new Date(day + lookDays * 86_400_000).toISOString().slice(0, 10)}T08:00`);
        const core = lateAgencyAlerts(await w.engine.get(id), look).map((a) => `${a.kind}:${a.ref}:${a.deadline}:${a.status}`);
        const report = lateAgencies(foldProjection(lateAgencyProjection(), await w.events()), { at: look }).map((r) => `${r.kind}:${r.ref}:${r.deadline}:${r.status}`);
        expect(report.sort()).toEqual(core.sort());
      }),
      {
        numRuns: 60,
        examples: [
          [[{ kind: 'start' }, { kind: 'leg', index: 1 }, { kind: 'leg', index: 0 }, { kind: 'start' }, { kind: 'leg', index: 0 }, { kind: 'leg', index: 1 }], 20],
          [[{ kind: 'start' }, { kind: 'leg', index: 0 }, { kind: 'wait', days: 9 }, { kind: 'leg', index: 1 }, { kind: 'start' }], 30],
        ],
      },
    );
  }, 60_000);
});

describe('late agencies: a withdrawal request ends the dossier for the report, as for the watcher and TT 01', () => {
  it('consultation due Thu 03/07 and route legs due 10/07 and 15/07, withdrawal asked Mon 07/07: nothing listed on Mon 21/07; the same dossier without it lists three', async () => {
    const w = world();
    const [kept, withdrawn] = [await permit(w), await permit(w)];
    for (const id of [kept, withdrawn]) {
      await w.run(
        id,
        { type: 'RequestConsultation', consultationId: 'c1', agency: { code: 'CA', name: 'Công an xã' }, content: 'Xác minh', deadline: '2025-07-03' },
        '2025-07-01T09:00',
      );
      await w.run(id, { type: 'StartInterAgency' }, '2025-07-01T10:00');
    }
    await w.run(withdrawn, { type: 'RequestWithdrawal', reason: 'Không còn nhu cầu' }, '2025-07-07T09:00');
    const rows = lateAgencies(foldProjection(lateAgencyProjection(), await w.events()), { at: vn('2025-07-21T08:00') });
    expect(rows.map((r) => [r.streamId.endsWith(kept), r.kind, r.ref, r.deadline])).toEqual([
      [true, 'consultation', 'c1', '2025-07-03'],
      [true, 'leg', '1', '2025-07-10'],
      [true, 'leg', '0', '2025-07-15'],
    ]);
  });
});

describe('TT 01 index 2: a leg still open past its due day when the dossier is refused', () => {
  /** Route Tue 01/07 09:00: SXD done Wed 02/07 (due Thu 10/07: early, 2 points); the lead (due Tue 15/07) never completes. */
  async function refused(refusedAt: string) {
    const w = world();
    const id = await permit(w);
    await w.run(id, { type: 'StartInterAgency' }, '2025-07-01T09:00');
    await w.run(id, { type: 'CompleteLeg', legIndex: 1 }, '2025-07-02T09:00');
    await w.run(id, { type: 'RefuseResolution', reason: 'Không phù hợp quy hoạch' }, refusedAt);
    const [official] = tt01Report(foldProjection(tt01Projection(), await w.events()), { catalog, from: '2025-07-01', to: '2025-07-31', by: 'official' });
    return official!.indices[2];
  }

  it('refused Thu 17/07, the lead due Tue 15/07 still open: its time was longer than its limit → 0', async () => {
    expect(await refused('2025-07-17T09:00')).toBe(0);
  });

  it('refused Mon 14/07, before the lead is due: min(transfer 1, SXD 2) = 1', async () => {
    expect(await refused('2025-07-14T09:00')).toBe(1);
  });

  it('refused on the due day Tue 15/07: not yet longer → 1', async () => {
    expect(await refused('2025-07-15T16:00')).toBe(1);
  });
});
