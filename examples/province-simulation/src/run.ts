/**
 * Drive the engine through the simulated history in business-time order:
 * a priority queue holds each open dossier's next command by instant, and
 * arrivals are merged in as their time comes, so time never goes backwards —
 * per dossier (the engine checks it) nor across the province. Every change
 * goes through `engine.execute`; nothing is written behind its back.
 */
import { receptionCalendar, vietnamCalendar, type Calendar } from '@motcua/calendar';
import { MotcuaError, type CommandInput, type Engine } from '@motcua/core';
import { instantOf, msAt } from './clock';
import { TimeHeap } from './heap';
import { hash32 } from './random';
import { apologyStep, planDossier, type DossierPlan, type PlanContext, type PlannedStep } from './scenario';
import { arrivals, type Scale } from './workload';

/** Options of {@link runSimulation}. */
export interface RunOptions {
  engine: Engine;
  scale: Scale;
  dossiers: number;
  from: string;
  to: string;
  seed: number;
  /** Deadline calendar (default `vietnamCalendar()`); must be the engine's. */
  calendar?: Calendar;
  /** Called every `progressEvery` commands and at the end. */
  onProgress?: (progress: Progress) => void;
  progressEvery?: number;
  /** Commands per group commit when the store supports `batch` (default 20,000). */
  batchSize?: number;
}

/** Progress of a run. */
export interface Progress {
  /** Share of the simulated period done, 0–1. */
  fraction: number;
  /** Business date reached. */
  day: string;
  dossiers: number;
  commands: number;
  elapsedMs: number;
}

/** What a run did. */
export interface RunStats {
  /** Dossiers that arrived. */
  dossiers: number;
  commands: number;
  events: number;
  /** Commands per type. */
  byType: Record<string, number>;
  /** Commands the engine refused (a bug in the scenario if not zero), by type and error code. */
  failures: { type: string; code: string; count: number; example: string }[];
  /** Apologies issued (Form 04) and how many were late (< 1 working day before the due date). */
  apologies: { issued: number; late: number };
  wallMs: number;
}

interface Open {
  plan: DossierPlan;
  next: number;
  pending?: PlannedStep;
  lastAt: number;
}

/**
 * Run the simulated period on an engine.
 * @example const stats = await runSimulation({ engine, scale: GIA_LAM, dossiers: 5000, from: '2020-12-16', to: '2021-05-31', seed: 1 });
 */
export async function runSimulation(options: RunOptions): Promise<RunStats> {
  const started = performance.now();
  const cal = options.calendar ?? vietnamCalendar();
  const reception = receptionCalendar();
  const ctx: PlanContext = {
    seed: options.seed,
    cal,
    reception,
    // Digitisation of components ramps up from ~25 % (end of 2020) to ~80 % (2024): NĐ 107/2021, QĐ 766 targets.
    digitisation: (day) => Math.min(0.85, Math.max(0.2, 0.25 + ((Date.parse(day) - Date.parse('2020-12-01')) / (365.25 * 86_400_000)) * 0.16)),
    syncRate: 0.96,
  };
  const startMs = msAt(options.from, 0);
  const endMs = msAt(options.to, 24 * 60) - 1;
  const heap = new TimeHeap<Open>();
  const source = arrivals({ scale: options.scale, dossiers: options.dossiers, from: options.from, to: options.to, seed: options.seed, reception });
  const cmdPrefix = hash32(options.seed, 'commands').toString(16).padStart(8, '0');
  const stats: RunStats = { dossiers: 0, commands: 0, events: 0, byType: {}, failures: [], apologies: { issued: 0, late: 0 }, wallMs: 0 };
  const failures = new Map<string, RunStats['failures'][number]>();
  const every = options.progressEvery ?? 5000;
  const actors = { system: { id: 'he-thong-dong-bo', role: 'system' } } as const;
  let nextArrival = source.next();
  let now = startMs;

  const report = () =>
    options.onProgress?.({
      fraction: Math.min(1, (now - startMs) / (endMs - startMs)),
      day: instantOf(now).slice(0, 10),
      dossiers: stats.dossiers,
      commands: stats.commands,
      elapsedMs: performance.now() - started,
    });

  /** One step of the simulated clock: an arrival is planned, or one command runs. */
  const stepOnce = async (): Promise<'arrival' | 'command' | 'done'> => {
    const top = heap.peekTime();
    if (!nextArrival.done) {
      const arrival = nextArrival.value;
      const at = msAt(arrival.day, arrival.minute);
      if (top === undefined || at <= top) {
        const plan = planDossier(arrival, ctx);
        stats.dossiers++;
        if (plan.steps[0]) heap.push(plan.steps[0].at, { plan, next: 0, lastAt: 0 });
        nextArrival = source.next();
        return 'arrival';
      }
    }
    if (top === undefined || top > endMs) return 'done';
    const { at, value: pending } = heap.pop()!;
    now = at;
    const step = pending.pending ?? pending.plan.steps[pending.next]!;
    const actor = step.role === 'officer' ? pending.plan.officer : step.role === 'citizen' ? pending.plan.citizen : actors.system;
    // Object.assign, not a spread: bodies come in many shapes, and a spread of them is ten times slower.
    const command = Object.assign(
      { commandId: `${cmdPrefix}-0000-4000-8000-${stats.commands.toString(16).padStart(12, '0')}`, dossierId: pending.plan.dossierId, actor, at: instantOf(step.at) },
      step.body,
    ) as CommandInput;
    stats.commands++;
    stats.byType[step.body.type] = (stats.byType[step.body.type] ?? 0) + 1;
    try {
      const res = await options.engine.execute(command);
      stats.events += res.events.length;
      if (step.body.type === 'IssueApology') {
        stats.apologies.issued++;
        if (res.state.apology?.lateApology) stats.apologies.late++;
      }
      if (pending.pending) pending.pending = undefined;
      else pending.next++;
      pending.lastAt = step.at;
      const following = pending.plan.steps[pending.next];
      if (following) {
        const apology = apologyStep(pending.plan, res.state, step.at, following.at, cal);
        if (apology) {
          pending.pending = apology;
          heap.push(apology.at, pending);
        } else heap.push(following.at, pending);
      }
    } catch (error) {
      const code = error instanceof MotcuaError ? error.code : 'ERROR';
      const key = `${step.body.type}|${code}`;
      const failure = failures.get(key) ?? { type: step.body.type, code, count: 0, example: (error as Error).message };
      failure.count++;
      failures.set(key, failure);
      // The dossier stops where it is; the rest of the run goes on.
    }
    if (stats.commands % every === 0) report();
    return 'command';
  };

  // Group commit (engine.batch → store.batch where the store has it): a few
  // thousand commands per transaction. A simulation is regenerable, so the
  // durability of each single command is not needed; every command still goes
  // through engine.execute.
  const batchSize = options.batchSize ?? 20_000;
  let done = false;
  while (!done) {
    await options.engine.batch(async () => {
      for (let commands = 0; commands < batchSize && !done; ) {
        const outcome = await stepOnce();
        if (outcome === 'done') done = true;
        else if (outcome === 'command') commands++;
      }
    });
    // Let the event loop turn between group commits (every command above resolves in microtasks):
    // Ctrl-C and SIGTERM are handled here, and the run's temporary database deleted (see cli.ts).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  now = Math.max(now, endMs);
  stats.failures = [...failures.values()];
  stats.wallMs = performance.now() - started;
  report();
  return stats;
}
