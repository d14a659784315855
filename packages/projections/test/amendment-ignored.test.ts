/**
 * The applicant's amendment of an online dossier (bổ sung, sửa đổi hồ sơ trực
 * tuyến, NĐ 118/2025 Đ21) changes no report figure: the status stays and the
 * due date, the KPI clock and the reception clock do not move (the decree
 * says nothing of the clock [U], docs/lifecycle.md). By property: over random
 * dossier histories run through the engine, inserting a `DossierAmended`
 * after every event of a state where one is allowed (same instant; positions
 * and stream versions renumbered) folds, in every report projection, to the
 * snapshot of the history without them — event by event (`apply`, the filter
 * ignored) and through a rebuild's `partitionFold`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '@motcua/core';
import { partitionFold, REBUILD_KINDS, type RebuildSpec } from '@motcua/projections';
import { type DossierScript, historyArb, runHistory } from './support/generate';
import { foldIgnoringFilter, type Kind } from './support/fold-ignoring-filter';

/** Events after which the dossier is in a state that allows an amendment (submitted … fee requested, inter-agency). */
const AMENDABLE_AFTER = new Set([
  'DossierSubmitted',
  'DossierAccepted',
  'DossierTransferred',
  'SupplementRequested',
  'FeeRequested',
  'InterAgencyStarted',
  'IntakeSupplementRequested',
]);

function withAmendments(events: readonly StoredEvent[]): StoredEvent[] {
  const out: StoredEvent[] = [];
  const versions = new Map<string, number>();
  const push = (event: StoredEvent) => {
    const version = (versions.get(event.streamId) ?? 0) + 1;
    versions.set(event.streamId, version);
    out.push({ ...event, position: out.length + 1, version });
  };
  for (const event of events) {
    push(event);
    if (AMENDABLE_AFTER.has(event.type))
      push({
        ...event,
        type: 'DossierAmended',
        data: { description: 'Thay tờ khai', components: [{ code: 'TK', form: 'electronic', digitised: true, reused: false, fromCitizenStore: false }] },
      });
  }
  return out;
}

function renumbered(events: readonly StoredEvent[]): StoredEvent[] {
  return events.map((event, i) => ({ ...event, position: i + 1 }));
}

function foldPartition(kind: Kind, events: readonly StoredEvent[]): unknown {
  const f = partitionFold([{ kind } as RebuildSpec]);
  f.apply(events);
  const snapshot = JSON.parse(JSON.stringify(f.snapshots()[0])) as { cube?: number[][] };
  if (Array.isArray(snapshot.cube)) snapshot.cube.sort((a, b) => a[0]! - b[0]!);
  return snapshot;
}

describe('report projections ignore DossierAmended (NĐ 118/2025 Đ21)', () => {
  it('a history with amendments folds to the snapshot of the same history without them (property)', async () => {
    let withSome = 0;
    // Certain coverage: an online dossier of 2.002030 submitted, received, transferred, supplement requested, … (the example).
    const example: DossierScript = {
      procedure: '2.002030',
      unit: 0,
      channel: 'online',
      intake: 'submitThenReceive',
      startMinutes: 0,
      components: [],
      usesPopulationData: false,
      steps: Array.from({ length: 8 }, (_, i) => ({ choice: i, gapMinutes: 120, arg: 1 + 4 * i })),
    };
    await fc.assert(
      fc.asyncProperty(historyArb, async (scripts) => {
        const { events } = await runHistory(scripts);
        const plain = renumbered(events);
        const amended = withAmendments(events);
        if (amended.length > plain.length) withSome++;
        for (const kind of REBUILD_KINDS) {
          expect(foldIgnoringFilter(kind, amended), kind).toEqual(foldIgnoringFilter(kind, plain));
          expect(foldPartition(kind, amended), kind).toEqual(foldPartition(kind, plain));
        }
      }),
      { numRuns: 20, examples: [[[example]]] },
    );
    expect(withSome).toBeGreaterThan(0);
  }, 180_000);
});
