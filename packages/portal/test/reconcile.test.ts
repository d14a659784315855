/**
 * Reconciliation finds every injected mismatch and nothing else. Random
 * dossier histories run through the real engine; their portal updates are
 * sent to the simulated portal over HTTP, each dossier with one injected
 * fault (or none): never sent, last update dropped, a middle update dropped,
 * the last two reordered, the code corrupted at the portal, the due date
 * corrupted, a dossier the portal holds that we do not. The expected reason
 * of each dossier is the injected fault's (the oracle), never the code's output.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError, type StoredEvent } from '@motcua/core';
import { historyArb, runHistory } from '../../projections/test/support/generate';
import { createHttpPortalClient, expectedPortalRecords, portalRoute, reconcile, startSimulatedPortal, type PortalMismatchReason, type PortalStatusUpdate } from '../src';

type Fault = 'none' | 'never-sent' | 'drop-last' | 'drop-middle' | 'reorder' | 'corrupt-code' | 'corrupt-due';
const FAULTS: Fault[] = ['none', 'never-sent', 'drop-last', 'drop-middle', 'reorder', 'corrupt-code', 'corrupt-due'];
const WIDE = { from: '2020-01-01', to: '2030-12-31' };

/** The updates of every dossier, in stream order, with their idempotency keys. */
function updatesByDossier(events: readonly StoredEvent[]): Map<string, { key: string; update: PortalStatusUpdate }[]> {
  const route = portalRoute();
  const out = new Map<string, { key: string; update: PortalStatusUpdate }[]>();
  for (const event of events) {
    route.messagesFor(event).forEach((message, index) => {
      const list = out.get(message.payload.dossierId) ?? [];
      list.push({ key: `dvcqg/${event.metadata.eventId}/${index}`, update: message.payload });
      out.set(message.payload.dossierId, list);
    });
  }
  return out;
}

describe('reconcile (fast-check, real engine, simulated portal over HTTP)', () => {
  it('finds every injected mismatch with its reason, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, fc.array(fc.nat(1000), { minLength: 10, maxLength: 10 }), fc.boolean(), async (scripts, picks, ghost) => {
        const { events } = await runHistory(scripts);
        const ours = expectedPortalRecords(events);
        const portal = await startSimulatedPortal();
        try {
          const client = createHttpPortalClient({ baseUrl: portal.url, token: portal.token });
          const expected = new Map<string, PortalMismatchReason>();
          let i = 0;
          for (const [dossierId, updates] of updatesByDossier(events)) {
            const n = updates.length;
            const lastHasStatus = updates[n - 1]!.update.status !== undefined;
            const record = ours.get(dossierId)!;
            // Only faults that make sense for this dossier; the pick chooses among them.
            const possible = FAULTS.filter(
              (fault) =>
                (fault !== 'drop-last' || n >= 2) &&
                (fault !== 'drop-middle' || (n >= 3 && lastHasStatus)) &&
                (fault !== 'reorder' || n >= 2) &&
                (fault !== 'corrupt-code' || record.status !== null) &&
                (fault !== 'corrupt-due' || record.legalDue !== undefined),
            );
            const fault = possible[picks[i++ % picks.length]! % possible.length]!;
            let send = updates;
            if (fault === 'never-sent') send = [];
            if (fault === 'drop-last') send = updates.slice(0, -1);
            if (fault === 'drop-middle') send = [...updates.slice(0, 1), ...updates.slice(2)];
            if (fault === 'reorder') send = [...updates.slice(0, -2), updates[n - 1]!, updates[n - 2]!];
            for (const { key, update } of send) await client.sendStatus(update, { idempotencyKey: key });
            if (fault === 'corrupt-code') {
              const paused = record.status === 5 || record.status === 6;
              portal.corrupt(dossierId, { status: paused ? 9 : (((record.status! % 10) + 1) as 1) });
              expected.set(dossierId, paused ? 'paused-reported-as-processed' : 'wrong-code');
            }
            if (fault === 'corrupt-due') {
              portal.corrupt(dossierId, { legalDue: '2099-12-31T17:00:00.000+07:00' });
              expected.set(dossierId, 'due-date-differs');
            }
            if (fault === 'never-sent') expected.set(dossierId, 'never-sent');
            if (fault === 'drop-last') expected.set(dossierId, 'behind');
            if (fault === 'drop-middle') expected.set(dossierId, 'missed-updates');
            if (fault === 'reorder') expected.set(dossierId, 'out-of-order');
          }
          if (ghost) {
            await client.sendStatus(
              { dossierId: 'ghost', version: 1, eventType: 'DossierAccepted', occurredAt: '2024-03-04T08:00:00+07:00', status: 2 },
              { idempotencyKey: 'ghost' },
            );
            expected.set('ghost', 'unknown-to-us');
          }
          const report = reconcile({ period: WIDE, ours: ours.values(), portal: portal.records() });
          const found = new Map(report.mismatches.map((mismatch) => [mismatch.dossierId, mismatch.reason]));
          expect(found).toEqual(expected);
          expect(report.checked).toBe(ours.size + (ghost ? 1 : 0));
          expect(Object.values(report.byReason).reduce((a, b) => a + b, 0)).toBe(expected.size);
        } finally {
          await portal.close();
        }
      }),
      { numRuns: 30 },
    );
  }, 180_000);
});

