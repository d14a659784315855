/**
 * Audit (session 18): the expected view (`expectedPortalRecords`, what the
 * portal should hold if every update arrived once and in order) must not
 * depend on how the events reach it: a log read twice (a replay after a
 * restart), or events of a dossier handed over out of stream order, give the
 * same view. The oracle is written here from domain §3.2 (event → code) and
 * the stream versions: the status is the code of the latest (highest
 * version) status-setting event, the due dates those of the latest events
 * that carry them.
 */
import type { StoredEvent } from '@motcua/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyArb, runHistory } from '../../projections/test/support/generate';
import { expectedPortalRecords, reconcile } from '../src';

/** Domain §3.2 (with the documented choices: intake supplement 1, closed 8, internal steps 4, a consultation's answer — which may come during a pause, §12.4 — not sent). */
const CODE: Record<string, number> = {
  DossierSubmitted: 1,
  IntakeSupplementRequested: 1,
  IntakeSupplementProvided: 1,
  DossierAccepted: 2,
  ReceptionRefused: 3,
  DossierTransferred: 4,
  SupplementProvided: 4,
  FeePaid: 4,
  OfficerAssigned: 4,
  VerificationRecorded: 4,
  ConsultationRequested: 4,
  InterAgencyStarted: 4,
  LegCompleted: 4,
  StepAssigned: 4,
  StepForwarded: 4,
  ReturnedForRework: 4,
  SupplementRequested: 5,
  FeeRequested: 6,
  WithdrawalRequested: 7,
  ProcessingStopped: 8,
  DossierClosed: 8,
  DossierResolved: 9,
  ResolutionRefused: 9,
  ResultReturned: 10,
};

interface Oracle {
  status: number;
  version: number;
  legalDue?: string;
  rescheduledDue?: string;
}

function oracle(events: readonly StoredEvent[]): Map<string, Oracle> {
  const byDossier = new Map<string, StoredEvent[]>();
  for (const event of events) byDossier.set(event.streamId, [...(byDossier.get(event.streamId) ?? []), event]);
  const out = new Map<string, Oracle>();
  for (const [streamId, stream] of byDossier) {
    const sent = stream.filter((event) => CODE[event.type] !== undefined || event.type === 'ApologyIssued').sort((a, b) => a.version - b.version);
    if (sent.length === 0) continue;
    const withStatus = sent.filter((event) => CODE[event.type] !== undefined);
    const legal = sent.filter((event) => event.type === 'DossierAccepted' || event.type === 'SupplementProvided').at(-1);
    const form04 = sent.filter((event) => event.type === 'ApologyIssued').at(-1);
    out.set(streamId.slice('dossier-'.length), {
      status: CODE[withStatus.at(-1)!.type]!,
      version: sent.at(-1)!.version,
      ...(legal ? { legalDue: (legal.data as { due: { at: string } }).due.at } : {}),
      ...(form04 ? { rescheduledDue: (form04.data as { newDue: { at: string } }).newDue.at } : {}),
    });
  }
  return out;
}

describe('the expected portal view does not depend on replays or order (fast-check, real engine)', () => {
  it('in order, replayed, and shuffled give the §3.2 oracle; reconciliation of a replay against the in-order view is empty', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.integer({ min: 1, max: 1 << 30 }), async (scripts, seed) => {
        const { events } = await runHistory(scripts);
        const want = oracle(events);
        // A replay: the log read twice; then a deterministic shuffle of that (seeded swaps).
        const replayed = [...events, ...events.slice(0, Math.ceil(events.length / 2))];
        const shuffled = [...replayed];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1103515245) + 12345) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const inOrder = expectedPortalRecords(events);
        for (const input of [events, replayed, shuffled]) {
          const view = expectedPortalRecords(input);
          expect(view.size).toBe(want.size);
          for (const [dossierId, expected] of want) {
            const got = view.get(dossierId)!;
            expect({ status: got.status, version: got.version, legalDue: got.legalDue, rescheduledDue: got.rescheduledDue }).toEqual({
              status: expected.status,
              version: expected.version,
              legalDue: expected.legalDue,
              rescheduledDue: expected.rescheduledDue,
            });
            // Each update once, in stream order.
            const versions = got.history.map((entry) => entry.version);
            expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
          }
          const report = reconcile({ period: { from: '2020-01-01', to: '2030-12-31' }, ours: view.values(), portal: inOrder.values() });
          expect(report.mismatches).toEqual([]);
        }
      }),
      { numRuns: 30 },
    );
  }, 180_000);
});
