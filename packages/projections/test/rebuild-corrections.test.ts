/**
 * A rebuild computes the corrected view (docs/security.md, "Corrections as events"), whatever it is given: on a real
 * SQLite file with `EventCorrected` events, every way of rebuilding (0, 1 and 2 workers, fed by one reader or
 * reading their own partitions, the merged states kept or not, over the store or over `correctedLog(store)`, and
 * `pnpm run rebuild` as a process, partitioned or `--one-reader`) saves the checkpoints a runner over
 * `correctedLog(store)` builds, and the reports read from them are those of the same history entered right. Before
 * the rebuild applied the corrections itself, a partitioned read (`source`) and the script folded the events as
 * stored (06a: late 1 where the history entered right has 0), and a runner over `correctedLog` resuming from those
 * checkpoints kept the wrong figure for good (the correction lies before the checkpoint).
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyCorrections,
  correctedLog,
  createEngine,
  createProjectionRunner,
  InMemoryEventStore,
  MotcuaError,
  toVietnamInstant,
  type EventStore,
  type StoredEvent,
} from '@motcua/core';
import { vietnamCalendar } from '@motcua/calendar';
import {
  decision766,
  foldProjection,
  rebuildable,
  rebuildProjections,
  REBUILD_KINDS,
  receptionProjection,
  receptionReport,
  report06a,
  satisfactionProjection,
  satisfactionReport,
  timelinessProjection,
  tt01Projection,
  tt01Report,
  type RebuildOptions,
  type RebuildSpec,
} from '@motcua/projections';
import { createSqliteEventStore, sqlitePartitionSource } from '@motcua/store-sqlite';
import { historyArb, runHistory, testCatalog, UNITS } from './support/generate';
import { normal } from './support/normal-snapshot';

const root = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'motcua-rebuild-corrections-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/rebuild.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });

const catalog = testCatalog();
const cal = vietnamCalendar();
const officer = { id: 'cb-01', role: 'receivingOfficer', unit: UNITS[0]!.code };
const leader = { id: 'ld-01', role: 'leader', unit: 'SKHDT' };
const BASE = Date.parse('2024-03-04T03:00:00Z'); // Mon 04/03/2024 10:00 in Hà Nội
const iso = (minutes: number) => toVietnamInstant(BASE + minutes * 60_000);
const DAY = 24 * 60;
const ALL: RebuildSpec[] = REBUILD_KINDS.map((kind) => ({ kind }) as RebuildSpec);

/** One dossier: received Mon 04/03 09:00 (2.002030, 3 working days: due Thu 07/03), resolved (or refused) and returned as entered; then the corrections. */
interface Entry {
  refuse?: boolean;
  decidedAt: number;
  returnAt: number;
  decisionTo?: number;
  returnTo?: number;
}

/** The history of `entries` in `store`, through the engine (dossier ids given, so two stores hold the same dossiers). */
async function enter(store: EventStore, entries: readonly (Entry & { id: string })[]) {
  const engine = createEngine({ store, catalog, cacheSize: 0, futureTolerance: Number.POSITIVE_INFINITY, policy: 'none' });
  for (const x of entries) {
    const run = (actor: object, body: object, at: string) => engine.execute({ ...body, actor, commandId: randomUUID(), dossierId: x.id, at } as never);
    await run(
      officer,
      { type: 'ReceiveDossier', procedureCode: '2.002030', unit: UNITS[0], applicant: { name: 'Nguyễn Văn An' }, channel: 'direct' },
      '2024-03-04T09:00:00.000+07:00',
    );
    await run(officer, { type: 'TransferDossier', mode: 'electronic' }, iso(0));
    await run(officer, x.refuse ? { type: 'RefuseResolution', reason: 'Không đủ điều kiện' } : { type: 'Resolve' }, iso(x.decidedAt));
    await run(officer, { type: 'ReturnResult', method: 'counter' }, iso(x.returnAt));
    await run(officer, { type: 'Rate', channel: 'kiosk', ratings: [{ criterion: 'chung', level: 'satisfied' }] }, iso(x.returnAt + 1));
  }
  // The corrections after everything, as a leader approves them days later (a return is corrected first when it moves earlier).
  for (const x of entries) {
    const correct = (type: string, to: number) =>
      engine.execute({
        type: 'CorrectEvent',
        target: { type },
        field: 'occurredAt',
        value: iso(to),
        reason: 'Nhập nhầm',
        actor: leader,
        commandId: randomUUID(),
        dossierId: x.id,
        at: iso(20 * DAY),
      } as never);
    if (x.returnTo !== undefined) await correct('ResultReturned', x.returnTo);
    if (x.decisionTo !== undefined) await correct(x.refuse ? 'ResolutionRefused' : 'DossierResolved', x.decisionTo);
  }
}