describe('reconcile: period and input', () => {
  const record = (dossierId: string, firstAt: string, updatedAt: string, status: 2 | 10) => ({
    dossierId,
    status,
    version: 2,
    firstAt,
    updatedAt,
    history: [
      { key: 'a', version: 1, eventType: 'DossierAccepted', occurredAt: firstAt, receivedAt: firstAt },
      { key: 'b', version: 2, eventType: 'X', occurredAt: updatedAt, receivedAt: updatedAt },
    ],
  });

  it('takes a dossier opened after the period out, and one closed before it, but keeps one still open', () => {
    const ours = [
      record('later', '2025-08-02T09:00:00+07:00', '2025-08-03T09:00:00+07:00', 2),
      record('closedBefore', '2025-06-01T09:00:00+07:00', '2025-06-20T09:00:00+07:00', 10),
      record('stillOpen', '2025-06-01T09:00:00+07:00', '2025-06-20T09:00:00+07:00', 2),
    ];
    const report = reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours, portal: [] });
    expect(report.mismatches.map((mismatch) => [mismatch.dossierId, mismatch.reason])).toEqual([['stillOpen', 'never-sent']]);
    expect(report.checked).toBe(1);
  });

  it('uses Vietnam dates: 23:30 UTC on 31 July is 1 August in Hà Nội, after a July period', () => {
    const ours = [record('edge', '2025-07-31T23:30:00Z', '2025-07-31T23:30:00Z', 2)];
    expect(reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours, portal: [] }).checked).toBe(0);
  });

  it('names a portal that holds a later update than ours ahead, and a dossier kept without history never as missed', () => {
    const ours = record('d', '2025-07-02T09:00:00+07:00', '2025-07-03T09:00:00+07:00', 2);
    const later = { ...ours, version: 3, history: [...ours.history, { key: 'c', version: 3, eventType: 'X', occurredAt: ours.updatedAt, receivedAt: ours.updatedAt }] };
    expect(reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours: [ours], portal: [later] }).mismatches.map((m) => m.reason)).toEqual(['ahead']);
    const bare = { ...ours, history: [] };
    expect(reconcile({ period: { from: '2025-07-01', to: '2025-07-31' }, ours: [bare], portal: [bare] }).mismatches).toEqual([]);
  });

  it('refuses a malformed period with ValidationError naming the field', () => {
    const error = (() => {
      try {
        reconcile({ period: { from: '2025-13-01', to: '2025-07-31' }, ours: [], portal: [] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path.join('.'))).toEqual(['period.from']);
    expect(() => reconcile({ period: { from: '2025-08-01', to: '2025-07-31' }, ours: [], portal: [] })).toThrow(ValidationError);
  });
});
