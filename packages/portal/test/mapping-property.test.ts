/**
 * Properties of the mapping over random dossier histories run through the
 * real engine (the projections' generator): after every event, the status the
 * portal has been told (the last status among the updates so far) equals the
 * engine's own national status of the state folded to that event — an
 * independent computation (the compiled machine's state → code table); and
 * while a dossier is paused (5, 6) the portal is never told 9.
 */
import { foldDossier, type DossierEvent, type NationalStatus, type StoredEvent } from '@motcua/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { historyArb, runHistory } from '../../projections/test/support/generate';
import { expectedPortalRecords, portalUpdateOf } from '../src';

function byStream(events: readonly StoredEvent[]): Map<string, StoredEvent[]> {
  const out = new Map<string, StoredEvent[]>();
  for (const event of events) {
    const list = out.get(event.streamId) ?? [];
    list.push(event);
    out.set(event.streamId, list);
  }
  return out;
}

describe('status mapping over random dossiers (fast-check, real engine)', () => {
  it('the told status follows the engine after every event, and never reports 9 while paused', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events, engine } = await runHistory(scripts);
        for (const [streamId, stream] of byStream(events)) {
          let told: NationalStatus | undefined;
          for (let index = 0; index < stream.length; index++) {
            const event = stream[index]!;
            const update = portalUpdateOf(event);
            const previous = told;
            if (update?.status !== undefined) told = update.status as NationalStatus;
            const state = foldDossier(streamId, stream.slice(0, index + 1) as unknown as DossierEvent[], engine.tableFor);
            expect(told ?? null).toBe(state.nationalStatus);
            if (previous === 5 || previous === 6) expect(update?.status === 9 && state.nationalStatus !== 9).toBe(false);
            if (state.nationalStatus === 5 || state.nationalStatus === 6) expect(told).not.toBe(9);
          }
        }
        // The expected view (what the portal should hold) ends on the engine's final status of every dossier.
        const expected = expectedPortalRecords(events);
        for (const record of expected.values()) {
          const state = await engine.get(record.dossierId);
          expect(record.status).toBe(state.nationalStatus);
        }
      }),
      { numRuns: 40 },
    );
  }, 180_000);
});
