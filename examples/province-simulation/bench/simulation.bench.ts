/**
 * Benchmark of the simulation: wall time, CPU time and commands/s of a
 * fraction of the default (Gia Lâm) run and of the Lạng Sơn scale, with an
 * extrapolation to the full runs — labelled as such, never measured here
 * (the full Lạng Sơn run, ~2.18 million dossiers, takes hours).
 *
 *   npx tsx examples/province-simulation/bench/simulation.bench.ts [--dossiers 100000] [--store sqlite|memory] [--only gia-lam|lang-son]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InMemoryEventStore, type EventStore } from '@motcua/core';
import { createSqliteEventStore } from '@motcua/store-sqlite';
import { GIA_LAM, LANG_SON, receptionDays, simulate, type Scale } from '../src/index';

const { values } = parseArgs({ options: { dossiers: { type: 'string', default: '100000' }, store: { type: 'string', default: 'sqlite' }, only: { type: 'string' } } });
const n = Number(values.dossiers);
if (!Number.isSafeInteger(n) || n < 100) throw new Error('--dossiers must be an integer ≥ 100');

/** The first days of a scale's period carrying about `n` dossiers at the scale's daily volume. */
function fraction(scale: Scale, dossiers: number): { from: string; to: string } {
  const days = receptionDays(scale.from, scale.to);
  const perDay = scale.dossiers / days.length;
  const k = Math.min(days.length, Math.max(1, Math.ceil(dossiers / perDay)));
  return { from: scale.from, to: days[k - 1]! };
}

async function open(): Promise<{ store: EventStore; done: () => Promise<void> }> {
  if (values.store === 'memory') {
    const store = new InMemoryEventStore();
    return { store, done: () => store.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'motcua-sim-bench-'));
  const store = await createSqliteEventStore({ filename: join(dir, 'bench.db'), synchronous: 'NORMAL' });
  return {
    store,
    done: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const scale of [GIA_LAM, LANG_SON].filter((s) => !values.only || s.id === values.only)) {
  const period = fraction(scale, n);
  const { store, done } = await open();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await simulate({ scale, dossiers: n, ...period, seed: 1 }, store);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await done();
  const perDossier = r.run.commands / r.run.dossiers;
  const rate = r.run.commands / wall;
  const full = (dossiers: number) => (dossiers * perDossier) / rate;
  console.log(
    `${scale.id} on ${values.store}: ${r.run.dossiers.toLocaleString('en')} dossiers (${period.from} … ${period.to}), ${r.run.commands.toLocaleString('en')} commands (${perDossier.toFixed(2)} per dossier), ${r.run.events.toLocaleString('en')} events`,
  );
  console.log(
    `  measured: wall ${wall.toFixed(1)} s (run ${(r.run.wallMs / 1000).toFixed(1)} s + reports ${(r.run.projectionMs / 1000).toFixed(1)} s), CPU user ${(cpu.user / 1e6).toFixed(1)} s + system ${(cpu.system / 1e6).toFixed(1)} s, ${Math.round(rate).toLocaleString('en')} commands/s, on-time ${((r.report.onTimeRate ?? 0) * 100).toFixed(2)} %`,
  );
  console.log(
    `  EXTRAPOLATED (not measured; linear in commands, ignores growth of the database): full ${scale.id} run of ${scale.dossiers.toLocaleString('en')} dossiers ≈ ${(full(scale.dossiers) / 60).toFixed(1)} min`,
  );
}
