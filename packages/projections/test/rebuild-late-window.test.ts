/**
 * A late event (portal sync, petition, rating after the end) is attributed to
 * its dossier when its business day is at most `lateEventWindowDays` after the
 * day the dossier ended (docs/metrics.md, "Memory and late events"). Before,
 * it was attributed while the record was still held, and the record was
 * dropped by the latest business day the fold had seen; a rebuild whose
 * worker saw only its own partition of the streams held it longer than the
 * runner, and counted figures the runner did not. Expected values from that
 * rule, with hand-picked days; the rebuild with 2 worker threads and the
 * runner must agree.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createProjectionRunner, type Engine } from '@motcua/core';
import { decision766, partitionOf, rebuildable, rebuildProjections, timelinessProjection, type TimelinessState } from '@motcua/projections';
import { runHistory, testCatalog } from './support/generate';

const catalog = testCatalog();
const unit = { code: '000.00.06.H56', name: 'Bộ phận Một cửa xã Đông Anh' };
const officer = { id: 'cv-01', role: 'officer', unit: unit.code };

/** Dossier A received Mon 04/03/2024 and resolved Tue 05/03; dossier B (in the other of 2 partitions) received on `bDay`; then A's portal sync and petition on `lateDay`. */
async function history(bDay: string, lateDay: string) {
  const { engine, events } = await runHistory([
    { procedure: '2.002030', unit: 0, channel: 'direct', intake: 'receive', startMinutes: 3 * 1440 + 60, components: [], usesPopulationData: false, steps: [] },
  ]);
  const a = events[0]!.streamId.slice('dossier-'.length);
  let b = randomUUID();
  while (partitionOf(`dossier-${b}`, 2) === partitionOf(`dossier-${a}`, 2)) b = randomUUID();
  const run = (id: string, body: object, at: string) => (engine as Engine).execute({ ...body, actor: officer, commandId: randomUUID(), dossierId: id, at } as never);
  await run(a, { type: 'TransferDossier', mode: 'electronic' }, '2024-03-04T10:00:00.000+07:00');
  await run(a, { type: 'Resolve', electronicResult: false }, '2024-03-05T10:00:00.000+07:00');
  await run(
    b,
    { type: 'ReceiveDossier', procedureCode: '2.002030', unit, applicant: { name: 'Trần Thị B' }, channel: 'direct', components: [], usesPopulationData: false },
    `${bDay}T09:00:00.000+07:00`,
  );
  await run(a, { type: 'RecordPortalSync' }, `${lateDay}T10:00:00.000+07:00`);
  await run(a, { type: 'FilePetition', petitionId: 'p1', content: 'Phản ánh', channel: 'portal' }, `${lateDay}T11:00:00.000+07:00`);
  return engine.store;
}

/** Indicator 1.4 (synced / received) of March, and the count of events for dossiers not tracked. */
async function figures(bDay: string, lateDay: string) {
  const store = await history(bDay, lateDay);
  const projection = timelinessProjection();
  const runner = createProjectionRunner({ store, projection, persist: false } as never);
  await runner.catchUp();
  const rebuilt = await rebuildProjections({ log: store as never, workers: 2, projections: [{ kind: 'timeliness' }], save: false });
  const rebuiltProjection = rebuildable({ kind: 'timeliness' }).projection;
  const read = (state: TimelinessState, p: typeof projection) => {
    const march = decision766(state, { projection: p, catalog, from: '2024-03-01', to: '2024-03-31', groupBy: ['unit'] });
    const row = march.find((r) => r.group.unit === unit.code)!;
    return { synced: [row.indicators['1.4'].numerator, row.indicators['1.4'].denominator], unattributed: state.unattributed };
  };
  return { runner: read(runner.state as TimelinessState, projection), rebuild: read(rebuilt.projections[0]!.state as TimelinessState, rebuiltProjection as never) };
}

describe('late events: attributed by their own day and the end day, the same in a rebuild over partitions', () => {
  it('133 days after the end (16/07 after 05/03, window 90): unattributed, though the other partition alone reached 15/07', async () => {
    const { runner, rebuild } = await figures('2024-07-15', '2024-07-16');
    expect(runner).toEqual({ synced: [0, 1], unattributed: 2 });
    expect(rebuild).toEqual(runner);
  }, 60_000);

  it('90 days after the end (03/06 after 05/03): attributed — A counts as synced in March', async () => {
    const { runner, rebuild } = await figures('2024-05-20', '2024-06-03');
    expect(runner).toEqual({ synced: [1, 1], unattributed: 0 });
    expect(rebuild).toEqual(runner);
  }, 60_000);

  it('91 days after the end (04/06): unattributed', async () => {
    const { runner, rebuild } = await figures('2024-05-20', '2024-06-04');
    expect(runner).toEqual({ synced: [0, 1], unattributed: 2 });
    expect(rebuild).toEqual(runner);
  }, 60_000);
});
