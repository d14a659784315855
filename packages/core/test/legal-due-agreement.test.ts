/**
 * `legalDue` of `@motcua/calendar` (the legal due date computed from the instants alone: acceptance, supplement
 * requests and answers, the apology) gives what the engine records, on random histories: which supplements were
 * requested past the appointment in force (`afterDue`), the legal due date, the appointment in force
 * (`appointmentOf`), the date Form 04 replaced and whether the apology was late. Two independent implementations of
 * one rule (docs/metrics.md §2, NĐ 61/2018 Đ19.4 and Đ19.9): before session 18, `legalDue` restarted the clock on
 * every answer, so a user computing dates with it disagreed with the engine, the worklists and the reports on every
 * dossier whose supplement came after its due date.
 */
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { legalDue, vietnamCalendar } from '@motcua/calendar';
import { appointmentOf, createEngine, InMemoryEventStore, MotcuaError, type CommandBody, type DossierState } from '@motcua/core';
import { sampleCatalog } from '@motcua/core/testkit';
import { applicant, cmd, unit } from './helpers';

const cal = vietnamCalendar();
const NOW = new Date('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const receive = { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant, channel: 'direct' } as unknown as CommandBody;
const transfer = { type: 'TransferDossier' } as unknown as CommandBody;
const request = { type: 'RequestSupplement', items: [{ name: 'Bản sao CCCD' }], reason: 'Thiếu giấy tờ' } as unknown as CommandBody;
const provide = { type: 'ProvideSupplement' } as unknown as CommandBody;
const apology = (newDueDate: string) => ({ type: 'IssueApology', reason: 'Chờ ý kiến', lateUnit: 'Sở Tư pháp', newDueDate }) as unknown as CommandBody;

type Step = { kind: 'request' | 'provide' | 'apology'; gapHours: number; extraDays: number };
const vnInstant = (ms: number) => new Date(ms + 7 * HOUR).toISOString().replace('Z', '+07:00');
const dateOf = (ms: number) => vnInstant(ms).slice(0, 10);

/** The history through a fresh engine; commands it refuses are skipped. */
async function run(startMs: number, steps: readonly Step[]): Promise<DossierState> {
  const engine = createEngine({ store: new InMemoryEventStore(), catalog: sampleCatalog(), policy: 'none', clock: () => NOW });
  const id = uuidv7();
  const exec = async (body: CommandBody, ms: number) => {
    try {
      await engine.execute(cmd(id, { ...body, at: vnInstant(ms) } as CommandBody));
    } catch (error) {
      if (!(error instanceof MotcuaError)) throw error;
    }
  };
  let t = startMs;
  await exec(receive, t);
  await exec(transfer, (t += HOUR / 2));
  for (const step of steps) {
    t += step.gapHours * HOUR;
    if (step.kind === 'apology') {
      const state = await engine.get(id);
      const due = appointmentOf(state)?.date ?? dateOf(t);
      // A new date some days after the appointment (or the command): the engine refuses one on a day off, too early or too late.
      const base = Math.max(Date.parse(`${due}T00:00:00+07:00`), t);
      await exec(apology(dateOf(base + (1 + step.extraDays) * 24 * HOUR)), t);
    } else await exec(step.kind === 'request' ? request : provide, t);
  }
  return engine.get(id);
}

function compare(state: DossierState) {
  const accepted = state.acceptedAt!;
  const r = legalDue(
    {
      acceptedAt: accepted,
      limit: state.limit!,
      supplements: state.supplements.map((s) => ({ requestedAt: s.requestedAt, ...(s.providedAt ? { providedAt: s.providedAt } : {}) })),
      ...(state.apology ? { reschedules: [{ issuedAt: state.apology.at, newDue: state.apology.newDue.date }] } : {}),
    },
    cal,
  );
  const what = JSON.stringify({ accepted, supplements: state.supplements.map((s) => [s.requestedAt, s.providedAt ?? null, s.afterDue ?? false]), apology: state.apology });
  expect(r.originalDue.date, what).toBe(state.due!.original.date);
  expect(r.afterDue, what).toEqual(state.supplements.map((s) => s.afterDue === true));
  if (state.apology) {
    expect(r.replacedDue?.date, what).toBe(state.apology.originalDue.date);
    expect(r.lateApology, what).toBe(state.apology.lateApology);
  }
  const paused = r.waitingForCitizen && r.afterDue.at(-1) === false;
  if (!paused) {
    expect(r.currentDue?.date, what).toBe(state.due!.legal.date);
    expect(r.effectiveDue?.date, what).toBe(appointmentOf(state)?.date);
  } else expect(r.currentDue, what).toBeNull();
  return r;
}

describe('legalDue (calendar) = the engine on random histories of supplements and an apology', () => {
  const stepArb = fc.record({
    kind: fc.constantFrom<Step['kind']>('request', 'provide', 'provide', 'apology'),
    // Hours to a few working days, across nights and weekends.
    gapHours: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 16, max: 130 })),
    extraDays: fc.integer({ min: 0, max: 10 }),
  });
  // Working-day receipts of 2025 (NĐ 61 pack until 30/06, NĐ 118 from 01/07) at 08:00–15:59.
  const startArb = fc
    .tuple(fc.integer({ min: 0, max: 330 }), fc.integer({ min: 8, max: 15 }))
    .map(([day, hour]) => Date.parse(`2025-01-06T00:00:00+07:00`) + day * 24 * HOUR + hour * HOUR)
    .filter((ms) => cal.isWorkingDay(dateOf(ms)));

  it('afterDue flags, legal due, appointment in force, replaced date and late apology agree', async () => {
    let lateRequests = 0;
    await fc.assert(
      fc.asyncProperty(startArb, fc.array(stepArb, { minLength: 1, maxLength: 7 }), async (start, steps) => {
        const r = compare(await run(start, steps));
        lateRequests += r.afterDue.filter(Boolean).length;
      }),
      {
        numRuns: 120,
        // Always run: received Mon 02/06/2025 09:00 (due Thu 05/06); a request within time answered Mon 09/06 (restart →
        // Thu 12/06); a request Fri 13/06 (late) answered Mon 16/06; Form 04 on Tue 17/06; a request Wed 18/06 (late
        // after a late one) answered Thu 19/06 — the engine's hand-worked case in supplement-after-due.test.ts.
        examples: [
          [
            Date.parse('2025-06-02T09:00:00+07:00'),
            [
              { kind: 'request', gapHours: 47.5, extraDays: 0 }, // Wed 04/06 09:00
              { kind: 'provide', gapHours: 120, extraDays: 0 }, // Mon 09/06 09:00
              { kind: 'request', gapHours: 96, extraDays: 0 }, // Fri 13/06 09:00
              { kind: 'provide', gapHours: 72, extraDays: 0 }, // Mon 16/06 09:00
              { kind: 'apology', gapHours: 24, extraDays: 6 }, // Tue 17/06 09:00 → a date 7 days after 17/06: Tue 24/06
              { kind: 'request', gapHours: 24, extraDays: 0 }, // Wed 18/06 09:00
              { kind: 'provide', gapHours: 24, extraDays: 0 }, // Thu 19/06 09:00
            ],
          ],
        ],
      },
    );
    expect(lateRequests).toBeGreaterThanOrEqual(2); // the example's two late requests, at least
  });
});