const period = { catalog, from: '2024-03-01', to: '2024-03-31' };
/** The reports of timeliness, TT 01, satisfaction and reception states. */
function reportsOf(states: Map<string, unknown>) {
  const timeliness = timelinessProjection({ calendar: cal });
  const t = states.get(timeliness.name) as never;
  return {
    r06a: report06a(t, { projection: timeliness, ...period }),
    r766: decision766(t, { projection: timeliness, ...period }),
    tt01: tt01Report(states.get(tt01Projection().name) as never, { ...period, by: 'official' }),
    satisfaction: satisfactionReport(states.get(satisfactionProjection().name) as never, period),
    reception: receptionReport(states.get(receptionProjection().name) as never, { ...period, projection: receptionProjection(), catalog }),
  };
}

/** Each report projection's state over `events`. */
function folded(events: readonly StoredEvent[]): Map<string, unknown> {
  return new Map(ALL.map((spec) => [rebuildable(spec).projection.name, foldProjection(rebuildable(spec).projection, events)]));
}

/** What a runner over `log` builds (no checkpoint read or written): each projection's snapshot (JSON) and state. */
async function runnerOver(log: EventStore): Promise<{ snapshots: Map<string, unknown>; states: Map<string, unknown> }> {
  const snapshots = new Map<string, unknown>();
  const states = new Map<string, unknown>();
  for (const spec of ALL) {
    const { projection } = rebuildable(spec);
    const runner = createProjectionRunner({ store: log, projection, persist: false });
    await runner.catchUp();
    snapshots.set(projection.name, JSON.parse(JSON.stringify(projection.toSnapshot(runner.state))));
    states.set(projection.name, runner.state);
  }
  return { snapshots, states };
}

/** The checkpoints saved in `store`, each loaded by a runner resuming from it (`log`: the store, or a `correctedLog` of it): their position, normal form and states. */
async function savedCheckpoints(store: EventStore, log: EventStore = store) {
  const positions = new Map<string, number>();
  const normals = new Map<string, unknown>();
  const states = new Map<string, unknown>();
  for (const spec of ALL) {
    const { projection } = rebuildable(spec);
    const saved = await store.loadProjection(projection.name);
    expect(saved?.tag, projection.name).toBe(projection.version);
    const runner = createProjectionRunner({ store: log, projection });
    await runner.catchUp(); // resumes from the checkpoint: nothing left to read
    positions.set(projection.name, saved!.position);
    normals.set(projection.name, normal(projection.toSnapshot(runner.state)));
    states.set(projection.name, runner.state);
  }
  return { positions, normals, states };
}

/** Checkpoints no rebuild would save, so that each configuration must save its own. */
async function stale(store: EventStore): Promise<void> {
  for (const spec of ALL) await store.saveProjection(rebuildable(spec).projection.name, { state: null, position: 0, tag: 'stale' });
}

const normalOf = (snapshots: Map<string, unknown>) => new Map([...snapshots].map(([name, snapshot]) => [name, normal(snapshot)]));

