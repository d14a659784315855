/**
 * One simulation end to end on a given event store: drive the engine
 * through the period, project the log, query the reports; optionally replay
 * the same history with shorter time limits (what-if).
 */
import { vietnamCalendar } from '@motcua/calendar';
import { createEngine, InMemoryEventStore, type EventStore } from '@motcua/core';
import { cutCatalog, simulationCatalog } from './catalog';
import { startPortalSync, type PortalSyncSummary } from './portal-sync';
import { buildReport, type ProvinceReport } from './report';
import { startReportThread } from './report-thread';
import { runSimulation, type Progress, type RunStats } from './run';
import type { Scale } from './workload';

/** What to simulate. */
export interface SimulationInput {
  scale: Scale;
  dossiers: number;
  from: string;
  to: string;
  seed: number;
  /** Cut every working-day limit by this percentage and replay (on an in-memory store). */
  whatIf?: number;
  /** Commands per group commit (default 20,000). */
  batchSize?: number;
}

/** The result: the report, how the run went, and the what-if comparison. */
export interface SimulationResult {
  input: { scale: Scale['id']; dossiers: number; from: string; to: string; seed: number };
  report: ProvinceReport;
  run: RunStats & { projectionMs: number; commandsPerSecond: number };
  /** The sync to the simulated national portal (absent above {@link PORTAL_SYNC_MAX_DOSSIERS} dossiers). */
  portalSync?: PortalSyncSummary;
  whatIf?: { cutPercent: number; onTimeRate: number | null; report06aTotal: ProvinceReport['report06a']['total']; points21: number | null; run: RunStats };
}

/** Above this many dossiers the demo does not sync to the simulated portal (its in-process portal keeps every key in memory). */
export const PORTAL_SYNC_MAX_DOSSIERS = 300_000;

/** How to run a simulation (beyond what to simulate). */
export interface SimulateHooks {
  onProgress?: (progress: Progress, phase: 'run' | 'what-if') => void;
  /**
   * The SQLite file behind `store`, if it is one: the reports are then
   * projected on a second thread that reads the file while the simulation
   * writes it (instead of one pass over the log afterwards).
   */
  sqliteFile?: string;
}

/**
 * Simulate on `store` (which must be empty) and report.
 * @example const result = await simulate({ scale: GIA_LAM, dossiers: 5000, from: GIA_LAM.from, to: GIA_LAM.to, seed: 1 }, new InMemoryEventStore());
 */
export async function simulate(input: SimulationInput, store: EventStore, hooks: SimulateHooks = {}): Promise<SimulationResult> {
  const calendar = vietnamCalendar();
  const catalog = simulationCatalog();
  const head = await store.headPosition();
  if (head > 0)
    throw new Error(`the event store already holds ${head.toLocaleString('en')} events: use a new --db file (or --schema) — simulated ids are reproducible and would collide`);
  // Trusted import of simulated history: generic officer/citizen/system actors play every step, so no access policy.
  // 5,000 cached dossier states (was 20,000): the default demo's peak RSS 950 → 784 MB, same report, no slower (a miss reads one short stream).
  const engine = createEngine({ store, catalog, calendar, cacheSize: 5_000, policy: 'none' });
  const thread = hooks.sqliteFile ? startReportThread({ filename: hooks.sqliteFile, from: input.from, to: input.to }) : undefined;
  // MOTCUA_PORTAL_SYNC=0 turns the sync off (to measure the run without it). On a SQLite file it runs on its own thread.
  const sync =
    input.dossiers <= PORTAL_SYNC_MAX_DOSSIERS && process.env.MOTCUA_PORTAL_SYNC !== '0'
      ? await startPortalSync(store, { seed: input.seed, ...(hooks.sqliteFile ? { sqliteFile: hooks.sqliteFile } : {}) })
      : undefined;
  // The sync keeps up with the simulation: after each group commit, its messages are sent before the next group runs
  // (so the lag measured is commit → portal receipt, not "after the simulation ended").
  const driven = sync
    ? {
        ...engine,
        async batch<T>(fn: () => Promise<T>): Promise<T> {
          const out = await engine.batch(fn);
          await sync.pump();
          return out;
        },
      }
    : engine;
  let stats: RunStats;
  try {
    stats = await runSimulation({ engine: driven, ...input, calendar, ...(hooks.onProgress ? { onProgress: (p: Progress) => hooks.onProgress!(p, 'run') } : {}) });
  } catch (error) {
    await thread?.stop();
    await sync?.abort();
    throw error;
  }
  // projectionMs: the time from the last command to the report (what the projections add to the run).
  const t0 = performance.now();
  await store.waitUntilReadable(); // every acknowledged command readable (PostgreSQL's horizon may lag the last commit)
  const report = thread ? await thread.finish(await store.headPosition()) : await buildReport({ store, catalog, calendar, from: input.from, to: input.to });
  const projectionMs = performance.now() - t0;
  const portalSync = await sync?.finish({ from: input.from, to: input.to });
  const result: SimulationResult = {
    input: { scale: input.scale.id, dossiers: input.dossiers, from: input.from, to: input.to, seed: input.seed },
    report,
    run: { ...stats, projectionMs, commandsPerSecond: Math.round(stats.commands / ((stats.wallMs + projectionMs) / 1000)) },
    ...(portalSync ? { portalSync } : {}),
  };
  if (input.whatIf !== undefined) {
    const cut = cutCatalog(input.whatIf);
    const memory = new InMemoryEventStore();
    const e2 = createEngine({ store: memory, catalog: cut, calendar, cacheSize: 20_000, policy: 'none' }); // trusted import of simulated history
    const s2 = await runSimulation({ engine: e2, ...input, calendar, ...(hooks.onProgress ? { onProgress: (p: Progress) => hooks.onProgress!(p, 'what-if') } : {}) });
    const r2 = await buildReport({ store: memory, catalog: cut, calendar, from: input.from, to: input.to });
    result.whatIf = {
      cutPercent: input.whatIf,
      onTimeRate: r2.onTimeRate,
      report06aTotal: r2.report06a.total,
      points21: r2.decision766?.indicators['2.1'].points ?? null,
      run: s2,
    };
    await memory.close();
  }
  return result;
}
