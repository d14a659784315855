/**
 * Reads detect gaps: a stream whose versions skip (an event deleted from the
 * file) or repeat is not folded; the fold reports INVALID_HISTORY, on every path.
 */
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { evolveDossier, foldDossier, initialDossierState, InvalidHistoryError, type DossierEvent } from '@motcua/core';
import { applicant, cmd, newEngine, unit, vn } from './helpers';

const BUSINESS = '2.002030';

async function history(): Promise<{ id: string; events: DossierEvent[]; tableFor: Parameters<typeof foldDossier>[2] }> {
  const { engine } = newEngine();
  const id = uuidv7();
  await engine.execute(cmd(id, { type: 'ReceiveDossier', procedureCode: BUSINESS, unit, applicant, channel: 'direct', at: vn('2023-10-27T09:32') }));
  await engine.execute(cmd(id, { type: 'TransferDossier', at: vn('2023-10-27T10:00') }));
  await engine.execute(cmd(id, { type: 'AssignOfficer', officer: { id: 'cv-07' }, at: vn('2023-10-27T10:05') }));
  await engine.execute(cmd(id, { type: 'Resolve', electronicResult: true, at: vn('2023-10-31T16:00') }));
  const events = (await engine.history(id)) as DossierEvent[];
  expect(events.map((e) => e.version)).toEqual([1, 2, 3, 4]);
  return { id, events, tableFor: engine.tableFor };
}

function expectGap(fn: () => unknown, version: number): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidHistoryError);
  expect((error as InvalidHistoryError).code).toBe('INVALID_HISTORY');
  expect((error as Error).message).toContain(`version ${version}`);
}

describe('fold continuity', () => {
  it('a contiguous history folds', async () => {
    const { id, events, tableFor } = await history();
    expect(foldDossier(id, events, tableFor).version).toBe(4);
  });

  it('a missing event (versions 1, 2, 4) is INVALID_HISTORY from scratch, incrementally and through immer', async () => {
    const { id, events, tableFor } = await history();
    const holed = [events[0]!, events[1]!, events[3]!];
    expectGap(() => foldDossier(id, holed, tableFor), 4);
    const two = foldDossier(id, events.slice(0, 2), tableFor);
    expectGap(() => foldDossier(id, [events[3]!], tableFor, two), 4);
    let s = initialDossierState(id);
    s = evolveDossier(s, events[0]!, tableFor);
    s = evolveDossier(s, events[1]!, tableFor);
    expectGap(() => evolveDossier(s, events[3]!, tableFor), 4);
  });

  it('a history that does not start at version 1, or repeats a version, is INVALID_HISTORY', async () => {
    const { id, events, tableFor } = await history();
    expectGap(() => foldDossier(id, events.slice(1), tableFor), 2);
    expectGap(() => foldDossier(id, [events[0]!, events[1]!, events[1]!], tableFor), 2);
  });
});