describe('a rebuild applies the corrections (EventCorrected)', () => {
  it('every way of rebuilding a SQLite file saves the checkpoints of a runner over correctedLog; 06a shows the figures of the history entered right', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    // A: resolved on Wed 06/03, entered as Tue 12/03 (late), corrected. B: resolved on time, entered right.
    // C: refused on Wed 06/03, entered as Mon 11/03, corrected. D: returned on Fri 08/03, entered as Thu 14/03, corrected.
    const entered: (Entry & { id: string })[] = [
      { id: ids[0]!, decidedAt: 8 * DAY, returnAt: 8 * DAY + 240, decisionTo: 2 * DAY },
      { id: ids[1]!, decidedAt: 1 * DAY, returnAt: 8 * DAY + 240 },
      { id: ids[2]!, refuse: true, decidedAt: 7 * DAY, returnAt: 8 * DAY, decisionTo: 2 * DAY },
      { id: ids[3]!, decidedAt: 2 * DAY, returnAt: 10 * DAY, returnTo: 4 * DAY },
    ];
    const rightEntries = entered.map(({ decisionTo, returnTo, ...x }) => ({ ...x, decidedAt: decisionTo ?? x.decidedAt, returnAt: returnTo ?? x.returnAt }));
    const right = new InMemoryEventStore();
    await enter(right, rightEntries);
    const rightEvents: StoredEvent[] = [];
    for await (const event of right.readAll()) rightEvents.push(event);
    const expected = reportsOf(folded(rightEvents));
    expect(expected.r06a).toHaveLength(1);
    expect(expected.r06a[0]).toMatchObject({ resolved: { total: 3, late: 0 }, other: { refused: 1 } });

    const file = join(dir, 'corrected.sqlite');
    let store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
    try {
      await enter(store, entered);
      const head = await store.headPosition();
      // As stored, A is late; the documented runner (over correctedLog) and the history entered right agree on 0.
      const raw = await runnerOver(store);
      expect(reportsOf(raw.states).r06a[0]).toMatchObject({ resolved: { total: 3, late: 1 } });
      const oracle = await runnerOver(correctedLog(store));
      expect(reportsOf(oracle.states)).toEqual(expected);
      const wanted = normalOf(oracle.snapshots);
      // The corrections change what timeliness, TT 01 and satisfaction hold (reception and late agencies read no decision's or return's time).
      const uncorrected = normalOf(raw.snapshots);
      for (const kind of ['timeliness', 'tt01', 'satisfaction'] as const) {
        const name = rebuildable({ kind }).projection.name;
        expect(uncorrected.get(name), name).not.toEqual(wanted.get(name));
      }

      const source = sqlitePartitionSource(file);
      const configurations: [string, Omit<RebuildOptions, 'log'> & { log?: EventStore }][] = [
        ['0 workers, one reader', { workers: 0 }],
        ['1 worker, one reader', { workers: 1 }],
        ['2 workers, one reader', { workers: 2, batchSize: 3 }],
        ['0 workers, partitioned read', { workers: 0, source }],
        ['1 worker, partitioned read', { workers: 1, source }],
        ['2 workers, partitioned read', { workers: 2, source, batchSize: 3 }],
        ['2 workers, partitioned read, not kept', { workers: 2, source, keep: false }],
        ['1 worker, one reader, not kept', { workers: 1, keep: false }],
        // Over a correctedLog, the events come corrected and are corrected again: the same checkpoints.
        ['correctedLog, 2 workers, one reader', { workers: 2, log: correctedLog(store) }],
        ['correctedLog, 0 workers, one reader', { workers: 0, log: correctedLog(store) }],
        ['correctedLog, 2 workers, partitioned read', { workers: 2, source, log: correctedLog(store) }],
      ];
      for (const [what, options] of configurations) {
        await stale(store);
        const result = await rebuildProjections({ log: store, ...options });
        expect(result.head, what).toBe(head);
        expect(result.skipped, what).toBe(0);
        const saved = await savedCheckpoints(store);
        for (const [name, position] of saved.positions) expect(position, `${name}: ${what}`).toBe(head);
        expect(saved.normals, what).toEqual(wanted);
        expect(reportsOf(saved.states), what).toEqual(expected);
        if (options.keep !== false) for (const rebuilt of result.projections) expect(normal(rebuilt.snapshot), `${rebuilt.name}: ${what}`).toEqual(wanted.get(rebuilt.name));
      }

      // `pnpm run rebuild` as a process: partitioned (the default on a SQLite file) and with one reader.
      await store.close();
      for (const args of [
        ['--workers', '2'],
        ['--workers', '1', '--one-reader'],
        ['--workers', '0'],
      ]) {
        const what = `pnpm run rebuild ${args.join(' ')}`;
        const before = await createSqliteEventStore({ filename: file });
        await stale(before);
        await before.close();
        const ran = cli('--db', file, ...args, '--json');
        expect(ran.stderr.includes('Error') ? ran.stderr : '', what).toBe('');
        expect(ran.status, what).toBe(0);
        expect(JSON.parse(ran.stdout), what).toMatchObject({ head, saved: ALL.map((spec) => rebuildable(spec).projection.name) });
        store = await createSqliteEventStore({ filename: file });
        // The runner the documentation gives the reports (over correctedLog, told of late corrections) resumes from them: right, with nothing late to report.
        const late: unknown[] = [];
        const saved = await savedCheckpoints(store, correctedLog(store, { onLateCorrection: (x) => late.push(x) }));
        for (const [name, position] of saved.positions) expect(position, `${name}: ${what}`).toBe(head);
        expect(saved.normals, what).toEqual(wanted);
        expect(reportsOf(saved.states), what).toEqual(expected);
        expect(reportsOf(saved.states).r06a[0], what).toMatchObject({ resolved: { total: 3, late: 0 } });
        expect(late, what).toEqual([]);
        await store.close();
      }
      store = await createSqliteEventStore({ filename: file });
    } finally {
      await store.close();
    }
  }, 300_000);

  it('property: random histories with random corrections (resolution, refusal, return; some twice; more history after them): any rebuild saves the checkpoints of a runner over correctedLog', async () => {
    const correctionArb = fc.record({ target: fc.nat(), at: fc.double({ min: -0.05, max: 1.05, noNaN: true }) });
    const configurations: Omit<RebuildOptions, 'log' | 'source'>[] = [{ workers: 0 }, { workers: 1 }, { workers: 2, batchSize: 4 }, { workers: 0, batchSize: 2 }];
    const CORRECTABLE_TYPES = new Set(['DossierResolved', 'ResolutionRefused', 'ResultReturned']);
    let runs = 0;
    let changed = 0;
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.array(correctionArb, { minLength: 1, maxLength: 8 }),
        fc.array(historyArb, { maxLength: 1 }),
        fc.nat(configurations.length - 1),
        fc.boolean(),
        fc.boolean(),
        async (scripts, corrections, after, configuration, partitioned, overCorrectedLog) => {
          const file = join(dir, `property-${runs++}.sqlite`);
          const store = await createSqliteEventStore({ filename: file, synchronous: 'NORMAL' });
          try {
            const { events } = await runHistory(scripts, store);
            const engine = createEngine({ store, catalog, cacheSize: 0, futureTolerance: Number.POSITIVE_INFINITY, policy: 'none' });
            const targets = events.filter((e) => CORRECTABLE_TYPES.has(e.type));
            const lastAt = Math.max(...events.map((e) => Date.parse(e.metadata.occurredAt)));
            for (const [n, x] of corrections.entries()) {
              const target = targets[x.target % Math.max(1, targets.length)];
              if (!target) break;
              // A time between the target's neighbours in its stream (as corrected so far), or a little outside (refused).
              const stream = applyCorrections((await store.readStream(target.streamId)).events);
              const index = stream.findIndex((e) => e.type === target.type);
              const approved = lastAt + (n + 1) * 3_600_000;
              const lower = Date.parse(stream[index - 1]?.metadata.occurredAt ?? stream[index]!.metadata.occurredAt);
              const upper = Math.min(approved, Date.parse(stream.find((e, i) => i > index && e.type !== 'EventCorrected')?.metadata.occurredAt ?? toVietnamInstant(approved)));
              const value = toVietnamInstant(Math.round((lower + x.at * (upper - lower)) / 60_000) * 60_000);
              const dossierId = target.streamId.slice('dossier-'.length);
              try {
                await engine.execute({
                  type: 'CorrectEvent',
                  target: { type: target.type },
                  field: 'occurredAt',
                  value,
                  reason: 'Nhập nhầm',
                  actor: leader,
                  commandId: randomUUID(),
                  dossierId,
                  at: toVietnamInstant(approved),
                } as never);
              } catch (error) {
                if (!(error instanceof MotcuaError)) throw error; // no change, out of order: refused, like a leader's mistake
              }
            }
            for (const more of after) await runHistory(more, store);
            const head = await store.headPosition();
            const oracle = normalOf((await runnerOver(correctedLog(store))).snapshots);
            if (JSON.stringify([...oracle]) !== JSON.stringify([...normalOf((await runnerOver(store)).snapshots)])) changed++;
            const options = { ...configurations[configuration]!, ...(partitioned ? { source: sqlitePartitionSource(file) } : {}) };
            await rebuildProjections({ ...options, log: overCorrectedLog ? correctedLog(store) : store, keep: false });
            const saved = await savedCheckpoints(store);
            for (const position of saved.positions.values()) expect(position).toBe(head);
            expect(saved.normals, JSON.stringify({ ...options, overCorrectedLog })).toEqual(oracle);
          } finally {
            await store.close();
            rmSync(file, { force: true });
          }
        },
      ),
      { numRuns: 12, seed: 20_24_03, endOnFailure: true }, // a run costs seconds: no shrinking
    );
    // Not vacuous: in some runs the corrections changed what the projections hold.
    expect(changed).toBeGreaterThan(0);
  }, 600_000);
});
